// What `notify(message, options)` accepts, checked and normalised once, before anything is sent or
// queued. Errors name the argument and say what would be accepted.
import { markdownToChat } from "../chat/markdown";
import type { ChatMessage, ReplyOption } from "../chat/message";
import { neutraliseText } from "../chat/neutralise";
import { MAX_THREAD_KEY_CHARS } from "../chat/request";
import { webhookPropertyName } from "../chat/webhook-property";
import { ChatNotificationsError } from "../errors";

export interface NotifyOptions {
  /** A webhook NAME: the URL is read from Script Property CHAT_WEBHOOK_URL_<NAME>. */
  webhook?: string;
  /** Messages with the same key go to the same thread. */
  threadKey?: string;
  /** With a threadKey: reply or start the thread (default), or reply only. */
  replyOption?: ReplyOption;
  /** Text written by the script's author on purpose may mention and link; default false. */
  trustedText?: boolean;
  /** A notification with a key accepted in the last 24 hours is dropped as a repeat. */
  dedupeKey?: string;
  /** When more than `after` notifications of `group` wait for one thread, send them as one. */
  coalesce?: { group: string; after: number };
  /** Not critical: send at most once, now if Chat's pacing allows; never retry, never keep. */
  bestEffort?: boolean;
  /** false: never share a request with other waiting notifications of the same thread. */
  batch?: boolean;
  /** "markdown": the text is Markdown, converted to Chat's syntax (and neutralised unless trusted). */
  format?: "markdown";
  /** Emails to @mention, each resolved to a Chat user before the message is queued. */
  mentions?: string | readonly string[];
}

/** A message ready for delivery: validated, with untrusted text neutralised. */
export interface Notification {
  /** Undefined for the default webhook (CHAT_WEBHOOK_URL). */
  readonly webhook: string | undefined;
  readonly message: ChatMessage;
  readonly threadKey: string | undefined;
  readonly replyOption: ReplyOption | undefined;
}

export class NotifyArgumentError extends ChatNotificationsError {
  override name = "NotifyArgumentError";
  readonly code = "NOTIFY_ARGUMENT";
}

const OPTION_NAMES = [
  "webhook",
  "threadKey",
  "replyOption",
  "trustedText",
  "dedupeKey",
  "coalesce",
  "bestEffort",
  "batch",
  "format",
  "mentions",
];
const REPLY_OPTIONS: readonly ReplyOption[] = ["fallbackToNewThread", "replyOrFail"];

function fail(problem: string): never {
  throw new NotifyArgumentError(`notify: ${problem}`);
}

function checkOptions(options: unknown): NotifyOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) {
    fail(`options must be an object such as { webhook: "ONCALL" }, not ${typeof options}`);
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) {
      fail(`unknown option "${name}"; the options are ${OPTION_NAMES.join(", ")}`);
    }
  }
  const {
    webhook,
    threadKey,
    replyOption,
    trustedText,
    dedupeKey,
    coalesce,
    bestEffort,
    batch,
    format,
    mentions,
  } = options as Record<string, unknown>;
  if (bestEffort !== undefined && typeof bestEffort !== "boolean") {
    fail("options.bestEffort must be true or false");
  }
  if (batch !== undefined && typeof batch !== "boolean")
    fail("options.batch must be true or false");
  if (webhook !== undefined) {
    if (typeof webhook !== "string") fail("options.webhook must be a webhook NAME string");
    webhookPropertyName(webhook);
  }
  if (threadKey !== undefined) {
    if (typeof threadKey !== "string" || threadKey.length === 0) {
      fail("options.threadKey must be a non-empty string");
    }
    if (threadKey.length > MAX_THREAD_KEY_CHARS) {
      fail(`options.threadKey is ${threadKey.length} characters; Chat accepts at most 4,000`);
    }
  }
  if (replyOption !== undefined && !REPLY_OPTIONS.includes(replyOption as ReplyOption)) {
    fail(`options.replyOption must be "fallbackToNewThread" or "replyOrFail"`);
  }
  if (replyOption !== undefined && threadKey === undefined) {
    fail("options.replyOption needs options.threadKey: it says how to reply in that thread");
  }
  if (trustedText !== undefined && typeof trustedText !== "boolean") {
    fail("options.trustedText must be true or false");
  }
  if (dedupeKey !== undefined && (typeof dedupeKey !== "string" || dedupeKey === "")) {
    fail("options.dedupeKey must be a non-empty string, such as a form response id");
  }
  if (coalesce !== undefined) {
    const { group, after } = (coalesce ?? {}) as Record<string, unknown>;
    if (
      typeof group !== "string" ||
      group === "" ||
      !Number.isInteger(after) ||
      (after as number) < 1
    ) {
      fail(`options.coalesce must look like { group: "status-changes", after: 5 }`);
    }
  }
  if (format !== undefined && format !== "markdown") {
    fail(`options.format must be "markdown" (or left out for Chat's own text syntax)`);
  }
  const mentionList = typeof mentions === "string" ? [mentions] : mentions;
  if (
    mentions !== undefined &&
    !(Array.isArray(mentionList) && mentionList.every((m) => typeof m === "string"))
  ) {
    fail(`options.mentions must be an email or a list of emails, such as ["ana@example.com"]`);
  }
  return options as NotifyOptions;
}

