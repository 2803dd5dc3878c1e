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
    rowUrl(name, row) {
      const sheet = sheetOf(name);
      if (!sheet) return "";
      baseUrl ??= spreadsheet!.getUrl();
      if (!sheetIds.has(name)) sheetIds.set(name, sheet.getSheetId());
      return `${baseUrl}#gid=${sheetIds.get(name)}&range=${row}:${row}`;
    },
  };
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
