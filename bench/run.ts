// `npm run bench`: every benchmark, each printed as ratios against a baseline measured in the same
// run. Counts (service calls, requests) come from the emulator; virtual time is the emulator's,
// under the "typical" latency profile with late one-shot triggers (`-- --latency=zero` for free
// calls). Each table also says what share of each daily quota the run used, for both account kinds.
import { LATENCY_PROFILES, type LatencyProfileName } from "../emulator/gas/runtime/latency";
import { deliveryBenchmark } from "./delivery";
import { digestBenchmark, newRowsCellsBenchmark } from "./digests";
import { editBenchmark } from "./edits";
import { sheetRuleBenchmark } from "./sheet-rules";
import { quotaColumns, runsPerDay } from "./quota-share";
import { burstCost, capacity, enqueueCost, seedBuild, SEED_COMMIT } from "./outbox-scale";
import { capturedFormCard } from "./form-card";
import { AGGREGATE_BOUND_PER_S, PER_SPACE, SPACES, spreadCost } from "./spaces";
import { NOTIFICATIONS, outageCost, REFUSALS_BEFORE_CAP } from "./outage";
import { DAILY_QUOTAS, type AccountKind, type QuotaName } from "../emulator/gas/runtime/quotas";

function latencyFromArgs(): LatencyProfileName {
  const flag = process.argv.find((arg) => arg.startsWith("--latency="));
  const name = flag?.slice("--latency=".length) ?? "typical";
  if (!(name in LATENCY_PROFILES)) {
    throw new Error(`--latency must be one of ${Object.keys(LATENCY_PROFILES).join(", ")}`);
  }
  return name as LatencyProfileName;
}

const latency = latencyFromArgs();

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function ratio(value: number, baseline: number): string {
  // A baseline of nothing (no such phase, or a span that ended before it began) has no ratio.
  if (!Number.isFinite(baseline) || baseline <= 0) return value === baseline ? "=" : "n/a";
  return `${(value / baseline).toFixed(2)}x`;
}

function printDelivery(): void {
  for (const [title, faults] of [
    ["a burst of 30 events, 200 ms apart, Chat answering 503 and timing out once", true],
    ["the same burst, no faults", false],
  ] as const) {
    const [baseline, ...others] = deliveryBenchmark(30, 200, faults, latency);
    console.log(`\nDelivery: ${title}`);
    const rows = [baseline!, ...others].map((f) => ({
      way: f.name,
      delivered: `${f.delivered}/${f.events}`,
      lost: f.lost,
      duplicates: f.duplicates,
      "429s": f.status429,
      "calls/event": `${f.callsPerEvent.toFixed(1)} (${ratio(f.callsPerEvent, baseline!.callsPerEvent)})`,
      "calls/delivered": `${f.callsPerDelivered.toFixed(1)} (${ratio(f.callsPerDelivered, baseline!.callsPerDelivered)})`,
      "trigger runtime": `${(f.triggerRuntimeMs / 1000).toFixed(1)} s (${ratio(f.triggerRuntimeMs, baseline!.triggerRuntimeMs)})`,
      "caller's time/event": `${f.callerMs.toFixed(0)} ms (${ratio(f.callerMs, baseline!.callerMs)})`,
      "first event to last delivery": `${seconds(f.spanMs)} (${ratio(f.spanMs, baseline!.spanMs)})`,
    }));
    console.table(rows);
    console.log("Daily quotas one such burst uses, and bursts a day before the first runs out:");
    console.table(
      [baseline!, ...others].map((f) => ({
        way: f.name,
        ...quotaColumns(f.quota),
        "bursts/day (consumer / workspace)": runsPerDay(f.quota),
      })),
    );
  }
  console.log(
    `Times are virtual: Chat answers in 300 ms; service calls cost the "${latency}" profile's time.`,
  );
}

/** The seed's design (when the history has it), then this build; the first row is the baseline. */
function designs(): { name: string; dist: string | undefined }[] {
  const seed = seedBuild();
  return [
    ...(seed ? [{ name: `seed outbox (${SEED_COMMIT})`, dist: seed }] : []),
    { name: "this build", dist: undefined },
  ];
}

/** A figure, its ratio to the seed's, and to its bound when it has one. */
function against(shown: string, value: number, seed: number, bound?: [number, string]): string {
  const parts = [`${ratio(value, seed)} seed`];
  if (bound) parts.push(`${ratio(value, bound[0])} of ${bound[1]}`);
  return `${shown} (${parts.join("; ")})`;
}

// Issue 12's bounds.
const TRIGGER_RUNTIME_BOUND_MS = 2 * 60_000;
const SUSTAINED_BOUND = { consumer: 15_000, workspace: 100_000 } as const;

