// Ten spaces, twenty notifications each, from one execution: the outbox may send to different
// spaces side by side, so the bound is Chat's pace summed over the spaces (1 request/s each).
import type { LatencyProfileName } from "../emulator/gas/runtime/latency";
import { benchWorld, count429, deliverAll, deliveredLines } from "./outbox-scale";

export const SPACES = 10;
export const PER_SPACE = 20;
/** Chat's pace: one request a second per space. */
export const AGGREGATE_BOUND_PER_S = SPACES;

export interface SpreadFigures {
  readonly delivered: number;
  readonly duplicates: number;
  readonly requests: number;
  readonly status429: number;
  readonly producerMs: number;
  /** First notify() call (the producer's start) to the last delivery in any space. */
  readonly spanMs: number;
  /** End of the producer (last accepted notification) to the last delivery; negative if before. */
  readonly afterAcceptMs: number;
  /** Requests made after the producer ended, per second of that phase (NaN: no such phase). */
  readonly deliveryPhaseRequestsPerS: number;
}

const space = (s: number) => `SPACE${s}`;

/** Chat answers in 300 ms whatever the profile, as in the delivery benchmark. */
export function spreadCost(
  distDir: string | undefined,
  latency: LatencyProfileName,
): SpreadFigures {
  const w = benchWorld(distDir, latency, 300);
  for (let s = 0; s < SPACES; s++) w.connectWebhook(space(s), `S${s}`);
  const producer = w.project.run("spread", { spaces: SPACES, perSpace: PER_SPACE });
  deliverAll(w, 24 * 60 * 60_000);
  const all = Array.from({ length: SPACES }, (_, s) => space(s));
  const lines = all.flatMap((name) => deliveredLines(w, name));
  const requests = all.flatMap((name) => w.chat.requests(name));
  const last = Math.max(
    producer.startedAt,
    ...all.flatMap((name) => w.chat.messages(name).map((m) => m.createTime)),
  );
  // Negative when every delivery happened inside the producer's own notify() calls.
  const afterAcceptMs = last - producer.endedAt;
  const phaseRequests = requests.filter((r) => r.time >= producer.endedAt).length;
  return {
    delivered: new Set(lines).size,
    duplicates: lines.length - new Set(lines).size,
    requests: requests.length,
    status429: all.reduce((sum, name) => sum + count429(w, name), 0),
    producerMs: producer.endedAt - producer.startedAt,
    spanMs: last - producer.startedAt,
    afterAcceptMs,
    deliveryPhaseRequestsPerS: afterAcceptMs > 0 ? phaseRequests / (afterAcceptMs / 1000) : NaN,
  };
}
