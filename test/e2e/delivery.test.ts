// The outbox end to end, on dist/Code.js in the emulator: every accepted notification is delivered
// exactly once, in order within its thread, at the pace Chat allows, or kept as a dead letter
// with its reason.
import type { LocalWorld } from "../../emulator/local-world";
import { everythingLogged, runUntilDelivered, valueOf, world } from "./world";

const USER_CODE = `
function burst(e) {
  var results = [];
  for (var i = 1; i <= e.count; i++) {
    results.push(notify((e.prefix || "message") + " " + i, e.options || {}));
  }
  return results;
}
function spread(e) {
  for (var i = 1; i <= e.perSpace; i++) {
    for (var s = 0; s < e.spaces; s++) notify("space " + s + " message " + i, { webhook: "S" + s });
  }
}
function once(e) {
  return notify(e.text, e.options || {});
}
`;

function userWorld(options: Parameters<typeof world>[0] = {}) {
  const w = world({ userCode: [USER_CODE], ...options });
  w.connectWebhook("AAAAteam");
  return w;
}

/** The notifications as they arrived: a request that carried several joins their lines. */
function texts(w: LocalWorld, space = "AAAAteam"): string[] {
  return w.chat.messages(space).flatMap((m) => (m.text ?? "").split("\n"));
}

function statuses(w: LocalWorld, space = "AAAAteam"): number[] {
  return w.chat.requests(space).map((r) => (r.answer.kind === "response" ? r.answer.status : 0));
}

function numbered(count: number, prefix = "message"): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
}

function status(w: LocalWorld): string {
  return valueOf(w.project.run("showStatus")) as string;
}

