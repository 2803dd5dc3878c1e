// What one edit costs with 1 or 100 rules written in the rules sheet: reading the rules must cost
// the same whatever their number (one cache read), and a cache miss a fixed few more calls.
import { createLocalWorld } from "../emulator/local-world";
import type { ExecutionResult } from "../emulator/gas/runtime/host";
import { teamSpreadsheet } from "../emulator/samples";
import { RULE_COLUMNS } from "../src/rules/sheet-rules";

export interface SheetRuleFigures {
  readonly rules: number;
  /** Every service call of an edit that one sheet rule matches (cache warm). */
  readonly matchedCalls: number;
  /** An edit of a watched sheet that no rule matches (cache warm). */
  readonly unmatchedCalls: number;
  /** The same matched edit after the cache was evicted: the rules sheet is read and checked. */
  readonly coldCalls: number;
  readonly cacheCalls: number;
  readonly nodeMsPerEdit: number;
}

function total(result: ExecutionResult): number {
  return Object.values(result.calls).reduce((a, b) => a + b, 0);
}

function ruleRow(i: number): string[] {
  const cells: Record<string, string> = {
    name: `sheet-rule-${i}`,
    enabled: "TRUE",
    kind: "edit",
    sheet: "Tasks",
    column: "Status",
    condition: "becomes",
    // Rule 1 matches the benchmark's edit; the others watch statuses no one sets.
    value: i === 1 ? "Shipped" : `Status ${i}`,
    message: `Rule ${i}: {{Task}} is {{new}} {{url}}`,
    threadKey: "task-{{ID}}",
  };
  return RULE_COLUMNS.map(({ key }) => cells[key] ?? "");
}

export function sheetRuleBenchmark(rules: number, repeats = 5): SheetRuleFigures {
  const world = createLocalWorld({ spreadsheet: teamSpreadsheet(1_000) });
  world.connectWebhook("AAAAbench");
  world.project.run("setup");
  world.project.run("createRulesSheetFromMenu", undefined, { kind: "menu" });
  const sheet = world.project.spreadsheet!;
  const last = String.fromCharCode(64 + RULE_COLUMNS.length);
  sheet.edit({
    sheet: "Chat rules",
    range: `A2:${last}${rules + 1}`,
    values: Array.from({ length: rules }, (_, i) => ruleRow(i + 1)),
  });
  const editOf = (range: string, value: string) => {
    sheet.edit({ sheet: "Tasks", range, values: value });
    world.project.advance(2_000);
    return world.project.executions.filter((e) => e.functionName === "handleEdit").at(-1)!;
  };
  const started = performance.now();
  let matched = editOf("D10", "Shipped");
  for (let i = 1; i < repeats; i++) {
    editOf("D10", "Open");
    matched = editOf("D10", "Shipped");
  }
  const nodeMsPerEdit = (performance.now() - started) / (2 * repeats - 1);
  const unmatched = editOf("F10", "a note");
  editOf("D10", "Open");
  world.project.evictCache();
  const cold = editOf("D10", "Shipped");
  return {
    rules,
    matchedCalls: total(matched),
    unmatchedCalls: total(unmatched),
    coldCalls: total(cold),
    cacheCalls: Object.entries(matched.calls)
      .filter(([name]) => /^Cache(Service)?\./.test(name))
      .reduce((sum, [, count]) => sum + count, 0),
    nodeMsPerEdit,
  };
}
