// Webhook URLs: parsing, redaction and query surgery. Everything here is string work on purpose:
// Apps Script has no URL or URLSearchParams, and re-encoding a query would change a token ending
// in %3D, which Chat then rejects.

import { ChatNotificationsError } from "../errors";
import type { ReplyOption } from "./message";

/**
 * A validated incoming-webhook URL. `url` is a secret: never put it in a message; the logger and
 * redactWebhookValues remove its key and token by value, redactWebhookUrl by pattern.
 */
export interface WebhookUrl {
  readonly url: string;
  /** The `{space}` id in `/v1/spaces/{space}/messages`; not a secret. */
  readonly space: string;
}

const PREFIX = "https://chat.googleapis.com/v1/spaces/";
const FIX = "copy it again from the space's Apps & integrations > Webhooks";

/** The URL is unusable. The message names where it came from and never quotes the URL. */
export class WebhookUrlError extends ChatNotificationsError {
  override readonly name = "WebhookUrlError";
  readonly code = "WEBHOOK_URL_INVALID";

  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source} is not a usable Chat webhook URL: ${problem} — ${FIX}`);
  }
}

/** Validates a webhook URL; `source` says where it came from, e.g. "Script Property CHAT_WEBHOOK_URL". */
export function parseWebhookUrl(url: string, source: string): WebhookUrl {
  // Pasting often brings a trailing newline or space along; anything inside the URL is an error.
  const trimmed = url.trim();
  const fail = (problem: string): never => rejectWebhookUrl(source, problem);
  if (trimmed === "") fail("it is empty");
  if (/\s/.test(trimmed)) fail("it contains spaces or line breaks");
  if (!trimmed.startsWith(PREFIX)) {
    if (/^http:\/\//i.test(trimmed)) fail(`it uses http://; it must start with ${PREFIX}`);
    fail(`it must start with ${PREFIX}`);
  }
  if (trimmed.includes("#")) fail("it contains a # fragment, which webhook URLs never have");
  const queryStart = trimmed.indexOf("?");
  const path = queryStart < 0 ? trimmed : trimmed.slice(0, queryStart);
  const space = /^([A-Za-z0-9_-]+)\/messages$/.exec(path.slice(PREFIX.length))?.[1];
  if (space === undefined) return fail("its path must be /v1/spaces/SPACE_ID/messages");
  const params = queryStart < 0 ? [] : parseQuery(trimmed.slice(queryStart + 1));
  for (const name of ["key", "token"]) {
    const values = params.filter((param) => param.name === name).map((param) => param.value);
    if (values.length === 0) fail(`it has no ${name}= parameter`);
    if (values.length > 1) fail(`it has more than one ${name}= parameter`);
    if (values[0] === "") fail(`its ${name}= parameter is empty`);
  }
  for (const { name, value } of params) {
    if (name === "key" || name === "token") continue;
    if (name !== REPLY_OPTION_NAME) fail(unknownParameter(name));
    if (!NEUTRAL_REPLY_OPTIONS.includes(value)) fail(replyOptionInUrl(value));
  }
  // The reply option is set per message (withReplyOption); a neutral one in the URL is dropped so
  // it cannot linger on a message without a thread. Key and token stay byte-exact.
  const kept = params.filter((param) => param.name !== REPLY_OPTION_NAME).map((param) => param.raw);
  return { url: `${path}?${kept.join("&")}`, space };
}

const REPLY_OPTION_NAME = "messageReplyOption";
/** Values that ask for nothing beyond what withReplyOption sets for a threaded message anyway. */
const NEUTRAL_REPLY_OPTIONS = [
  "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
  "MESSAGE_REPLY_OPTION_UNSPECIFIED",
];

function unknownParameter(name: string): string {
  const shown = redactSecrets(name).slice(0, 40);
  if (name === "threadKey") {
    return (
      "it has a threadKey= parameter, which Chat has deprecated (it can start a new thread for " +
      "every message): remove it and give the thread key per message (threadKey option)"
    );
  }
  return (
    `it has a parameter "${shown}" that webhook URLs do not have (only key= and token=): ` +
    `remove it`
  );
}

function replyOptionInUrl(value: string): string {
  if (value === "REPLY_MESSAGE_OR_FAIL") {
    return (
      "it has messageReplyOption=REPLY_MESSAGE_OR_FAIL, which makes Chat refuse every message " +
      'that has no thread yet: remove it, and pass replyOption: "replyOrFail" with a threadKey ' +
      "on the messages that must only reply"
    );
  }
  return (
    `its messageReplyOption "${redactSecrets(value).slice(0, 40)}" is not one Chat knows: ` +
    "remove it; the reply option is given per message"
  );
}

function rejectWebhookUrl(source: string, problem: string): never {
  throw new WebhookUrlError(source, problem);
}

/** The URL with its key and token values replaced by REDACTED. Takes any string; never throws. */
export function redactWebhookUrl(url: string): string {
  return redactSecrets(url);
}

