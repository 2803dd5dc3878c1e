// setup() and teardown(): check the config against the live document, then bring the project's
// triggers to exactly what the config needs.
import { decodeChunked, encodeChunked } from "../delivery/chunked-json";
import { DELIVER_OUTBOX_HANDLER } from "../delivery/deliver";
import type { KeyValueStore, TriggerInstaller, TriggerSpec } from "../ports";
import type { Config } from "./config-types";
import {
  MAX_TRIGGERS,
  planTriggers,
  RULE_HANDLERS,
  specKey,
  triggerCountAfter,
} from "./trigger-plan";
import { validateConfig, type LiveDocument } from "./validate";

/** Ids of the clock triggers setup() made -> what each is for (see trigger-plan.ts). */
export const CLOCK_TRIGGERS_KEY = "chat.triggers.clock";

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(
      `The Chat notifications config has ${problems.length} problem${problems.length === 1 ? "" : "s"}, ` +
        `so no trigger was installed or changed:\n- ${problems.join("\n- ")}\n` +
        `Fix src/config.ts (or the Script Properties), push, and run setup() again.`,
    );
  }
}

export interface SetupReport {
  readonly kept: number;
  readonly created: readonly string[];
  readonly removed: number;
  readonly summary: string;
}

function describe(spec: TriggerSpec): string {
  if (spec.eventType !== "CLOCK") {
    const on = spec.source === "FORMS" ? "the form" : "the spreadsheet";
    return `${spec.handler} on ${spec.eventType.replace("ON_", "").toLowerCase().replace("_", " ")} of ${on}`;
  }
  return `${spec.handler} ${JSON.stringify(spec.schedule)}`;
}

export function runSetup(
  config: Config,
  document: LiveDocument,
  installer: TriggerInstaller,
  store: KeyValueStore,
  desired: readonly TriggerSpec[],
): SetupReport {
  const problems = validateConfig(config, document);
  if (problems.length > 0) throw new ConfigError(problems);

  const installed = installer.list();
  const clockKeys = decodeChunked<Record<string, string>>(store.getAll(), CLOCK_TRIGGERS_KEY) ?? {};
  const plan = planTriggers(desired, installed, clockKeys);
  const after = triggerCountAfter(plan, installed);
  if (after > MAX_TRIGGERS) {
    throw new ConfigError([
      `the config needs ${desired.length} triggers and the project would then have ${after}; ` +
        `Apps Script allows ${MAX_TRIGGERS} per user per script: remove triggers you no longer use ` +
        `(Triggers page of the Apps Script editor), or fewer digests`,
    ]);
  }
  for (const id of plan.remove) installer.remove(id);
  const nextClockKeys: Record<string, string> = {};
  for (const { id, key } of plan.keep) if (clockKeys[id] === key) nextClockKeys[id] = key;
  const created: string[] = [];
  for (const spec of plan.create) {
    const id = installer.install(spec);
    if (spec.eventType === "CLOCK") nextClockKeys[id] = specKey(spec);
    created.push(describe(spec));
  }
  store.setMany(encodeChunked(CLOCK_TRIGGERS_KEY, nextClockKeys));
  const summary =
    `setup: the config is valid; ${desired.length} trigger(s) needed: ` +
    `${plan.keep.length} already installed, ${created.length} installed now` +
    (created.length > 0 ? ` (${created.join("; ")})` : "") +
    `, ${plan.remove.length} removed.`;
  return { kept: plan.keep.length, created, removed: plan.remove.length, summary };
}

/** Removes exactly this project's triggers: the rules' and the outbox's. */
export function runTeardown(installer: TriggerInstaller, store: KeyValueStore): string {
  const ours = installer
    .list()
    .filter((t) => RULE_HANDLERS.includes(t.handler) || t.handler === DELIVER_OUTBOX_HANDLER);
  for (const trigger of ours) installer.remove(trigger.id);
  store.setMany(encodeChunked(CLOCK_TRIGGERS_KEY, {}));
  return `teardown: removed ${ours.length} trigger(s); triggers of other functions were left alone.`;
}
