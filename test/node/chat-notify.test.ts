// The built chat-notify command, run as a child process against the emulated Chat space over
// loopback HTTP. Time in the space follows real time sped up 2 times, and the command is told the
// same scale, so pacing and backoff keep their proportions while the tests stay short.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startChatServer, type ChatServer, type CreatedWebhook } from "../../emulator/chat";
import { send } from "../../src/node";
import { realTimeClock, type RealTimeClock } from "../doubles/real-time-clock";
import { scaledClock } from "../../src/node/async-clock";
import { SpacePacer } from "../../src/node/pacer";

const SCALE = 0.5;
const COMMAND = path.join(__dirname, "../../bin/chat-notify.cjs");
/**
 * The command paces at 1,020 ms of the space's time. The space stamps a request when its worker
 * thread handles it, which on a busy machine can lag by a hundred real ms or more, twice that in
 * the space's time; so the space's quota here, and what the tests demand between two requests,
 * is 100 ms: an unpaced burst arrives within a few ms, a paced one rarely closer than 1,020.
 */
const PACED_MS = 100;
// Child processes on a busy machine: Jest's 5 s default is too tight for the 429 storm.
jest.setTimeout(30_000);

let time: RealTimeClock;
let server: ChatServer;
let space = 0;
let hook: CreatedWebhook;

beforeAll(() => {
  time = realTimeClock(SCALE);
  server = startChatServer({ clock: time.clock, seed: 15, quota: { minIntervalMs: PACED_MS } });
});
afterAll(async () => {
  await server.close();
  await time.stop();
});
beforeEach(() => {
  space++;
  hook = server.createWebhook(`node-${space}`, { name: "CI" });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The loopback form of a webhook URL: the server's origin in place of Chat's. */
function loopbackUrl(url: string): string {
  return url.replace("https://chat.googleapis.com", server.origin);
}

function run(
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string; url?: string | null } = {},
): Promise<Run> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    CHAT_NOTIFY_ALLOW_LOOPBACK: "1",
    CHAT_NOTIFY_TIME_SCALE: String(SCALE),
    ...(options.url === null ? {} : { CHAT_WEBHOOK_URL: options.url ?? loopbackUrl(hook.url) }),
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COMMAND, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (options.stdin === undefined) child.stdin.end();
    else child.stdin.end(options.stdin);
  });
}

function expectNoSecret(output: string): void {
  expect(output).not.toContain(hook.key);
  expect(output).not.toContain(hook.token);
  expect(output).not.toContain(encodeURIComponent(hook.token));
}

