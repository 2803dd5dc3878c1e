// A virtual clock that follows real time, sped up `1 / scale` times, so that a real-time process
// (the chat-notify command, run with CHAT_NOTIFY_TIME_SCALE=scale) and the emulated space agree on
// time. A worker thread keeps the shared cell up to date, so the clock runs while the test's own
// thread is blocked (the loopback server's control calls are synchronous).

import { Worker } from "node:worker_threads";
import { VirtualClock } from "../../emulator/clock";

const FOLLOWER = `
const { workerData } = require("node:worker_threads");
const cell = new Float64Array(workerData.buffer);
const pause = new Int32Array(new SharedArrayBuffer(4));
const realStart = performance.timeOrigin + performance.now();
for (;;) {
  const now = workerData.start + (performance.timeOrigin + performance.now() - realStart) / workerData.scale;
  if (now > cell[0]) cell[0] = now;
  Atomics.wait(pause, 0, 0, 0.25);
}
`;

export interface RealTimeClock {
  readonly clock: VirtualClock;
  stop(): Promise<void>;
}

export function realTimeClock(scale: number): RealTimeClock {
  const clock = new VirtualClock(Date.now());
  const worker = new Worker(FOLLOWER, {
    eval: true,
    workerData: { buffer: clock.buffer, start: clock.now(), scale },
  });
  worker.unref();
  return {
    clock,
    stop: async () => {
      await worker.terminate();
    },
  };
}
