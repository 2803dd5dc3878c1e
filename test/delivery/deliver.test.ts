import { ChatEmulator, inProcessTransport } from "../../emulator/chat";
import { DEFAULT_RETRY_POLICY } from "../../src/chat/retry-policy";
import {
  acceptAndDeliver,
  DEFAULT_DELIVERY_OPTIONS,
  drainOutbox,
  type Accepted,
} from "../../src/delivery/deliver";
import { toNotification } from "../../src/delivery/notification";
import { OutboxFullError, OutboxView } from "../../src/delivery/outbox-store";
import { requeueDeadLetters } from "../../src/delivery/settle";
import { describeStatus, outboxStatus } from "../../src/delivery/status";
import { ENGLISH } from "../../src/i18n/texts";
import { LockTimeoutError, type HttpRequest, type ScriptLock } from "../../src/ports";
import {
  chatError,
  chatSuccess,
  FakeClock,
  MemoryStore,
  memoryDeliveryPorts,
  runPendingTriggers,
  ScriptedHttp,
  WEBHOOK_A,
  WEBHOOK_B,
} from "../doubles/memory-ports";

/** Text that does not compress: a page cannot hold it, so it is stored alone under its id. */
function noise(chars: number, alphabet?: string): string {
  let seed = 12345;
  let text = "";
  for (let i = 0; i < chars; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    // Without an alphabet: any of 8,192 CJK characters, 3 bytes each in UTF-8.
    text += alphabet
      ? alphabet[seed % alphabet.length]
      : String.fromCodePoint(0x4e00 + (seed % 8192));
  }
  return text;
}

function world() {
  const clock = new FakeClock();
  const store = new MemoryStore();
  store.values.set("CHAT_WEBHOOK_URL", WEBHOOK_A);
  store.values.set("CHAT_WEBHOOK_URL_OTHER", WEBHOOK_B);
  const http = new ScriptedHttp(clock, (request) =>
    chatSuccess(request.url.includes("BBBB") ? "BBBB" : "AAAA"),
  );
  const ports = memoryDeliveryPorts(clock, store, http, 7);
  const { logger, triggers } = ports;
  const options = DEFAULT_DELIVERY_OPTIONS;
  const notify = (text: string, extra: Partial<Accepted> & { options?: object } = {}) =>
    acceptAndDeliver(ports, options, [
      { notification: toNotification(text, extra.options), ...extra },
    ]);
  const status = () => outboxStatus(new OutboxView(store.getAll()));
  // The notifications sent: a request that carried several joins their lines.
  const texts = () =>
    http.sent.flatMap((s) => (JSON.parse(s.request.body).text as string).split("\n"));
  const runTriggers = (limit = 20) => runPendingTriggers(ports, options, limit);
  return {
    clock,
    store,
    http,
    logger,
    triggers,
    ports,
    options,
    notify,
    status,
    texts,
    runTriggers,
  };
}

