import { TOO_MANY_TRIGGERS } from "../../../emulator/gas/runtime/triggers";
import { projectOf, START } from "./project-fixture";

const script = `
  function every(n) { ScriptApp.newTrigger("tick").timeBased().everyMinutes(n).create(); }
  function everyHours(n) { ScriptApp.newTrigger("tick").timeBased().everyHours(n).create(); }
  function install(n) {
    for (var i = 0; i < n; i++) ScriptApp.newTrigger("tick").timeBased().everyHours(1).create();
    return ScriptApp.getProjectTriggers().length;
  }
  function describeTriggers() {
    return ScriptApp.getProjectTriggers().map(function (t) {
      return [t.getHandlerFunction(), String(t.getEventType()), String(t.getTriggerSource()), t.getTriggerSourceId(),
              t.getEventType() === ScriptApp.EventType.CLOCK];
    });
  }
  function forSheet() {
    var t = ScriptApp.newTrigger("handleEdit").forSpreadsheet("sheet-id-1").onEdit().create();
    ScriptApp.newTrigger("handleFormSubmit").forForm({ getId: function () { return "form-id-9"; } }).onFormSubmit().create();
    return t.getUniqueId();
  }
  function removeAll(handler) {
    ScriptApp.getProjectTriggers().forEach(function (t) {
      if (!handler || t.getHandlerFunction() === handler) ScriptApp.deleteTrigger(t);
    });
  }
  function oneShot(ms) { return ScriptApp.newTrigger("later").timeBased().after(ms).create().getUniqueId(); }
  function later(e) { Logger.log("later ran for " + e.triggerUid); }
  function tick() {}
  function noSchedule() { ScriptApp.newTrigger("tick").timeBased().create(); }
  function hourWithoutDays() { ScriptApp.newTrigger("tick").timeBased().atHour(9).everyHours(1).create(); }`;

describe("ScriptApp", () => {
  it("accepts everyMinutes 1, 5, 10, 15 and 30 only", () => {
    const { project } = projectOf(script);
    for (const n of [1, 5, 10, 15, 30]) expect(project.run("every", n).error).toBeUndefined();
    for (const n of [2, 3, 20, 60]) {
      expect(project.run("every", n).error?.message).toBe(
        "Invalid argument: everyMinutes. Use 1, 5, 10, 15 or 30.",
      );
    }
    expect(project.run("everyHours", 3).error?.message).toContain("Invalid argument: everyHours");
    expect(project.triggers).toHaveLength(5);
  });

  it("refuses a 21st trigger with Apps Script's text", () => {
    const { project } = projectOf(script);
    expect(project.run("install", 20).value).toBe(20);
    expect(project.run("install", 1).error?.message).toBe(TOO_MANY_TRIGGERS);
    expect(TOO_MANY_TRIGGERS).toBe(
      "This script has too many triggers. Triggers must be deleted from the script before more can be added.",
    );
    project.run("removeAll");
    expect(project.triggers).toHaveLength(0);
  });

  it("lists triggers with handler, event type and source, and deletes them", () => {
    const { project } = projectOf(script);
    project.run("every", 5);
    const uid = project.run("forSheet").value;
    expect(project.run("describeTriggers").value).toEqual([
      ["tick", "CLOCK", "CLOCK", null, true],
      ["handleEdit", "ON_EDIT", "SPREADSHEETS", "sheet-id-1", false],
      ["handleFormSubmit", "ON_FORM_SUBMIT", "FORMS", "form-id-9", false],
    ]);
    expect(project.triggers[1]?.uid).toBe(uid);
    project.run("removeAll", "handleEdit");
    expect(project.triggers.map((t) => t.handler)).toEqual(["tick", "handleFormSubmit"]);
  });

  it("refuses a time-based trigger without a schedule, and atHour without everyDays or everyWeeks", () => {
    const { project } = projectOf(script);
    expect(project.run("noSchedule").error?.message).toContain("needs exactly one of everyMinutes");
    expect(project.run("hourWithoutDays").error?.message).toContain("atHour and nearMinute");
    expect(project.triggers).toHaveLength(0);
  });

  it("takes onWeekDay(d).atHour(h) without everyWeeks as a weekly trigger, as Google's example does", () => {
    const { project } = projectOf(`
      function weekly() {
        ScriptApp.newTrigger("tick").timeBased().onWeekDay(ScriptApp.WeekDay.WEDNESDAY).atHour(8).create();
      }
      function tick() {}`);
    expect(project.run("weekly").error).toBeUndefined();
    expect(project.triggers[0]!.schedule).toMatchObject({
      kind: "weeks",
      every: 1,
      hour: 8,
      isoWeekDay: 3,
    });
    const runs = project.advance(21 * 24 * 3600 * 1000);
    expect(runs.map((r) => new Date(r.startedAt).toISOString().slice(0, 13))).toEqual([
      "2026-01-07T07",
      "2026-01-14T07",
      "2026-01-21T07",
    ]);
  });

  it("fires a one-shot trigger once, and keeps it listed until the script deletes it", () => {
    const { project, clock } = projectOf(script);
    const uid = project.run("oneShot", 10 * 60 * 1000).value;
    expect(project.advance(10 * 60 * 1000 - 1)).toEqual([]);
    const fired = project.runUntilIdle();
    expect(fired.map((r) => [r.functionName, r.kind, r.startedAt])).toEqual([
      ["later", "trigger", START + 600_000],
    ]);
    expect(fired[0]?.logs[0]?.text).toBe(`later ran for ${uid}`);
    expect(clock.now()).toBe(START + 600_000);
    expect(project.advance(24 * 3600 * 1000)).toEqual([]);
    expect(project.triggers).toMatchObject([
      { uid, handler: "later", firings: 1, nextAt: undefined },
    ]);
    project.run("removeAll", "later");
    expect(project.triggers).toEqual([]);
  });
});
