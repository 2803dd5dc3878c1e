// SpreadsheetApp for a script bound to one spreadsheet, and the host's hand on that spreadsheet:
// what a person or another app does to it (typing, pasting, inserting rows), which fires the
// installable triggers with the event objects Google documents at
// https://developers.google.com/apps-script/guides/triggers/events

import type { ExecutionResult, HostServices } from "../runtime/host";
import { columnLetters, formatA1, parseA1, type GridRect } from "./sheets/a1-notation";
import {
  CellFormats,
  DEFAULT_BACKGROUND,
  normaliseColour,
  type DataValidationRecord,
  type ProtectionRecord,
} from "./sheets/cell-formats";
import {
  copyOut,
  displayValue,
  enteredValue,
  eventValue,
  isEmpty,
  storedValue,
  type CellValue,
} from "./sheets/cell-values";
import {
  DATA_VALIDATION_CRITERIA,
  DataValidation,
  DataValidationBuilder,
} from "./sheets/data-validation";
import { gasException, signatureMismatch } from "../runtime/exception";
import { SheetGrid } from "./sheets/sheet-grid";
import { createUi, type Ui, type UiHandle } from "./ui";
import { countedMethods } from "../runtime/counted";

export interface SpreadsheetFixture {
  id?: string;
  name?: string;
  /** IANA name; defaults to the project's time zone. */
  timeZone?: string;
  /** File > Settings > Locale, as getSpreadsheetLocale() gives it ("en_US", "zh_TW"); default en_US. */
  locale?: string;
  /** Sheets in tab order, each row-major: strings, numbers, booleans, Dates. */
  sheets: Record<string, unknown[][]>;
}

export type ChangeType = "EDIT" | "INSERT_ROW" | "REMOVE_ROW";

/** What the shared parts of the emulated spreadsheet hold; never seen by the script. */
interface Book {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly grids: SheetGrid[];
  readonly host: HostServices;
  readonly count: (name: string) => void;
  readonly ui: Ui;
  /** Set once the Spreadsheet object exists; every script object leads back to it. */
  spreadsheet?: Spreadsheet;
  /** What the person has selected (SpreadsheetHandle.select); A1 of the first sheet until then. */
  selection?: { readonly grid: SheetGrid; readonly rects: readonly GridRect[] };
}

function activeGrid(book: Book): SheetGrid {
  return book.selection?.grid ?? book.grids[0]!;
}

function activeRects(book: Book): readonly GridRect[] {
  return (
    book.selection?.rects ?? [
      { row: 1, column: 1, numRows: 1, numColumns: 1, wholeColumns: false, wholeRows: false },
    ]
  );
}