describe("acceptAndDeliver and drainOutbox", () => {
  it("in one execution, a loop of notify() calls sends once at once; the trigger sends the rest in one request", () => {
    const clock = new FakeClock();
    const store = new MemoryStore();
    store.values.set("CHAT_WEBHOOK_URL", WEBHOOK_A);
    const http = new ScriptedHttp(clock, () => chatSuccess("AAAA"));
    const loop = memoryDeliveryPorts(clock, store, http, 3, { oneExecution: true });
    const notify = (text: string) =>
      acceptAndDeliver(loop, DEFAULT_DELIVERY_OPTIONS, [{ notification: toNotification(text) }]);
    notify("message 1");
    store.calls = { get: 0, getAll: 0, setMany: 0, delete: 0 };
    for (let i = 2; i <= 40; i++) notify(`message ${i}`);
    expect(http.sent).toHaveLength(1);
    // Each later call reads the state and its webhook (the Apps Script adapter reads a webhook
    // once an execution) and writes once, joining this execution's page: nothing grows with the
    // queue, and no id is looked up, since nobody wrote since this execution did.
    expect(store.calls).toEqual({ get: 78, getAll: 0, setMany: 39, delete: 0 });
    const pages = [...store.values.keys()].filter((k) => k.startsWith("chat.outbox.page."));
    expect(pages).toHaveLength(1);
    const trigger = memoryDeliveryPorts(clock, store, http, 4);
    for (const [id, t] of loop.triggers.pending) trigger.triggers.pending.set(id, t);
    runPendingTriggers(trigger, DEFAULT_DELIVERY_OPTIONS);
    const texts = http.sent.flatMap((s) => (JSON.parse(s.request.body).text as string).split("\n"));
    expect(texts).toEqual(Array.from({ length: 40 }, (_, i) => `message ${i + 1}`));
    expect(http.sent).toHaveLength(2);
    expect([...store.values.keys()].filter((k) => k.startsWith("chat.outbox.page."))).toEqual([]);
  });

  it("delivers a notification at once and leaves nothing behind: no entry, no trigger", () => {
    const w = world();
    const report = w.notify("Deploy finished");
    expect(report.accepted).toEqual([{ kind: "queued", id: "e000000001" }]);
    expect(report.outcomes).toEqual({ e000000001: "delivered" });
    expect(w.texts()).toEqual(["Deploy finished"]);
    expect(w.status()).toMatchObject({ queued: 0, delivered: 1, pendingTriggerAt: null });
    expect(w.triggers.pending.size).toBe(0);
  });

  it("paces a burst to one request per second per space, in order, with one pending one-shot and the backstop", () => {
    const w = world();
    for (let i = 1; i <= 5; i++) w.notify(`message ${i}`);
    expect(w.texts()).toEqual(["message 1"]);
    const pending = [...w.triggers.pending.values()];
    expect(pending.filter((t) => t.everyMs === undefined)).toHaveLength(1);
    expect(pending.filter((t) => t.everyMs === 5 * 60_000)).toHaveLength(1);
    w.runTriggers();
    expect(w.texts()).toEqual(["message 1", "message 2", "message 3", "message 4", "message 5"]);
    const times = w.http.sent.map((s) => s.at);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    }
    expect(w.status().queued).toBe(0);
    expect(w.triggers.pending.size).toBe(0);
  });

  it("sends to different spaces in the same round, in one fetchAll", () => {
    const w = world();
    const fetchAll = jest.spyOn(w.http, "fetchAll");
    acceptAndDeliver(w.ports, w.options, [
      { notification: toNotification("to A") },
      { notification: toNotification("to B", { webhook: "OTHER" }) },
    ]);
    expect(fetchAll).toHaveBeenCalledTimes(1);
    expect(fetchAll.mock.calls[0]![0].map((r: HttpRequest) => r.url)).toEqual([
      WEBHOOK_A,
      WEBHOOK_B,
    ]);
  });

  it("retries a 503 and holds back only the same thread, keeping its order", () => {
    const w = world();
    let failures = 1;
    w.http.respond = (request) => {
      if (JSON.parse(request.body).text === "ticket 1: opened" && failures-- > 0) {
        return chatError(503, "UNAVAILABLE", "The service is currently unavailable.", {
          "retry-after": "30",
        });
      }
      return chatSuccess();
    };
    w.notify("ticket 1: opened", { options: { threadKey: "ticket-1" } });
    w.notify("ticket 1: closed", { options: { threadKey: "ticket-1" } });
    w.notify("ticket 2: opened", { options: { threadKey: "ticket-2" } });
    w.runTriggers();
    expect(w.texts()).toEqual([
      "ticket 1: opened",
      "ticket 2: opened",
      "ticket 1: opened",
      "ticket 1: closed",
    ]);
    expect(w.status()).toMatchObject({ queued: 0, delivered: 3, retried: 1 });
  });

  it("does not wake the queue sooner for an unthreaded newcomer behind a retry; a threaded one does", () => {
    const w = world();
    w.http.respond = () =>
      chatError(503, "UNAVAILABLE", "The service is currently unavailable.", {
        "retry-after": "120",
      });
    w.notify("first");
    const oneShots = () =>
      [...w.triggers.pending.values()].filter((t) => t.everyMs === undefined).map((t) => t.at);
    const retryAt = Math.min(...oneShots());
    expect(retryAt - w.clock.now()).toBeGreaterThanOrEqual(120_000);
    w.clock.sleep(4000);
    w.notify("second");
    expect(Math.min(...oneShots())).toBe(retryAt);
    w.notify("in a thread", { options: { threadKey: "t-1" } });
    expect(Math.min(...oneShots()) - w.clock.now()).toBeLessThanOrEqual(2000);
  });

  it("gathers a waiting queue's small pages into one, and still delivers each once, in order", () => {
    const w = world();
    w.http.respond = () => chatError(503, "UNAVAILABLE", "down", { "retry-after": "600" });
    // Each its own execution, as form submissions are: a page each.
    for (let i = 1; i <= 12; i++) w.notify(`message ${i}`);
    const pages = () => [...w.store.values.keys()].filter((k) => k.startsWith("chat.outbox.page."));
    expect(pages()).toHaveLength(12);
    drainOutbox(w.ports, w.options);
    expect(pages()).toHaveLength(1);
    const tried = w.texts().length; // message 1, sent at once, answered 503
    w.http.respond = () => chatSuccess();
    w.clock.sleep(11 * 60_000);
    w.runTriggers();
    expect(w.texts().slice(tried)).toEqual(
      Array.from({ length: 12 }, (_, i) => `message ${i + 1}`),
    );
    expect(pages()).toEqual([]);
  });

  it("makes a 400 a dead letter at once, with the reason, and requeues it on request", () => {
    const w = world();
    w.http.respond = () => chatError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    w.notify("bad");
    expect(w.http.sent).toHaveLength(1);
    const status = w.status();
    expect(status.queued).toBe(0);
    expect(status.deadLetters).toEqual([
      expect.objectContaining({
        id: "e000000001",
        webhook: "default",
        reason: expect.stringContaining("400 INVALID_ARGUMENT"),
        preview: "bad",
      }),
    ]);
    expect(w.logger.lines.filter((l) => l.level === "error")).toHaveLength(1);

    w.http.respond = () => chatSuccess();
    const view = new OutboxView(w.store.getAll());
    expect(requeueDeadLetters(view, w.clock.now())).toBe(1);
    const { write } = view.changes();
    w.store.setMany(write);
    w.store.delete(view.changes().remove);
    w.clock.sleep(2000);
    drainOutbox(w.ports, w.options);
    expect(w.texts()).toEqual(["bad", "bad"]);
    expect(w.status()).toMatchObject({ queued: 0, deadLetters: [] });
  });

  it("marks the webhook failing on a 403 and never retries it", () => {
    const w = world();
    w.http.respond = () =>
      chatError(403, "PERMISSION_DENIED", "The caller does not have permission");
    w.notify("hello");
    w.runTriggers();
    expect(w.http.sent).toHaveLength(1);
    expect(w.status().webhooks.default).toMatchObject({ state: "failing" });
  });

  it("accepts a dedupe key once", () => {
    const w = world();
    w.notify("form response 17", { dedupeKey: "response-17" });
    const again = w.notify("form response 17", { dedupeKey: "response-17" });
    expect(again.accepted).toEqual([{ kind: "duplicate", dedupeKey: "response-17" }]);
    w.runTriggers();
    expect(w.texts()).toEqual(["form response 17"]);
  });

  it("coalesces a burst of one group into one message", () => {
    const w = world();
    w.http.respond = () => chatError(503, "UNAVAILABLE", "down");
    w.notify("first"); // occupies the space's slot and fails, so the burst waits behind it
    w.http.respond = () => chatSuccess();
    for (let i = 1; i <= 6; i++) {
      w.notify(`row ${i} done`, { coalesce: { group: "rows", after: 3 } });
    }
    w.runTriggers();
    expect(w.http.sent.map((s) => JSON.parse(s.request.body).text)).toEqual([
      "first",
      "first",
      ["row 1 done", "row 2 done", "row 3 done", "row 4 done", "row 5 done", "row 6 done"].join(
        "\n",
      ),
    ]);
  });

  it("batches the waiting messages of a lane into one request, in order, within Chat's limits", () => {
    const w = world();
    w.http.respond = () => chatError(503, "UNAVAILABLE", "down");
    w.notify("first"); // fails, so what follows waits behind it
    w.http.respond = () => chatSuccess();
    const long = "x".repeat(1500);
    for (let i = 1; i <= 6; i++) w.notify(`${i} ${long}`);
    w.notify("alone", { batch: false });
    acceptAndDeliver(w.ports, w.options, [
      { notification: toNotification("not batched"), batch: false },
    ]);
    w.runTriggers();
    const bodies = w.http.sent.map((s) => JSON.parse(s.request.body).text as string);
    // 4,096 characters a message: two of 1,502 fit with "first", then two, then two; batch: false
    // goes alone.
    expect(bodies.map((t) => t.split("\n").map((line) => line.split(" ")[0]))).toEqual([
      ["first"],
      ["first", "1", "2"],
      ["3", "4"],
      ["5", "6"],
      ["alone"],
      ["not"],
    ]);
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(4096);
    expect(w.status().queued).toBe(0);
  });

  it("refuses a notification when the store is full, and accepts nothing", () => {
    const w = world();
    w.http.respond = () => chatError(503, "UNAVAILABLE", "down");
    for (let i = 0; i < 62; i++) w.store.values.set(`user.data.${i}`, "x".repeat(8000));
    expect(() => w.notify("one more")).toThrow(OutboxFullError);
    expect(() => w.notify("one more")).toThrow(
      /NOT accepted: .*To make room: this script's other properties take \d+ KB: remove the ones it no longer needs/,
    );
    expect(w.status().queued).toBe(0);
  });

  it("notices the store filling behind its back: measured again after 6 hours", () => {
    const w = world();
    w.notify("first");
    for (let i = 0; i < 62; i++) w.store.values.set(`user.data.${i}`, "x".repeat(8000));
    w.clock.sleep(6 * 60 * 60_000);
    expect(() => w.notify("one more")).toThrow(OutboxFullError);
  });

  it("refuses with the store's own quota error turned into the real cause", () => {
    const w = world();
    w.notify("first");
    // Filled behind the outbox's back, at once: only Apps Script's quota error can tell.
    for (let i = 0; i < 63; i++) w.store.values.set(`user.data.${i}`, "x".repeat(8100));
    expect(() => w.notify(noise(3000, "abcdefghijklmnopqrstuvwxyz0123456789"))).toThrow(
      /NOT accepted: Script Properties hold/,
    );
    expect(w.status().queued).toBe(0);
  });

  it("stores an entry larger than 9 KB in pieces and delivers it whole", () => {
    const w = world();
    w.http.respond = () => chatError(503, "UNAVAILABLE", "down");
    const text = noise(4000); // 12 KB of UTF-8 that does not compress
    w.notify(text);
    expect([...w.store.values.keys()].filter((k) => k.startsWith("chat.outbox.entry."))).toEqual([
      "chat.outbox.entry.e000000001",
      "chat.outbox.entry.e000000001#1",
    ]);
    w.http.respond = () => chatSuccess();
    w.runTriggers();
    expect(w.texts().at(-1)).toBe(text);
    expect([...w.store.values.keys()].filter((k) => k.startsWith("chat.outbox.entry."))).toEqual(
      [],
    );
  });

  it("takes up an entry claimed by an execution that died, once its lease ends", () => {
    const w = world();
    w.http.respond = () => {
      throw new Error("Exceeded maximum execution time");
    };
    // Accepted before the send failed: notify() does not throw, the trigger takes it up.
    expect(w.notify("survives").accepted).toEqual([{ kind: "queued", id: "e000000001" }]);
    w.http.respond = () => chatSuccess();
    w.clock.sleep(30_000);
    drainOutbox(w.ports, w.options);
    expect(w.http.sent).toHaveLength(1); // still claimed by the execution that died
    w.clock.sleep(DEFAULT_DELIVERY_OPTIONS.pacing.leaseMs);
    drainOutbox(w.ports, w.options);
    expect(w.texts()).toEqual(["survives", "survives"]);
    expect(w.status().queued).toBe(0);
  });

  it("retries until the deadline, at most 5 minutes apart, then keeps a dead letter", () => {
    const w = world();
    const acceptedAt = w.clock.now();
    w.http.respond = () => chatError(500, "INTERNAL", "Internal error encountered.");
    w.notify("doomed");
    w.runTriggers(2000);
    const times = w.http.sent.map((s) => s.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
    expect(times.at(-1)! - acceptedAt).toBe(DEFAULT_RETRY_POLICY.deadlineMs);
    expect(w.status().deadLetters[0]?.reason).toMatch(
      /500 INTERNAL.*gave up after \d+ attempts over 24 h: the retry deadline/,
    );
  });

  it("never writes a webhook key or token in a log line or a dead letter", () => {
    const w = world();
    w.http.respond = () => ({
      kind: "network-error",
      message:
        "Address unavailable: https://chat.googleapis.com/v1/spaces/AAAA/messages?key=REDACTED&token=REDACTED",
    });
    w.notify("x");
    w.runTriggers(100);
    const everything = JSON.stringify([
      w.logger.lines,
      [...w.store.values.entries()].filter(([k]) => k.startsWith("chat.")),
    ]);
    expect(everything).not.toContain("FAKEtokenAAAA");
    expect(everything).not.toContain("AIzaSy-FAKE-key-A");
  });
});

