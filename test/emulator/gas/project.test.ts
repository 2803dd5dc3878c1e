import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock } from "../../../emulator/clock";
import { loadProjectFromDist } from "../../../emulator/gas/runtime/project";
import { projectOf, recordingChat, START } from "./project-fixture";

describe("EmulatedProject", () => {
  it("runs a top-level function by name in a scope without require, process or modules", () => {
    const { project } = projectOf(`
      function whatIsInScope() {
        return [typeof require, typeof process, typeof module, typeof exports, typeof UrlFetchApp];
      }`);
    const result = project.run("whatIsInScope");
    expect(result.error).toBeUndefined();
    expect(result.value).toEqual(["undefined", "undefined", "undefined", "undefined", "object"]);
  });

  it("calls the implementation a bundle assigns to the global over its stub", () => {
    const { project } = projectOf(`
      function notify() {}
      var global = this;
      (function () {
        function notify(message) { return "sent: " + message; }
        global.notify = notify;
      })();`);
    expect(project.run("notify", "hello").value).toBe("sent: hello");
  });

  it("evaluates the script afresh for every execution, keeping only service state", () => {
    const { project } = projectOf(`
      var runs = 0;
      function bump() {
        runs += 1;
        var props = PropertiesService.getScriptProperties();
        var stored = Number(props.getProperty("runs") || 0) + 1;
        props.setProperty("runs", String(stored));
        return { inMemory: runs, stored: stored };
      }`);
    project.run("bump");
    expect(project.run("bump").value).toEqual({ inMemory: 1, stored: 2 });
  });

  it("records a missing function and a thrown error as failed executions", () => {
    const { project } = projectOf(`function boom() { throw new Error("it broke"); }`);
    expect(project.run("nothing").error?.message).toBe("Script function not found: nothing");
    const failed = project.run("boom");
    expect(failed.error?.message).toBe("it broke");
    expect(failed.error?.stack).toContain("boom");
    expect(project.executions.map((e) => e.functionName)).toEqual(["nothing", "boom"]);
  });

  it("gives the script virtual time: Date reads the clock and Utilities.sleep moves it", () => {
    const { project, clock } = projectOf(`
      function times() {
        var before = new Date().getTime();
        Utilities.sleep(90 * 1000);
        return { before: before, after: Date.now(), fixed: new Date(2020, 0, 1) instanceof Date };
      }`);
    const result = project.run("times");
    expect(result.value).toEqual({ before: START, after: START + 90_000, fixed: true });
    expect(clock.now()).toBe(START + 90_000);
    expect(result.endedAt - result.startedAt).toBe(90_000);
  });

  it("ends an execution at 6 minutes of virtual time, even if the script catches the error", () => {
    // Apps Script terminates the execution; a script that catches the error gets no further.
    const { project } = projectOf(`
      function forever() {
        var slept = 0;
        try {
          while (true) { Utilities.sleep(60 * 1000); slept += 1; }
        } catch (e) {
          return "carried on after " + slept;
        }
      }`);
    const result = project.run("forever");
    expect(result.error?.message).toBe("Exceeded maximum execution time");
    expect(result.value).toBeUndefined();
    expect(result.endedAt - result.startedAt).toBe(6 * 60 * 1000);
  });

  it("counts every service call per execution and for the project", () => {
    const { project } = projectOf(`
      function readTwice() {
        var props = PropertiesService.getScriptProperties();
        props.getProperty("a");
        props.getProperty("b");
        CacheService.getScriptCache().get("c");
      }`);
    const result = project.run("readTwice");
    expect(result.calls).toEqual({
      "PropertiesService.getScriptProperties": 1,
      "Properties.getProperty": 2,
      "CacheService.getScriptCache": 1,
      "Cache.get": 1,
    });
    project.run("readTwice");
    expect(project.calls["Properties.getProperty"]).toBe(4);
    project.resetCalls();
    expect(project.calls).toEqual({});
  });

  it("kills an execution at a chosen call, as the time limit hitting mid-drain", () => {
    const { project, chat } = projectOf(`
      function drain() {
        for (var i = 0; i < 5; i++) UrlFetchApp.fetch("${"https://chat.googleapis.com/v1/spaces/S/messages"}", { method: "post", payload: "{}" });
      }`);
    project.killAt("UrlFetchApp.fetch", 3);
    const result = project.run("drain");
    expect(result.error?.message).toBe("Exceeded maximum execution time");
    expect(chat.requests).toHaveLength(2);
    expect(project.run("drain").error).toBeUndefined();
  });

  it("runs another execution inside a blocking call of the first, and reports its failures to the host", () => {
    const { project } = projectOf(`
      function outer() { Utilities.sleep(10); return "outer"; }
      function inner() { return "inner"; }`);
    const seen: string[] = [];
    project.interleave({
      at: "Utilities.sleep",
      run: () => seen.push(String(project.run("inner").value)),
    });
    expect(project.run("outer").value).toBe("outer");
    expect(seen).toEqual(["inner"]);
    expect(project.executions.map((e) => e.functionName)).toEqual(["inner", "outer"]);

    project.interleave({
      at: "Utilities.sleep",
      run: () => {
        throw new Error("assertion inside the callback");
      },
    });
    expect(() => project.run("outer")).toThrow("assertion inside the callback");
  });

  it("captures Logger and console output with levels", () => {
    const { project } = projectOf(`
      function talk() {
        Logger.log("count=%s", 3);
        Logger.log({ a: 1 });
        console.info("info");
        console.warn("warn");
        console.error("error", 42);
      }`);
    expect(project.run("talk").logs).toEqual([
      { level: "log", text: "count=3" },
      { level: "log", text: '{"a":1}' },
      { level: "info", text: "info" },
      { level: "warn", text: "warn" },
      { level: "error", text: "error 42" },
    ]);
  });

  it("uses the given random source for Math.random, and the manifest's zone and user in Session", () => {
    const { project } = projectOf(
      `function who() {
        return [Math.random(), Session.getScriptTimeZone(), Session.getActiveUser().getEmail(),
                Session.getEffectiveUser().getEmail()];
      }`,
      { random: () => 0.25, user: "ops@example.com" },
    );
    expect(project.run("who").value).toEqual([
      0.25,
      "Europe/Paris",
      "ops@example.com",
      "ops@example.com",
    ]);
  });

  it("stops a script that loops without calling any service", () => {
    const { project } = projectOf(`function spin() { while (true) {} }`, { realTimeoutMs: 50 });
    expect(project.run("spin").error?.message).toContain("endless loop");
  });

  it("loads Code.js and appsscript.json from a build directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "gas-dist-"));
    writeFileSync(join(dir, "Code.js"), "function zone() { return Session.getScriptTimeZone(); }");
    writeFileSync(
      join(dir, "appsscript.json"),
      JSON.stringify({ timeZone: "Asia/Tokyo", runtimeVersion: "V8" }),
    );
    const project = loadProjectFromDist(dir, {
      clock: new VirtualClock(START),
      chat: recordingChat().transport,
    });
    expect(project.run("zone").value).toBe("Asia/Tokyo");
    expect(() =>
      loadProjectFromDist(join(dir, "missing"), {
        clock: new VirtualClock(),
        chat: recordingChat().transport,
      }),
    ).toThrow("run `npm run build` first");
  });
});
