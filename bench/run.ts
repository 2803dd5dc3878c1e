// `npm run bench`: every benchmark, each printed as ratios against a baseline measured in the same
// run. Counts (service calls, requests) come from the emulator; virtual time is the emulator's.
import { deliveryBenchmark } from "./delivery";
import { digestBenchmark } from "./digests";
import { editBenchmark } from "./edits";
import { sheetRuleBenchmark } from "./sheet-rules";

function ratio(value: number, baseline: number): string {
  if (baseline === 0) return value === 0 ? "=" : "n/a";
  return `${(value / baseline).toFixed(2)}x`;
}

function printDelivery(): void {
  for (const [title, faults] of [
    ["a burst of 30 events, 200 ms apart, Chat answering 503 and timing out once", true],
    ["the same burst, no faults", false],
  ] as const) {
    const [baseline, ...others] = deliveryBenchmark(30, 200, faults);
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
    }));
    console.table(rows);
  }
  console.log(
    "Trigger runtime is virtual: fetch round trips (300 ms) and sleeps; service calls are counted, not timed.",
  );
}

function printEdits(): void {
  console.log("\nOne edit: service calls by sheet size and rule count (must not grow with either)");
  const cases = [100, 10_000, 100_000].flatMap((rows) =>
    [1, 50].map((rules) => [rows, rules] as const),
  );
  const figures = cases.map(([rows, rules]) => editBenchmark(rows, rules as 1 | 50));
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
    })),
  );
  console.log(
    "Node time includes the emulator's copy of the rows read; Apps Script bills calls, not rows.",
  );
}

function printDigests(): void {
  console.log("\nDigests (both examples, one run): calls and Node time by sheet size");
  const figures = [1_000, 10_000, 100_000].map((rows) => digestBenchmark(rows));
  const baseline = figures[0]!;
  console.table(
    figures.map((f) => ({
      rows: f.rows,
      "SpreadsheetApp calls": `${f.spreadsheetCalls} (${ratio(f.spreadsheetCalls, baseline.spreadsheetCalls)})`,
      "PropertiesService calls": `${f.propertiesCalls} (${ratio(f.propertiesCalls, baseline.propertiesCalls)})`,
      "rows shown": f.shownRows,
      "Node time": `${f.nodeMs.toFixed(1)} ms (${ratio(f.nodeMs, baseline.nodeMs)})`,
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

printDelivery();
printEdits();
printDigests();
printSheetRules();
