// What an answer from Chat means for the message: delivered, worth retrying, never going to work,
// or (reply-or-fail) deliberately not sent.

import type { HttpAnswer } from "../ports";
import type { ReplyOption } from "./message";
import { redactSecrets } from "./webhook-url";

/** google.rpc.Status, as Chat sends it in an error body. Message and details are redacted. */
export interface ChatErrorStatus {
  readonly code: number;
  readonly message: string;
  /** The canonical code name, e.g. "PERMISSION_DENIED". */
  readonly status: string;
  readonly details?: readonly unknown[];
}

export type SendOutcome =
  | {
      readonly kind: "delivered";
      /** `spaces/S/messages/M` */
      readonly messageName: string;
      /** `spaces/S/threads/T`; Chat always sends it, but its absence does not undo the delivery. */
      readonly threadName: string | undefined;
    }
  | {
      readonly kind: "retryable";
      readonly reason: string;
      /** Absent when no HTTP answer arrived (network failure). */
      readonly httpStatus?: number;
      readonly status?: ChatErrorStatus;
      readonly retryAfterMs?: number;
    }
  | {
      readonly kind: "permanent";
      readonly reason: string;
      readonly httpStatus: number;
      readonly status?: ChatErrorStatus;
    }
  | {
      /** REPLY_MESSAGE_OR_FAIL found no thread: nothing was sent, as the sender asked. */
      readonly kind: "no-thread";
      readonly reason: string;
    };

// 408 (timeout), 409 ABORTED (a conflict that a retry resolves) and 499 CANCELLED say nothing about
// the message itself, like the 5xx and 429 answers.
const RETRYABLE_STATUSES = new Set([408, 409, 429, 499, 500, 502, 503, 504]);

const FIX_WEBHOOK = "copy the URL again from the space's Apps & integrations > Webhooks";
const HINTS: Readonly<Record<number, string>> = {
  400: "Chat rejected the message or the URL's key: check the text length, the cards and the key",
  401: `the webhook URL's token is wrong or the webhook was deleted: ${FIX_WEBHOOK}`,
  403: `the webhook URL's token is wrong, or the webhook or its space was deleted: ${FIX_WEBHOOK}`,
  404: `the webhook or its space no longer exists: ${FIX_WEBHOOK}`,
};

/** Classifies one answer; `replyOption` is the one the request was sent with. */
export function classifyAnswer(
  answer: HttpAnswer,
  replyOption: ReplyOption | undefined,
  now: number,
): SendOutcome {
  if (answer.kind === "network-error") {
    return { kind: "retryable", reason: oneLine(`Could not reach Chat: ${answer.message}`) };
  }
  const httpStatus = answer.status;
  if (httpStatus >= 200 && httpStatus < 300) return classifySuccess(httpStatus, answer.body);

  const status = parseChatError(answer.body);
  const said =
    status === undefined
      ? `Chat answered ${httpStatus}${describeBody(answer.body)}`
      : `Chat answered ${httpStatus} ${status.status}: ${status.message}`;
  if (httpStatus === 404 && replyOption === "replyOrFail") {
    return {
      kind: "no-thread",
      reason: oneLine(`${said} — no thread has this key, so nothing was sent (reply-or-fail)`),
    };
  }
  if (RETRYABLE_STATUSES.has(httpStatus)) {
    const retryAfter = answer.headers["retry-after"];
    const retryAfterMs = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
    return {
      kind: "retryable",
      reason: oneLine(said),
      httpStatus,
      ...(status === undefined ? {} : { status }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  const hint = HINTS[httpStatus];
  return {
    kind: "permanent",
    reason: oneLine(hint === undefined ? said : `${said} — ${hint}`),
    httpStatus,
    ...(status === undefined ? {} : { status }),
  };
}

function classifySuccess(httpStatus: number, body: string): SendOutcome {
  const message = parseJson(body);
  const name = fieldOf(message, "name");
  if (typeof name === "string" && name !== "") {
    const threadName = fieldOf(fieldOf(message, "thread"), "name");
    return {
      kind: "delivered",
      messageName: name,
      threadName: typeof threadName === "string" ? threadName : undefined,
    };
  }
  // Retrying could post the message twice, so an answer we cannot read is not retried.
  return {
    kind: "permanent",
    reason: oneLine(
      `Chat answered ${httpStatus} but not with a message${describeBody(body)}; ` +
        `it may or may not have been posted, so it is not sent again`,
    ),
    httpStatus,
  };
}

/** Reads `{"error": {code, message, status, details?}}` or the same fields at the top level. */
export function parseChatError(body: string): ChatErrorStatus | undefined {
  const parsed = parseJson(body);
  const error = fieldOf(parsed, "error");
  const fields = typeof error === "object" && error !== null ? error : parsed;
  const code = fieldOf(fields, "code");
  const message = fieldOf(fields, "message");
  const status = fieldOf(fields, "status");
  if (typeof code !== "number" || typeof message !== "string" || typeof status !== "string") {
    return undefined;
  }
  const details = fieldOf(fields, "details");
  const redactedDetails = Array.isArray(details) ? redactJson(details) : undefined;
  return {
    code,
    message: redactSecrets(message),
    status,
    ...(Array.isArray(redactedDetails) ? { details: redactedDetails } : {}),
  };
}

/** `Retry-After` as delay-seconds or an HTTP-date, in milliseconds from `now`; never negative. */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form starts with a day name; Date.parse alone would take "-5" for a year.
  const at = /^[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function fieldOf(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function redactJson(value: unknown): unknown {
  return parseJson(redactSecrets(JSON.stringify(value)));
}

/** A short, readable excerpt of a body that is not a Chat error (often Google's HTML error page). */
function describeBody(body: string): string {
  const text = redactSecrets(body)
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (text === "") return " with an empty body";
  return ` with: ${text.length > 200 ? `${text.slice(0, 200).trimEnd()}…` : text}`;
}

function oneLine(text: string): string {
  return redactSecrets(text.replace(/\s*[\r\n]+\s*/g, " "));
}
