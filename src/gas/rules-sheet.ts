// The rules sheet and the script cache, as the rules layer's ports (src/rules/rules-source.ts).
import { NotBoundError } from "../errors";
import type { RulesCache, RulesSheet } from "../rules/rules-source";
import { activeSpreadsheet } from "./sheets";

/** Rows given dropdowns when the sheet is made; rows added below them still work, unhelped. */
const RULE_ROWS = 200;
const PROBLEM_BACKGROUND = "#f4cccc";

export function rulesSheet(name: string): RulesSheet {
  // A script bound to a form has no spreadsheet, and so no rules sheet.
  const spreadsheet = activeSpreadsheet;
  const list = (values: readonly string[]) =>
    SpreadsheetApp.newDataValidation()
      .requireValueInList([...values], true)
      .setAllowInvalid(true)
      .build();
  return {
    readTable() {
      const sheet = spreadsheet()?.getSheetByName(name);
      return sheet ? sheet.getDataRange().getDisplayValues() : null;
    },
    create(headers, notes, choices) {
      const book = spreadsheet();
      if (!book) throw new NotBoundError("The rules sheet needs a script bound to a spreadsheet.");
      if (book.getSheetByName(name)) return false;
      const sheet = book.insertSheet(name);
      const header = sheet.getRange(1, 1, 1, headers.length);
      header.setValues([[...headers]]);
      header.setNotes([[...notes]]);
      sheet.setFrozenRows(1);
      for (const { column, values } of choices) {
        const rule =
          values === "checkbox"
            ? SpreadsheetApp.newDataValidation().requireCheckbox().build()
            : list(values);
        sheet.getRange(2, column, RULE_ROWS, 1).setDataValidation(rule);
      }
      sheet
        .protect()
        .setDescription("Chat notification rules: every row can post to a Chat space")
        .setWarningOnly(true);
      return true;
    },
    mark(marks, lastRow) {
      const sheet = spreadsheet()?.getSheetByName(name);
      if (!sheet || lastRow < 2) return;
      const width = Math.max(sheet.getLastColumn(), ...marks.map((m) => m.column));
      const notes = Array.from({ length: lastRow - 1 }, () => Array<string>(width).fill(""));
      const colours = Array.from({ length: lastRow - 1 }, () =>
        Array<string | null>(width).fill(null),
      );
      for (const { row, column, note } of marks) {
        const line = notes[row - 2]!;
        line[column - 1] = line[column - 1] ? `${line[column - 1]}\n${note}` : note;
        colours[row - 2]![column - 1] = PROBLEM_BACKGROUND;
      }
      const range = sheet.getRange(2, 1, lastRow - 1, width);
      range.setNotes(notes);
      range.setBackgrounds(colours as string[][]);
    },
    setChoices(row, column, values) {
      spreadsheet()?.getSheetByName(name)?.getRange(row, column).setDataValidation(list(values));
    },
    selectedRow() {
      const range = spreadsheet()?.getActiveRange();
      return range && range.getSheet().getName() === name ? range.getRow() : null;
    },
    sheetNames() {
      return (spreadsheet()?.getSheets() ?? []).map((sheet) => sheet.getName());
    },
  };
}

let cache: GoogleAppsScript.Cache.Cache | undefined;

/** The script cache, opened once per execution for the rules and the mentions alike. */
export function scriptCache(): RulesCache {
  const get = () => (cache ??= CacheService.getScriptCache());
  return {
    getAll: (keys) => get().getAll([...keys]),
    putAll: (values, ttlSeconds) => get().putAll({ ...values }, ttlSeconds),
    removeAll: (keys) => get().removeAll([...keys]),
  };
}