/** The quota that runs out first, and notifications a day before it does, for each account. */
function sustained(use: Record<QuotaName, number>, perRun: number): string {
  return (["consumer", "workspace"] as AccountKind[])
    .map((kind) => {
      const limits = DAILY_QUOTAS[kind];
      const [binding] = (Object.keys(limits) as QuotaName[])
        .filter((name) => use[name] > 0)
        .sort((a, b) => use[b] / limits[b] - use[a] / limits[a]);
      if (!binding) return "no limit";
      const perDay = Math.floor(limits[binding] / use[binding]) * perRun;
      return `${perDay.toLocaleString("en-US")} (${binding}; ${ratio(perDay, SUSTAINED_BOUND[kind])} of ${SUSTAINED_BOUND[kind].toLocaleString("en-US")})`;
    })
    .join(" / ");
}

function printOutboxScale(): void {
  if (!seedBuild())
    console.log(`\n(The seed's outbox, commit ${SEED_COMMIT}, is not in this clone's history.)`);
  console.log(
    "\nOutbox: one notify() with N notifications queued (Chat down): Properties bytes moved",
  );
  const rows = designs().flatMap((d) =>
    [0, 100, 1000].map((queued) => ({ design: d.name, ...enqueueCost(d.dist, queued, latency) })),
  );
  const empty = (design: string) => rows.find((r) => r.design === design && r.queued === 0)!;
  console.table(
    rows.map((r) => ({
      design: r.design,
      queued: r.queued,
      "KB read": `${r.readKB.toFixed(1)} (${ratio(r.readKB, empty(r.design).readKB)} of empty)`,
      "KB written": `${r.writtenKB.toFixed(1)} (${ratio(r.writtenKB, empty(r.design).writtenKB)} of empty)`,
      "service calls": r.calls,
    })),
  );
  const count = 1000;
  console.log(
    `\nOutbox: ${count} notifications to one space from one execution, to the last delivery`,
  );
  const bursts = designs().map((d) => ({ design: d.name, ...burstCost(d.dist, count, latency) }));
  const base = bursts[0]!;
  console.table(
    bursts.map((b) => ({
      design: b.design,
      delivered: `${b.delivered}/${count}`,
      requests: b.requests,
      "429s": b.status429,
      "producer's own time": against(seconds(b.producerMs), b.producerMs, base.producerMs),
      // The bound: the requests it made, one a second.
      "to the last delivery": `${seconds(b.spanMs)} (${ratio(b.spanMs, base.spanMs)}; ${ratio(b.spanMs, b.requests * 1000)} of its requests at 1/s)`,
      "last accepted to last delivery": against(
        seconds(b.afterAcceptMs),
        b.afterAcceptMs,
        base.afterAcceptMs,
        [b.requests * 1000, "requests x 1 s"],
      ),
      "trigger runtime": against(
        seconds(b.triggerRuntimeMs),
        b.triggerRuntimeMs,
        base.triggerRuntimeMs,
        [TRIGGER_RUNTIME_BOUND_MS, "2 min"],
      ),
      "Properties calls/notification": against(
        b.propertiesCallsPerNotification.toFixed(1),
        b.propertiesCallsPerNotification,
        base.propertiesCallsPerNotification,
      ),
      ...quotaColumns(b.quota),
      "sustained notifications/day, binding quota (consumer / workspace)": sustained(
        b.quota as Record<QuotaName, number>,
        count,
      ),
    })),
  );
}

function printCapacity(): void {
  const kinds = [
    ["tiny (10 characters)", { text: "tiny note" }],
    [
      "typical rule text (~500 bytes)",
      { text: `📌 *Task* ${"status changed, owner ana@example.com · ".repeat(12)}` },
    ],
    [
      "rule text, words differ (~500 bytes)",
      { text: "📌 *Task* status changed · owner ana@example.com · note", words: 60 },
    ],
    ["form card (6 questions)", { card: capturedFormCard() }],
  ] as const;
  // Issue 12's bounds, by column; the tiny note has none.
  const bounds: Record<string, number> = {
    "typical rule text (~500 bytes)": 5000,
    "rule text, words differ (~500 bytes)": 5000,
    "form card (6 questions)": 2000,
  };
  // Counting stops at twice the bound (10,000 for the tiny note): past it, only the bench's time grows.
  const ceiling = (label: string) => 2 * (bounds[label] ?? 5000);
  console.log("\nOutbox: notifications the 500 KB store holds while Chat is down");
  const held = designs().map((d) => ({
    design: d.name,
    counts: kinds.map(([label, filler]) => capacity(d.dist, filler, ceiling(label))),
  }));
  const base = held[0]!;
  console.table(
    held.map((h) => {
      const row: Record<string, string> = { design: h.design };
      kinds.forEach(([label], i) => {
        const bound = bounds[label];
        const { held: n, reached } = h.counts[i]!;
        row[label] = against(
          reached ? `≥ ${n} (counted no further)` : String(n),
          n,
          base.counts[i]!.held,
          bound ? [bound, String(bound)] : undefined,
        );
      });
      return row;
    }),
  );
  console.log(
    "The form card is the one the access-request rule posted for a real emulated submission, " +
      "its title numbered per copy.",
  );
}

