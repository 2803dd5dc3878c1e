// What a digest costs for sheets of 1,000 to 100,000 rows: SpreadsheetApp calls (one read of the
// used range, whatever the size) and Node time, as a ratio to the smallest sheet.
import { propertiesCalls, spreadsheetCalls } from "./service-calls";
import type { LatencyProfileName } from "../emulator/gas/runtime/latency";
import { Range } from "../emulator/gas/documents/spreadsheet";
import { createLocalWorld } from "../emulator/local-world";
import { executionUse, type QuotaUse } from "./quota-share";
import { ACCESS_FORM, teamSpreadsheet } from "../emulator/samples";

export interface DigestFigures {
  readonly rows: number;
  readonly spreadsheetCalls: number;
  readonly propertiesCalls: number;
  readonly nodeMs: number;
  readonly shownRows: number;
  /** Virtual time of the run. */
  readonly virtualMs: number;
  /** Its use of the quotas, its time counted as the trigger runtime a scheduled run would cost. */
  readonly quota: QuotaUse;
}

/** Both example digests (open tasks grouped by owner; new access requests), run once. */
export function digestBenchmark(
  rows: number,
  latency: LatencyProfileName = "typical",
): DigestFigures {
  const world = createLocalWorld({
    spreadsheet: teamSpreadsheet(rows),
    form: ACCESS_FORM,
    ...(latency === "zero" ? { latency } : {}),
  });
  world.connectWebhook("AAAAbench");
  world.project.run("setup");
  const started = performance.now();
  const run = world.project.run("sendDigestsNow", undefined, { kind: "menu" });
  const nodeMs = performance.now() - started;
  if (run.error) throw new Error(run.error.message);
  const card = world.chat.messages("AAAAbench")[0]?.cardsV2?.[0] as
    { card: { sections: { widgets: unknown[] }[] } } | undefined;
  return {
    rows,
    spreadsheetCalls: spreadsheetCalls(run.calls),
    propertiesCalls: propertiesCalls(run.calls),
    nodeMs,
    shownRows: (card?.card.sections ?? []).slice(0, -1).reduce((n, s) => n + s.widgets.length, 0),
    virtualMs: run.endedAt - run.startedAt,
    quota: executionUse(run),
  };
}

export interface NewRowsCells {
  readonly rows: number;
  /** Cells the previous design read: every used cell of both digests' sheets, in one read each. */
  readonly wholeRangeCells: number;
  /** Cells dist/Code.js read (every getDisplayValues, header rows included). */
  readonly cellsRead: number;
}

/** Cells returned by Range.getDisplayValues while `action` runs: what the script read. */
function countingCells(action: () => void): number {
  const original = Range.prototype.getDisplayValues;
  let cells = 0;
  Range.prototype.getDisplayValues = function (this: Range) {
    const values = original.call(this);
    cells += values.reduce((sum, row) => sum + row.length, 0);
    return values;
  };
  try {
    action();
  } finally {
    Range.prototype.getDisplayValues = original;
  }
  return cells;
}

/**
 * Both example digests on the day 10 access requests arrived, with `rows` earlier ones in the
 * responses sheet (so the new-rows digest has a cursor) and 12 tasks.
 */
export function newRowsCellsBenchmark(rows: number): NewRowsCells {
  const fixture = teamSpreadsheet(12);
  const responses = fixture.sheets["Form Responses 1"]!;
  const answer = (i: number, day: number) => [
    `1/${day}/2026 ${String(8 + (i % 10)).padStart(2, "0")}:00:${String(i % 60).padStart(2, "0")}`,
    `p${i}@example.com`,
    `Person ${i}`,
    "Ops",
    "Chat",
    "work",
  ];
  for (let i = 0; i < rows; i++) responses.push(answer(i, 4));
  const world = createLocalWorld({ spreadsheet: fixture, form: ACCESS_FORM });
  world.connectWebhook("AAAAbench");
  world.project.run("setup");
  world.project.run("sendDigestsNow", undefined, { kind: "menu" });
  world.project.spreadsheet!.appendRows(
    "Form Responses 1",
    Array.from({ length: 10 }, (_, i) => answer(rows + i, 5)),
  );
  world.clock.advance(24 * 60 * 60_000);
  const cellsRead = countingCells(() => {
    const run = world.project.run("sendDigestsNow", undefined, { kind: "menu" });
    if (run.error) throw new Error(run.error.message);
    if (!String(run.value).includes('"new-requests": 10 row(s)')) {
      throw new Error(`the new-rows digest did not send the 10 new rows: ${String(run.value)}`);
    }
  });
  const size = (sheet: string) =>
    world.project.spreadsheet!.values(sheet).reduce((sum, row) => sum + row.length, 0);
  return { rows, wholeRangeCells: size("Tasks") + size("Form Responses 1"), cellsRead };
}
