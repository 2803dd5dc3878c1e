// Which digest a clock trigger is for: setup() stores each clock trigger's spec key by id, and a
// digest's spec key is its schedule and name, so two digests on one schedule each run once.
import { TriggerOutOfDateError } from "../errors";
import { decodeChunked } from "../delivery/chunked-json";
import type { DigestDefinition } from "../rules/config-types";
import type { TriggerSpec } from "../ports";
import { CLOCK_TRIGGERS_KEY } from "./setup";
import { specKey } from "./plan";
import { isRegisteredTrigger, readRegistration, type TriggerRegistration } from "./registration";
import { RUN_DIGESTS } from "./handlers";

/** The clock trigger of one digest; its key tells runDigests which digest fired. */
export function digestTrigger(definition: DigestDefinition): TriggerSpec {
  return {
    handler: RUN_DIGESTS,
    eventType: "CLOCK",
    source: "CLOCK",
    schedule: definition.schedule,
    tag: definition.name,
  };
}

export type DueDigests =
  | { readonly kind: "due"; readonly digests: readonly DigestDefinition[] }
  /** The trigger is another registration's (another editor's older setup()). */
  | { readonly kind: "unregistered"; readonly registration: TriggerRegistration };

/** The digests `triggerUid` runs; throws when it is registered but belongs to none of them. */
export function dueDigests(
  digests: readonly DigestDefinition[],
  properties: Readonly<Record<string, string>>,
  triggerUid: string,
): DueDigests {
  const registration = readRegistration(properties);
  if (!isRegisteredTrigger(registration, triggerUid)) {
    return { kind: "unregistered", registration: registration! };
  }
  const clockKeys = decodeChunked<Record<string, string>>(properties, CLOCK_TRIGGERS_KEY) ?? {};
  const due = digests.filter((d) => specKey(digestTrigger(d)) === clockKeys[triggerUid]);
  if (due.length === 0) {
    throw new TriggerOutOfDateError(
      `${RUN_DIGESTS} was started by trigger ${triggerUid}, which belongs to no digest of the ` +
        `current config (it changed since setup ran): run setup() to bring the triggers up to date`,
    );
  }
  return { kind: "due", digests: due };
}
