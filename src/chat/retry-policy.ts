// When to try a retryable send again. The policy is a value so callers can pass their own.

import type { RandomSource } from "../ports";

export interface RetryPolicy {
  /** The backoff ceiling before the first retry; doubles with every attempt. */
  readonly baseDelayMs: number;
  /** No computed delay is longer, so a space that recovers is noticed within minutes. */
  readonly maxDelayMs: number;
  /** A Retry-After from Chat is honoured, but kept within these bounds. */
  readonly minRetryAfterMs: number;
  readonly maxRetryAfterMs: number;
  /** Retried until this long after acceptance; then the notification is a dead letter. */
  readonly deadlineMs: number;
}

/**
 * 1 s first: a 429 from the one-request-per-second space limit clears almost at once. Cap 5 min:
 * an outage is not hammered (12 tries an hour per message), yet its end is noticed soon. Retry-After
 * between 1 s (0 would hammer) and 15 min (a huge value would silence a space for days). 24 h: a
 * day-old notification is noise, and an outage shorter than that loses nothing.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60 * 1000,
  minRetryAfterMs: 1000,
  maxRetryAfterMs: 15 * 60 * 1000,
  deadlineMs: 24 * 60 * 60 * 1000,
};

export interface RetryState {
  /** Attempts made so far, the failed one included (1 after the first failure). */
  readonly attempts: number;
  /** When the notification was accepted: the deadline counts from here. */
  readonly acceptedAt: number;
  readonly now: number;
  /** From Chat's Retry-After header; takes precedence over the backoff, within the bounds. */
  readonly retryAfterMs?: number;
}

export type RetryDecision =
  | { readonly kind: "retry"; readonly delayMs: number }
  | { readonly kind: "give-up"; readonly reason: string };

/**
 * Exponential backoff with equal jitter: a random delay in [c/2, c) for c = min(cap, base ×
 * 2^(attempts−1)), so retries never bunch at zero. Past the deadline: give up; a delay that would
 * cross it is shortened to one last attempt at the deadline.
 */
export function decideRetry(
  policy: RetryPolicy,
  state: RetryState,
  random: RandomSource,
): RetryDecision {
  const deadline = state.acceptedAt + policy.deadlineMs;
  if (state.now >= deadline) {
    return {
      kind: "give-up",
      reason:
        `gave up after ${state.attempts} attempts over ${formatDuration(state.now - state.acceptedAt)}: ` +
        `the retry deadline is ${formatDuration(policy.deadlineMs)} after acceptance`,
    };
  }
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.min(30, Math.max(0, state.attempts - 1)),
  );
  const delayMs =
    state.retryAfterMs === undefined
      ? Math.floor(ceiling / 2 + (random() * ceiling) / 2)
      : Math.min(policy.maxRetryAfterMs, Math.max(policy.minRetryAfterMs, state.retryAfterMs));
  return { kind: "retry", delayMs: Math.min(delayMs, deadline - state.now) };
}

export function formatDuration(ms: number): string {
  const round = (value: number): string => String(Math.round(value * 10) / 10);
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}
