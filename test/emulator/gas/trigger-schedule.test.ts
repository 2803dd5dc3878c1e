import { nextFiring, defaultMinuteFor } from "../../../emulator/gas/runtime/trigger-schedule";
import { projectOf, START } from "./project-fixture";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe("time-driven triggers", () => {
  it("fire a daily atHour trigger once a day for a week, with the documented event object", () => {
    const { project } = projectOf(`
      function setup() { ScriptApp.newTrigger("runDigests").timeBased().atHour(9).nearMinute(30).everyDays(1).create(); }
      function runDigests(e) { return e; }`);
    project.run("setup");
    const fired = project.advance(7 * DAY);
    // Europe/Paris is UTC+1 in January: 09:30 there is 08:30 UTC. Created Monday 08:00 UTC.
    expect(fired.map((r) => new Date(r.startedAt).toISOString())).toEqual([
      "2026-01-05T08:30:00.000Z",
      "2026-01-06T08:30:00.000Z",
      "2026-01-07T08:30:00.000Z",
      "2026-01-08T08:30:00.000Z",
      "2026-01-09T08:30:00.000Z",
      "2026-01-10T08:30:00.000Z",
      "2026-01-11T08:30:00.000Z",
    ]);
    expect(fired[2]?.value).toEqual({
      authMode: "FULL",
      "day-of-month": 7,
      "day-of-week": 3,
      hour: 8,
      minute: 30,
      month: 1,
      second: 0,
      timezone: "UTC",
      triggerUid: project.triggers[0]?.uid,
      "week-of-year": 2,
      year: 2026,
    });
    expect(fired.every((r) => r.kind === "trigger" && r.error === undefined)).toBe(true);
  });

  it("fire everyMinutes(n) at multiples of n minutes after creation, in time order with others", () => {
    const { project } = projectOf(`
      function setup() {
        ScriptApp.newTrigger("deliverOutbox").timeBased().everyMinutes(5).create();
        ScriptApp.newTrigger("hourly").timeBased().everyHours(1).create();
      }
      function deliverOutbox() {}
      function hourly() {}`);
    project.run("setup");
    const fired = project.advance(HOUR);
    expect(fired.map((r) => [r.functionName, (r.startedAt - START) / 60_000])).toEqual([
      ...[5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55].map((m) => ["deliverOutbox", m]),
      ["deliverOutbox", 60],
      ["hourly", 60],
    ]);
  });

  it("do not overlap a trigger with itself: a run longer than the period skips the missed firings", () => {
    const { project } = projectOf(`
      function setup() { ScriptApp.newTrigger("slow").timeBased().everyMinutes(1).create(); }
      function slow() { Utilities.sleep(150 * 1000); }`);
    project.run("setup");
    const fired = project.advance(10 * 60_000);
    expect(fired.map((r) => (r.startedAt - START) / 60_000)).toEqual([1, 4, 7, 10]);
  });

  it("schedule weekly triggers on the given weekday and hour across a daylight-saving change", () => {
    const createdAt = Date.UTC(2026, 2, 20, 12, 0); // Friday 20 March 2026
    const schedule = {
      kind: "weeks",
      every: 1,
      hour: 9,
      minute: 0,
      isoWeekDay: 1,
      timeZone: "Europe/Paris",
    } as const;
    const first = nextFiring(schedule, createdAt, createdAt) as number;
    expect(new Date(first).toISOString()).toBe("2026-03-23T08:00:00.000Z");
    // Paris moves to UTC+2 on 29 March: 09:00 local is then 07:00 UTC.
    expect(new Date(nextFiring(schedule, createdAt, first) as number).toISOString()).toBe(
      "2026-03-30T07:00:00.000Z",
    );
  });

  it("pick a fixed minute of the hour for atHour without nearMinute", () => {
    const schedule = {
      kind: "days",
      every: 1,
      hour: 9,
      minute: defaultMinuteFor("runDigests"),
      timeZone: "UTC",
    } as const;
    const first = nextFiring(schedule, START, START) as number;
    expect(new Date(first).getUTCHours()).toBe(9);
    expect(new Date(first).getUTCMinutes()).toBe(defaultMinuteFor("runDigests"));
    expect(defaultMinuteFor("runDigests")).toBe(defaultMinuteFor("runDigests"));
  });
});
