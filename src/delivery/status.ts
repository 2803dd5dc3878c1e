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

function when(time: number | null): string {
  return time === null ? "never" : new Date(time).toISOString();
}

/** The status as lines of text, for the log and the menu's dialog. */
export function describeStatus(status: OutboxStatus): string {
  const lines = [
    `Queued: ${status.queued}` +
      (status.queued > 0
        ? ` (oldest accepted ${when(status.oldestQueuedAt)}, next attempt ${when(status.nextAttemptAt)})`
        : ""),
    `Delivered: ${status.delivered}, retried: ${status.retried}, not sent (no thread): ${status.notSentNoThread}, best effort dropped: ${status.dropped}, last delivery: ${when(status.lastDeliveryAt)}`,
    storeLine(status),
  ];
  if (status.triggerProblem !== null) {
    lines.push(
      (status.backstop
        ? `A deliverOutbox trigger could not be created (${status.triggerProblem}): queued ` +
          "notifications go every 5 minutes, by the recurring one, instead of on time. "
        : `No deliverOutbox trigger could be created (${status.triggerProblem}): queued ` +
          "notifications wait. ") +
        "Delete a trigger you no longer need on the Triggers page, then run deliverOutbox().",
    );
  }
  for (const [name, health] of Object.entries(status.webhooks)) {
    lines.push(
      health.state === "ok"
        ? `Webhook ${name}: ok, last delivery ${when(health.lastDeliveryAt)}`
        : `Webhook ${name}: FAILING: ${health.lastError}`,
    );
  }
  lines.push(`Dead letters: ${status.deadLetters.length}`);
  for (const letter of status.deadLetters) {
    lines.push(
      `  ${letter.id} (${letter.webhook}, ${when(letter.deadAt)}): ${letter.reason} — "${letter.preview}"`,
    );
  }
  if (status.deadLetters.length > 0) lines.push("Run redeliverDeadLetters() to queue them again.");
  if (status.damaged.length > 0) {
    lines.push(
      `Damaged outbox properties, set aside (edited by hand or cut short; everything else goes on): ${status.damaged.length}`,
    );
    for (const { key, problem } of status.damaged) lines.push(`  ${key}: ${problem}`);
    lines.push(
      "Look at them in Project Settings > Script Properties: mend the value, or delete the property " +
        "(a notification in it is then lost; the state is rebuilt on its own).",
    );
  }
  return lines.join("\n");
}

function storeLine(status: OutboxStatus): string {
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const line =
    `Script Properties: ${kb(status.storeBytes)} of ${kb(STORE_LIMIT_BYTES)} used ` +
    `(outbox ${kb(status.outboxBytes)}, other properties ${kb(status.storeBytes - status.outboxBytes)})`;
  const acceptsUpTo = STORE_LIMIT_BYTES - STORE_RESERVE_BYTES;
  if (status.storeBytes < acceptsUpTo * 0.9) return line;
  if (status.storeBytes < acceptsUpTo) {
    return `${line}. Nearly full: large notifications may be refused soon.`;
  }
  return (
    `${line}. FULL: new notifications are refused. ` +
    (status.deadLetters.length > 0
      ? "Fix what the dead letters say and run redeliverDeadLetters(), or delete them; "
      : "") +
    "remove Script Properties you no longer need."
  );
}
