// What the emulated space remembers, as plain data for tests, the control API and the HTML page.

import type { ChatFault } from "./chat-faults";

export type MessageReplyOption =
  | "MESSAGE_REPLY_OPTION_UNSPECIFIED"
  | "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"
  | "REPLY_MESSAGE_OR_FAIL";

/** A card as sent in `cardsV2`; kept as the JSON the caller sent (minus ignored widgets). */
export interface CardWithId {
  readonly cardId?: string;
  readonly card: {
    readonly header?: unknown;
    readonly sections?: ReadonlyArray<{ readonly header?: string; readonly widgets?: unknown[] }>;
    readonly [field: string]: unknown;
  };
}

export interface CreatedWebhook {
  /** The URL as Chat shows it: token percent-encoded, ending in %3D. */
  readonly url: string;
  readonly space: string;
  readonly key: string;
  /** The token decoded (ending in "="). */
  readonly token: string;
  readonly name: string;
}

export interface StoredMessage {
  /** spaces/S/messages/M.M */
  readonly name: string;
  readonly space: string;
  readonly text?: string;
  readonly cardsV2?: readonly CardWithId[];
  /** Deprecated v1 cards: still accepted by Chat, kept so tests can see they were sent. */
  readonly cards?: readonly unknown[];
  readonly fallbackText?: string;
  readonly thread: { readonly name: string; readonly threadKey?: string };
  /** True when the message started its thread. */
  readonly startedThread: boolean;
  readonly webhookName: string;
  /** Virtual time (ms since epoch) the space received it. */
  readonly createTime: number;
  /** The URL's messageReplyOption, undefined when absent. */
  readonly messageReplyOption?: MessageReplyOption;
  /** Widgets past 100 in a card, which Chat ignores. */
  readonly ignoredWidgets: number;
}

export interface ChatThread {
  /** spaces/S/threads/T */
  readonly name: string;
  readonly threadKey?: string;
  readonly webhookName: string;
  readonly messages: readonly StoredMessage[];
}

export interface RecordedRequest {
  /** Virtual time the request arrived. */
  readonly time: number;
  readonly method: string;
  readonly space: string;
  /** The webhook that sent it, when the token matched one. */
  readonly webhookName?: string;
  readonly answer:
    | { readonly kind: "response"; readonly status: number }
    | { readonly kind: "network-error"; readonly error: string };
  readonly elapsedMs: number;
  /** The stored message, when one was stored (also when the answer was lost). */
  readonly messageName?: string;
  readonly fault?: ChatFault;
}

export interface ChatCounters {
  /** Messages stored. */
  readonly accepted: number;
  /** HTTP answers other than 200, by status. */
  readonly rejectedByStatus: Readonly<Record<number, number>>;
  readonly networkErrors: number;
}
