import { CallCosts, LATENCY_PROFILES } from "../../../emulator/gas/runtime/latency";
import { createLocalWorld } from "../../../emulator/local-world";
import { projectOf } from "./project-fixture";

const PROPERTY_CALLS = `
  function readOnce() { PropertiesService.getScriptProperties().getProperty("a"); }
  function writeOnce(e) { PropertiesService.getScriptProperties().setProperty("a", e.value); }
  function lockOnce() { LockService.getScriptLock().tryLock(1000); }
  function makeTrigger() { ScriptApp.newTrigger("x").timeBased().after(60000).create(); }
  function fetchOnce() {
    UrlFetchApp.fetch("https://chat.googleapis.com/v1/spaces/A/messages", { method: "post" });
  }
`;

function duration(result: { startedAt: number; endedAt: number }): number {
  return result.endedAt - result.startedAt;
}

describe("the latency model", () => {
  it("costs nothing under the zero profile, so unit tests keep exact times", () => {
    const { project } = projectOf(PROPERTY_CALLS, { latency: "zero" });
    expect(duration(project.run("readOnce"))).toBe(0);
    expect(duration(project.run("writeOnce", { value: "x".repeat(5000) }))).toBe(0);
  });

  it("costs each counted call its typical time: a property read, a write, a lock, a trigger", () => {
    const { project } = projectOf(PROPERTY_CALLS, { latency: "typical" });
    expect(duration(project.run("readOnce"))).toBe(30);
    expect(duration(project.run("writeOnce", { value: "" }))).toBe(60);
    expect(duration(project.run("lockOnce"))).toBe(40);
    expect(duration(project.run("makeTrigger"))).toBe(500);
  });

  it("makes property calls slower as they carry more bytes, reads and writes alike", () => {
    const { project } = projectOf(PROPERTY_CALLS, { latency: "typical" });
    const small = duration(project.run("writeOnce", { value: "x" }));
    const large = duration(project.run("writeOnce", { value: "x".repeat(8 * 1024) }));
    expect(large - small).toBe(2 * 8);
    expect(duration(project.run("readOnce"))).toBe(30 + 8);
  });

  it("gives UrlFetchApp the Chat answer time, and varies costs by seeded jitter only", () => {
    const { project } = projectOf(PROPERTY_CALLS, { latency: "typical" });
    expect(duration(project.run("fetchOnce"))).toBe(300); // the recording Chat answers in 300 ms
    const a = new CallCosts({ profile: "typical", jitter: 0.3, seed: 7 });
    const b = new CallCosts({ profile: "typical", jitter: 0.3, seed: 7 });
    const costs = Array.from({ length: 50 }, () => a.base("Properties.getProperty"));
    expect(costs).toEqual(Array.from({ length: 50 }, () => b.base("Properties.getProperty")));
    expect(new Set(costs).size).toBeGreaterThan(10);
    expect(Math.min(...costs)).toBeGreaterThanOrEqual(21);
    expect(Math.max(...costs)).toBeLessThanOrEqual(39);
  });

  it("refuses an unknown profile and a jitter outside [0, 1)", () => {
    expect(() => new CallCosts({ profile: "fast" as "zero" })).toThrow(/unknown latency profile/);
    expect(() => new CallCosts({ profile: "typical", jitter: 1 })).toThrow(/jitter/);
  });

  it("ends a user's function that calls notify() in a loop at the 6-minute limit", () => {
    const w = createLocalWorld({
      userCode: [
        `function flood() { for (var i = 0; ; i++) { notify("message " + i); Utilities.sleep(5000); } }`,
      ],
    });
    w.connectWebhook("AAAAteam");
    const result = w.project.run("flood");
    expect(result.error?.message).toBe("Exceeded maximum execution time");
    expect(duration(result)).toBe(6 * 60_000);
    expect(LATENCY_PROFILES.typical.chatAnswerMs).toBe(300);
  });
});
