// What a person needs to see about delivery: the queue, dead letters, webhook health.
import type { OutboxView } from "./outbox-store";
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
  /** Script Properties of the outbox that cannot be read (edited by hand, or cut short). */
  readonly unreadable: readonly string[];
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
    unreadable: [...view.unreadable],
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
    `Delivered: ${status.delivered}, retried: ${status.retried}, not sent (no thread): ${status.notSentNoThread}, last delivery: ${when(status.lastDeliveryAt)}`,
  ];
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
  if (status.unreadable.length > 0) {
    lines.push(
      `Unreadable outbox properties (not delivered; edited by hand or cut short): ${status.unreadable.join(", ")}. ` +
        "Look at them in Project Settings > Script Properties, then delete them.",
    );
  }
  return lines.join("\n");
}