describe("delivery through the outbox", () => {
  it("delivers 100 notifications to one space once each, in order, without a 429, within 105 s", () => {
    const w = userWorld();
    const dueAt = w.clock.now();
    valueOf(w.project.run("burst", { count: 100 }));
    runUntilDelivered(w, 10 * 60_000);
    expect(texts(w)).toEqual(numbered(100));
    expect(statuses(w).filter((s) => s !== 200)).toEqual([]);
    const last = w.chat.messages("AAAAteam").at(-1)!.createTime;
    expect(last - dueAt).toBeLessThanOrEqual(105_000);
    expect(w.project.triggers).toEqual([]);
  });

  // The loop itself takes its time (each accept is a lock, a read and a write: about 34 s here);
  // from its end, the trigger sends to the 10 spaces together, each space's backlog batched.
  it("sends to 10 spaces together: once queued, 200 messages at 9 or more a second", () => {
    const w = userWorld();
    for (let s = 0; s < 10; s++) w.connectWebhook(`SPACE${s}`, `S${s}`);
    valueOf(w.project.run("spread", { spaces: 10, perSpace: 20 }));
    const dueAt = w.clock.now();
    // The loop sent its first notification at once, and no other.
    expect(w.chat.requests("SPACE0")).toHaveLength(1);
    runUntilDelivered(w, 10 * 60_000);
    let last = 0;
    for (let s = 0; s < 10; s++) {
      expect(texts(w, `SPACE${s}`)).toEqual(numbered(20, `space ${s} message`));
      expect(statuses(w, `SPACE${s}`).filter((code) => code !== 200)).toEqual([]);
      last = Math.max(last, w.chat.messages(`SPACE${s}`).at(-1)!.createTime);
    }
    const perSecond = 200 / ((last - dueAt) / 1000);
    expect(perSecond).toBeGreaterThanOrEqual(9);
  });

  it("rides out a 429 storm: every message once, in order", () => {
    const w = userWorld();
    w.chat.injectFaults(
      "AAAAteam",
      Array.from({ length: 8 }, () => ({ status: 429 as const })),
    );
    w.project.run("burst", { count: 5 });
    runUntilDelivered(w, 2 * 60 * 60_000);
    expect(texts(w)).toEqual(numbered(5));
  });

  it("rides out intermittent 503s with Retry-After, and network errors", () => {
    const w = userWorld();
    w.chat.injectFaults("AAAAteam", [
      { status: 503, retryAfterSeconds: 5 },
      { delayMs: 0 },
      { network: "Address unavailable" },
      { status: 503 },
      { network: "Timeout" },
      { delayMs: 0 },
      { network: "DNS error" },
    ]);
    w.project.run("burst", { count: 6 });
    runUntilDelivered(w, 2 * 60 * 60_000);
    expect(texts(w)).toEqual(numbered(6));
    expect(status(w)).toMatch(/Queued: 0/);
  });

  it("sends twice when Chat's answer is lost, because requestId is off (the documented cost)", () => {
    const w = userWorld();
    w.chat.injectFaults("AAAAteam", [{ lostAnswer: true }]);
    w.project.run("once", { text: "lost answer" });
    runUntilDelivered(w, 60 * 60_000);
    expect(texts(w)).toEqual(["lost answer", "lost answer"]);
  });

  it("keeps a 400 as a dead letter at once, and redelivers it on request", () => {
    const w = userWorld();
    // A card Chat refuses: the emulated space answers 400 for a thread key over 4,000 characters
    // cannot be produced by notify (it checks), so a bad body comes from a mangled key instead.
    const webhook = w.chat.createWebhook("AAAAteam");
    w.project.scriptProperties.set(
      "CHAT_WEBHOOK_URL",
      webhook.url.replace(/key=[^&]+/, "key=AIzaSyBad"),
    );
    expect(valueOf(w.project.run("once", { text: "refused" }))).toMatchObject({
      status: "dead-letter",
    });
    runUntilDelivered(w, 60 * 60_000);
    expect(statuses(w)).toEqual([400]);
    expect(status(w)).toMatch(
      /Dead letters: 1\n {2}e000000001 \(default, .*\): Chat answered 400 INVALID_ARGUMENT/,
    );

    w.project.scriptProperties.set("CHAT_WEBHOOK_URL", webhook.url);
    valueOf(w.project.run("redeliverDeadLetters"));
    expect(texts(w)).toEqual(["refused"]);
    expect(status(w)).toMatch(/Dead letters: 0/);
  });

  it("marks a deleted webhook failing: 403 is a dead letter, never retried", () => {
    const w = userWorld();
    const webhook = w.connectWebhook("AAAAteam");
    w.chat.deleteWebhook(webhook.url);
    w.project.run("burst", { count: 3 });
    runUntilDelivered(w, 60 * 60_000);
    // Each message is tried once: alone, or with the ones that waited behind it in one request.
    expect(statuses(w).every((code) => code === 403)).toBe(true);
    expect(statuses(w).length).toBeLessThanOrEqual(3);
    const text = status(w);
    expect(text).toMatch(/Webhook default: FAILING: Chat answered 403 PERMISSION_DENIED/);
    expect(text).toMatch(/Dead letters: 3/);
    expect(text).not.toContain(webhook.token);
  });

  it("takes up the work of a drain killed by the time limit, and delivers each message once", () => {
    const w = userWorld();
    w.project.run("burst", { count: 5 });
    // Each notify() takes real time, so more than one may leave at once; some must wait.
    expect(texts(w).length).toBeLessThan(4);
    // The deliverOutbox run dies on its request, which carries the four waiting messages.
    w.project.killAt("UrlFetchApp.fetch", 1);
    runUntilDelivered(w, 60 * 60_000);
    const killed = w.project.executions.filter((e) =>
      e.error?.message.includes("Exceeded maximum execution time"),
    );
    expect(killed).toHaveLength(1);
    expect(texts(w)).toEqual(numbered(5));
  });

  it("lets two executions overlap without sending anything twice or breaking the pace", () => {
    const w = userWorld();
    w.project.interleave({
      at: "UrlFetchApp.fetch",
      nth: 1,
      run: () => {
        w.project.run("burst", { count: 3, prefix: "second" });
      },
    });
    w.project.run("burst", { count: 3, prefix: "first" });
    runUntilDelivered(w, 60 * 60_000);
    expect([...texts(w)].sort()).toEqual(
      [...numbered(3, "first"), ...numbered(3, "second")].sort(),
    );
    expect(texts(w).filter((t) => t.startsWith("first"))).toEqual(numbered(3, "first"));
    expect(statuses(w).filter((s) => s !== 200)).toEqual([]);
  });

  it("refuses a notification when Script Properties are full, saying so, and loses none accepted", () => {
    const w = userWorld();
    w.chat.injectFaults("AAAAteam", [{ status: 503, retryAfterSeconds: 600 }]);
    valueOf(w.project.run("once", { text: "accepted before" }));
    for (let i = 0; i < 60; i++)
      w.project.scriptProperties.set(`user.archive.${i}`, "x".repeat(8 * 1024));
    // Properties written behind the outbox's back are noticed at its next measure (a drain's).
    w.project.advance(10 * 60_000);
    const refused = w.project.run("once", { text: "one too many" });
    expect(refused.error?.message).toMatch(/The Chat outbox is full.*NOT accepted/);
    runUntilDelivered(w, 60 * 60_000);
    expect(texts(w)).toEqual(["accepted before"]);
  });

  it("accepts a dedupe key once: a double-fired form submission posts one message", () => {
    const w = userWorld();
    const first = valueOf(
      w.project.run("once", { text: "Response from Ana", options: { dedupeKey: "resp-1" } }),
    );
    const second = valueOf(
      w.project.run("once", { text: "Response from Ana", options: { dedupeKey: "resp-1" } }),
    );
    expect(first).toMatchObject({ status: "delivered" });
    expect(second).toEqual({ id: null, status: "duplicate" });
    runUntilDelivered(w, 60 * 60_000);
    expect(texts(w)).toEqual(["Response from Ana"]);
  });

  it("coalesces a burst when asked: one message instead of twelve", () => {
    const w = userWorld();
    w.project.run("burst", {
      count: 12,
      prefix: "row",
      options: { coalesce: { group: "rows", after: 5 } },
    });
    runUntilDelivered(w, 60 * 60_000);
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual([
      "row 1",
      numbered(11, "row").slice(1).concat("row 12").join("\n"),
    ]);
  });

  it("keeps no trigger while the queue is empty, and never more than one one-shot pending", () => {
    const w = userWorld();
    w.project.run("burst", { count: 30 });
    const outbox = w.project.triggers.filter((t) => t.handler === "deliverOutbox");
    // One one-shot for the next round, and the recurring backstop behind it.
    expect(outbox.map((t) => t.schedule?.kind).sort()).toEqual(["minutes", "once"]);
    runUntilDelivered(w, 60 * 60_000);
    expect(w.project.triggers).toEqual([]);
    expect(everythingLogged(w)).not.toMatch(/token=[^R]/);
  });

  it("delivers every message once, in order, in a space where other apps use half the 60/minute", () => {
    const w = userWorld();
    w.chat.setBusy("AAAAteam", { otherWritesPerMinute: 30 });
    valueOf(w.project.run("burst", { count: 20 }));
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(texts(w)).toEqual(numbered(20));
    expect(statuses(w).filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});
