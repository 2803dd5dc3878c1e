// chat-notify: the command. Parses the arguments, reads the message, calls send() once, and turns
// its result into an exit code a CI step can act on, with the reason on stderr.

import { ChatNotificationsError } from "../errors";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { CardWithId, ChatMessage, ReplyOption } from "../chat/message";
import { redactSecrets } from "../chat/webhook-url";
import { scaledClock } from "./async-clock";
import { DEFAULT_TIMEOUT_MS, send, type SendResult } from "./send";
import { ALLOW_LOOPBACK_VARIABLE, type Environment } from "./webhook-env";

export const EXIT_CODES = {
  delivered: 0,
  /** Best effort and not taken: the step goes on, as asked. */
  dropped: 0,
  /** A bug or an unexpected failure of the command itself. */
  internal: 1,
  /** Wrong arguments, message or webhook variable: fix the step. */
  invalid: 2,
  /** --reply-option reply-or-fail found no thread, so nothing was sent, as asked. */
  "not-sent-no-thread": 3,
  /** Chat refused the message and will again: fix the webhook or the message. */
  permanent: 4,
  /** Chat kept failing (429, 5xx, network) until the retries or --timeout ran out. */
  "gave-up": 5,
} as const;

/** For tests only: pacing, backoff and timeouts run this many times faster (with loopback only). */
export const TIME_SCALE_VARIABLE = "CHAT_NOTIFY_TIME_SCALE";

const USAGE = `Usage: chat-notify [TEXT...] [options]
Sends TEXT (or, without TEXT and --card, standard input) to a Google Chat space.
The webhook URL is read from the environment variable CHAT_WEBHOOK_URL, or
CHAT_WEBHOOK_URL_<NAME> with --webhook NAME; never from an argument.

Options:
  --card FILE          a card, a cardsV2 list or a whole message, as JSON
  --thread KEY         post in the thread with this key (started if need be)
  --reply-option OPT   with --thread: fallback (default) or reply-or-fail
  --trusted-text       let the text mention people and link (default: neutralised)
  --format markdown    the text is Markdown, converted to Chat's syntax
  --best-effort        send once and never retry; exit 0 even if Chat did not take it
  --timeout SECONDS    the longest the send may take, retries included (default ${DEFAULT_TIMEOUT_MS / 1000})
  --webhook NAME       use CHAT_WEBHOOK_URL_<NAME>
  --help               show this help

Exit codes: 0 delivered (or dropped with --best-effort), 2 invalid arguments or webhook,
3 not sent: no thread (reply-or-fail), 4 refused by Chat, 5 gave up after retries, 1 internal error.
`;

class UsageError extends ChatNotificationsError {
  override readonly name = "UsageError";
  readonly code = "CLI_USAGE";
}

interface Io {
  readonly argv: readonly string[];
  readonly env: Environment;
  readonly stdin: () => Promise<string | undefined>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export async function runCli(io: Io): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseCommandLine(io.argv);
    if (parsed.help) {
      io.out(USAGE);
      return EXIT_CODES.delivered;
    }
  } catch (error) {
    // parseArgs reports a bad command line as a TypeError with an ERR_PARSE_ARGS code; any other
    // TypeError is a bug.
    if (!(error instanceof Error) || (error instanceof TypeError && !isArgsError(error))) {
      throw error;
    }
    io.err(`chat-notify: ${redactSecrets(error.message)}\nRun chat-notify --help for usage.\n`);
    return EXIT_CODES.invalid;
  }
  let message: ChatMessage;
  try {
    message = await readMessage(parsed, io.stdin);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    io.err(`chat-notify: ${redactSecrets(error.message)}\n`);
    return EXIT_CODES.invalid;
  }
  const scale = timeScale(io.env);
  const result = await send(message, {
    ...(parsed.webhook === undefined ? {} : { webhook: parsed.webhook }),
    ...(parsed.thread === undefined ? {} : { threadKey: parsed.thread }),
    ...(parsed.replyOption === undefined ? {} : { replyOption: parsed.replyOption }),
    trustedText: parsed.trustedText,
    ...(parsed.markdown ? { format: "markdown" as const } : {}),
    bestEffort: parsed.bestEffort,
    timeoutMs: parsed.timeoutMs,
    env: io.env,
    ...(scale === undefined ? {} : { clock: scaledClock(scale) }),
  });
  report(result, io);
  return EXIT_CODES[result.kind];
}

