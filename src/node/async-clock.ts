// Time for the Node sender. Node waits without blocking, unlike Apps Script's blocking sleep, so
// this is the Clock port's asynchronous twin.

export interface AsyncClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** An AbortSignal that fires after `ms` of this clock's time. */
  timeout(ms: number): AbortSignal;
}

export const realClock: AsyncClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  timeout: (ms) => AbortSignal.timeout(Math.max(1, Math.ceil(ms))),
};

/**
 * A clock whose seconds pass `1 / scale` times faster than real ones, for tests against the
 * emulator: pacing, backoff and deadlines keep their proportions while the test stays short.
 */
export function scaledClock(scale: number): AsyncClock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) / scale,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms * scale)),
    timeout: (ms) => AbortSignal.timeout(Math.max(1, Math.ceil(ms * scale))),
  };
}
