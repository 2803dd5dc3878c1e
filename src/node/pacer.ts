// Chat allows one request per second per space, whoever sends it. Every send() in this process
// takes its turn here, so concurrent sends to one space are spaced out instead of drawing 429s.

import type { AsyncClock } from "./async-clock";

/** As in the Apps Script outbox: 1 s is Chat's quota, the margin absorbs jitter. */
export const SPACE_INTERVAL_MS = 1020;

export class SpacePacer {
  private readonly nextFreeAt = new Map<string, number>();

  constructor(private readonly intervalMs: number = SPACE_INTERVAL_MS) {}

  /**
   * Reserves the next slot for `space` and waits for it. False, with nothing reserved, when the
   * slot comes after `deadline`.
   */
  async turn(clock: AsyncClock, space: string, deadline: number): Promise<boolean> {
    const now = clock.now();
    const slot = Math.max(now, this.nextFreeAt.get(space) ?? now);
    if (slot > deadline) return false;
    this.nextFreeAt.set(space, slot + this.intervalMs);
    if (slot > now) await clock.sleep(slot - now);
    return true;
  }
}

/** The process's pacer: shared by every send() that is not given its own. */
export const processPacer = new SpacePacer();
