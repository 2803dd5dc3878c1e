// Records what Chat answered: a delivered part moves the entry on (or removes it), a retryable
// failure reschedules it per the retry policy, anything else makes it a dead letter with the reason.
// Dead letters go back in the queue only when a person asks (requeueDeadLetters). Best-effort
// entries are never retried: anything but a delivery drops them.
import type { SendOutcome } from "../chat/outcome";
import { decideRetry, type RetryPolicy } from "../chat/retry-policy";
import type { Logger, RandomSource } from "../ports";
import type { Claim } from "./claim";
import { coalesceMessages } from "./coalesce";
import type { OutboxView } from "./outbox-store";
import type { OutboxEntry, OutboxState, WebhookHealth } from "./outbox-types";

export interface SettleContext {
  readonly now: number;
  readonly policy: RetryPolicy;
  readonly random: RandomSource;
  readonly logger: Logger;
}

/**
 * What happened to one claim: the words notify() returns and the log uses (NotifyResult), plus
 * "part-delivered" for a message of several requests on its way.
 */
export type Settlement =
  "delivered" | "part-delivered" | "retrying" | "dead-letter" | "not-sent-no-thread" | "dropped";

/** 401/403/404 and a bad API key say the webhook itself is gone or wrong, not this message. */
function isWebhookProblem(outcome: Extract<SendOutcome, { kind: "permanent" }>): boolean {
  if ([401, 403, 404].includes(outcome.httpStatus)) return true;
  return JSON.stringify(outcome.status?.details ?? []).includes("API_KEY_INVALID");
}

function webhookLabel(name: string | null): string {
  return name === null ? "the default webhook (CHAT_WEBHOOK_URL)" : `webhook ${name}`;
}

function withHealth(
  state: OutboxState,
  webhook: string | null,
  health: WebhookHealth,
): OutboxState {
  return { ...state, webhooks: { ...state.webhooks, [webhook ?? ""]: health } };
}

/** One entry fewer waiting for `space`. */
export function settled(state: OutboxState, space: string, count = 1): OutboxState {
  const left = (state.waiting[space] ?? 0) - count;
  const waiting = { ...state.waiting };
  if (left > 0) waiting[space] = left;
  else delete waiting[space];
  return left > 0 ? { ...state, waiting } : { ...withHeld(state, space, null), waiting };
}

/** Records when `space`'s head is retried (null: nothing is held back any more). */
function withHeld(state: OutboxState, space: string, until: number | null): OutboxState {
  if (until === null && state.held[space] === undefined) return state;
  const held = { ...state.held };
  if (until === null) delete held[space];
  else held[space] = until;
  return { ...state, held };
}

function bumpStats(view: OutboxView, change: Partial<OutboxState["stats"]>): void {
  const { stats } = view.state;
  const next = { ...stats };
  for (const [name, value] of Object.entries(change) as [keyof typeof stats, number][]) {
    next[name] = name === "lastDeliveryAt" ? value : (stats[name] ?? 0) + value;
  }
  view.setState({ ...view.state, stats: next });
}

/** Makes an entry a dead letter, logging it once at error level. */
export function bury(view: OutboxView, entry: OutboxEntry, reason: string, ctx: SettleContext) {
  view.putDeadLetter({ entry, reason, deadAt: ctx.now });
  bumpStats(view, { dead: 1 });
  ctx.logger.error(
    `Chat notification ${entry.id} for ${webhookLabel(entry.webhook)} is a dead letter: ${reason}. ` +
      `showStatus() lists dead letters; redeliverDeadLetters() queues them again.`,
  );
}

/** Drops a best-effort entry: it had its one chance. */
export function drop(view: OutboxView, entry: OutboxEntry, reason: string, ctx: SettleContext) {
  view.removeEntry(entry.id);
  bumpStats(view, { dropped: 1 });
  ctx.logger.info(`Best-effort Chat notification ${entry.id} dropped: ${reason}`);
}