const DEFAULT_SPREADSHEET_ID = "1EmulatedSpreadsheet".padEnd(44, "0");

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export class SpreadsheetService {
  readonly #book: Book;

  constructor(book: Book) {
    this.#book = book;
  }

  getActive(): Spreadsheet {
    return this.#book.spreadsheet!;
  }

  getActiveSpreadsheet(): Spreadsheet {
    return this.#book.spreadsheet!;
  }

  /** The sheet of the selection, the first sheet until the host selects something. */
  getActiveSheet(): Sheet {
    return new Sheet(this.#book, activeGrid(this.#book));
  }

  /** The last range selected (the one with the current cell), as Sheets returns it. */
  getActiveRange(): Range {
    return activeRange(this.#book);
  }

  getActiveRangeList(): RangeList {
    return new RangeList(this.#book, activeRanges(this.#book));
  }

  newDataValidation(): DataValidationBuilder {
    return new DataValidationBuilder(this.#book.count);
  }

  readonly DataValidationCriteria = DATA_VALIDATION_CRITERIA;
  readonly ProtectionType = { RANGE: "RANGE", SHEET: "SHEET" } as const;

  openById(id: string): Spreadsheet {
    if (id !== this.#book.id) {
      // What Apps Script says for an id that names no spreadsheet this user can open.
      throw gasException(
        "Unexpected error while getting the method or property openById on object SpreadsheetApp.",
      );
    }
    return this.#book.spreadsheet!;
  }

  getUi(): Ui {
    return this.#book.ui;
  }

  /** Writes are applied at once here, so there is nothing pending to flush. */
  flush(): void {}

  toString(): string {
    return "SpreadsheetApp";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#book.count(name),
      typeName: "SpreadsheetApp",
    }));
  }
}

export class Spreadsheet {
  readonly #book: Book;

  constructor(book: Book) {
    this.#book = book;
  }

  getId(): string {
    return this.#book.id;
  }

  getName(): string {
    return this.#book.name;
  }

  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.#book.id}/edit`;
  }

  getSheetByName(name: string): Sheet | null {
    const grid = this.#book.grids.find((g) => g.name === name);
    return grid ? new Sheet(this.#book, grid) : null;
  }

  getSheets(): Sheet[] {
    return this.#book.grids.map((grid) => new Sheet(this.#book, grid));
  }

  getActiveSheet(): Sheet {
    return new Sheet(this.#book, activeGrid(this.#book));
  }

  getActiveRange(): Range {
    return activeRange(this.#book);
  }

  getActiveRangeList(): RangeList {
    return new RangeList(this.#book, activeRanges(this.#book));
  }

  getSpreadsheetTimeZone(): string {
    return this.#book.timeZone;
  }

  /** A new empty sheet at the end (or at 0-based `index`); Sheets refuses a name in use. */
  insertSheet(name?: unknown, index?: unknown): Sheet {
    const grids = this.#book.grids;
    const chosen = name === undefined ? `Sheet${grids.length + 1}` : String(name);
    if (grids.some((g) => g.name.toLowerCase() === chosen.toLowerCase())) {
      throw gasException(
        `A sheet with the name "${chosen}" already exists. Please enter another name.`,
      );
    }
    const grid = new SheetGrid(chosen, sheetIdFor(grids.length), []);
    const at =
      typeof index === "number" ? Math.max(0, Math.min(grids.length, index)) : grids.length;
    grids.splice(at, 0, grid);
    // Sheets makes the new sheet the active one.
    this.#book.selection = { grid, rects: [cellRect(1, 1)] };
    return new Sheet(this.#book, grid);
  }

  getSpreadsheetLocale(): string {
    return this.#book.locale;
  }

  toString(): string {
    return "Spreadsheet";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#book.count(name),
      typeName: "Spreadsheet",
    }));
  }
}

export class Sheet {
  readonly #book: Book;
  readonly #grid: SheetGrid;

  constructor(book: Book, grid: SheetGrid) {
    this.#book = book;
    this.#grid = grid;
  }

  getName(): string {
    return this.#grid.name;
  }

  getSheetId(): number {
    return this.#grid.sheetId;
  }

  getParent(): Spreadsheet {
    return this.#book.spreadsheet!;
  }

  getRange(...args: unknown[]): Range {
    const grid = this.#grid;
    const [a1OrRow, column, numRows = 1, numColumns = 1] = args;
    if (args.length === 1 && typeof a1OrRow === "string") {
      return new Range(this.#book, grid, parseA1(a1OrRow, grid.maxRows, grid.maxColumns));
    }
    if (
      args.length < 2 ||
      args.length > 4 ||
      ![a1OrRow, column, numRows, numColumns].every(isFiniteNumber)
    ) {
      throw signatureMismatch("SpreadsheetApp.Sheet.getRange", args);
    }
    const rect: GridRect = {
      row: Math.trunc(a1OrRow as number),
      column: Math.trunc(column as number),
      numRows: Math.trunc(numRows as number),
      numColumns: Math.trunc(numColumns as number),
      wholeColumns: false,
      wholeRows: false,
    };
    if (rect.row < 1) throw gasException("The starting row of the range is too small.");
    if (rect.column < 1) throw gasException("The starting column of the range is too small.");
    if (rect.numRows < 1) throw gasException("The number of rows in the range must be at least 1.");
    if (rect.numColumns < 1) {
      throw gasException("The number of columns in the range must be at least 1.");
    }
    if (
      rect.row + rect.numRows - 1 > grid.maxRows ||
      rect.column + rect.numColumns - 1 > grid.maxColumns
    ) {
      throw gasException("The coordinates of the range are outside the dimensions of the sheet.");
    }
    return new Range(this.#book, grid, rect);
  }

  getLastRow(): number {
    return this.#grid.lastRow();
  }

  getLastColumn(): number {
    return this.#grid.lastColumn();
  }

  getMaxRows(): number {
    return this.#grid.maxRows;
  }

  getMaxColumns(): number {
    return this.#grid.maxColumns;
  }

  /** From A1 to the last cell with data; A1 alone on an empty sheet. */
  getDataRange(): Range {
    return new Range(this.#book, this.#grid, dataRect(this.#grid));
  }

  /** Writes after the last row with data, growing the sheet when it is full. */
  appendRow(rowContents: unknown[]): Sheet {
    if (!Array.isArray(rowContents)) {
      throw signatureMismatch("SpreadsheetApp.Sheet.appendRow", [rowContents]);
    }
    const values = rowContents.map((v) => enteredValue(v, this.#book.timeZone));
    this.#grid.write(this.#grid.lastRow() + 1, 1, [values]);
    return this;
  }

  getFrozenRows(): number {
    return this.#grid.frozenRows;
  }

  setFrozenRows(rows: unknown): Sheet {
    if (!isFiniteNumber(rows) || rows < 0)
      throw signatureMismatch("SpreadsheetApp.Sheet.setFrozenRows", [rows]);
    this.#grid.frozenRows = Math.trunc(rows);
    return this;
  }

  /** Removes rows; those below move up (values only: formats stay where they were). */
  deleteRows(rowPosition: unknown, howMany: unknown): void {
    if (!isFiniteNumber(rowPosition) || !isFiniteNumber(howMany)) {
      throw signatureMismatch("SpreadsheetApp.Sheet.deleteRows", [rowPosition, howMany]);
    }
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.#grid.maxRows) {
      throw gasException("Those rows are out of bounds.");
    }
    if (howMany >= this.#grid.maxRows) {
      throw gasException("You can't delete all the rows on the sheet.");
    }
    this.#grid.removeRows(rowPosition, howMany);
  }

  /** Protects the whole sheet; the Protection says who may edit (here: warning-only or not). */
  protect(): Protection {
    const record = { warningOnly: false, description: "" };
    this.#grid.formats.protections.push(record);
    return new Protection(this.#book, record);
  }

  getProtections(type: unknown): Protection[] {
    if (type !== "SHEET" && type !== "RANGE") {
      throw signatureMismatch("SpreadsheetApp.Sheet.getProtections", [type]);
    }
    return type === "RANGE"
      ? []
      : this.#grid.formats.protections.map((record) => new Protection(this.#book, record));
  }

  activate(): Sheet {
    this.#book.selection = { grid: this.#grid, rects: [cellRect(1, 1)] };
    return this;
  }

  toString(): string {
    return "Sheet";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#book.count(name),
      typeName: "Sheet",
    }));
  }
}

/** A sheet's protection. Only the warning-only kind (which asks "are you sure?") is modelled. */
export class Protection {
  readonly #book: Book;
  readonly #record: { warningOnly: boolean; description: string };
  constructor(book: Book, record: { warningOnly: boolean; description: string }) {
    this.#book = book;
    this.#record = record;
  }
  setWarningOnly(warningOnly: unknown): Protection {
    if (typeof warningOnly !== "boolean") {
      throw signatureMismatch("SpreadsheetApp.Protection.setWarningOnly", [warningOnly]);
    }
    this.#record.warningOnly = warningOnly;
    return this;
  }
  isWarningOnly(): boolean {
    return this.#record.warningOnly;
  }
  setDescription(description: unknown): Protection {
    this.#record.description = String(description);
    return this;
  }
  getDescription(): string {
    return this.#record.description;
  }
  getProtectionType(): string {
    return "SHEET";
  }
  toString(): string {
    return "Protection";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#book.count(name),
      typeName: "Protection",
    }));
  }
}

function validationRecord(method: string, rule: unknown): DataValidationRecord | null {
  if (rule === null || rule === undefined) return null;
  if (!(rule instanceof DataValidation))
    throw signatureMismatch(`SpreadsheetApp.Range.${method}`, [rule]);
  return rule.record;
}

function cellRect(row: number, column: number, numRows = 1, numColumns = 1): GridRect {
  return { row, column, numRows, numColumns, wholeColumns: false, wholeRows: false };
}

function dataRect(grid: SheetGrid): GridRect {
  return {
    row: 1,
    column: 1,
    numRows: Math.max(1, grid.lastRow()),
    numColumns: Math.max(1, grid.lastColumn()),
    wholeColumns: false,
    wholeRows: false,
  };
}

export class Range {
  readonly #book: Book;
  readonly #grid: SheetGrid;
  readonly #rect: GridRect;

  constructor(book: Book, grid: SheetGrid, rect: GridRect) {
    this.#book = book;
    this.#grid = grid;
    this.#rect = rect;
  }

  // "A:C" and "2:5" follow the sheet's size, as Sheets' open-ended ranges do.
  #numRows(): number {
    return this.#rect.wholeColumns ? this.#grid.maxRows - this.#rect.row + 1 : this.#rect.numRows;
  }

  #numColumns(): number {
    return this.#rect.wholeRows
      ? this.#grid.maxColumns - this.#rect.column + 1
      : this.#rect.numColumns;
  }

  #read<T>(convert: (value: CellValue) => T): T[][] {
    const { row, column } = this.#rect;
    const numRows = this.#numRows();
    const numColumns = this.#numColumns();
    const rows = this.#grid.rows;
    const out: T[][] = new Array(numRows);
    for (let r = 0; r < numRows; r++) {
      const source = rows[row - 1 + r];
      const line: T[] = new Array(numColumns);
      for (let c = 0; c < numColumns; c++) line[c] = convert(source?.[column - 1 + c] ?? "");
      out[r] = line;
    }
    return out;
  }

  getValues(): CellValue[][] {
    return this.#read(copyOut);
  }

  getDisplayValues(): string[][] {
    const timeZone = this.#book.timeZone;
    return this.#read((value) => displayValue(value, timeZone));
  }

  /** The top-left cell, like Apps Script's getValue on a larger range. */
  getValue(): CellValue {
    return copyOut(this.#grid.cell(this.#rect.row, this.#rect.column));
  }

  getDisplayValue(): string {
    return displayValue(this.#grid.cell(this.#rect.row, this.#rect.column), this.#book.timeZone);
  }

  setValues(values: unknown[][]): Range {
    if (!Array.isArray(values) || !values.every((row) => Array.isArray(row))) {
      throw signatureMismatch("SpreadsheetApp.Range.setValues", [values]);
    }
    const numRows = this.#numRows();
    const numColumns = this.#numColumns();
    if (values.length !== numRows) {
      throw gasException(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${numRows}.`,
      );
    }
    for (const row of values) {
      if (row.length !== numColumns) {
        throw gasException(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${numColumns}.`,
        );
      }
    }
    const timeZone = this.#book.timeZone;
    this.#grid.write(
      this.#rect.row,
      this.#rect.column,
      values.map((row) => row.map((v) => enteredValue(v, timeZone))),
    );
    this.#noteFormulas(values);
    return this;
  }

  // Not computed, but recorded: a script that writes a cell's text starting with "=" (no leading
  // apostrophe) has made a formula, which real Sheets evaluates.
  #noteFormulas(values: readonly (readonly unknown[])[]): void {
    values.forEach((line, r) =>
      line.forEach((value, c) => {
        const isFormula = typeof value === "string" && value.startsWith("=") && value.length > 1;
        const { formulas } = this.#grid.formats;
        formulas.delete(CellFormats.key(this.#rect.row + r, this.#rect.column + c));
        if (isFormula)
          formulas.set(CellFormats.key(this.#rect.row + r, this.#rect.column + c), value);
      }),
    );
  }

  /** Sets every cell of the range to the value. */
  setValue(value: unknown): Range {
    const stored = enteredValue(value, this.#book.timeZone);
    const block = Array.from({ length: this.#numRows() }, () =>
      Array.from({ length: this.#numColumns() }, () => copyOut(stored)),
    );
    this.#grid.write(this.#rect.row, this.#rect.column, block);
    this.#noteFormulas(block.map((line) => line.map(() => value)));
    return this;
  }

  getRow(): number {
    return this.#rect.row;
  }

  getColumn(): number {
    return this.#rect.column;
  }

  getLastRow(): number {
    return this.#rect.row + this.#numRows() - 1;
  }

  getLastColumn(): number {
    return this.#rect.column + this.#numColumns() - 1;
  }

  getNumRows(): number {
    return this.#numRows();
  }

  getNumColumns(): number {
    return this.#numColumns();
  }

  getA1Notation(): string {
    return formatA1({ ...this.#rect, numRows: this.#numRows(), numColumns: this.#numColumns() });
  }

  getSheet(): Sheet {
    return new Sheet(this.#book, this.#grid);
  }

  /** Each cell of the range, row-major, as (row, column). */
  #cells<T>(map: (row: number, column: number) => T): T[][] {
    const { row, column } = this.#rect;
    return Array.from({ length: this.#numRows() }, (_, r) =>
      Array.from({ length: this.#numColumns() }, (_, c) => map(row + r, column + c)),
    );
  }

  /** Writes one format to every cell from a block the range's size. */
  #setEach<T>(
    method: string,
    block: unknown,
    set: (row: number, column: number, value: unknown) => T,
  ) {
    if (!Array.isArray(block) || !block.every((line) => Array.isArray(line))) {
      throw signatureMismatch(`SpreadsheetApp.Range.${method}`, [block]);
    }
    const rows = block as unknown[][];
    if (
      rows.length !== this.#numRows() ||
      rows.some((line) => line.length !== this.#numColumns())
    ) {
      throw gasException(
        `The number of rows or columns in the data does not match the range: the data has ${rows.length} row(s) of ${rows[0]?.length ?? 0}, the range is ${this.#numRows()} by ${this.#numColumns()}.`,
      );
    }
    this.#cells((row, column) =>
      set(row, column, rows[row - this.#rect.row]![column - this.#rect.column]),
    );
  }

  setNote(note: unknown): Range {
    const text = note === null || note === undefined ? "" : String(note);
    this.#cells((row, column) =>
      this.#grid.formats.set(this.#grid.formats.notes, row, column, text),
    );
    return this;
  }

  setNotes(notes: unknown): Range {
    this.#setEach("setNotes", notes, (row, column, note) =>
      this.#grid.formats.set(
        this.#grid.formats.notes,
        row,
        column,
        note === null || note === undefined ? "" : String(note),
      ),
    );
    return this;
  }

  getNote(): string {
    return this.#grid.formats.notes.get(CellFormats.key(this.#rect.row, this.#rect.column)) ?? "";
  }

  getNotes(): string[][] {
    return this.#cells(
      (row, column) => this.#grid.formats.notes.get(CellFormats.key(row, column)) ?? "",
    );
  }

  clearNote(): Range {
    this.#cells((row, column) => this.#grid.formats.set(this.#grid.formats.notes, row, column, ""));
    return this;
  }

  setBackground(colour: unknown): Range {
    const value = normaliseColour(colour);
    this.#cells((row, column) =>
      this.#grid.formats.set(this.#grid.formats.backgrounds, row, column, value),
    );
    return this;
  }

  setBackgrounds(colours: unknown): Range {
    this.#setEach("setBackgrounds", colours, (row, column, colour) =>
      this.#grid.formats.set(this.#grid.formats.backgrounds, row, column, normaliseColour(colour)),
    );
    return this;
  }

  getBackground(): string {
    return (
      this.#grid.formats.backgrounds.get(CellFormats.key(this.#rect.row, this.#rect.column)) ??
      DEFAULT_BACKGROUND
    );
  }

  getBackgrounds(): string[][] {
    return this.#cells(
      (row, column) =>
        this.#grid.formats.backgrounds.get(CellFormats.key(row, column)) ?? DEFAULT_BACKGROUND,
    );
  }

  /** null clears the rule. */
  setDataValidation(rule: unknown): Range {
    const record = validationRecord("setDataValidation", rule);
    this.#cells((row, column) =>
      this.#grid.formats.set(this.#grid.formats.validations, row, column, record),
    );
    return this;
  }

  setDataValidations(rules: unknown): Range {
    this.#setEach("setDataValidations", rules, (row, column, rule) =>
      this.#grid.formats.set(
        this.#grid.formats.validations,
        row,
        column,
        validationRecord("setDataValidations", rule),
      ),
    );
    return this;
  }

  getDataValidation(): DataValidation | null {
    const record = this.#grid.formats.validations.get(
      CellFormats.key(this.#rect.row, this.#rect.column),
    );
    return record ? new DataValidation(this.#book.count, record) : null;
  }

  getDataValidations(): (DataValidation | null)[][] {
    return this.#cells((row, column) => {
      const record = this.#grid.formats.validations.get(CellFormats.key(row, column));
      return record ? new DataValidation(this.#book.count, record) : null;
    });
  }

  toString(): string {
    return "Range";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#book.count(name),
      typeName: "Range",
    }));
  }
}