const SECRET_NAME = "(?:key|token|api[_-]?key|access[_-]?token)";
// The name must start the parameter: after `?`, `&`, a non-word character, or their
// percent- or JSON-escaped forms (a URL quoted inside another URL or inside JSON).
const PARAMETER = new RegExp(
  `(^|[^A-Za-z0-9_]|%26|%3F|\\\\u0026|\\\\u003f)(${SECRET_NAME})(=|%3D|\\\\u003d)(["']?)((?:(?!%26)[^&\\s"'<>#\\\\,;)\\]}])+)`,
  "gi",
);
const JSON_FIELD = new RegExp(`("${SECRET_NAME}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)"`, "gi");

/** Free text (an error message, a JSON body) with every key=/token= value hidden. */
export function redactSecrets(text: string): string {
  return text
    .replace(PARAMETER, (_match, before: string, name: string, equals: string, quote: string) => {
      return `${before}${name}${equals}${quote}REDACTED`;
    })
    .replace(JSON_FIELD, (_match, start: string) => `${start}REDACTED"`);
}

/**
 * `text` with the key and token of each of `webhookUrls` removed in every form the project can
 * predict (raw, percent-decoded, -encoded and double-encoded, HTML entities, JSON escapes), and
 * then every key=/token= value by pattern. Takes any strings; never throws.
 */
export function redactWebhookValues(text: string, webhookUrls: readonly string[]): string {
  const forms = new Set<string>();
  for (const url of webhookUrls) {
    for (const secret of secretValues(url)) for (const form of spellings(secret)) forms.add(form);
  }
  let redacted = text;
  // Longest first, so that no shorter form leaves a piece of a longer one behind.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    redacted = redacted.split(form).join("REDACTED");
  }
  return redactSecrets(redacted);
}

/** Shorter values could be ordinary words; Chat's keys and tokens are far longer. */
const MIN_SECRET_CHARS = 8;

/** The key and token of a URL, decoded once; each also without its `=` padding. */
function secretValues(url: string): string[] {
  const queryStart = url.indexOf("?");
  if (queryStart < 0) return [];
  const values: string[] = [];
  for (const { name, value } of parseQuery(url.slice(queryStart + 1))) {
    if (name !== "key" && name !== "token") continue;
    const decoded = decodeOnce(value);
    values.push(value, decoded, decoded.replace(/=+$/, ""));
  }
  return values.filter((value) => value.length >= MIN_SECRET_CHARS);
}

function spellings(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const unicodeEscaped = (upper: boolean) =>
    secret.replace(/[^A-Za-z0-9_.~-]/g, (c) => {
      const code = c.charCodeAt(0).toString(16).padStart(4, "0");
      return `\\u${upper ? code.toUpperCase() : code}`;
    });
  const decimalEntities = secret.replace(/[^A-Za-z0-9_.~-]/g, (c) => `&#${c.charCodeAt(0)};`);
  const hexEntities = (upper: boolean) =>
    secret.replace(/[^A-Za-z0-9_.~-]/g, (c) => {
      const code = c.charCodeAt(0).toString(16);
      return `&#x${upper ? code.toUpperCase() : code};`;
    });
  return [
    secret,
    encoded,
    encodeURIComponent(encoded),
    encoded.replace(/%([0-9A-F]{2})/g, (_m, h: string) => `%${h.toLowerCase()}`),
    json,
    unicodeEscaped(false),
    unicodeEscaped(true),
    decimalEntities,
    hexEntities(false),
    hexEntities(true),
    secret.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
  ];
}

function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

const REPLY_OPTION_PARAMETER: Record<ReplyOption, string> = {
  fallbackToNewThread: "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
  replyOrFail: "REPLY_MESSAGE_OR_FAIL",
};

/**
 * Sets `messageReplyOption` for the option, or removes it when there is none (Chat then starts a
 * new thread and ignores any threadKey). The rest of the URL stays byte-identical.
 */
export function withReplyOption(url: string, option?: ReplyOption): string {
  return withQueryParameter(
    url,
    "messageReplyOption",
    option === undefined ? undefined : REPLY_OPTION_PARAMETER[option],
  );
}

/**
 * Sets `requestId`, which makes spaces.messages.create idempotent for apps. Whether webhooks honour
 * it is undocumented, so correctness must not depend on it.
 */
export function withRequestId(url: string, requestId: string): string {
  return withQueryParameter(url, "requestId", encodeURIComponent(requestId));
}

function withQueryParameter(url: string, name: string, encodedValue: string | undefined): string {
  const queryStart = url.indexOf("?");
  const base = queryStart < 0 ? url : url.slice(0, queryStart);
  const kept = queryStart < 0 ? [] : url.slice(queryStart + 1).split("&");
  const parameters = kept.filter((raw) => raw !== "" && raw.split("=", 1)[0] !== name);
  if (encodedValue !== undefined) parameters.push(`${name}=${encodedValue}`);
  return parameters.length === 0 ? base : `${base}?${parameters.join("&")}`;
}

function parseQuery(query: string): { name: string; value: string; raw: string }[] {
  return query
    .split("&")
    .filter((raw) => raw !== "")
    .map((raw) => {
      const equals = raw.indexOf("=");
      return equals < 0
        ? { name: raw, value: "", raw }
        : { name: raw.slice(0, equals), value: raw.slice(equals + 1), raw };
    });
}