export function settle(
  view: OutboxView,
  claim: Claim,
  outcome: SendOutcome,
  ctx: SettleContext,
): Settlement {
  const entry = view.entry(claim.entryId);
  // Another execution took it over after this one's lease ran out; its answer is the one kept.
  if (!entry || entry.leaseUntil !== claim.leaseUntil) {
    return outcome.kind === "delivered" ? "delivered" : "retrying";
  }
  const carried = claim.carried
    .map((id) => view.entry(id))
    .filter((e): e is OutboxEntry => e !== undefined && e.leaseUntil === claim.leaseUntil);
  const all = [entry, ...carried];
  const health = view.state.webhooks[claim.webhook ?? ""];
  const done = (settlement: Settlement) => {
    view.setState(settled(view.state, claim.space, all.length));
    return settlement;
  };

  switch (outcome.kind) {
    case "delivered": {
      view.setState(
        withHealth(view.state, claim.webhook, {
          state: "ok",
          lastError: null,
          lastDeliveryAt: ctx.now,
        }),
      );
      if (claim.part < claim.partCount) {
        // The rest of a burst's parts must be the same message: the burst becomes one entry.
        view.putEntry({
          ...entry,
          ...(carried.length > 0
            ? { message: coalesceMessages(all.map((e) => e.message)), coalesce: null }
            : {}),
          partsSent: claim.part,
          attempts: 0,
          firstAttemptAt: null,
          nextAttemptAt: ctx.now,
          leaseUntil: null,
          lastError: null,
        });
        for (const other of carried) view.removeEntry(other.id);
        view.setState(settled(view.state, claim.space, carried.length));
        return "part-delivered";
      }
      for (const e of all) view.removeDelivered(e.id);
      view.setState(withHeld(view.state, claim.space, null));
      bumpStats(view, { delivered: all.length, lastDeliveryAt: ctx.now });
      return done("delivered");
    }
    case "no-thread": {
      for (const e of all) view.removeEntry(e.id);
      bumpStats(view, { notSentNoThread: all.length });
      ctx.logger.info(`Chat notification ${entry.id} not sent: no thread (${outcome.reason})`);
      return done("not-sent-no-thread");
    }
    case "permanent": {
      if (isWebhookProblem(outcome)) {
        view.setState(
          withHealth(view.state, claim.webhook, {
            state: "failing",
            lastError: outcome.reason,
            lastDeliveryAt: health?.lastDeliveryAt ?? null,
          }),
        );
      }
      if (claim.bestEffort) {
        drop(view, entry, outcome.reason, ctx);
        return done("dropped");
      }
      if (claim.batched && carried.length > 0 && !isWebhookProblem(outcome)) {
        // One of them may be what Chat refused: each goes alone, and only that one fails.
        for (const e of all) view.putEntry({ ...e, solo: true, leaseUntil: null });
        ctx.logger.warn(
          `Chat refused a batch of ${all.length} notifications (${outcome.reason}); each goes alone now`,
        );
        return "retrying";
      }
      for (const e of all) bury(view, { ...e, leaseUntil: null }, outcome.reason, ctx);
      return done("dead-letter");
    }
    case "retryable": {
      if (claim.bestEffort) {
        drop(view, entry, outcome.reason, ctx);
        return done("dropped");
      }
      const attempts = entry.attempts + 1;
      const firstAttemptAt = entry.firstAttemptAt ?? ctx.now;
      const decision = decideRetry(
        ctx.policy,
        {
          attempts,
          acceptedAt: entry.createdAt,
          now: ctx.now,
          ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
        },
        ctx.random,
      );
      if (decision.kind === "give-up") {
        const reason = `${outcome.reason}; ${decision.reason}`;
        bury(
          view,
          { ...entry, attempts, leaseUntil: null, lastError: outcome.reason },
          reason,
          ctx,
        );
        // A batch's later messages have later deadlines: they are released, not buried.
        for (const e of carried) {
          if (claim.batched && ctx.now < e.createdAt + ctx.policy.deadlineMs) {
            view.putEntry({ ...e, leaseUntil: null });
          } else {
            bury(
              view,
              { ...e, attempts, leaseUntil: null, lastError: outcome.reason },
              reason,
              ctx,
            );
          }
        }
        const released = claim.batched
          ? carried.filter((e) => ctx.now < e.createdAt + ctx.policy.deadlineMs).length
          : 0;
        view.setState(settled(view.state, claim.space, all.length - released));
        return "dead-letter";
      }
      view.putEntry({
        ...entry,
        attempts,
        firstAttemptAt,
        nextAttemptAt: ctx.now + decision.delayMs,
        leaseUntil: null,
        // Bounded, so the room a claim keeps for its answer is enough.
        lastError: outcome.reason.slice(0, 300),
      });
      for (const other of carried) view.putEntry({ ...other, leaseUntil: null });
      // Its space's unthreaded messages wait behind it: a newcomer of theirs need not wake the queue.
      if (entry.threadKey === null) {
        view.setState(withHeld(view.state, claim.space, ctx.now + decision.delayMs));
      }
      bumpStats(view, { retried: 1 });
      ctx.logger.warn(
        `Chat notification ${entry.id}: ${outcome.reason}; attempt ${attempts + 1} in ${Math.round(decision.delayMs / 1000)} s`,
      );
      return "retrying";
    }
  }
}

/** Puts every dead letter back in the queue, as new attempts with a new deadline; returns how many. */
export function requeueDeadLetters(view: OutboxView, now: number): number {
  const letters = view.deadLetters();
  for (const { entry } of letters) {
    view.removeDeadLetter(entry.id);
    view.putEntry({
      ...entry,
      createdAt: now,
      attempts: 0,
      firstAttemptAt: null,
      nextAttemptAt: now,
      leaseUntil: null,
    });
  }
  if (letters.length > 0) {
    const webhooks = Object.fromEntries(
      Object.entries(view.state.webhooks).map(([name, health]) => [
        name,
        { ...health, state: "ok" as const, lastError: null },
      ]),
    );
    view.setState({ ...view.state, webhooks });
  }
  return letters.length;
}