function activeRanges(book: Book): Range[] {
  const grid = activeGrid(book);
  return activeRects(book).map((rect) => new Range(book, grid, rect));
}

function activeRange(book: Book): Range {
  return activeRanges(book).at(-1)!;
}

/** Several ranges of one sheet, as a multi-selection (Ctrl-click) gives them. */
export class RangeList {
  readonly #book: Book;
  readonly #ranges: Range[];

  constructor(book: Book, ranges: Range[]) {
    this.#book = book;
    this.#ranges = ranges;
  }

  getRanges(): Range[] {
    return [...this.#ranges];
  }

  toString(): string {
    return "RangeList";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#book.count(name),
      typeName: "RangeList",
    }));
  }
}

/**
 * The Range an event carries. Logged with JSON.stringify, a real event's range shows its corners
 * as rowStart/rowEnd/columnStart/columnEnd, so this one carries them as plain properties too.
 */
function eventRange(book: Book, grid: SheetGrid, rect: GridRect): Range {
  const range = new Range(book, grid, rect);
  return Object.assign(range, {
    columnEnd: rect.column + rect.numColumns - 1,
    columnStart: rect.column,
    rowEnd: rect.row + rect.numRows - 1,
    rowStart: rect.row,
  });
}

/** The event's user: logged as { email, nickname }, with the User class's getters. */
function eventUser(email: string): { email: string; nickname: string } {
  const user = { email, nickname: email.split("@")[0] ?? email };
  Object.defineProperties(user, {
    getEmail: { value: () => user.email },
    getNickname: { value: () => user.nickname },
  });
  return user;
}

