import { seededRandom as mulberry32 } from "../../emulator/seeded-random";
import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../src/chat/retry-policy";

const T0 = Date.parse("2025-03-10T09:00:00Z");
const POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxAttempts: 10,
  deadlineMs: 3_600_000,
};

function delayOf(decision: ReturnType<typeof decideRetry>): number {
  if (decision.kind !== "retry") throw new Error(`expected a retry, got: ${decision.reason}`);
  return decision.delayMs;
}

describe("retry-policy", () => {
  test("the default policy is sane", () => {
    const { baseDelayMs, maxDelayMs, maxAttempts, deadlineMs } = DEFAULT_RETRY_POLICY;
    expect(baseDelayMs).toBeGreaterThanOrEqual(1000); // Chat's 1 request per second per space
    expect(maxDelayMs).toBeGreaterThan(baseDelayMs);
    expect(maxAttempts).toBeGreaterThan(1);
    expect(deadlineMs).toBe(24 * 3_600_000);
  });

  test("every delay stays within [0, min(cap, base × 2^(attempts−1))]", () => {
    const random = mulberry32(42);
    for (let attempts = 1; attempts < POLICY.maxAttempts; attempts++) {
      const ceiling = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (attempts - 1));
      for (let draw = 0; draw < 50; draw++) {
        const delay = delayOf(
          decideRetry(POLICY, { attempts, firstAttemptAt: T0, now: T0 }, random),
        );
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  test("delays grow with attempts up to the cap", () => {
    const largest = (attempts: number): number => {
      const random = mulberry32(7);
      let max = 0;
      for (let draw = 0; draw < 500; draw++) {
        const state = { attempts, firstAttemptAt: T0, now: T0 };
        max = Math.max(max, delayOf(decideRetry(POLICY, state, random)));
      }
      return max;
    };
    const maxima = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(largest);
    // Full jitter reaches close to each ceiling: 1 s, 2 s, 4 s ... then the 60 s cap.
    expect(maxima.slice(0, 6).map((max) => Math.round(max / 1000))).toEqual([1, 2, 4, 8, 16, 32]);
    expect(maxima[6]).toBeGreaterThan(55_000);
    expect(maxima[8]).toBeLessThanOrEqual(60_000);
  });

  test("the jitter is the random draw: the lowest and highest draws give 0 and just under the ceiling", () => {
    const state = { attempts: 4, firstAttemptAt: T0, now: T0 };
    expect(delayOf(decideRetry(POLICY, state, () => 0))).toBe(0);
    expect(delayOf(decideRetry(POLICY, state, () => 0.999999))).toBe(7999);
  });

  test("Retry-After wins over the backoff, even past the cap", () => {
    const state = { attempts: 1, firstAttemptAt: T0, now: T0 + 5000, retryAfterMs: 120_000 };
    expect(decideRetry(POLICY, state, mulberry32(1))).toEqual({ kind: "retry", delayMs: 120_000 });
    expect(decideRetry(POLICY, { ...state, retryAfterMs: 0 }, mulberry32(1))).toEqual({
      kind: "retry",
      delayMs: 0,
    });
  });

  test("gives up when the attempts are used up", () => {
    const state = { attempts: 10, firstAttemptAt: T0, now: T0 + 60_000 };
    expect(decideRetry(POLICY, state, mulberry32(1))).toEqual({
      kind: "give-up",
      reason: "gave up after 10 attempts, the most the retry policy allows",
    });
    expect(decideRetry(POLICY, { ...state, attempts: 9 }, mulberry32(1)).kind).toBe("retry");
  });

  test("gives up when the next try would pass the deadline, Retry-After included", () => {
    const state = {
      attempts: 3,
      firstAttemptAt: T0,
      now: T0 + 3_600_000 - 30_000,
      retryAfterMs: 45_000,
    };
    expect(decideRetry(POLICY, state, mulberry32(1))).toEqual({
      kind: "give-up",
      reason:
        "gave up after 3 attempts: the next one, in 45 s, would come more than 1 h after the first",
    });
    // Exactly at the deadline is still allowed.
    expect(decideRetry(POLICY, { ...state, retryAfterMs: 30_000 }, mulberry32(1))).toEqual({
      kind: "retry",
      delayMs: 30_000,
    });
  });

  test("a deadline already passed gives up even with a zero delay", () => {
    const state = { attempts: 2, firstAttemptAt: T0, now: T0 + 3_600_001 };
    const decision = decideRetry(POLICY, state, () => 0);
    expect(decision.kind).toBe("give-up");
  });
});
