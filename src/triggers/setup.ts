// setup() and teardown(): check the config against the live document, then bring the project's
// triggers to exactly what the config needs.
import { ChatNotificationsError } from "../errors";
import { decodeChunked, encodeChunked } from "../delivery/chunked-json";
import { OUTBOX_TRIGGERS } from "../delivery/deliver";
import { DELIVER_OUTBOX } from "./handlers";
import type { KeyValueStore, TriggerPort, TriggerSpec } from "../ports";
import type { Config } from "../rules/config-types";
import { MAX_TRIGGERS, planTriggers, RULE_HANDLERS, specKey, triggerCountAfter } from "./plan";
import { encodeRegistration, readRegistration, type TriggerRegistration } from "./registration";
import { validateConfig, type LiveDocument } from "../rules/validate";

/** Ids of the clock triggers setup() made -> what each is for (see trigger-plan.ts). */
export const CLOCK_TRIGGERS_KEY = "chat.triggers.clock";

export class ConfigError extends ChatNotificationsError {
  override name = "ConfigError";
  readonly code = "CONFIG_INVALID";
  constructor(readonly problems: readonly string[]) {
    super(
      `The Chat notifications config has ${problems.length} problem${problems.length === 1 ? "" : "s"}, ` +
        `so no trigger was installed or changed:\n- ${problems.join("\n- ")}\n` +
        `Fix src/config.ts (or the Script Properties), push, and run setup() again.`,
    );
  }
}

/** Who runs setup() and the script's time zone now. */
export interface SetupContext {
  readonly user: string;
  readonly timeZone: string;
}

export interface SetupReport {
  readonly kept: number;
  readonly created: readonly string[];
  readonly removed: number;
  readonly summary: string;
}

/** The summaries' words, in the language of src/i18n/texts.ts; values are put in by the caller. */
export interface SetupWords {
  /** A trigger on an event ("ON_EDIT", "ON_FORM_SUBMIT"…) of the spreadsheet or of the form. */
  readonly triggerOn: (handler: string, eventType: string, ofForm: boolean) => string;
  readonly summary: (counts: {
    readonly needed: number;
    readonly kept: number;
    readonly created: readonly string[];
    readonly removed: number;
  }) => string;
  readonly zoneChanged: (from: string, to: string) => string;
  readonly replacesOwner: (owner: string) => string;
  readonly teardown: (removed: number) => string;
  readonly teardownOthers: (owner: string) => string;
  readonly stillQueued: (count: number) => string;
}

function describe(spec: TriggerSpec, words: SetupWords): string {
  if (spec.eventType !== "CLOCK") {
    return words.triggerOn(spec.handler, spec.eventType, spec.source === "FORMS");
  }
  return `${spec.handler} ${JSON.stringify(spec.schedule)}`;
}

export function runSetup(
  config: Config,
  document: LiveDocument,
  triggers: TriggerPort,
  store: KeyValueStore,
  desired: readonly TriggerSpec[],
  context: SetupContext,
  words: SetupWords,
): SetupReport {
  const problems = validateConfig(config, document);
  if (problems.length > 0) throw new ConfigError(problems);

  const installed = triggers.all();
  const properties = store.getAll();
  const previous = readRegistration(properties);
  // Clock triggers fire in the time zone they were made in: a change means making them again.
  const zoneChanged = previous !== undefined && previous.timeZone !== context.timeZone;
  const clockKeys = zoneChanged
    ? {}
    : (decodeChunked<Record<string, string>>(properties, CLOCK_TRIGGERS_KEY) ?? {});
  const plan = planTriggers(desired, installed, clockKeys);
  const outboxTriggers = installed.filter((t) => t.handler === DELIVER_OUTBOX).length;
  // The outbox's triggers (its one-shot and its backstop) must always fit beside the rules'.
  const after = triggerCountAfter(plan, installed) - outboxTriggers;
  if (after + OUTBOX_TRIGGERS > MAX_TRIGGERS) {
    throw new ConfigError([
      `the config needs ${desired.length} triggers and the project would then have ${after}, ` +
        `plus ${OUTBOX_TRIGGERS} kept free for the outbox's deliverOutbox triggers; Apps Script ` +
        `allows ${MAX_TRIGGERS} per user per script, so at most ${MAX_TRIGGERS - OUTBOX_TRIGGERS}: ` +
        `remove triggers you no longer use (Triggers page of the Apps Script editor), or fewer digests`,
    ]);
  }
  for (const id of plan.remove) triggers.delete(id);
  const nextClockKeys: Record<string, string> = {};
  for (const { id, key } of plan.keep) if (clockKeys[id] === key) nextClockKeys[id] = key;
  const created: string[] = [];
  const ids = plan.keep.map((k) => k.id);
  for (const spec of plan.create) {
    const id = triggers.install(spec);
    if (spec.eventType === "CLOCK") nextClockKeys[id] = specKey(spec);
    ids.push(id);
    created.push(describe(spec, words));
  }
  const registration: TriggerRegistration = {
    owner: context.user,
    timeZone: context.timeZone,
    ids,
  };
  store.setMany({
    ...encodeChunked(CLOCK_TRIGGERS_KEY, nextClockKeys),
    ...encodeRegistration(registration),
  });
  const summary =
    words.summary({
      needed: desired.length,
      kept: plan.keep.length,
      created,
      removed: plan.remove.length,
    }) +
    (zoneChanged ? words.zoneChanged(previous.timeZone, context.timeZone) : "") +
    (previous !== undefined && previous.owner !== context.user
      ? words.replacesOwner(previous.owner)
      : "");
  return { kept: plan.keep.length, created, removed: plan.remove.length, summary };
}

/**
 * Removes exactly this project's triggers of the account that runs it: the rules' and the
 * outbox's. Another account's registration is left as it is.
 */
export function runTeardown(
  triggers: TriggerPort,
  store: KeyValueStore,
  context: SetupContext,
  words: SetupWords,
): string {
  const ours = triggers
    .all()
    .filter((t) => RULE_HANDLERS.includes(t.handler) || t.handler === DELIVER_OUTBOX);
  for (const trigger of ours) triggers.delete(trigger.id);
  const registration = readRegistration(store.getAll());
  const summary = words.teardown(ours.length);
  if (registration !== undefined && registration.owner !== context.user) {
    return summary + words.teardownOthers(registration.owner);
  }
  // An empty registration, not none: another account's older set must not come back to life.
  store.setMany({
    ...encodeChunked(CLOCK_TRIGGERS_KEY, {}),
    ...encodeRegistration({ owner: context.user, timeZone: context.timeZone, ids: [] }),
  });
  return summary;
}