export interface SheetEdit {
  sheet: string;
  /** A1 notation: "B2", or "B2:C6" for a paste. */
  range: string;
  /** A 2D block the size of the range, or one value typed into every cell of it. */
  values: unknown;
  /** Who made the edit; defaults to the project's user. */
  user?: string;
}

/** What the form module needs to write a response row into its destination sheet. */
export interface FormResponseRow {
  /** The row, as e.range shows it. */
  range: Range;
  /** Row 1 of the sheet: the column titles. */
  header: string[];
  /** The row as displayed, one string per header column. */
  values: string[];
}

/** The host's hand on the spreadsheet: what people and other apps do to it. Not visible to scripts. */
export interface SpreadsheetHandle {
  readonly id: string;
  readonly timeZone: string;
  /** The Spreadsheet object scripts see, for event objects' `source`. */
  readonly scriptSpreadsheet: Spreadsheet;
  /** The sheet's data region (A1 to the last cell with data) as stored; [] when empty. */
  values(sheetName: string): CellValue[][];
  /** A person types or pastes: fires ON_EDIT (one event for the whole range) then ON_CHANGE. */
  edit(edit: SheetEdit): ExecutionResult[];
  /** What the script set besides values, keyed by A1 cell: for tests and the day's report. */
  formats(sheetName: string): SheetFormats;
  /** Rows inserted before `atRow` (a count of empty rows, or their values): ON_CHANGE INSERT_ROW. */
  insertRows(sheet: string, atRow: number, rows: unknown[][] | number): ExecutionResult[];
  /** Rows inserted after the last row with data: ON_CHANGE INSERT_ROW. */
  appendRows(sheet: string, rows: unknown[][]): ExecutionResult[];
  removeRows(sheet: string, fromRow: number, count: number): ExecutionResult[];
  /** A person selects ranges of one sheet ("A2:D3", or several for a Ctrl-click selection). */
  select(sheet: string, ranges: string | readonly string[]): void;
  /**
   * Writes a form response as Forms does: the header row on first use (frozen), a column for any
   * title the header lacks, then the row after the last. Fires nothing: the caller does.
   */
  writeFormResponse(
    sheetName: string,
    columns: readonly { title: string; value: CellValue }[],
  ): FormResponseRow;
}

