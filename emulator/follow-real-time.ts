// After `npm start`'s scripted day, `--serve` lets virtual time follow real time: every tick the
// world advances by the real time that passed, so Chat's per-second quota frees up again for the
// page and for curl, and time-driven triggers (the outbox's, the digests') come due as they would.

export interface RealTimeFollowing {
  /** Moves virtual time on by `ms` (EmulatedProject.advance: due triggers run). */
  readonly advance: (ms: number) => unknown;
  /** Real time in ms; default Date.now. */
  readonly realNow?: () => number;
  /** How often to catch up, in real ms (default 250). */
  readonly everyMs?: number;
  /** Told of a tick that threw (a failing trigger is a result, not a throw; this is the emulator). */
  readonly onError?: (error: unknown) => void;
}

/** Starts following; the returned function stops. */
export function followRealTime(options: RealTimeFollowing): () => void {
  const realNow = options.realNow ?? Date.now;
  let last = realNow();
  const timer = setInterval(() => {
    const now = realNow();
    const elapsed = now - last;
    last = now;
    if (elapsed <= 0) return;
    try {
      options.advance(elapsed);
    } catch (error) {
      options.onError?.(error);
    }
  }, options.everyMs ?? 250);
  return () => clearInterval(timer);
}