/**
 * The span after the producer, and its messages/s; when the producer's own notify() calls
 * delivered everything, there is no such phase, and the table says so rather than print 0 s.
 */
function afterTheProducer(
  f: { afterAcceptMs: number },
  base: { afterAcceptMs: number },
  bound: [number, string],
  total: number,
): string {
  if (f.afterAcceptMs <= 0) {
    return `none: all delivered ${seconds(-f.afterAcceptMs)} before the producer ended`;
  }
  const perS = total / (f.afterAcceptMs / 1000);
  const basePerS = base.afterAcceptMs > 0 ? total / (base.afterAcceptMs / 1000) : 0;
  return `${against(seconds(f.afterAcceptMs), f.afterAcceptMs, base.afterAcceptMs)}, ${against(`${perS.toFixed(2)}/s`, perS, basePerS, bound)}`;
}

function printSpaces(): void {
  const total = SPACES * PER_SPACE;
  console.log(
    `\nOutbox: ${SPACES} spaces x ${PER_SPACE} notifications from one execution, Chat answering in 300 ms`,
  );
  const figures = designs().map((d) => ({ design: d.name, ...spreadCost(d.dist, latency) }));
  const base = figures[0]!;
  const perS = (span: number) => (span > 0 ? total / (span / 1000) : 0);
  const bound: [number, string] = [AGGREGATE_BOUND_PER_S, `${AGGREGATE_BOUND_PER_S}/s`];
  console.table(
    figures.map((f) => ({
      design: f.design,
      delivered: `${f.delivered}/${total}`,
      duplicates: f.duplicates,
      requests: f.requests,
      "429s": f.status429,
      "producer's own time": against(seconds(f.producerMs), f.producerMs, base.producerMs),
      "first call to last delivery": against(seconds(f.spanMs), f.spanMs, base.spanMs),
      "last accepted to last delivery, messages/s": afterTheProducer(f, base, bound, total),
      "messages/s, first call on": against(
        perS(f.spanMs).toFixed(2),
        perS(f.spanMs),
        perS(base.spanMs),
        bound,
      ),
      "requests/s, delivery phase": Number.isNaN(f.deliveryPhaseRequestsPerS)
        ? "no delivery phase"
        : against(
            f.deliveryPhaseRequestsPerS.toFixed(2),
            f.deliveryPhaseRequestsPerS,
            base.deliveryPhaseRequestsPerS,
            bound,
          ),
    })),
  );
  console.log(
    "Messages/s counts notifications delivered (a request may carry several); the bound is Chat's 1 request/s per space, summed.",
  );
}

function printOutage(): void {
  console.log(
    `\nOutbox: Chat answers 503 for 3 hours, one notification (~500 bytes) every 4 s from its own execution (${NOTIFICATIONS.toLocaleString("en-US")}), then recovers`,
  );
  const figures = designs().map((d) => ({ design: d.name, ...outageCost(d.dist, latency) }));
  const base = figures[0]!;
  console.table(
    figures.map((f) => ({
      design: f.design,
      accepted: against(String(f.accepted), f.accepted, base.accepted, [
        NOTIFICATIONS,
        String(NOTIFICATIONS),
      ]),
      refused: f.refused,
      "not fed (capped)": f.skipped,
      "delivered once": against(String(f.deliveredOnce), f.deliveredOnce, base.deliveredOnce),
      duplicates: f.duplicates,
      "dead letters": f.deadLetters ?? "n/a",
      "accepted, neither delivered nor dead": f.missing,
      "recovery to last delivery": against(
        seconds(f.recoveryToLastMs),
        f.recoveryToLastMs,
        base.recoveryToLastMs,
      ),
      "requests during outage": f.requestsDuringOutage,
      "Properties calls": against(
        String(f.propertiesCalls),
        f.propertiesCalls,
        base.propertiesCalls,
      ),
      "trigger runtime": against(
        seconds(f.triggerRuntimeMs),
        f.triggerRuntimeMs,
        base.triggerRuntimeMs,
      ),
      "store peak": against(`${(f.peakBytes / 1024).toFixed(0)} KB`, f.peakBytes, base.peakBytes),
    })),
  );
  console.log(
    `Feeding stops after ${REFUSALS_BEFORE_CAP} refusals in a row (nothing frees space before recovery); "not fed" counts what that skipped.`,
  );
}

