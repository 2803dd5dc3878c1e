import { LOCK_TIMEOUT_MESSAGE } from "../../../emulator/gas/services/lock";
import { projectOf, START } from "./project-fixture";

// A read-modify-write of a counter with a blocking call (a sleep standing in for a fetch) in the
// middle, which is where a second execution can overlap the first.
const script = `
  function increment(useLock) {
    var lock = LockService.getScriptLock();
    if (useLock && !lock.tryLock(5000)) return "busy";
    var props = PropertiesService.getScriptProperties();
    var n = Number(props.getProperty("n") || 0);
    Utilities.sleep(1000);
    props.setProperty("n", String(n + 1));
    return "done";
  }
  function waitForLock() {
    LockService.getScriptLock().waitLock(2000);
    return "got it";
  }
  function holdAndCheck() {
    var lock = LockService.getScriptLock();
    lock.waitLock(1000);
    var held = lock.hasLock();
    lock.releaseLock();
    return [held, lock.hasLock()];
  }`;

describe("LockService", () => {
  it("loses an update when two executions overlap without a lock", () => {
    const { project } = projectOf(script);
    project.interleave({ at: "Utilities.sleep", run: () => void project.run("increment", false) });
    project.run("increment", false);
    expect(project.scriptProperties.get("n")).toBe("1");
  });

  it("protects the read-modify-write: the overlapping tryLock waits its timeout and gets false", () => {
    const { project, clock } = projectOf(script);
    const inner: unknown[] = [];
    project.interleave({
      at: "Utilities.sleep",
      run: () => inner.push(project.run("increment", true).value),
    });
    expect(project.run("increment", true).value).toBe("done");
    expect(inner).toEqual(["busy"]);
    expect(project.scriptProperties.get("n")).toBe("1");
    expect(clock.now()).toBe(START + 5000 + 1000);
    // The lock was released when the first execution ended.
    expect(project.run("increment", true).value).toBe("done");
    expect(project.scriptProperties.get("n")).toBe("2");
  });

  it("throws Apps Script's timeout text from waitLock while another execution holds the lock", () => {
    const { project } = projectOf(script);
    let inner: string | undefined;
    project.interleave({
      at: "Utilities.sleep",
      run: () => (inner = project.run("waitForLock").error?.message),
    });
    project.run("increment", true);
    expect(inner).toBe(LOCK_TIMEOUT_MESSAGE);
    expect(project.run("waitForLock").value).toBe("got it");
  });

  it("reports and releases the lock it holds", () => {
    const { project } = projectOf(script);
    expect(project.run("holdAndCheck").value).toEqual([true, false]);
  });
});
