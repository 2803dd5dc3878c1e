// What one edit costs in service calls, for sheets of 100 to 100,000 rows and 1 or 50 rules: the
// counts must not grow with either. Node time per edit is printed as a ratio to the smallest case.
import { propertiesCalls, spreadsheetCalls } from "./service-calls";
import type { LatencyProfileName } from "../emulator/gas/runtime/latency";
import { createLocalWorld } from "../emulator/local-world";
import { executionUse, type QuotaUse } from "./quota-share";
import { teamSpreadsheet } from "../emulator/samples";
import { buildWithConfig } from "../scripts/build-variant";

export interface EditFigures {
  readonly rows: number;
  readonly rules: number;
  readonly spreadsheetCalls: number;
  readonly propertiesCalls: number;
  readonly fetches: number;
  readonly unmatchedSpreadsheetCalls: number;
  readonly unmatchedPropertiesCalls: number;
  readonly nodeMsPerEdit: number;
  /** Virtual time of the matched edit's execution. */
  readonly virtualMs: number;
  readonly quota: QuotaUse;
}

export function editBenchmark(
  rows: number,
  rules: 1 | 50,
  latency: LatencyProfileName = "typical",
  repeats = 5,
): EditFigures {
  const distDir = buildWithConfig(
    rules === 1 ? "bench/configs/one-rule.ts" : "bench/configs/fifty-rules.ts",
  );
  const world = createLocalWorld({
    distDir,
    spreadsheet: teamSpreadsheet(rows),
    ...(latency === "zero" ? { latency } : {}),
  });
  world.connectWebhook("AAAAbench");
  world.project.run("setup");
  const sheet = world.project.spreadsheet!;
  const editOf = (range: string, value: string) => {
    sheet.edit({ sheet: "Tasks", range, values: value });
    return world.project.executions.filter((e) => e.functionName === "handleEdit").at(-1)!;
  };
  // A status that becomes Done, half-way down the sheet: rule 1 matches.
  const target = Math.ceil(rows / 2) + 1;
  const started = performance.now();
  let matched = editOf(`D${target}`, "Done");
  for (let i = 1; i < repeats; i++) {
    editOf(`D${target}`, "Open");
    world.project.advance(2_000);
    matched = editOf(`D${target}`, "Done");
    world.project.advance(2_000);
  }
  const nodeMsPerEdit = (performance.now() - started) / (2 * repeats - 1);
  const unmatched = editOf(`Z${target}`, "scribble");
  return {
    rows,
    rules,
    spreadsheetCalls: spreadsheetCalls(matched.calls),
    propertiesCalls: propertiesCalls(matched.calls),
    fetches: matched.calls["UrlFetchApp.fetch"] ?? 0,
    unmatchedSpreadsheetCalls: spreadsheetCalls(unmatched.calls),
    unmatchedPropertiesCalls: propertiesCalls(unmatched.calls),
    nodeMsPerEdit,
    virtualMs: matched.endedAt - matched.startedAt,
    quota: executionUse(matched),
  };
}