function printEdits(): void {
  console.log("\nOne edit: service calls by sheet size and rule count (must not grow with either)");
  const cases = [100, 10_000, 100_000].flatMap((rows) =>
    [1, 50].map((rules) => [rows, rules] as const),
  );
  const figures = cases.map(([rows, rules]) => editBenchmark(rows, rules as 1 | 50, latency));
  const baseline = figures[0]!;
  console.table(
    figures.map((f) => ({
      rows: f.rows,
      rules: f.rules,
      "SpreadsheetApp calls": `${f.spreadsheetCalls} (${ratio(f.spreadsheetCalls, baseline.spreadsheetCalls)})`,
      "PropertiesService calls": `${f.propertiesCalls} (${ratio(f.propertiesCalls, baseline.propertiesCalls)})`,
      fetches: f.fetches,
      "edit no rule matches: Sheets/Properties calls": `${f.unmatchedSpreadsheetCalls}/${f.unmatchedPropertiesCalls}`,
      "Node time per edit": `${f.nodeMsPerEdit.toFixed(2)} ms (${ratio(f.nodeMsPerEdit, baseline.nodeMsPerEdit)})`,
      "virtual time per edit": `${f.virtualMs.toFixed(0)} ms (${ratio(f.virtualMs, baseline.virtualMs)})`,
    })),
  );
  console.log(
    "Daily quotas one matched edit uses, and such edits a day before the first runs out:",
  );
  console.table(
    figures.map((f) => ({
      rows: f.rows,
      rules: f.rules,
      ...quotaColumns(f.quota),
      "edits/day (consumer / workspace)": runsPerDay(f.quota),
    })),
  );
  console.log(
    "Node time includes the emulator's copy of the rows read; Apps Script bills calls, not rows.",
  );
}

function printDigests(): void {
  console.log("\nDigests (both examples, one run): calls and Node time by sheet size");
  const figures = [1_000, 10_000, 100_000].map((rows) => digestBenchmark(rows, latency));
  const baseline = figures[0]!;
  console.table(
    figures.map((f) => ({
      rows: f.rows,
      "SpreadsheetApp calls": `${f.spreadsheetCalls} (${ratio(f.spreadsheetCalls, baseline.spreadsheetCalls)})`,
      "PropertiesService calls": `${f.propertiesCalls} (${ratio(f.propertiesCalls, baseline.propertiesCalls)})`,
      "rows shown": f.shownRows,
      "Node time": `${f.nodeMs.toFixed(1)} ms (${ratio(f.nodeMs, baseline.nodeMs)})`,
      "virtual time": `${f.virtualMs.toFixed(0)} ms (${ratio(f.virtualMs, baseline.virtualMs)})`,
      ...quotaColumns(f.quota),
    })),
  );
}

function printNewRowsCells(): void {
  console.log(
    "\nDigests on a day with 10 new access requests: cells read, against one read of the whole " +
      "used range of both sheets (the previous design, sized in the same run)",
  );
  const figures = [1_000, 10_000, 100_000].map((rows) => newRowsCellsBenchmark(rows));
  console.table(
    figures.map((f) => ({
      "earlier requests": f.rows,
      "whole used range": f.wholeRangeCells,
      "cells read": `${f.cellsRead} (1/${Math.round(f.wholeRangeCells / f.cellsRead)} of it)`,
    })),
  );
}

function printSheetRules(): void {
  console.log("\nOne edit with rules in the rules sheet: every service call, by rule count");
  const figures = [1, 100].map((rules) => sheetRuleBenchmark(rules));
  const baseline = figures[0]!;
  console.table(
    figures.map((f) => ({
      "sheet rules": f.rules,
      "calls, a rule matches": `${f.matchedCalls} (${ratio(f.matchedCalls, baseline.matchedCalls)})`,
      "of which cache": f.cacheCalls,
      "calls, no rule matches": `${f.unmatchedCalls} (${ratio(f.unmatchedCalls, baseline.unmatchedCalls)})`,
      "calls, cache evicted": `${f.coldCalls} (${ratio(f.coldCalls, baseline.coldCalls)})`,
      "Node time per edit": `${f.nodeMsPerEdit.toFixed(2)} ms (${ratio(f.nodeMsPerEdit, baseline.nodeMsPerEdit)})`,
    })),
  );
  console.log("A matched edit includes the send and the log sheet's write.");
}

console.log(
  `Latency profile: ${latency}${latency === "typical" ? " (seeded ±30% jitter, one-shot triggers late by a seeded spread)" : ""}; quotas of both account kinds.`,
);
printDelivery();
printOutboxScale();
printSpaces();
printCapacity();
printOutage();
printEdits();
printDigests();
printNewRowsCells();
printSheetRules();
