import { VirtualClock } from "../../../emulator/clock";
import { ChatEmulator } from "../../../emulator/chat/space/chat-emulator";
import type { WireAnswer } from "../../../emulator/transport";

const SPACE = "AAAAteam";
const JSON_TYPE = "application/json; charset=UTF-8";

function setUp(
  options: {
    quota?: { minIntervalMs?: number; writesPerMinute?: number };
    replyOrFailUnknownKey?: "fail" | "create";
  } = {},
) {
  const clock = new VirtualClock();
  const chat = new ChatEmulator({ now: () => clock.now(), ...options });
  const hook = chat.createWebhook(SPACE, { name: "Ops" });
  const post = (url: string, body: unknown, contentType = JSON_TYPE): WireAnswer =>
    chat.handle({
      method: "POST",
      url,
      headers: { "content-type": contentType },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { clock, chat, hook, post };
}

function responseOf(answer: WireAnswer) {
  if (answer.kind !== "response") throw new Error(`expected a response, got ${answer.error}`);
  return { status: answer.status, headers: answer.headers, json: JSON.parse(answer.body) as any };
}

describe("ChatEmulator", () => {
  describe("webhook URLs", () => {
    it("look like Chat's: shared AIzaSy key of 39 characters, 43-character token ending in %3D", () => {
      const { chat, hook } = setUp();
      const other = chat.createWebhook("AAAAother");
      expect(hook.url).toMatch(
        /^https:\/\/chat\.googleapis\.com\/v1\/spaces\/AAAAteam\/messages\?key=AIzaSy[A-Za-z0-9_-]{33}&token=[A-Za-z0-9_-]{43}%3D$/,
      );
      expect(hook.key).toHaveLength(39);
      expect(hook.token).toMatch(/^[A-Za-z0-9_-]{43}=$/);
      expect(other.key).toBe(hook.key);
      expect(other.token).not.toBe(hook.token);
    });

    it("are the same for the same seed and differ for another", () => {
      const now = () => 0;
      const a = new ChatEmulator({ now, seed: 7 }).createWebhook(SPACE);
      const b = new ChatEmulator({ now, seed: 7 }).createWebhook(SPACE);
      const c = new ChatEmulator({ now, seed: 8 }).createWebhook(SPACE);
      expect(b.url).toBe(a.url);
      expect(c.url).not.toBe(a.url);
    });
  });

  describe("success", () => {
    it("answers 200 with only the message name and the thread name", () => {
      const { post, hook, chat, clock } = setUp();
      const { status, headers, json } = responseOf(post(hook.url, { text: "Row 7 is *done*" }));
      expect(status).toBe(200);
      expect(headers["content-type"]).toBe(JSON_TYPE);
      expect(Object.keys(json).sort()).toEqual(["name", "thread"]);
      expect(Object.keys(json.thread)).toEqual(["name"]);
      expect(json.name).toMatch(/^spaces\/AAAAteam\/messages\/([A-Za-z0-9_-]{11})\.\1$/);
      expect(json.thread.name).toMatch(/^spaces\/AAAAteam\/threads\/[A-Za-z0-9_-]{11}$/);
      const [stored] = chat.messages(SPACE);
      expect(stored).toMatchObject({
        name: json.name,
        text: "Row 7 is *done*",
        thread: { name: json.thread.name },
        webhookName: "Ops",
        createTime: clock.now(),
      });
    });
  });

  describe("auth", () => {
    it("refuses a wrong API key with Google's API_KEY_INVALID error", () => {
      const { post, hook, chat } = setUp();
      const url = hook.url.replace(/key=[^&]+/, "key=AIzaSyNotTheRightKeyAtAll0000000000000");
      const { status, json } = responseOf(post(url, { text: "hi" }));
      expect(status).toBe(400);
      expect(json).toEqual({
        error: {
          code: 400,
          message: "API key not valid. Please pass a valid API key.",
          status: "INVALID_ARGUMENT",
          details: [
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              reason: "API_KEY_INVALID",
              domain: "googleapis.com",
              metadata: { service: "chat.googleapis.com" },
            },
          ],
        },
      });
      expect(chat.messages(SPACE)).toEqual([]);
    });

    it("refuses a wrong token with 403 PERMISSION_DENIED", () => {
      const { post, hook } = setUp();
      const url = hook.url.replace(
        /token=[^&]+/,
        "token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D",
      );
      expect(responseOf(post(url, { text: "hi" })).json).toEqual({
        error: {
          code: 403,
          message: "The caller does not have permission",
          status: "PERMISSION_DENIED",
        },
      });
    });

    it("decodes the token once: '=' equals '%3D', but a double-encoded '%253D' fails", () => {
      const { post, hook, clock } = setUp();
      expect(responseOf(post(hook.url.replace(/%3D$/, "="), { text: "plain =" })).status).toBe(200);
      clock.advance(1_000);
      expect(responseOf(post(hook.url.replace(/%3D$/, "%253D"), { text: "double" })).status).toBe(
        403,
      );
    });

    it("answers a deleted webhook as a bad token (403), while the space's other webhooks still work", () => {
      const { post, hook, chat } = setUp();
      const other = chat.createWebhook(SPACE, { name: "Sales" });
      chat.deleteWebhook(hook.url);
      expect(responseOf(post(hook.url, { text: "hi" })).status).toBe(403);
      expect(responseOf(post(other.url, { text: "hi" })).status).toBe(200);
    });

    it("does not let one space's token post to another space", () => {
      const { post, hook, chat } = setUp();
      const other = chat.createWebhook("AAAAother");
      const url = other.url.replace("AAAAother", SPACE);
      expect(responseOf(post(url, { text: "hi" })).status).toBe(403);
      expect(responseOf(post(hook.url, { text: "hi" })).status).toBe(200);
    });
  });

  describe("request line and content type", () => {
    it("answers other paths with Google's HTML 404 and GET with 401 (messages.list needs OAuth)", () => {
      const { chat, hook } = setUp();
      const wrongPath = chat.handle({
        method: "POST",
        url: hook.url.replace("/messages?", "/message?"),
        headers: { "content-type": JSON_TYPE },
        body: "{}",
      });
      expect(wrongPath).toMatchObject({ kind: "response", status: 404 });
      expect(wrongPath.kind === "response" && wrongPath.headers["content-type"]).toMatch(
        /^text\/html/,
      );
      const get = chat.handle({ method: "GET", url: hook.url, headers: {}, body: "" });
      expect(responseOf(get).json.error.status).toBe("UNAUTHENTICATED");
    });

    it("refuses UrlFetchApp's default form content type the way Google binds form bodies", () => {
      const { post, hook, chat } = setUp();
      const { status, json } = responseOf(
        post(hook.url, '{"text":"hi"}', "application/x-www-form-urlencoded"),
      );
      expect(status).toBe(400);
      expect(json.error.message).toBe(
        `Invalid JSON payload received. Unknown name "{"text":"hi"}": Cannot bind query parameter. Field '{"text":"hi"}' could not be found in request message.`,
      );
      expect(chat.messages(SPACE)).toEqual([]);
    });

    it("refuses an unknown messageReplyOption value and unknown query parameters with 400", () => {
      const { post, hook } = setUp();
      const bad = responseOf(post(`${hook.url}&messageReplyOption=REPLY_PLEASE`, { text: "hi" }));
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toBe(
        `Invalid value at 'message_reply_option' (type.googleapis.com/google.chat.v1.CreateMessageRequest.MessageReplyOption), "REPLY_PLEASE"`,
      );
      const unknown = responseOf(post(`${hook.url}&replyOption=x`, { text: "hi" }));
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.message).toContain(`Unknown name "replyOption"`);
    });
  });

  describe("quota", () => {
    it("accepts one write per second per space and answers 429 to a write 999 ms after the last", () => {
      const { post, hook, clock, chat } = setUp();
      expect(responseOf(post(hook.url, { text: "1" })).status).toBe(200);
      clock.advance(999);
      const refused = responseOf(post(hook.url, { text: "2" }));
      expect(refused.json).toEqual({
        error: {
          code: 429,
          message: "Resource has been exhausted (e.g. check quota).",
          status: "RESOURCE_EXHAUSTED",
        },
      });
      clock.advance(1);
      expect(responseOf(post(hook.url, { text: "3" })).status).toBe(200);
      expect(chat.messages(SPACE).map((m) => m.text)).toEqual(["1", "3"]);
    });

    it("shares the quota between all webhooks of a space, not between spaces", () => {
      const { post, hook, clock, chat } = setUp();
      const sales = chat.createWebhook(SPACE, { name: "Sales" });
      const elsewhere = chat.createWebhook("AAAAother");
      expect(responseOf(post(hook.url, { text: "ops" })).status).toBe(200);
      clock.advance(500);
      expect(responseOf(post(sales.url, { text: "sales" })).status).toBe(429);
      expect(responseOf(post(elsewhere.url, { text: "other space" })).status).toBe(200);
    });

    it("judges the interval from the last accepted write, so refused writes do not extend it", () => {
      const { post, hook, clock } = setUp();
      post(hook.url, { text: "a" });
      clock.advance(600);
      expect(responseOf(post(hook.url, { text: "b" })).status).toBe(429);
      clock.advance(400);
      expect(responseOf(post(hook.url, { text: "c" })).status).toBe(200);
    });

    it("allows 60 writes per minute per space", () => {
      const { post, hook, clock, chat } = setUp({ quota: { minIntervalMs: 0 } });
      for (let i = 0; i < 60; i++) {
        expect(responseOf(post(hook.url, { text: `m${i}` })).status).toBe(200);
        clock.advance(100);
      }
      // 6 s after the first write: the minute is full.
      expect(responseOf(post(hook.url, { text: "61st" })).status).toBe(429);
      clock.advanceTo(chat.messages(SPACE)[0]!.createTime + 60_000);
      expect(responseOf(post(hook.url, { text: "next minute" })).status).toBe(200);
    });
  });

  describe("a busy space", () => {
    it("counts other apps' writes against the space's 60 a minute, so 1/s pacing meets 429s", () => {
      const { post, hook, clock, chat } = setUp();
      chat.setBusy(SPACE, { otherWritesPerMinute: 20 });
      const statuses: number[] = [];
      for (let i = 0; i < 120; i++) {
        clock.advance(1_000);
        statuses.push(responseOf(post(hook.url, { text: `m${i}` })).status);
      }
      const refused = statuses.filter((s) => s === 429).length;
      expect(refused).toBeGreaterThanOrEqual(30);
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(2 * 40 + 1);
      chat.setBusy(SPACE, { otherWritesPerMinute: 0 });
      clock.advance(60_000);
      expect(responseOf(post(hook.url, { text: "quiet" })).status).toBe(200);
      expect(() => chat.setBusy(SPACE, { otherWritesPerMinute: 60 })).toThrow(/0 to 59/);
    });
  });

  describe("threading", () => {
    const fallback = "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    const orFail = "&messageReplyOption=REPLY_MESSAGE_OR_FAIL";

    it("with REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD starts a thread for a new key and replies to a known one", () => {
      const { post, hook, clock, chat } = setUp();
      const first = responseOf(
        post(hook.url + fallback, { text: "row 7 new", thread: { threadKey: "row-7" } }),
      );
      clock.advance(1_000);
      post(hook.url + fallback, { text: "row 9 new", thread: { threadKey: "row-9" } });
      clock.advance(1_000);
      const reply = responseOf(
        post(hook.url + fallback, { text: "row 7 done", thread: { threadKey: "row-7" } }),
      );
      expect(reply.json.thread.name).toBe(first.json.thread.name);
      expect(chat.threads(SPACE).map((t) => [t.threadKey, t.messages.map((m) => m.text)])).toEqual([
        ["row-7", ["row 7 new", "row 7 done"]],
        ["row-9", ["row 9 new"]],
      ]);
      const replyMessage = chat.messages(SPACE)[2]!;
      expect(replyMessage).toMatchObject({
        startedThread: false,
        messageReplyOption: "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
        thread: { threadKey: "row-7" },
      });
    });

    it("with REPLY_MESSAGE_OR_FAIL replies to a known key, and answers 404 storing nothing for an unknown one", () => {
      const { post, hook, clock, chat } = setUp();
      post(hook.url + fallback, { text: "start", thread: { threadKey: "row-7" } });
      clock.advance(1_000);
      expect(
        responseOf(post(hook.url + orFail, { text: "reply", thread: { threadKey: "row-7" } }))
          .status,
      ).toBe(200);
      clock.advance(1_000);
      const missing = responseOf(
        post(hook.url + orFail, { text: "lost?", thread: { threadKey: "row-8" } }),
      );
      expect(missing.json).toEqual({
        error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" },
      });
      expect(chat.messages(SPACE).map((m) => m.text)).toEqual(["start", "reply"]);
      // A refused reply is not an accepted write: the next second is free.
      clock.advance(1_000);
      expect(responseOf(post(hook.url, { text: "after" })).status).toBe(200);
    });

    it("without messageReplyOption starts a new thread every time, ignoring the body's threadKey", () => {
      const { post, hook, clock, chat } = setUp();
      const a = responseOf(post(hook.url, { text: "a", thread: { threadKey: "row-7" } }));
      clock.advance(1_000);
      const b = responseOf(post(hook.url, { text: "b", thread: { threadKey: "row-7" } }));
      expect(b.json.thread.name).not.toBe(a.json.thread.name);
      expect(chat.threads(SPACE)).toHaveLength(2);
      expect(chat.messages(SPACE)[0]!.thread.threadKey).toBeUndefined();
    });

    it("with REPLY_MESSAGE_OR_FAIL in 'create' mode starts a thread for an unknown key, as the reference says", () => {
      const { post, hook, clock, chat } = setUp({ replyOrFailUnknownKey: "create" });
      const first = responseOf(post(hook.url + orFail, { text: "a", thread: { threadKey: "k" } }));
      expect(first.status).toBe(200);
      clock.advance(1_000);
      const second = responseOf(post(hook.url + orFail, { text: "b", thread: { threadKey: "k" } }));
      expect(second.json.thread.name).toBe(first.json.thread.name);
      clock.advance(1_000);
      // Without a key there is nothing to create a thread for.
      expect(responseOf(post(hook.url + orFail, { text: "c" })).status).toBe(404);
      expect(chat.threads(SPACE).map((t) => [t.threadKey, t.messages.length])).toEqual([["k", 2]]);
      expect(() => setUp({ replyOrFailUnknownKey: "maybe" as "fail" })).toThrow(/fail.*create/);
    });

    it("starts a new thread each time for the deprecated threadKey= parameter without messageReplyOption", () => {
      const { post, hook, clock, chat } = setUp();
      const a = responseOf(post(`${hook.url}&threadKey=row-7`, { text: "a" }));
      clock.advance(1_000);
      const b = responseOf(post(`${hook.url}&threadKey=row-7`, { text: "b" }));
      expect(b.json.thread.name).not.toBe(a.json.thread.name);
      clock.advance(1_000);
      const c = responseOf(post(`${hook.url}&threadKey=row-9${fallback}`, { text: "c" }));
      clock.advance(1_000);
      const d = responseOf(post(`${hook.url}&threadKey=row-9${fallback}`, { text: "d" }));
      expect(d.json.thread.name).toBe(c.json.thread.name);
      expect(chat.threads(SPACE)).toHaveLength(3);
    });

    it("scopes thread keys to the webhook: the same key from another webhook is another thread", () => {
      const { post, hook, clock, chat } = setUp();
      const sales = chat.createWebhook(SPACE, { name: "Sales" });
      const ops = responseOf(
        post(hook.url + fallback, { text: "ops", thread: { threadKey: "daily" } }),
      );
      clock.advance(1_000);
      const fromSales = responseOf(
        post(sales.url + orFail, { text: "sales", thread: { threadKey: "daily" } }),
      );
      expect(fromSales.status).toBe(404);
      clock.advance(1_000);
      const salesThread = responseOf(
        post(sales.url + fallback, { text: "sales", thread: { threadKey: "daily" } }),
      );
      expect(salesThread.json.thread.name).not.toBe(ops.json.thread.name);
    });

    it("accepts thread keys up to 4,000 characters and refuses longer ones", () => {
      const { post, hook, clock } = setUp();
      expect(
        responseOf(
          post(hook.url + fallback, { text: "k", thread: { threadKey: "k".repeat(4_000) } }),
        ).status,
      ).toBe(200);
      clock.advance(1_000);
      expect(
        responseOf(
          post(hook.url + fallback, { text: "k", thread: { threadKey: "k".repeat(4_001) } }),
        ).status,
      ).toBe(400);
    });
  });

  describe("faults", () => {
    it("consumes scripted faults one per request, in order, then answers normally", () => {
      const { post, hook, chat } = setUp();
      chat.injectFaults(SPACE, [
        { status: 503, retryAfterSeconds: 7 },
        { status: 500 },
        { status: 502 },
        { status: 504 },
        { status: 429 },
      ]);
      const answers = [1, 2, 3, 4, 5, 6].map(() => post(hook.url, { text: "try" }));
      expect(answers.map((a) => a.kind === "response" && a.status)).toEqual([
        503, 500, 502, 504, 429, 200,
      ]);
      const first = answers[0]!;
      expect(first.kind === "response" && first.headers["retry-after"]).toBe("7");
      expect(responseOf(first).json.error.status).toBe("UNAVAILABLE");
      expect(responseOf(answers[1]!).json.error.status).toBe("INTERNAL");
      expect(answers[2]!.kind === "response" && answers[2]!.body).toContain("<b>502.</b>");
      expect(responseOf(answers[3]!).json.error.status).toBe("DEADLINE_EXCEEDED");
      expect(chat.messages(SPACE)).toHaveLength(1);
      expect(chat.pendingFaults(SPACE)).toEqual([]);
    });

    it("fails below HTTP for network faults; Timeout takes UrlFetchApp's 60 s of virtual time", () => {
      const { post, hook, chat } = setUp();
      chat.injectFaults(SPACE, [
        { network: "DNS error" },
        { network: "Timeout" },
        { network: "Address unavailable" },
      ]);
      expect(post(hook.url, { text: "x" })).toEqual({
        kind: "network-error",
        error: "DNS error",
        elapsedMs: 0,
      });
      expect(post(hook.url, { text: "x" })).toEqual({
        kind: "network-error",
        error: "Timeout",
        elapsedMs: 60_000,
      });
      expect(post(hook.url, { text: "x" })).toMatchObject({
        kind: "network-error",
        error: "Address unavailable",
      });
      expect(chat.messages(SPACE)).toEqual([]);
    });

    it("delays an answer in virtual time without changing it", () => {
      const { post, hook, chat } = setUp();
      chat.injectFaults(SPACE, [{ delayMs: 2_500 }]);
      const answer = post(hook.url, { text: "slow" });
      expect(answer).toMatchObject({ kind: "response", status: 200, elapsedMs: 2_500 });
    });

    it("stores the message but loses the answer, so a retry posts it twice", () => {
      const { post, hook, clock, chat } = setUp();
      chat.injectFaults(SPACE, [{ lostAnswer: true }]);
      expect(post(hook.url, { text: "once?" })).toMatchObject({
        kind: "network-error",
        error: "Address unavailable",
      });
      clock.advance(1_000);
      expect(responseOf(post(hook.url, { text: "once?" })).status).toBe(200);
      expect(chat.messages(SPACE).map((m) => m.text)).toEqual(["once?", "once?"]);
    });

    it("clearFaults drops the faults not consumed yet", () => {
      const { post, hook, chat } = setUp();
      chat.injectFaults(SPACE, [{ status: 500 }, { status: 500 }]);
      chat.clearFaults(SPACE);
      expect(responseOf(post(hook.url, { text: "ok" })).status).toBe(200);
    });
  });

  describe("inspection", () => {
    it("records every request with its virtual time and answer, and counts by status", () => {
      const { post, hook, clock, chat } = setUp();
      const start = clock.now();
      chat.injectFaults(SPACE, [{ status: 503 }, { network: "Timeout" }]);
      post(hook.url, { text: "a" });
      post(hook.url, { text: "a" });
      post(hook.url, { text: "a" });
      clock.advance(10);
      post(hook.url, { text: "b" });
      post(hook.url.replace(/token=[^&]+/, "token=nope"), { text: "c" });
      expect(chat.requests(SPACE).map((r) => [r.time - start, r.answer])).toEqual([
        [0, { kind: "response", status: 503 }],
        [0, { kind: "network-error", error: "Timeout" }],
        [0, { kind: "response", status: 200 }],
        [10, { kind: "response", status: 429 }],
        [10, { kind: "response", status: 403 }],
      ]);
      expect(chat.requests(SPACE)[2]).toMatchObject({
        webhookName: "Ops",
        messageName: chat.messages(SPACE)[0]!.name,
      });
      expect(chat.counters(SPACE)).toEqual({
        accepted: 1,
        rejectedByStatus: { 503: 1, 429: 1, 403: 1 },
        networkErrors: 1,
      });
    });

    it("says which space is unknown instead of returning nothing", () => {
      const { chat } = setUp();
      expect(() => chat.messages("AAAAtypo")).toThrow(/"AAAAtypo" is unknown/);
    });
  });
});
