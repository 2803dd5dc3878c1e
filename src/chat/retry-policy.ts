// When to try a retryable send again. The policy is a value so callers can pass their own.

import type { RandomSource } from "../ports";

export interface RetryPolicy {
  /** The backoff cap before the first retry; doubles with every attempt. */
  readonly baseDelayMs: number;
  /** No computed delay is longer (a Retry-After from Chat may be). */
  readonly maxDelayMs: number;
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** No attempt later than this after the first one: a day-old notification is noise. */
  readonly deadlineMs: number;
}

/**
 * 1 s first: a 429 from the one-request-per-second space limit clears almost at once. Cap 10 min:
 * an outage is not hammered, yet a 60-per-minute quota window is long past. 12 attempts: up to
 * about 27 min of backoff (half that on average with full jitter) before a dead letter. 24 h bounds
 * waits that Chat itself asks for with Retry-After.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 10 * 60 * 1000,
  maxAttempts: 12,
  deadlineMs: 24 * 60 * 60 * 1000,
};

export interface RetryState {
  /** Attempts made so far, the failed one included (1 after the first failure). */
  readonly attempts: number;
  readonly firstAttemptAt: number;
  readonly now: number;
  /** From Chat's Retry-After header; takes precedence over the backoff. */
  readonly retryAfterMs?: number;
}

export type RetryDecision =
  | { readonly kind: "retry"; readonly delayMs: number }
  | { readonly kind: "give-up"; readonly reason: string };

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base × 2^(attempts−1))). */
export function decideRetry(
  policy: RetryPolicy,
  state: RetryState,
  random: RandomSource,
): RetryDecision {
  if (state.attempts >= policy.maxAttempts) {
    return {
      kind: "give-up",
      reason: `gave up after ${state.attempts} attempts, the most the retry policy allows`,
    };
  }
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.max(0, state.attempts - 1),
  );
  const delayMs = state.retryAfterMs ?? Math.floor(random() * ceiling);
  if (state.now + delayMs > state.firstAttemptAt + policy.deadlineMs) {
    return {
      kind: "give-up",
      reason:
        `gave up after ${state.attempts} attempts: the next one, in ${formatDuration(delayMs)}, ` +
        `would come more than ${formatDuration(policy.deadlineMs)} after the first`,
    };
  }
  return { kind: "retry", delayMs };
}

function formatDuration(ms: number): string {
  const round = (value: number): string => String(Math.round(value * 10) / 10);
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}
