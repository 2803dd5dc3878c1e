// The log sheet, as the history's port: made on first use (a header and a warning-only
// protection), appended to in one write, updated in one read and one write, trimmed from the top.
import {
  HISTORY_HEADERS,
  PENDING_OUTCOMES,
  type HistoryLog,
  type HistoryRow,
  type HistoryUpdate,
} from "../history/history";
import { activeSpreadsheet } from "./sheets";

const WIDTH = HISTORY_HEADERS.length;
/** Columns of the id and of the outcome (then reason, delivered), 1-based. */
const ID_COLUMN = 2;
const OUTCOME_COLUMN = 6;

/**
 * Text as text: setValues makes "=…" a formula (and "+…", "-…" a formula or a number), and a
 * thread key or rule name can come from a cell. A leading apostrophe keeps it as typed.
 */
function asText(value: string): string {
  return /^[=+\-@']/.test(value) ? `'${value}` : value;
}

function inert(cells: readonly unknown[]): unknown[] {
  return cells.map((v) => (typeof v === "string" ? asText(v) : v));
}

function cells(row: HistoryRow): unknown[] {
  return inert([
    new Date(row.acceptedAt),
    row.id,
    row.rule,
    row.space,
    row.threadKey,
    row.outcome,
    row.reason,
    row.deliveredAt === null ? "" : new Date(row.deliveredAt),
  ]);
}

export function historySheet(name: string, maxRows: number): HistoryLog {
  let sheet: GoogleAppsScript.Spreadsheet.Sheet | null | undefined;
  const find = (create: boolean) => {
    if (sheet) return sheet;
    const book = activeSpreadsheet();
    sheet = book?.getSheetByName(name) ?? null;
    if (!sheet && create && book) {
      sheet = book.insertSheet(name);
      sheet.getRange(1, 1, 1, WIDTH).setValues([[...HISTORY_HEADERS]]);
      sheet.setFrozenRows(1);
      sheet
        .protect()
        .setDescription("Chat notification history: written by the script")
        .setWarningOnly(true);
    }
    return sheet;
  };

  const append = (target: GoogleAppsScript.Spreadsheet.Sheet, rows: readonly unknown[][]) => {
    const last = Math.max(1, target.getLastRow());
    target.getRange(last + 1, 1, rows.length, WIDTH).setValues(rows.map((r) => [...r]));
    const excess = last + rows.length - 1 - maxRows;
    if (excess > 0) target.deleteRows(2, excess);
  };

  return {
    append(rows) {
      const target = find(true);
      if (target) append(target, rows.map(cells));
    },
    update(updates, settledElsewhere) {
      const target = find(true);
      if (!target) return;
      const last = target.getLastRow();
      const table = last >= 2 ? target.getRange(2, 1, last - 1, WIDTH).getValues() : [];
      const rowOf = new Map(table.map((line, i) => [String(line[ID_COLUMN - 1]), i]));
      const missing: unknown[][] = [];
      let first = Infinity;
      let end = -1;
      const named = new Set(updates.map((u) => u.id));
      const others = table
        .filter((line) => PENDING_OUTCOMES.includes(String(line[OUTCOME_COLUMN - 1])))
        .map((line) => String(line[ID_COLUMN - 1]))
        .filter((id) => !named.has(id))
        .map(settledElsewhere)
        .filter((u): u is HistoryUpdate => u !== null);
      for (const update of [...updates, ...others]) {
        const index = rowOf.get(update.id);
        const outcome = [
          update.outcome,
          update.reason,
          update.deliveredAt === null ? "" : new Date(update.deliveredAt),
        ];
        if (index === undefined) {
          missing.push([
            new Date(),
            update.id,
            "(accepted before the log's first row)",
            "",
            "",
            ...outcome,
          ]);
          continue;
        }
        table[index]!.splice(OUTCOME_COLUMN - 1, 3, ...outcome);
        first = Math.min(first, index);
        end = Math.max(end, index);
      }
      if (end >= first) {
        // Rows read back hold their text without the apostrophe: written again, it is put back.
        const block = table
          .slice(first, end + 1)
          .map((line) => inert(line.slice(OUTCOME_COLUMN - 1)));
        target.getRange(first + 2, OUTCOME_COLUMN, block.length, 3).setValues(block);
      }
      if (missing.length > 0) append(target, missing.map(inert));
    },
  };
}