function report(result: SendResult, io: Io): void {
  switch (result.kind) {
    case "delivered":
      io.out(`${result.messageNames.join("\n")}\n`);
      return;
    case "dropped":
      io.err(`chat-notify: not sent (best effort): ${result.reason}\n`);
      return;
    case "not-sent-no-thread":
      io.err(`chat-notify: not sent, no thread: ${result.reason}\n`);
      return;
    case "invalid":
      io.err(`chat-notify: nothing sent: ${result.reason}\n`);
      return;
    default:
      io.err(`chat-notify: not delivered after ${result.requests} request(s): ${result.reason}\n`);
  }
}

interface Parsed {
  readonly help: boolean;
  readonly text: string | undefined;
  readonly card: string | undefined;
  readonly thread: string | undefined;
  readonly replyOption: ReplyOption | undefined;
  readonly trustedText: boolean;
  readonly markdown: boolean;
  readonly bestEffort: boolean;
  readonly timeoutMs: number;
  readonly webhook: string | undefined;
}

const REPLY_OPTIONS: Readonly<Record<string, ReplyOption>> = {
  fallback: "fallbackToNewThread",
  fallbackToNewThread: "fallbackToNewThread",
  "reply-or-fail": "replyOrFail",
  replyOrFail: "replyOrFail",
};

function parseCommandLine(argv: readonly string[]): Parsed {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      card: { type: "string" },
      thread: { type: "string" },
      "reply-option": { type: "string" },
      "trusted-text": { type: "boolean" },
      format: { type: "string" },
      "best-effort": { type: "boolean" },
      timeout: { type: "string" },
      webhook: { type: "string" },
    },
  });
  for (const value of [...positionals, ...Object.values(values)]) {
    if (typeof value === "string" && /^https?:\/\/\S*[?&](key|token)=/i.test(value)) {
      throw new UsageError(
        "a webhook URL was given as an argument, where any process list shows it: put it in " +
          "the environment variable CHAT_WEBHOOK_URL (in CI, from a secret) and leave it out",
      );
    }
  }
  const replyName = values["reply-option"];
  const replyOption = replyName === undefined ? undefined : REPLY_OPTIONS[replyName];
  if (replyName !== undefined && replyOption === undefined) {
    throw new UsageError(`--reply-option must be fallback or reply-or-fail, not "${replyName}"`);
  }
  if (values.format !== undefined && values.format !== "markdown") {
    throw new UsageError(`--format takes markdown (or leave it out), not "${values.format}"`);
  }
  if (replyOption !== undefined && values.thread === undefined) {
    throw new UsageError("--reply-option needs --thread: it says how to reply in that thread");
  }
  return {
    help: values.help === true,
    text: positionals.length === 0 ? undefined : positionals.join(" "),
    card: values.card,
    thread: values.thread,
    replyOption,
    trustedText: values["trusted-text"] === true,
    markdown: values.format === "markdown",
    bestEffort: values["best-effort"] === true,
    timeoutMs: parseTimeout(values.timeout),
    webhook: values.webhook,
  };
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0)) {
    throw new UsageError(`--timeout takes a number of seconds above 0, such as 90, not "${value}"`);
  }
  return seconds * 1000;
}

function isArgsError(error: Error): boolean {
  return String((error as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS");
}

async function readMessage(
  parsed: Parsed,
  stdin: () => Promise<string | undefined>,
): Promise<ChatMessage> {
  let text = parsed.text;
  const cards = parsed.card === undefined ? undefined : readCardFile(parsed.card);
  if (text === undefined && cards === undefined) {
    const piped = await stdin();
    if (piped === undefined) {
      throw new UsageError("no message: give TEXT, --card FILE, or pipe text to standard input");
    }
    text = piped.replace(/\r?\n$/, "");
  }
  return { ...cards, ...(text === undefined ? {} : { text }) };
}

/** A card file holds a card ({header, sections}), a cardsV2 list, or a message with cardsV2. */
function readCardFile(file: string): ChatMessage {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--card ${file} could not be read as JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(json)) return { cardsV2: json as CardWithId[] };
  if (typeof json === "object" && json !== null) {
    if ("sections" in json)
      return { cardsV2: [{ cardId: "card", card: json as CardWithId["card"] }] };
    if ("cardsV2" in json || "text" in json) return json as ChatMessage;
  }
  throw new UsageError(
    `--card ${file} holds neither a card ({"sections": [...]}), a cardsV2 list, nor a message ` +
      `with cardsV2`,
  );
}

function timeScale(env: Environment): number | undefined {
  const value = env[TIME_SCALE_VARIABLE];
  if (value === undefined || env[ALLOW_LOOPBACK_VARIABLE] !== "1") return undefined;
  const scale = Number(value);
  return scale > 0 && scale <= 1 ? scale : undefined;
}