function checkMessage(message: unknown, trustedText: boolean, markdown: boolean): ChatMessage {
  const textOf = (text: string) =>
    markdown
      ? markdownToChat(text, { trusted: trustedText })
      : trustedText
        ? text
        : neutraliseText(text);
  if (typeof message === "string") {
    if (message.trim() === "") fail("the message is empty: pass some text or a message object");
    return { text: textOf(message) };
  }
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    fail("the message must be a string or an object with text and/or cardsV2");
  }
  const { text, cardsV2, fallbackText, cards, thread } = message as Record<string, unknown>;
  if (cards !== undefined) {
    fail("cards (v1) is deprecated by Chat: use cardsV2, e.g. built with the card builders");
  }
  if (thread !== undefined) fail("set the thread with options.threadKey, not message.thread");
  if (text !== undefined && typeof text !== "string") fail("message.text must be a string");
  if (cardsV2 !== undefined && !Array.isArray(cardsV2)) fail("message.cardsV2 must be an array");
  if (fallbackText !== undefined && typeof fallbackText !== "string") {
    fail("message.fallbackText must be a string");
  }
  const hasText = typeof text === "string" && text.trim() !== "";
  const hasCards = Array.isArray(cardsV2) && cardsV2.length > 0;
  if (!hasText && !hasCards) fail("the message has neither text nor cardsV2: nothing to send");
  return {
    ...(hasText ? { text: textOf(text as string) } : {}),
    ...(hasCards ? { cardsV2: cardsV2 as ChatMessage["cardsV2"] } : {}),
    // The phone shows fallbackText as the notification: untrusted, it is neutralised like text.
    ...(typeof fallbackText === "string"
      ? { fallbackText: trustedText ? fallbackText : neutraliseText(fallbackText) }
      : {}),
  };
}

/** Checks notify()'s arguments; throws NotifyArgumentError saying what to change. */
export function parseNotifyArguments(
  message: unknown,
  options?: unknown,
): {
  notification: Notification;
  dedupeKey?: string;
  coalesce?: { group: string; after: number };
  bestEffort?: boolean;
  batch?: boolean;
  /** Resolved by the caller (it has the People sheet, the cache, the directory) before queueing. */
  mentions?: readonly string[];
} {
  const checked = checkOptions(options);
  const { mentions } = checked;
  return {
    notification: notificationOf(message, checked),
    ...(checked.bestEffort === true ? { bestEffort: true } : {}),
    ...(checked.batch === false ? { batch: false } : {}),
    ...(mentions === undefined
      ? {}
      : { mentions: typeof mentions === "string" ? [mentions] : mentions }),
    ...(checked.dedupeKey === undefined ? {} : { dedupeKey: checked.dedupeKey }),
    ...(checked.coalesce === undefined ? {} : { coalesce: { ...checked.coalesce } }),
  };
}

export function toNotification(message: unknown, options?: unknown): Notification {
  return notificationOf(message, checkOptions(options));
}

function notificationOf(message: unknown, checked: NotifyOptions): Notification {
  return {
    webhook: checked.webhook,
    message: checkMessage(message, checked.trustedText === true, checked.format === "markdown"),
    threadKey: checked.threadKey,
    replyOption: checked.threadKey === undefined ? undefined : checked.replyOption,
  };
}
