// The data the outbox keeps in Script Properties. Everything here is JSON.
import type { ChatMessage, ReplyOption } from "../chat/message";

/** Coalesce a burst: when more than `after` entries of `group` wait for one thread, send one message. */
export interface CoalesceOption {
  readonly group: string;
  readonly after: number;
}

/** One accepted notification, waiting to be delivered. */
export interface OutboxEntry {
  /** Sorts in acceptance order: `e` and a zero-padded sequence number. */
  readonly id: string;
  /** The webhook NAME; null for the default webhook. The URL is read at send time, never copied. */
  readonly webhook: string | null;
  readonly message: ChatMessage;
  readonly threadKey: string | null;
  readonly replyOption: ReplyOption | null;
  /** Keeps the parts of a split text in one thread when the sender gave no threadKey. */
  readonly partsThreadKey: string;
  readonly createdAt: number;
  readonly dedupeKey: string | null;
  readonly coalesce: CoalesceOption | null;
  /** Parts of a split text already delivered. */
  readonly partsSent: number;
  /** Failed attempts of the current part. */
  readonly attempts: number;
  readonly firstAttemptAt: number | null;
  readonly nextAttemptAt: number;
  /** Claimed by an execution until then; after it, another execution may take it up. */
  readonly leaseUntil: number | null;
  /** Redacted. */
  readonly lastError: string | null;
}

export interface DeadLetter {
  readonly entry: OutboxEntry;
  /** Redacted, one line, says what went wrong. */
  readonly reason: string;
  readonly deadAt: number;
}

export interface WebhookHealth {
  readonly state: "ok" | "failing";
  /** Redacted reason of the last permanent failure. */
  readonly lastError: string | null;
  readonly lastDeliveryAt: number | null;
}

export interface OutboxState {
  readonly nextSeq: number;
  /** Space id -> time of the last request to it, by any execution and any webhook. */
  readonly spaces: Readonly<Record<string, number>>;
  /** Hashed dedupe key -> when it may be accepted again. */
  readonly dedupe: Readonly<Record<string, number>>;
  /** Webhook NAME ("" for the default) -> health. */
  readonly webhooks: Readonly<Record<string, WebhookHealth>>;
  /** An execution draining the queue, alive until `until` unless it renews. */
  readonly drainer: { readonly id: string; readonly until: number } | null;
  /** The pending one-shot deliverOutbox trigger, if any. */
  readonly trigger: { readonly id: string; readonly at: number } | null;
  readonly stats: {
    readonly delivered: number;
    readonly retried: number;
    readonly dead: number;
    readonly notSentNoThread: number;
    readonly lastDeliveryAt: number | null;
  };
}

export const EMPTY_STATE: OutboxState = {
  nextSeq: 1,
  spaces: {},
  dedupe: {},
  webhooks: {},
  drainer: null,
  trigger: null,
  stats: { delivered: 0, retried: 0, dead: 0, notSentNoThread: 0, lastDeliveryAt: null },
};