describe("requestId (off by default)", () => {
  it("lets a space that honours requestId drop the repeat after a lost answer: one message", () => {
    const w = world();
    const chat = new ChatEmulator({ now: () => w.clock.now(), honourRequestIds: true });
    const webhook = chat.createWebhook("AAAA");
    w.store.values.set("CHAT_WEBHOOK_URL", webhook.url);
    const transport = inProcessTransport(chat);
    w.http.respond = (request) => {
      const answer = transport({
        method: "POST",
        url: request.url,
        headers: { "content-type": "application/json; charset=UTF-8" },
        body: request.body,
      });
      return answer.kind === "response"
        ? { kind: "response", status: answer.status, body: answer.body, headers: answer.headers }
        : { kind: "network-error", message: answer.error };
    };
    chat.injectFaults("AAAA", [{ lostAnswer: true }]);
    const options = {
      ...DEFAULT_DELIVERY_OPTIONS,
      pacing: { ...DEFAULT_DELIVERY_OPTIONS.pacing, requestIds: true },
    };
    acceptAndDeliver(w.ports, options, [{ notification: toNotification("exactly once") }]);
    runPendingTriggers(w.ports, options, 10);
    expect(w.http.sent).toHaveLength(2);
    expect(w.http.sent[0]!.request.url).toMatch(/&requestId=e000000001-[a-z0-9]+$/);
    expect(chat.messages("AAAA").map((m) => m.text)).toEqual(["exactly once"]);
  });
});

