// One virtual clock for the whole emulated world: Apps Script's Date and Utilities.sleep, trigger
// schedules, and the Chat space's quota all read it. It lives in shared memory so that a worker
// thread (the Chat space's HTTP server) reads the same time without messages.

export class VirtualClock {
  private readonly cell: Float64Array;

  constructor(start: number | SharedArrayBuffer = Date.UTC(2026, 0, 5, 8, 0, 0)) {
    if (typeof start === "number") {
      this.cell = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
      this.cell[0] = start;
    } else {
      this.cell = new Float64Array(start);
    }
  }

  /** The memory to hand to another thread: `new VirtualClock(clock.buffer)` reads the same time. */
  get buffer(): SharedArrayBuffer {
    return this.cell.buffer as SharedArrayBuffer;
  }

  now(): number {
    return this.cell[0]!;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`virtual time only moves forward, not by ${ms} ms`);
    this.cell[0] = this.now() + ms;
  }

  /** Moves to an absolute time, which must not be in the past. */
  advanceTo(time: number): void {
    this.advance(time - this.now());
  }
}
