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
  if (baseline === 0) return value === 0 ? "=" : "n/a";
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

/** The quota that runs out first, and notifications a day before it does, for each account. */
function sustained(use: Record<QuotaName, number>, perRun: number): string {
  return (["consumer", "workspace"] as AccountKind[])
    .map((kind) => {
      const limits = DAILY_QUOTAS[kind];
      const [binding] = (Object.keys(limits) as QuotaName[])
        .filter((name) => use[name] > 0)
        .sort((a, b) => use[b] / limits[b] - use[a] / limits[a]);
      if (!binding) return "no limit";
      const runs = Math.floor(limits[binding] / use[binding]);
      return `${(runs * perRun).toLocaleString("en-US")} (${binding})`;
    })
    .join(" / ");
}

function printOutboxScale(): void {
  const seed = seedBuild();
  const designs = [
    ...(seed ? [{ name: `seed outbox (${SEED_COMMIT})`, dist: seed }] : []),
    { name: "this build", dist: undefined },
  ];
  if (!seed)
    console.log(`\n(The seed's outbox, commit ${SEED_COMMIT}, is not in this clone's history.)`);
  console.log(
    "\nOutbox: one notify() with N notifications queued (Chat down): Properties bytes moved",
  );
  const rows = designs.flatMap((d) =>
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
  const bursts = designs.map((d) => ({ design: d.name, ...burstCost(d.dist, count, latency) }));
  const base = bursts[0]!;
  console.table(
    bursts.map((b) => ({
      design: b.design,
      delivered: `${b.delivered}/${count}`,
      requests: b.requests,
      "429s": b.status429,
      // The bound: the requests it made, one a second.
      "to the last delivery": `${seconds(b.spanMs)} (${ratio(b.spanMs, base.spanMs)}; ${ratio(b.spanMs, b.requests * 1000)} of its requests at 1/s)`,
      "trigger runtime": `${seconds(b.triggerRuntimeMs)} (${ratio(b.triggerRuntimeMs, base.triggerRuntimeMs)})`,
      ...quotaColumns(b.quota),
      "sustained notifications/day, binding quota (consumer / workspace)": sustained(
        b.quota as Record<QuotaName, number>,
        count,
      ),
    })),
  );
}

function printCapacity(): void {
  const seed = seedBuild();
  const designs = [
    ...(seed ? [{ name: `seed outbox (${SEED_COMMIT})`, dist: seed }] : []),
    { name: "this build", dist: undefined },
  ];
  const kinds = [
    ["tiny (10 characters)", "tiny note"],
    [
      "typical rule text (~500 bytes)",
      `📌 *Task* ${"status changed, owner ana@example.com · ".repeat(12)}`,
    ],
  ] as const;
  console.log("\nOutbox: notifications the 500 KB store holds while Chat is down");
  const rows = designs.map((d) => {
    const row: Record<string, string> = { design: d.name };
    for (const [label, text] of kinds) row[label] = String(capacity(d.dist, text));
    return row;
  });
  console.table(rows);
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
printCapacity();
printEdits();
printDigests();
printNewRowsCells();
printSheetRules();
