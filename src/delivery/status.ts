// What a person needs to see about delivery: the queue, dead letters, webhook health.
import { storedBytes } from "./chunked-json";
import {
  STORE_LIMIT_BYTES,
  STORE_RESERVE_BYTES,
  type DamagedValue,
  type OutboxView,
} from "./outbox-store";
import type { DeadLetter, WebhookHealth } from "./outbox-types";

export interface OutboxStatus {
  readonly queued: number;
  readonly oldestQueuedAt: number | null;
  readonly nextAttemptAt: number | null;
  readonly deadLetters: readonly {
    readonly id: string;
    readonly webhook: string;
    readonly reason: string;
    readonly deadAt: number;
    readonly preview: string;
  }[];
  readonly webhooks: Readonly<Record<string, WebhookHealth>>;
  readonly delivered: number;
  readonly retried: number;
  readonly notSentNoThread: number;
  readonly lastDeliveryAt: number | null;
  readonly pendingTriggerAt: number | null;
  /** Outbox properties set aside (edited by hand, or cut short), with what is wrong. */
  readonly damaged: readonly DamagedValue[];
  readonly dropped: number;
  /** Bytes the whole store holds, and of those the outbox's, against the 500 KB limit. */
  readonly storeBytes: number;
  readonly outboxBytes: number;
  /** Why the outbox's trigger could not be created, if it could not. */
  readonly triggerProblem: string | null;
  /** The recurring deliverOutbox trigger exists (it delivers every 5 minutes). */
  readonly backstop: boolean;
}

function webhookName(name: string | null | undefined): string {
  return name ? name : "default";
}

function preview(letter: DeadLetter): string {
  const { message } = letter.entry;
  const text = message.text ?? message.fallbackText ?? `${message.cardsV2?.length ?? 0} card(s)`;
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

export function outboxStatus(view: OutboxView): OutboxStatus {
  const queued = view.queued();
  const { stats } = view.state;
  return {
    queued: queued.length,
    oldestQueuedAt: queued.length > 0 ? Math.min(...queued.map((e) => e.createdAt)) : null,
    nextAttemptAt: queued.length > 0 ? Math.min(...queued.map((e) => e.nextAttemptAt)) : null,
    deadLetters: view.deadLetters().map((letter) => ({
      id: letter.entry.id,
      webhook: webhookName(letter.entry.webhook),
      reason: letter.reason,
      deadAt: letter.deadAt,
      preview: preview(letter),
    })),
    webhooks: Object.fromEntries(
      Object.entries(view.state.webhooks).map(([name, health]) => [webhookName(name), health]),
    ),
    delivered: stats.delivered,
    retried: stats.retried,
    notSentNoThread: stats.notSentNoThread,
    lastDeliveryAt: stats.lastDeliveryAt,
    pendingTriggerAt: view.state.trigger?.at ?? null,
    damaged: [...view.damaged],
    dropped: stats.dropped,
    storeBytes: storedBytes(view.all ?? {}),
    outboxBytes: storedBytes(
      Object.fromEntries(
        Object.entries(view.all ?? {}).filter(([key]) => key.startsWith("chat.outbox.")),
      ),
    ),
    triggerProblem: view.state.triggerProblem,
    backstop: view.state.backstop !== null,
  };
}

/** The report's words, in the language of src/i18n/texts.ts; values are put in by the caller. */
export interface StatusWords {
  readonly never: string;
  readonly queued: (count: number) => string;
  readonly queuedTimes: (oldest: string, next: string) => string;
  readonly counts: (counts: {
    readonly delivered: number;
    readonly retried: number;
    readonly notSentNoThread: number;
    readonly dropped: number;
    readonly lastDelivery: string;
  }) => string;
  readonly store: (used: string, limit: string, outbox: string, other: string) => string;
  readonly nearlyFull: string;
  readonly full: (deadLetters: boolean) => string;
  readonly triggerProblem: (problem: string, backstop: boolean) => string;
  readonly webhookOk: (name: string, lastDelivery: string) => string;
  readonly webhookFailing: (name: string, error: string) => string;
  readonly deadLetters: (count: number) => string;
  readonly redeliver: string;
  readonly damaged: (count: number) => string;
  readonly damagedHelp: string;
}

/** The status as lines of text, for the log and the menu's dialog. */
export function describeStatus(status: OutboxStatus, words: StatusWords): string {
  const when = (time: number | null) =>
    time === null ? words.never : new Date(time).toISOString();
  const lines = [
    words.queued(status.queued) +
      (status.queued > 0
        ? words.queuedTimes(when(status.oldestQueuedAt), when(status.nextAttemptAt))
        : ""),
    words.counts({ ...status, lastDelivery: when(status.lastDeliveryAt) }),
    storeLine(status, words),
  ];
  if (status.triggerProblem !== null) {
    lines.push(words.triggerProblem(status.triggerProblem, status.backstop));
  }
  for (const [name, health] of Object.entries(status.webhooks)) {
    lines.push(
      health.state === "ok"
        ? words.webhookOk(name, when(health.lastDeliveryAt))
        : words.webhookFailing(name, String(health.lastError)),
    );
  }
  lines.push(words.deadLetters(status.deadLetters.length));
  for (const letter of status.deadLetters) {
    lines.push(
      `  ${letter.id} (${letter.webhook}, ${when(letter.deadAt)}): ${letter.reason} — "${letter.preview}"`,
    );
  }
  if (status.deadLetters.length > 0) lines.push(words.redeliver);
  if (status.damaged.length > 0) {
    lines.push(words.damaged(status.damaged.length));
    for (const { key, problem } of status.damaged) lines.push(`  ${key}: ${problem}`);
    lines.push(words.damagedHelp);
  }
  return lines.join("\n");
}

function storeLine(status: OutboxStatus, words: StatusWords): string {
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const line = words.store(
    kb(status.storeBytes),
    kb(STORE_LIMIT_BYTES),
    kb(status.outboxBytes),
    kb(status.storeBytes - status.outboxBytes),
  );
  const acceptsUpTo = STORE_LIMIT_BYTES - STORE_RESERVE_BYTES;
  if (status.storeBytes < acceptsUpTo * 0.9) return line;
  if (status.storeBytes < acceptsUpTo) return line + words.nearlyFull;
  return line + words.full(status.deadLetters.length > 0);
}