export interface SheetFormats {
  readonly notes: Readonly<Record<string, string>>;
  readonly backgrounds: Readonly<Record<string, string>>;
  readonly validations: Readonly<Record<string, DataValidationRecord>>;
  /** Formulas a script wrote (text starting with "="), by the cell they were written to. */
  readonly formulas: Readonly<Record<string, string>>;
  readonly protections: readonly ProtectionRecord[];
  readonly frozenRows: number;
}

export interface SpreadsheetApp {
  /** The SpreadsheetApp global. */
  service: SpreadsheetService;
  spreadsheet: SpreadsheetHandle;
  /** The Ui that getUi() returns, with its recorded menus and dialogs. */
  ui: UiHandle;
}

function gridOf(book: Book, sheetName: string): SheetGrid {
  const grid = book.grids.find((g) => g.name === sheetName);
  if (!grid) {
    throw new Error(
      `Spreadsheet "${book.name}" has no sheet named "${sheetName}": its sheets are ${book.grids.map((g) => `"${g.name}"`).join(", ")}. Add it to the fixture's sheets.`,
    );
  }
  return grid;
}

/** Sheet ids (the gid in URLs) are 0 for the first sheet and large integers for others. */
function sheetIdFor(index: number): number {
  return index === 0 ? 0 : 1_000_000_000 + index * 7919;
}

