// Which triggers the last setup() registered, by whom and in which time zone. Installable triggers
// belong to the account that made them and getProjectTriggers() shows only one's own, so a second
// editor's setup() installs a second set: handlers act only for the registered set's triggers
// (the event's triggerUid), and setup() says whose registration it replaced.

/** Script Property holding the registration, as JSON. */
export const REGISTRATION_KEY = "chat.triggers.registration";

export interface TriggerRegistration {
  /** The account whose setup() installed these triggers. */
  readonly owner: string;
  /** The script's time zone then: clock triggers fire in it. */
  readonly timeZone: string;
  /** The ids of every trigger setup() keeps or installed. */
  readonly ids: readonly string[];
}

/** The stored registration, or undefined when there is none or it is not of the right shape. */
export function readRegistration(
  properties: Readonly<Record<string, string>>,
): TriggerRegistration | undefined {
  const text = properties[REGISTRATION_KEY];
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = value as Partial<TriggerRegistration> | null;
  if (
    typeof r !== "object" ||
    r === null ||
    typeof r.owner !== "string" ||
    typeof r.timeZone !== "string" ||
    !Array.isArray(r.ids) ||
    !r.ids.every((id) => typeof id === "string")
  ) {
    return undefined;
  }
  return { owner: r.owner, timeZone: r.timeZone, ids: r.ids };
}

export function encodeRegistration(registration: TriggerRegistration): Record<string, string> {
  return { [REGISTRATION_KEY]: JSON.stringify(registration) };
}

/**
 * Whether a handler started by `triggerUid` should act. A trigger outside the registered set
 * (another account's older set) does nothing; without a registration (setup() of an older version)
 * or an id (run by hand), it acts, as before.
 */
export function isRegisteredTrigger(
  registration: TriggerRegistration | undefined,
  triggerUid: string | undefined,
): boolean {
  if (registration === undefined || triggerUid === undefined) return true;
  return registration.ids.includes(triggerUid);
}

/** What a handler returns when it ignores another registration's trigger. */
export function ignoredTrigger(handler: string, registration: TriggerRegistration): string {
  return (
    `${handler}: this trigger is not one of the set ${registration.owner} registered with ` +
    `setup(), so it did nothing (its owner can remove it with teardown())`
  );
}
