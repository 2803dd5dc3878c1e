// Which installable triggers the config needs, and the fewest changes that get there: setup() run
// twice leaves the same set, triggers of other handlers are never touched, the 20-trigger limit is
// checked before anything changes. Apps Script does not say what schedule a clock trigger has, so
// the ids of the clock triggers setup() made are remembered with what they are for.
import type { InstalledTrigger, TriggerSpec } from "../ports";
import { HANDLE_CHANGE, HANDLE_EDIT, HANDLE_FORM_SUBMIT, RUN_DIGESTS } from "./handlers";

/** The handlers setup() installs; teardown() removes these and the outbox's own trigger. */
export const RULE_HANDLERS = [HANDLE_EDIT, HANDLE_CHANGE, HANDLE_FORM_SUBMIT, RUN_DIGESTS];
export const MAX_TRIGGERS = 20;

/** Identifies what a trigger is for: two triggers with one key do the same work. */
export function specKey(spec: TriggerSpec): string {
  if (spec.eventType !== "CLOCK") return `${spec.handler}:${spec.source}:${spec.eventType}`;
  const tag = spec.tag === undefined ? "" : `${spec.tag}:`;
  return `${spec.handler}:CLOCK:${tag}${JSON.stringify(spec.schedule)}`;
}

export interface TriggerPlan {
  readonly keep: readonly { readonly id: string; readonly key: string }[];
  readonly create: readonly TriggerSpec[];
  readonly remove: readonly string[];
}

/**
 * `clockKeys` maps the ids of clock triggers setup() made to their spec keys; a clock trigger of
 * ours it does not know is removed and made again.
 */
export function planTriggers(
  desired: readonly TriggerSpec[],
  installed: readonly InstalledTrigger[],
  clockKeys: Readonly<Record<string, string>>,
): TriggerPlan {
  const wanted = new Map(desired.map((spec) => [specKey(spec), spec]));
  const keep: { id: string; key: string }[] = [];
  const remove: string[] = [];
  for (const trigger of installed) {
    if (!RULE_HANDLERS.includes(trigger.handler)) continue;
    const key =
      trigger.eventType === "CLOCK"
        ? clockKeys[trigger.id]
        : `${trigger.handler}:${trigger.source}:${trigger.eventType}`;
    if (key !== undefined && wanted.has(key) && !keep.some((k) => k.key === key)) {
      keep.push({ id: trigger.id, key });
    } else {
      remove.push(trigger.id);
    }
  }
  const create = [...wanted].filter(([key]) => !keep.some((k) => k.key === key)).map(([, s]) => s);
  return { keep, create, remove };
}

export function triggerCountAfter(
  plan: TriggerPlan,
  installed: readonly InstalledTrigger[],
): number {
  return installed.length - plan.remove.length + plan.create.length;
}

/** The document triggers the rules need (digests add their clock triggers, see digest-run.ts). */
export function ruleTriggers(config: {
  readonly editRules: readonly unknown[];
  readonly changeRules: readonly unknown[];
  readonly formRules: readonly { readonly source: "form" | "sheet" }[];
}): TriggerSpec[] {
  const specs: TriggerSpec[] = [];
  if (config.editRules.length > 0) {
    specs.push({ handler: HANDLE_EDIT, eventType: "ON_EDIT", source: "SPREADSHEETS" });
  }
  if (config.changeRules.length > 0) {
    specs.push({ handler: HANDLE_CHANGE, eventType: "ON_CHANGE", source: "SPREADSHEETS" });
  }
  if (config.formRules.some((rule) => rule.source === "sheet")) {
    specs.push({
      handler: HANDLE_FORM_SUBMIT,
      eventType: "ON_FORM_SUBMIT",
      source: "SPREADSHEETS",
    });
  }
  if (config.formRules.some((rule) => rule.source === "form")) {
    specs.push({ handler: HANDLE_FORM_SUBMIT, eventType: "ON_FORM_SUBMIT", source: "FORMS" });
  }
  return specs;
}