describe("an outbox property edited by hand", () => {
  it("is shown by the status, not dropped in silence", () => {
    const w = world();
    w.store.values.set("chat.outbox.entry.e000000009", "3|{not json");
    const status = w.status();
    expect(status.damaged).toEqual([
      { key: "chat.outbox.entry.e000000009", problem: "a piece is missing or it is not JSON" },
    ]);
    expect(describeStatus(status, ENGLISH.status)).toContain(
      "  chat.outbox.entry.e000000009: a piece is missing or it is not JSON",
    );
  });
});

/** A script lock that times out for the next `failures` tries, as when another execution holds it. */
function contendedLock(): ScriptLock & { failures: number; tries: number } {
  const lock = {
    failures: 0,
    tries: 0,
    withLock<T>(_timeout: number, action: () => T): T {
      lock.tries++;
      if (lock.failures > 0) {
        lock.failures--;
        throw new LockTimeoutError("held by another execution");
      }
      return action();
    },
  };
  return lock;
}

describe("lock timeouts", () => {
  it("a drain that cannot get the lock leaves a trigger behind: its fired one is spent", () => {
    const w = world();
    const lock = contendedLock();
    const ports = { ...w.ports, lock };
    w.http.respond = () => chatError(503, "UNAVAILABLE", "down");
    acceptAndDeliver(ports, w.options, [{ notification: toNotification("waits") }]);
    const [fired] = [...w.triggers.pending].find(([, t]) => t.everyMs === undefined)!;
    w.triggers.pending.delete(fired!); // Apps Script's one-shot has fired
    lock.failures = 2;
    drainOutbox(ports, w.options, fired);
    // The backstop stands behind the spent one-shot, and a quicker try is asked for.
    expect([...w.triggers.pending.values()].map((t) => t.everyMs ?? "once").sort()).toEqual([
      300_000,
      "once",
    ]);
    w.http.respond = () => chatSuccess();
    w.runTriggers();
    expect(w.texts()).toEqual(["waits", "waits"]);
    expect(w.status().queued).toBe(0);
  });

  it("recording an answer tries the lock again rather than sending twice", () => {
    const w = world();
    const lock = contendedLock();
    const ports = { ...w.ports, lock };
    w.http.respond = (request) => {
      lock.failures = 3; // another execution takes the lock while the request is out
      return chatSuccess(request.url.includes("BBBB") ? "BBBB" : "AAAA");
    };
    const report = acceptAndDeliver(ports, w.options, [{ notification: toNotification("once") }]);
    expect(report.outcomes).toEqual({ e000000001: "delivered" });
    w.runTriggers();
    expect(w.texts()).toEqual(["once"]);
  });
});

