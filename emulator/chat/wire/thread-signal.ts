// Blocking the main thread until a worker says "done": the main thread of the emulated Apps Script
// runtime is synchronous (UrlFetchApp.fetch returns a response, not a promise), so it waits on
// shared memory with Atomics.wait while a worker does the asynchronous work. The cell only ever
// grows, so a late signal for an earlier request cannot hide the signal for the current one.

/** Raises the cell to `value` (never lowers it) and wakes whoever waits on it. */
export function raiseSignal(cell: Int32Array, value: number): void {
  for (;;) {
    const current = Atomics.load(cell, 0);
    if (current >= value || Atomics.compareExchange(cell, 0, current, value) === current) break;
  }
  Atomics.notify(cell, 0);
}

/** Blocks until the cell holds at least `value`; false if `timeoutMs` (real time) passed first. */
export function waitForSignal(cell: Int32Array, value: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = Atomics.load(cell, 0);
    if (current >= value) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    Atomics.wait(cell, 0, current, remaining);
  }
}
