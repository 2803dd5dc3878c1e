// A 3-hour Chat outage: every request answers 503 while one notification arrives every 4 s, each
// from its own execution (2,700 in all), triggers firing in between as they come due; then Chat
// recovers and the outbox drains. Refused = an execution whose notify() threw.
import type { LatencyProfileName } from "../emulator/gas/runtime/latency";
import {
  benchWorld,
  deliverAll,
  deliveredLines,
  propertiesCalls,
  SPACE,
  triggerRuntime,
} from "./outbox-scale";

export const OUTAGE_MS = 3 * 60 * 60_000;
export const GAP_MS = 4000;
export const NOTIFICATIONS = OUTAGE_MS / GAP_MS;
/**
 * Once the store is full nothing frees space until Chat recovers, and each refused notify() still
 * costs tens of milliseconds of real time; after this many refusals in a row the rest of the
 * feed is skipped (and reported as such) so the bench stays within its real-time budget.
 */
export const REFUSALS_BEFORE_CAP = 100;
/** More 503s than any design makes in 3 hours; what is left is cleared at recovery. */
const INJECTED_503S = 50_000;

export interface OutageFigures {
  readonly fed: number;
  readonly accepted: number;
  readonly refused: number;
  readonly skipped: number;
  readonly deliveredOnce: number;
  readonly duplicates: number;
  /** Accepted notifications not delivered and not a dead letter. */
  readonly missing: number;
  readonly deadLetters: number | undefined;
  readonly recoveryToLastMs: number;
  readonly requestsDuringOutage: number;
  readonly propertiesCalls: number;
  readonly triggerRuntimeMs: number;
  readonly peakBytes: number;
}

const text = (n: number) =>
  `📌 *Task* ${n} ${"status changed, owner ana@example.com · ".repeat(12)}`;

/** The status report's dead-letter count (both designs print "Dead letters: N"). */
function deadLetters(w: ReturnType<typeof benchWorld>): number | undefined {
  const report = w.project.run("showStatus").value;
  const match = typeof report === "string" ? /Dead letters: (\d+)/.exec(report) : null;
  return match ? Number(match[1]) : undefined;
}

export function outageCost(
  distDir: string | undefined,
  latency: LatencyProfileName,
): OutageFigures {
  const w = benchWorld(distDir, latency, 300);
  w.chat.injectFaults(
    SPACE,
    Array.from({ length: INJECTED_503S }, () => ({ status: 503 as const })),
  );
  const start = w.clock.now();
  const accepted = new Set<string>();
  let refused = 0;
  let refusedInARow = 0;
  let peakBytes = 0;
  let fed = 0;
  for (; fed < NOTIFICATIONS && refusedInARow < REFUSALS_BEFORE_CAP; fed++) {
    // Keep the 4 s cadence in absolute time; advancing fires the triggers due meanwhile.
    const due = start + fed * GAP_MS;
    if (w.clock.now() < due) w.project.advanceTo(due);
    const result = w.project.run("one", { text: text(fed + 1) });
    if (result.error) {
      refused++;
      refusedInARow++;
    } else {
      accepted.add(text(fed + 1));
      refusedInARow = 0;
    }
    peakBytes = Math.max(peakBytes, w.project.scriptProperties.size());
  }
  if (w.clock.now() < start + OUTAGE_MS) w.project.advanceTo(start + OUTAGE_MS);
  const requestsDuringOutage = w.chat.requests(SPACE).length;
  w.chat.clearFaults(SPACE);
  const recovery = w.clock.now();
  deliverAll(w, 24 * 60 * 60_000);
  const lines = deliveredLines(w, SPACE);
  const unique = new Set(lines);
  const calls = propertiesCalls(w); // before the status report adds its own
  const triggerMs = triggerRuntime(w);
  const dead = deadLetters(w);
  const last = w.chat.messages(SPACE).at(-1)?.createTime ?? recovery;
  return {
    fed,
    accepted: accepted.size,
    refused,
    skipped: NOTIFICATIONS - fed,
    deliveredOnce: [...accepted].filter((t) => unique.has(t)).length,
    duplicates: lines.length - unique.size,
    missing: [...accepted].filter((t) => !unique.has(t)).length - (dead ?? 0),
    deadLetters: dead,
    recoveryToLastMs: Math.max(0, last - recovery),
    requestsDuringOutage,
    propertiesCalls: calls,
    triggerRuntimeMs: triggerMs,
    peakBytes,
  };
}
