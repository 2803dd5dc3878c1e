// The project under Apps Script's daily quotas (consumer account, the world's default).
import { QUOTA_ERRORS } from "../../emulator/gas/runtime/quotas";
import { valueOf, world } from "./world";

const OWNER = "owner@example.com";

function quotaWorld() {
  const w = world({ userCode: [`function once(e) { return notify(e.text); }`] });
  w.connectWebhook("AAAAteam");
  return w;
}

describe("the project under daily quotas", () => {
  it("counts a notification's property calls and fetches against the owner's quotas", () => {
    const w = quotaWorld();
    valueOf(w.project.run("once", { text: "hello" }));
    const status = Object.fromEntries(w.project.quotaStatus(OWNER).map((q) => [q.name, q.used]));
    expect(status.urlFetchCalls).toBe(1);
    expect(status.propertiesReadWrite).toBe(
      Object.entries(w.project.calls)
        .filter(([name]) => name.startsWith("Properties."))
        .reduce((sum, [, n]) => sum + n, 0),
    );
  });

  it("fails notify()'s inline send with Apps Script's text once the UrlFetch quota is spent", () => {
    const w = quotaWorld();
    w.project.quotas.use(OWNER, "urlFetchCalls", 20_000);
    expect(valueOf(w.project.run("once", { text: "hello" }))).toMatchObject({
      status: "retrying",
    });
    expect(w.project.executions[0]!.logs.map((l) => l.text).join("\n")).toContain(
      QUOTA_ERRORS.urlFetchCalls,
    );
    expect(w.chat.requests("AAAAteam")).toEqual([]);
  });

  // Retried until 24 h after acceptance, so a spent daily quota (which resets within 24 h) holds.
  it("keeps a message while the day's UrlFetch quota is spent and delivers it after the reset", () => {
    const w = quotaWorld();
    w.project.quotas.use(OWNER, "urlFetchCalls", 20_000);
    w.project.run("once", { text: "hello" });
    w.project.runUntilIdle({ maxMs: 25 * 60 * 60_000 });
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual(["hello"]);
    expect(valueOf(w.project.run("showStatus"))).toMatch(/Dead letters: 0/);
  });

  // A trigger execution refused for spent runtime still consumes the one-shot deliverOutbox
  // trigger; the outbox's recurring backstop takes the message up once the runtime resets.
  it("delivers a message queued while the day's trigger runtime is spent, once it resets", () => {
    const w = quotaWorld();
    w.chat.injectFaults("AAAAteam", [{ status: 503 }]);
    w.project.quotas.addTriggerRuntime(OWNER, 90 * 60_000);
    valueOf(w.project.run("once", { text: "hello" }));
    w.project.runUntilIdle({ maxMs: 30 * 60 * 60_000 });
    expect(w.project.executions.map((e) => e.error?.message)).toContain(
      QUOTA_ERRORS.triggerRuntimeMs,
    );
    w.project.advance(30 * 60 * 60_000);
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual(["hello"]);
  });
});
