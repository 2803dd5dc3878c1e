import type { InstalledTrigger, TriggerSpec } from "../../src/ports";
import { planTriggers, ruleTriggers, specKey, triggerCountAfter } from "../../src/triggers/plan";

const onEdit: TriggerSpec = { handler: "handleEdit", eventType: "ON_EDIT", source: "SPREADSHEETS" };
const onChange: TriggerSpec = {
  handler: "handleChange",
  eventType: "ON_CHANGE",
  source: "SPREADSHEETS",
};
const sheetSubmit: TriggerSpec = {
  handler: "handleFormSubmit",
  eventType: "ON_FORM_SUBMIT",
  source: "SPREADSHEETS",
};
const formSubmit: TriggerSpec = {
  handler: "handleFormSubmit",
  eventType: "ON_FORM_SUBMIT",
  source: "FORMS",
};
const morning: TriggerSpec = {
  handler: "runDigests",
  eventType: "CLOCK",
  source: "CLOCK",
  schedule: { every: "day", atHour: 9 },
};
const monday: TriggerSpec = {
  handler: "runDigests",
  eventType: "CLOCK",
  source: "CLOCK",
  schedule: { every: "week", weekDay: "MONDAY", atHour: 8 },
};

function installed(id: string, spec: TriggerSpec): InstalledTrigger {
  return { id, handler: spec.handler, eventType: spec.eventType, source: spec.source };
}

const someRule = { name: "r" };

describe("trigger-plan", () => {
  describe("ruleTriggers", () => {
    test("no rules, no triggers", () => {
      expect(ruleTriggers({ editRules: [], changeRules: [], formRules: [] })).toEqual([]);
    });

    test("one trigger per kind of rule, however many rules", () => {
      expect(
        ruleTriggers({
          editRules: [someRule, someRule, someRule],
          changeRules: [someRule],
          formRules: [{ source: "sheet" }, { source: "sheet" }, { source: "form" }],
        }),
      ).toEqual([onEdit, onChange, sheetSubmit, formSubmit]);
    });

    test("form rules of one source need only that source's trigger", () => {
      expect(
        ruleTriggers({ editRules: [], changeRules: [], formRules: [{ source: "form" }] }),
      ).toEqual([formSubmit]);
      expect(
        ruleTriggers({ editRules: [], changeRules: [], formRules: [{ source: "sheet" }] }),
      ).toEqual([sheetSubmit]);
    });
  });

  describe("specKey", () => {
    test("tells document triggers apart by handler, source and event", () => {
      const keys = [onEdit, onChange, sheetSubmit, formSubmit].map(specKey);
      expect(new Set(keys).size).toBe(4);
      expect(specKey(onEdit)).toBe("handleEdit:SPREADSHEETS:ON_EDIT");
    });

    test("tells clock triggers apart by schedule", () => {
      expect(specKey(morning)).not.toBe(specKey(monday));
      expect(specKey(morning)).not.toBe(
        specKey({ ...morning, schedule: { every: "day", atHour: 10 } }),
      );
      expect(specKey({ ...morning, schedule: { every: "day", atHour: 9 } })).toBe(specKey(morning));
    });

    test("two clock triggers on one schedule are told apart by their tag", () => {
      const open = specKey({ ...morning, tag: "open-tasks" });
      const late = specKey({ ...morning, tag: "late-tasks" });
      expect(open).not.toBe(late);
      expect(open).not.toBe(specKey(morning));
    });
  });

  describe("planTriggers", () => {
    test("installing everything from nothing", () => {
      const plan = planTriggers([onEdit, morning], [], {});
      expect(plan).toEqual({ keep: [], create: [onEdit, morning], remove: [] });
    });

    test("installed equal to desired: nothing to create or remove", () => {
      const now = [installed("t1", onEdit), installed("t2", formSubmit), installed("t3", morning)];
      const plan = planTriggers([onEdit, formSubmit, morning], now, { t3: specKey(morning) });
      expect(plan.create).toEqual([]);
      expect(plan.remove).toEqual([]);
      expect(plan.keep).toEqual([
        { id: "t1", key: specKey(onEdit) },
        { id: "t2", key: specKey(formSubmit) },
        { id: "t3", key: specKey(morning) },
      ]);
    });

    test("duplicates of one trigger are removed, the first is kept", () => {
      const now = [installed("t1", onEdit), installed("t2", onEdit), installed("t3", onEdit)];
      expect(planTriggers([onEdit], now, {})).toEqual({
        keep: [{ id: "t1", key: specKey(onEdit) }],
        create: [],
        remove: ["t2", "t3"],
      });
    });

    test("triggers no longer needed are removed", () => {
      const now = [installed("t1", onEdit), installed("t2", onChange)];
      expect(planTriggers([onEdit], now, {})).toEqual({
        keep: [{ id: "t1", key: specKey(onEdit) }],
        create: [],
        remove: ["t2"],
      });
    });

    test("triggers of other handlers, and the outbox's, are never touched", () => {
      const now: InstalledTrigger[] = [
        { id: "mine", handler: "sendWeeklyReport", eventType: "CLOCK", source: "CLOCK" },
        { id: "edit", handler: "myOnEdit", eventType: "ON_EDIT", source: "SPREADSHEETS" },
        { id: "outbox", handler: "deliverOutbox", eventType: "CLOCK", source: "CLOCK" },
      ];
      expect(planTriggers([], now, {})).toEqual({ keep: [], create: [], remove: [] });
      expect(planTriggers([onEdit], now, {})).toEqual({ keep: [], create: [onEdit], remove: [] });
    });

    test("a clock trigger of ours that setup() did not record is removed and made again", () => {
      const now = [installed("t9", morning)];
      expect(planTriggers([morning], now, {})).toEqual({
        keep: [],
        create: [morning],
        remove: ["t9"],
      });
    });

    test("a recorded clock trigger whose schedule is no longer wanted is replaced", () => {
      const now = [installed("t9", morning)];
      expect(planTriggers([monday], now, { t9: specKey(morning) })).toEqual({
        keep: [],
        create: [monday],
        remove: ["t9"],
      });
    });

    test("a desired trigger listed twice is created once", () => {
      expect(planTriggers([onEdit, onEdit], [], {}).create).toEqual([onEdit]);
    });
  });

  describe("triggerCountAfter", () => {
    test("counts every installed trigger, minus removals, plus creations", () => {
      const now: InstalledTrigger[] = [
        installed("t1", onEdit),
        installed("t2", onEdit),
        { id: "mine", handler: "sendWeeklyReport", eventType: "CLOCK", source: "CLOCK" },
      ];
      const plan = planTriggers([onEdit, onChange, morning], now, {});
      expect(plan.remove).toEqual(["t2"]);
      expect(triggerCountAfter(plan, now)).toBe(3 - 1 + 2);
    });
  });
});
