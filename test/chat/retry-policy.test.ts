import { seededRandom as mulberry32 } from "../../emulator/seeded-random";
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../src/chat/retry-policy";

const T0 = Date.parse("2025-03-10T09:00:00Z");
const POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  minRetryAfterMs: 1000,
  maxRetryAfterMs: 600_000,
  deadlineMs: 3_600_000,
};

function delayOf(decision: ReturnType<typeof decideRetry>): number {
  if (decision.kind !== "retry") throw new Error(`expected a retry, got: ${decision.reason}`);
  return decision.delayMs;
}

describe("retry-policy", () => {
  test("the default policy retries for a day, never waits more than 5 minutes by itself", () => {
    const { baseDelayMs, maxDelayMs, minRetryAfterMs, maxRetryAfterMs, deadlineMs } =
      DEFAULT_RETRY_POLICY;
    expect(baseDelayMs).toBeGreaterThanOrEqual(1000); // Chat's 1 request per second per space
    expect(maxDelayMs).toBe(5 * 60_000);
    expect(minRetryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(maxRetryAfterMs).toBeLessThanOrEqual(15 * 60_000);
    expect(deadlineMs).toBe(24 * 3_600_000);
  });

  test("every delay stays within [c/2, c] for c = min(cap, base × 2^(attempts−1))", () => {
    const random = mulberry32(42);
    for (let attempts = 1; attempts < 40; attempts++) {
      const ceiling = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (attempts - 1));
      for (let draw = 0; draw < 50; draw++) {
        const delay = delayOf(decideRetry(POLICY, { attempts, acceptedAt: T0, now: T0 }, random));
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  test("no attempt count ends the retries: the 500th failure is retried within the cap", () => {
    const state = { attempts: 500, acceptedAt: T0, now: T0 + 1000 };
    expect(delayOf(decideRetry(POLICY, state, () => 0.5))).toBe(45_000);
  });

  test("Retry-After wins over the backoff, clamped to the policy's bounds", () => {
    const state = { attempts: 1, acceptedAt: T0, now: T0 + 5000, retryAfterMs: 120_000 };
    expect(decideRetry(POLICY, state, mulberry32(1))).toEqual({ kind: "retry", delayMs: 120_000 });
    // Retry-After: 0 would hammer the space; a day would silence it.
    expect(delayOf(decideRetry(POLICY, { ...state, retryAfterMs: 0 }, mulberry32(1)))).toBe(1000);
    expect(
      delayOf(decideRetry(POLICY, { ...state, retryAfterMs: 86_400_000 }, mulberry32(1))),
    ).toBe(600_000);
  });

  test("a delay that would cross the deadline becomes one last attempt at the deadline", () => {
    const state = {
      attempts: 3,
      acceptedAt: T0,
      now: T0 + 3_600_000 - 30_000,
      retryAfterMs: 45_000,
    };
    expect(decideRetry(POLICY, state, mulberry32(1))).toEqual({ kind: "retry", delayMs: 30_000 });
  });

  test("gives up at the deadline, counted from acceptance, saying so", () => {
    const state = { attempts: 14, acceptedAt: T0, now: T0 + 3_600_000 };
    expect(decideRetry(POLICY, state, () => 0)).toEqual({
      kind: "give-up",
      reason: "gave up after 14 attempts over 1 h: the retry deadline is 1 h after acceptance",
    });
  });
});