function editBlock(edit: SheetEdit, rect: GridRect, timeZone: string): CellValue[][] {
  const { values } = edit;
  const is2d = Array.isArray(values) && values.every((row) => Array.isArray(row));
  if (!is2d) {
    const one = enteredValue(values, timeZone);
    return Array.from({ length: rect.numRows }, () =>
      Array.from({ length: rect.numColumns }, () => copyOut(one)),
    );
  }
  const rows = values as unknown[][];
  if (rows.length !== rect.numRows || rows.some((row) => row.length !== rect.numColumns)) {
    throw new Error(
      `edit of ${edit.sheet}!${edit.range} needs ${rect.numRows} row(s) of ${rect.numColumns} value(s), got ${rows.length} row(s) of ${rows.map((r) => r.length).join("/")}: pass a block the size of the range, or one value.`,
    );
  }
  return rows.map((row) => row.map((v) => enteredValue(v, timeZone)));
}

export function createSpreadsheetApp(
  fixture: SpreadsheetFixture,
  host: HostServices,
  ui: UiHandle = createUi(host),
): SpreadsheetApp {
  const names = Object.keys(fixture.sheets);
  if (names.length === 0) {
    throw new Error(
      "A spreadsheet fixture needs at least one sheet, e.g. { sheets: { Sheet1: [] } }.",
    );
  }
  const book: Book = {
    id: fixture.id ?? DEFAULT_SPREADSHEET_ID,
    name: fixture.name ?? "Untitled spreadsheet",
    timeZone: fixture.timeZone ?? host.timeZone,
    locale: fixture.locale ?? "en_US",
    grids: names.map((name, index) => {
      const rows = fixture.sheets[name]!.map((row, r) =>
        row.map((value, c) =>
          storedValue(value, `fixture sheet "${name}" row ${r + 1} column ${c + 1}`),
        ),
      );
      return new SheetGrid(name, sheetIdFor(index), rows);
    }),
    host,
    count: (name) => host.count(name),
    ui: ui.ui,
  };
  const spreadsheet = new Spreadsheet(book);
  book.spreadsheet = spreadsheet;
  const source = { kind: "SPREADSHEETS" as const, id: book.id };

  const fireChange = (changeType: ChangeType, email: string): ExecutionResult[] =>
    host.fire(source, "ON_CHANGE", (triggerUid) => ({
      authMode: "FULL",
      changeType,
      source: spreadsheet,
      triggerUid,
      user: eventUser(email),
    }));

  const handle: SpreadsheetHandle = {
    id: book.id,
    timeZone: book.timeZone,
    scriptSpreadsheet: spreadsheet,

    values(sheetName) {
      const grid = gridOf(book, sheetName);
      const width = grid.lastColumn();
      return grid.rows
        .slice(0, grid.lastRow())
        .map((row) => Array.from({ length: width }, (_, c) => copyOut(row[c] ?? "")));
    },

    edit(edit) {
      const grid = gridOf(book, edit.sheet);
      const rect = parseA1(edit.range, grid.maxRows, grid.maxColumns);
      const block = editBlock(edit, rect, book.timeZone);
      const single = rect.numRows === 1 && rect.numColumns === 1;
      const oldValue = single ? grid.cell(rect.row, rect.column) : "";
      grid.write(rect.row, rect.column, block);
      if (host.inExecution()) return [];

      const email = edit.user ?? host.user;
      const newValue = block[0]?.[0] ?? "";
      const edits = host.fire(source, "ON_EDIT", (triggerUid) => {
        const event: Record<string, unknown> = {
          authMode: "FULL",
          range: eventRange(book, grid, rect),
          source: spreadsheet,
          triggerUid,
          user: eventUser(email),
        };
        // Documented: value and oldValue only for a single cell, and only when there is one.
        if (single && !isEmpty(newValue)) event.value = eventValue(newValue, book.timeZone);
        if (single && !isEmpty(oldValue)) event.oldValue = eventValue(oldValue, book.timeZone);
        return event;
      });
      return [...edits, ...fireChange("EDIT", email)];
    },

    formats(sheetName) {
      const grid = gridOf(book, sheetName);
      const byA1 = <T>(map: Map<string, T>): Record<string, T> =>
        Object.fromEntries(
          [...map].map(([key, value]) => {
            const [row, column] = key.split(",").map(Number) as [number, number];
            return [`${columnLetters(column)}${row}`, value];
          }),
        );
      return {
        notes: byA1(grid.formats.notes),
        backgrounds: byA1(grid.formats.backgrounds),
        validations: byA1(grid.formats.validations),
        formulas: byA1(grid.formats.formulas),
        protections: grid.formats.protections.map((p) => ({ ...p })),
        frozenRows: grid.frozenRows,
      };
    },

    insertRows(sheet, atRow, rows) {
      const grid = gridOf(book, sheet);
      if (!Number.isInteger(atRow) || atRow < 1 || atRow > grid.maxRows + 1) {
        throw new Error(
          `insertRows: row ${atRow} is not in sheet "${sheet}" (rows 1-${grid.maxRows}, or ${grid.maxRows + 1} to add at the end).`,
        );
      }
      const block =
        typeof rows === "number"
          ? Array.from({ length: rows }, (): CellValue[] => [])
          : rows.map((row) => row.map((v) => enteredValue(v, book.timeZone)));
      grid.insertRows(atRow, block);
      return host.inExecution() ? [] : fireChange("INSERT_ROW", host.user);
    },

    appendRows(sheet, rows) {
      const grid = gridOf(book, sheet);
      return handle.insertRows(sheet, grid.lastRow() + 1, rows);
    },

    removeRows(sheet, fromRow, count) {
      const grid = gridOf(book, sheet);
      if (!Number.isInteger(fromRow) || !Number.isInteger(count) || fromRow < 1 || count < 1) {
        throw new Error(
          `removeRows: needs a row from 1 and a count from 1, got ${fromRow} and ${count}.`,
        );
      }
      if (fromRow + count - 1 > grid.maxRows) {
        throw new Error(
          `removeRows: rows ${fromRow}-${fromRow + count - 1} go past the end of sheet "${sheet}" (${grid.maxRows} rows).`,
        );
      }
      if (count === grid.maxRows) {
        throw new Error(
          `removeRows: a sheet keeps at least one row; "${sheet}" has ${grid.maxRows}.`,
        );
      }
      grid.removeRows(fromRow, count);
      return host.inExecution() ? [] : fireChange("REMOVE_ROW", host.user);
    },

    select(sheet, ranges) {
      const grid = gridOf(book, sheet);
      const list = typeof ranges === "string" ? [ranges] : ranges;
      if (list.length === 0) throw new Error(`select: name at least one range of "${sheet}".`);
      book.selection = {
        grid,
        rects: list.map((a1) => parseA1(a1, grid.maxRows, grid.maxColumns)),
      };
    },

    writeFormResponse(sheetName, columns) {
      let grid = book.grids.find((g) => g.name === sheetName);
      if (!grid) {
        // Linking a form to a spreadsheet adds the responses sheet.
        grid = new SheetGrid(sheetName, sheetIdFor(book.grids.length), []);
        book.grids.push(grid);
      }
      if (grid.lastRow() === 0) {
        grid.write(1, 1, [columns.map((c) => c.title)]);
        grid.frozenRows = 1;
      }
      const header: string[] = [];
      for (let c = 1; c <= grid.lastColumn(); c++)
        header.push(displayValue(grid.cell(1, c), book.timeZone));
      for (const { title } of columns) {
        if (!header.includes(title)) {
          header.push(title);
          grid.write(1, header.length, [[title]]);
        }
      }
      const row: CellValue[] = header.map(() => "");
      for (const { title, value } of columns) row[header.indexOf(title)] = value;
      const rowNumber = grid.lastRow() + 1;
      grid.write(rowNumber, 1, [row]);
      const rect: GridRect = {
        row: rowNumber,
        column: 1,
        numRows: 1,
        numColumns: header.length,
        wholeColumns: false,
        wholeRows: false,
      };
      return {
        range: eventRange(book, grid, rect),
        header,
        values: row.map((value) => displayValue(value, book.timeZone)),
      };
    },
  };

  return { service: new SpreadsheetService(book), spreadsheet: handle, ui };
}