/** Arrival times of the requests that reached the space (faults included), in order. */
function arrivals(): number[] {
  return server.requests(hook.space).map((request) => request.time);
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

describe("chat-notify", () => {
  it("sends a text and prints the message's name", async () => {
    const result = await run(["Build 42 passed"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const [message] = server.messages(hook.space);
    expect(message?.text).toBe("Build 42 passed");
    expect(result.stdout.trim()).toBe(message?.name);
  });

  it("joins words given without quotes, and neutralises mentions unless the text is trusted", async () => {
    await run(["Build", "<users/all>", "broke"]);
    await run(["<users/all> look", "--trusted-text"]);
    const texts = server.messages(hook.space).map((m) => m.text);
    expect(texts).toEqual(["Build <\u200Busers/all> broke", "<users/all> look"]);
  });

  it("converts Markdown with --format markdown, keeping untrusted text inert", async () => {
    expect(
      (
        await run([
          "**Build 42** passed, see [the log](https://ci.example/42)",
          "--format",
          "markdown",
        ])
      ).code,
    ).toBe(0);
    const [message] = server.messages(hook.space);
    expect(message?.text).toMatch(/^\*Build 42\* passed/);
    expect(message?.text).not.toContain("<https://ci.example/42|");
  });

  it("posts messages with one --thread key in one thread", async () => {
    expect((await run(["Build 42 started", "--thread", "build-42"])).code).toBe(0);
    expect((await run(["Build 42 passed", "--thread", "build-42"])).code).toBe(0);
    const threads = server.threads(hook.space);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.threadKey).toBe("build-42");
    expect(threads[0]?.messages.map((m) => m.text)).toEqual([
      "Build 42 started",
      "Build 42 passed",
    ]);
    expect(server.messages(hook.space)[0]?.messageReplyOption).toBe(
      "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
    );
  });

  it("reads the text from standard input and splits a long one into paced parts of one thread", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${"x".repeat(20)}`);
    const result = await run([], { stdin: `${lines.join("\n")}\n` });
    expect(result.code).toBe(0);
    const messages = server.messages(hook.space);
    expect(messages.map((m) => m.text?.split("\n").pop())).toEqual(["(1/3)", "(2/3)", "(3/3)"]);
    expect(new Set(messages.map((m) => m.thread.name)).size).toBe(1);
    const rebuilt = messages.map((m) => m.text!.split("\n").slice(0, -1).join("\n")).join("\n");
    expect(rebuilt).toBe(lines.join("\n"));
    expect(result.stdout.trim().split("\n")).toEqual(messages.map((m) => m.name));
    for (const gap of gaps(arrivals())) expect(gap).toBeGreaterThanOrEqual(PACED_MS);
  });

  it("sends a card from a JSON file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chat-notify-"));
    const file = path.join(dir, "card.json");
    const card = {
      header: { title: "Deploy done" },
      sections: [{ widgets: [{ textParagraph: { text: "v1.2.3 is live" } }] }],
    };
    writeFileSync(file, JSON.stringify(card));
    expect((await run(["--card", file])).code).toBe(0);
    const [message] = server.messages(hook.space);
    expect(message?.cardsV2).toEqual([{ cardId: "card", card }]);
  });

  it("retries a 503 and delivers once", async () => {
    server.injectFaults(hook.space, [{ status: 503 }]);
    const result = await run(["after an outage"]);
    expect(result.code).toBe(0);
    expect(server.requests(hook.space).map((r) => r.answer)).toEqual([
      { kind: "response", status: 503 },
      { kind: "response", status: 200 },
    ]);
    expect(server.messages(hook.space)).toHaveLength(1);
  });

  it("rides out a 429 storm, keeping the parts in order and paced, Retry-After honoured", async () => {
    server.injectFaults(hook.space, [
      { status: 429 },
      { status: 429, retryAfterSeconds: 3 },
      { status: 429 },
      { status: 429 },
    ]);
    const text = Array.from({ length: 3 }, (_, i) => `${i}`.repeat(4000)).join("\n");
    const result = await run([], { stdin: text });
    expect(result.code).toBe(0);
    const answers = server.requests(hook.space).map((r) => r.answer);
    expect(answers.map((a) => (a.kind === "response" ? a.status : a.error))).toEqual([
      429, 429, 429, 429, 200, 200, 200,
    ]);
    expect(server.messages(hook.space).map((m) => m.text?.slice(-9))).toEqual([
      "000\n(1/3)",
      "111\n(2/3)",
      "222\n(3/3)",
    ]);
    const times = arrivals();
    // The request after the Retry-After answer waited those 3 s (backoff alone: under 2 s).
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(2500);
    // Every request waits its turn, retries included.
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(PACED_MS);
  });

  it("exits 4 on a 400, with Chat's reason and no secret on stderr", async () => {
    const wrongKey = loopbackUrl(hook.url).replace(`key=${hook.key}`, `key=${hook.key}x`);
    const result = await run(["hello"], { url: wrongKey });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/400 INVALID_ARGUMENT/);
    expect(result.stdout).toBe("");
    expectNoSecret(result.stderr);
    expect(server.requests(hook.space)).toHaveLength(1);
  });

  it("exits 2 and names the variable when it is not set", async () => {
    const result = await run(["hello"], { url: null });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/environment variable CHAT_WEBHOOK_URL is not set/);
    const named = await run(["hello", "--webhook", "ONCALL"], { url: null });
    expect(named.stderr).toMatch(/CHAT_WEBHOOK_URL_ONCALL is not set/);
  });

  it("reads a named webhook from CHAT_WEBHOOK_URL_<NAME>", async () => {
    const result = await run(["to on-call", "--webhook", "ONCALL"], {
      url: null,
      env: { CHAT_WEBHOOK_URL_ONCALL: loopbackUrl(hook.url) },
    });
    expect(result.code).toBe(0);
    expect(server.messages(hook.space).map((m) => m.text)).toEqual(["to on-call"]);
  });

  it("exits 2 on a bad URL without quoting it, and refuses loopback unless allowed", async () => {
    const bad = await run(["hello"], {
      url: `https://chat.googleapis.com/v1/spaces/S/webhooks?key=${hook.key}&token=${hook.token}`,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/CHAT_WEBHOOK_URL is not a usable Chat webhook URL/);
    expectNoSecret(bad.stderr);
    const loopback = await run(["hello"], { env: { CHAT_NOTIFY_ALLOW_LOOPBACK: "" } });
    expect(loopback.code).toBe(2);
    expect(loopback.stderr).toMatch(/refused unless CHAT_NOTIFY_ALLOW_LOOPBACK=1/);
    expect(server.requests(hook.space)).toHaveLength(0);
  });

  it("refuses a webhook URL given as an argument, without echoing it", async () => {
    const result = await run([hook.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/environment variable CHAT_WEBHOOK_URL/);
    expectNoSecret(result.stderr);
    const unknown = await run(["hi", `--url=${hook.url}`]);
    expect(unknown.code).toBe(2);
    expectNoSecret(unknown.stderr);
    expect(server.requests(hook.space)).toHaveLength(0);
  });

  it.each([
    [["hi", "--reply-option", "reply-or-fail"], /--reply-option needs --thread/],
    [["hi", "--thread", "t", "--reply-option", "sometimes"], /must be fallback or reply-or-fail/],
    [["hi", "--timeout", "soon"], /--timeout takes a number of seconds/],
    [["hi", "--format", "html"], /--format takes markdown/],
    [["hi", "--webhook", "on-call"], /Webhook name "on-call" is not valid/],
    [["--card", "/nonexistent/card.json"], /--card \/nonexistent\/card\.json could not be read/],
  ])("exits 2 on a wrong command line: %j", async (args, reason) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(server.requests(hook.space)).toHaveLength(0);
  });

  it("with --best-effort sends once, does not retry, and exits 0", async () => {
    server.injectFaults(hook.space, [{ status: 503 }]);
    const result = await run(["nice to know", "--best-effort"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/not sent \(best effort\).*503/);
    expect(server.requests(hook.space)).toHaveLength(1);
    expect(server.messages(hook.space)).toHaveLength(0);
  });

  it("gives up within --timeout and exits 5", async () => {
    server.injectFaults(
      hook.space,
      Array.from({ length: 50 }, () => ({ status: 503 as const })),
    );
    const result = await run(["during an outage", "--timeout", "4"]);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/not delivered after \d+ request\(s\).*503/);
    // It stopped long before the outage did.
    expect(server.requests(hook.space).length).toBeLessThan(20);
    expect(server.messages(hook.space)).toHaveLength(0);
  });

  it("exits 3 when reply-or-fail finds no thread, and replies when there is one", async () => {
    const missing = await run(["late", "--thread", "nope", "--reply-option", "reply-or-fail"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/not sent, no thread: Chat answered 404/);
    expect(server.messages(hook.space)).toHaveLength(0);
    await run(["Build 7 started", "--thread", "build-7"]);
    const reply = await run([
      "Build 7 passed",
      "--thread",
      "build-7",
      "--reply-option",
      "reply-or-fail",
    ]);
    expect(reply.code).toBe(0);
    expect(server.threads(hook.space)[0]?.messages).toHaveLength(2);
  });
});

describe("send() in one process", () => {
  it("paces concurrent sends to one space at one per second", async () => {
    const clock = scaledClock(SCALE);
    const pacer = new SpacePacer();
    const env = { CHAT_WEBHOOK_URL: loopbackUrl(hook.url), CHAT_NOTIFY_ALLOW_LOOPBACK: "1" };
    const results = await Promise.all(
      ["one", "two", "three", "four"].map((text) => send(text, { env, clock, pacer })),
    );
    expect(results.map((r) => r.kind)).toEqual([
      "delivered",
      "delivered",
      "delivered",
      "delivered",
    ]);
    expect(server.requests(hook.space)).toHaveLength(4);
    for (const gap of gaps(arrivals())) expect(gap).toBeGreaterThanOrEqual(PACED_MS);
  });

  it("returns an invalid result, sending nothing, for a message it cannot send", async () => {
    const env = { CHAT_WEBHOOK_URL: loopbackUrl(hook.url), CHAT_NOTIFY_ALLOW_LOOPBACK: "1" };
    const result = await send({ cards: [] } as never, { env });
    expect(result).toMatchObject({ kind: "invalid", requests: 0 });
    expect(result.kind === "invalid" && result.reason).toMatch(/cardsV2/);
  });
});
