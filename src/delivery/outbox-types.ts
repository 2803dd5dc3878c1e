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
  /** Sent at most once, when accepted; never retried nor kept as a dead letter. */
  readonly bestEffort?: boolean;
  /** false: never shares a request with other notifications. */
  readonly batch?: boolean;
  /** Chat refused a batch it was in: it goes alone from now on, so a bad one fails alone. */
  readonly solo?: boolean;
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
  /** Counts the outbox's writes: an execution that finds its own count knows nobody wrote since. */
  readonly rev: number;
  /** Space id -> time of the last request to it, by any execution and any webhook. */
  readonly spaces: Readonly<Record<string, number>>;
  /**
   * Space id -> entries accepted for it and not yet settled (queued or in flight). Kept by every
   * write, recounted by every drain; notify() sends at once only to a space with none waiting.
   */
  readonly waiting: Readonly<Record<string, number>>;
  /**
   * Space id -> when the first of its unthreaded messages is to be retried: an unthreaded
   * message accepted behind it cannot go sooner, so it does not wake the queue sooner (a space
   * that is down is not polled by every newcomer).
   */
  readonly held: Readonly<Record<string, number>>;
  /** Webhook NAME ("" for the default) -> health. */
  readonly webhooks: Readonly<Record<string, WebhookHealth>>;
  /** An execution draining the queue, alive until `until` unless it renews. */
  readonly drainer: { readonly id: string; readonly until: number } | null;
  /** The pending one-shot deliverOutbox trigger, if any. */
  readonly trigger: { readonly id: string; readonly at: number } | null;
  /** The recurring deliverOutbox trigger kept while anything is queued or in flight. */
  readonly backstop: { readonly id: string } | null;
  /** Why the last attempt to create that trigger failed (e.g. the 20-trigger limit); null: none. */
  readonly triggerProblem: string | null;
  /** Bytes of the whole store as of the last full read plus what was written since; null: unknown. */
  readonly storeBytes: number | null;
  /** When the store was last read whole; the estimate is measured again when it is old. */
  readonly storeMeasuredAt: number | null;
  readonly stats: {
    readonly delivered: number;
    readonly retried: number;
    readonly dead: number;
    readonly notSentNoThread: number;
    /** Best-effort notifications not delivered (not sent, or Chat refused them). */
    readonly dropped: number;
    readonly lastDeliveryAt: number | null;
  };
}

export const EMPTY_STATE: OutboxState = {
  nextSeq: 1,
  rev: 0,
  spaces: {},
  waiting: {},
  held: {},
  webhooks: {},
  drainer: null,
  trigger: null,
  backstop: null,
  triggerProblem: null,
  storeBytes: null,
  storeMeasuredAt: null,
  stats: {
    delivered: 0,
    retried: 0,
    dead: 0,
    notSentNoThread: 0,
    dropped: 0,
    lastDeliveryAt: null,
  },
};
