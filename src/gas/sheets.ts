// The bound spreadsheet or form, as the rules read them: display values, in as few calls as the
// work allows (a header row and the affected rows, each in one getDisplayValues).
import type { PropertyReader, SheetReader } from "../ports";
import type { LiveDocument } from "../rules/validate";

let active: GoogleAppsScript.Spreadsheet.Spreadsheet | null | undefined;

/**
 * The bound spreadsheet, asked for once per execution (the reader, the rules sheet, the log, the
 * language and the menu all need it); null in a script bound to a form.
 */
export function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  if (active === undefined) {
    try {
      active = SpreadsheetApp.getActiveSpreadsheet();
    } catch {
      active = null; // no SpreadsheetApp where a form-bound script runs
    }
  }
  return active;
}

export function spreadsheetReader(): SheetReader {
  let spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | null | undefined;
  const sheets = new Map<string, GoogleAppsScript.Spreadsheet.Sheet | null>();
  const sheetOf = (name: string) => {
    spreadsheet ??= activeSpreadsheet();
    if (!sheets.has(name)) sheets.set(name, spreadsheet?.getSheetByName(name) ?? null);
    return sheets.get(name)!;
  };
  let baseUrl: string | undefined;
  const sheetIds = new Map<string, number>();
  return {
    read(name, headerRow, firstRow, rowCount) {
      const sheet = sheetOf(name);
      if (!sheet) return null;
      const width = sheet.getLastColumn();
      if (width === 0) return { headers: [], rows: Array.from({ length: rowCount }, () => []) };
      const headers = sheet.getRange(headerRow, 1, 1, width).getDisplayValues()[0] ?? [];
      const rows =
        rowCount > 0 ? sheet.getRange(firstRow, 1, rowCount, width).getDisplayValues() : [];
      return { headers: headers.map((h) => h.trim()), rows };
    },
    readAll(name) {
      const sheet = sheetOf(name);
      return sheet ? sheet.getDataRange().getDisplayValues() : null;
    },
    lastRow(name) {
      return sheetOf(name)?.getLastRow() ?? null;
    },
    readColumns(name, firstRow, rowCount, columns) {
      const sheet = sheetOf(name);
      if (!sheet) return null;
      const rows: string[][] = Array.from({ length: rowCount }, () => []);
      if (rowCount === 0) return rows;
      for (const run of columnRuns(columns)) {
        const block = sheet.getRange(firstRow, run.first, rowCount, run.width).getDisplayValues();
        block.forEach((cells, r) => {
          for (const [at, column] of run.wanted) rows[r]![at] = cells[column - run.first] ?? "";
        });
      }
      return rows;
    },
    rowUrl(name, row) {
      const sheet = sheetOf(name);
      if (!sheet) return "";
      baseUrl ??= spreadsheet!.getUrl();
      if (!sheetIds.has(name)) sheetIds.set(name, sheet.getSheetId());
      return `${baseUrl}#gid=${sheetIds.get(name)}&range=${row}:${row}`;
    },
  };
}

/** Columns this close together are read in one range: a call costs more than a few cells. */
const MAX_GAP_COLUMNS = 2;

interface ColumnRun {
  readonly first: number;
  readonly width: number;
  /** [position in the request, sheet column] */
  readonly wanted: [number, number][];
}

/** The wanted columns as few ranges of adjacent (or nearly adjacent) columns. */
function columnRuns(columns: readonly number[]): ColumnRun[] {
  const sorted = columns.map((column, at) => [at, column] as [number, number]);
  sorted.sort((a, b) => a[1] - b[1]);
  const runs: { first: number; last: number; wanted: [number, number][] }[] = [];
  for (const entry of sorted) {
    const run = runs[runs.length - 1];
    if (run && entry[1] - run.last <= MAX_GAP_COLUMNS + 1) {
      run.last = Math.max(run.last, entry[1]);
      run.wanted.push(entry);
    } else runs.push({ first: entry[1], last: entry[1], wanted: [entry] });
  }
  return runs.map((run) => ({
    first: run.first,
    width: run.last - run.first + 1,
    wanted: run.wanted,
  }));
}

export function liveDocument(reader: SheetReader, properties: PropertyReader): LiveDocument {
  return {
    headers: (sheet, headerRow) => reader.read(sheet, headerRow, headerRow + 1, 0)?.headers ?? null,
    formQuestions: () => {
      const form = FormApp.getActiveForm();
      if (!form) return null;
      return form
        .getItems()
        .filter((item) => !NON_QUESTIONS.includes(String(item.getType())))
        .map((item) => item.getTitle());
    },
    property: (name) => properties.get(name),
  };
}

/** Form items that take no answer. */
const NON_QUESTIONS = ["PAGE_BREAK", "SECTION_HEADER", "IMAGE", "VIDEO"];