describe("a batch of notifications", () => {
  it("refuses only the one whose webhook property is missing, and says which", () => {
    const w = world();
    const report = acceptAndDeliver(w.ports, w.options, [
      { notification: toNotification("to the default") },
      { notification: toNotification("to a missing one", { webhook: "GONE" }) },
      { notification: toNotification("to the other", { webhook: "OTHER" }) },
    ]);
    expect(report.accepted).toEqual([
      { kind: "queued", id: "e000000001" },
      {
        kind: "refused",
        reason: expect.stringMatching(/^Script Property CHAT_WEBHOOK_URL_GONE is not set/),
      },
      { kind: "queued", id: "e000000002" },
    ]);
    w.runTriggers();
    expect(w.texts()).toEqual(["to the default", "to the other"]);
  });

  it("costs notify() the same reads and writes with 1,000 queued as with none", () => {
    const w = world();
    w.http.respond = () => chatError(503, "UNAVAILABLE", "down");
    const measure = () => {
      const before = { ...w.store.calls };
      const bytesBefore = JSON.stringify([...w.store.values]).length;
      w.notify("one more");
      return {
        calls: Object.fromEntries(
          Object.entries(w.store.calls).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
        ),
        bytes: JSON.stringify([...w.store.values]).length - bytesBefore,
      };
    };
    w.notify("first");
    const empty = measure();
    for (let i = 0; i < 1000; i++) w.notify(`queued ${i}`);
    w.clock.sleep(60_000);
    const busy = measure();
    expect(busy.calls.getAll).toBe(0);
    expect(busy.calls).toEqual(empty.calls);
  });
});
