// What a digest costs for sheets of 1,000 to 100,000 rows: SpreadsheetApp calls (one read of the
// used range, whatever the size) and Node time, as a ratio to the smallest sheet.
import { propertiesCalls, spreadsheetCalls } from "./service-calls";
import type { LatencyProfileName } from "../emulator/gas/latency";
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
