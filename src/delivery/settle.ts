// Records what Chat answered: a delivered part moves the entry on (or removes it), a retryable
// failure reschedules it per the retry policy, anything else makes it a dead letter with the reason.
// Dead letters go back in the queue only when a person asks (requeueDeadLetters).
import type { SendOutcome } from "../chat/outcome";
import { decideRetry, type RetryPolicy } from "../chat/retry-policy";
import type { Logger, RandomSource } from "../ports";
import type { Claim } from "./claim";
import type { OutboxView } from "./outbox-store";
import type { OutboxEntry, OutboxState, WebhookHealth } from "./outbox-types";

export interface SettleContext {
  readonly now: number;
  readonly policy: RetryPolicy;
  readonly random: RandomSource;
  readonly logger: Logger;
}

/** What happened to one claim, for counting and reports. */
export type Settlement = "delivered" | "part-delivered" | "retry" | "dead" | "not-sent-no-thread";

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

/** Makes an entry a dead letter, logging it once at error level. */
export function bury(view: OutboxView, entry: OutboxEntry, reason: string, ctx: SettleContext) {
  view.putDeadLetter({ entry, reason, deadAt: ctx.now });
  const { stats } = view.state;
  view.setState({ ...view.state, stats: { ...stats, dead: stats.dead + 1 } });
  ctx.logger.error(
    `Chat notification ${entry.id} for ${webhookLabel(entry.webhook)} is a dead letter: ${reason}. ` +
      `showStatus() lists dead letters; redeliverDeadLetters() queues them again.`,
  );
}

export function settle(
  view: OutboxView,
  claim: Claim,
  outcome: SendOutcome,
  ctx: SettleContext,
): Settlement {
  const entry = view.entry(claim.entryId);
  // Another execution took it over after this one's lease ran out; its answer is the one kept.
  if (!entry) return outcome.kind === "delivered" ? "delivered" : "retry";
  const health = view.state.webhooks[claim.webhook ?? ""];

  switch (outcome.kind) {
    case "delivered": {
      const { stats } = view.state;
      let state: OutboxState = withHealth(view.state, claim.webhook, {
        state: "ok",
        lastError: null,
        lastDeliveryAt: ctx.now,
      });
      if (claim.part < claim.partCount) {
        view.putEntry({
          ...entry,
          partsSent: claim.part,
          attempts: 0,
          firstAttemptAt: null,
          nextAttemptAt: ctx.now,
          leaseUntil: null,
          lastError: null,
        });
        view.setState(state);
        return "part-delivered";
      }
      view.removeEntry(entry.id);
      state = {
        ...state,
        stats: { ...stats, delivered: stats.delivered + 1, lastDeliveryAt: ctx.now },
      };
      view.setState(state);
      return "delivered";
    }
    case "no-thread": {
      view.removeEntry(entry.id);
      const { stats } = view.state;
      view.setState({
        ...view.state,
        stats: { ...stats, notSentNoThread: stats.notSentNoThread + 1 },
      });
      ctx.logger.info(`Chat notification ${entry.id} not sent: no thread (${outcome.reason})`);
      return "not-sent-no-thread";
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
      bury(view, entry, outcome.reason, ctx);
      return "dead";
    }
    case "retryable": {
      const attempts = entry.attempts + 1;
      const firstAttemptAt = entry.firstAttemptAt ?? ctx.now;
      const decision = decideRetry(
        ctx.policy,
        {
          attempts,
          firstAttemptAt,
          now: ctx.now,
          ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
        },
        ctx.random,
      );
      if (decision.kind === "give-up") {
        bury(
          view,
          { ...entry, attempts, lastError: outcome.reason },
          `${outcome.reason}; ${decision.reason}`,
          ctx,
        );
        return "dead";
      }
      view.putEntry({
        ...entry,
        attempts,
        firstAttemptAt,
        nextAttemptAt: ctx.now + decision.delayMs,
        leaseUntil: null,
        lastError: outcome.reason,
      });
      const { stats } = view.state;
      view.setState({ ...view.state, stats: { ...stats, retried: stats.retried + 1 } });
      ctx.logger.warn(
        `Chat notification ${entry.id}: ${outcome.reason}; attempt ${attempts + 1} in ${Math.round(decision.delayMs / 1000)} s`,
      );
      return "retry";
    }
  }
}

/** Puts every dead letter back in the queue, as new attempts; returns how many. */
export function requeueDeadLetters(view: OutboxView, now: number): number {
  const letters = view.deadLetters();
  for (const { entry } of letters) {
    view.removeDeadLetter(entry.id);
    view.putEntry({
      ...entry,
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
