// A1 notation as Sheets reads it: "B2", "A1:C3", "$A$1", "A:C" (whole columns), "2:5" (whole rows),
// "A2:C" (from A2 to the bottom of C); reversed corners are accepted and put in order.

import { gasException } from "../../runtime/exception";

/** The largest column Sheets addresses: ZZZ. */
const MAX_COLUMN = 18278;

export interface GridRect {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  /** "A:C" grows with the sheet and keeps that notation; "2:5" likewise across columns. */
  wholeColumns: boolean;
  wholeRows: boolean;
}

interface Corner {
  row?: number;
  column?: number;
}

const CORNER = /^\$?([A-Za-z]{1,3})?\$?([0-9]+)?$/;

function parseCorner(text: string): Corner | undefined {
  const match = CORNER.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  const corner: Corner = {};
  if (match[1] !== undefined) corner.column = columnNumber(match[1]);
  if (match[2] !== undefined) corner.row = Number(match[2]);
  return corner;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * Reads an A1 range against a sheet of the given size. Throws Apps Script's "Range not found" for
 * text that is not A1 notation, and its out-of-grid error for a range past the sheet's edges.
 */
export function parseA1(a1: string, maxRows: number, maxColumns: number): GridRect {
  const parts = a1.trim().split(":");
  if (parts.length > 2) throw gasException("Range not found");
  const start = parseCorner(parts[0] ?? "");
  const end = parts.length === 2 ? parseCorner(parts[1] ?? "") : start;
  if (!start || !end) throw gasException("Range not found");
  if (parts.length === 1 && (start.row === undefined || start.column === undefined)) {
    throw gasException("Range not found");
  }
  for (const corner of [start, end]) {
    if (corner.row === 0 || (corner.column ?? 1) > MAX_COLUMN) {
      throw gasException("Range not found");
    }
  }

  const wholeColumns = start.row === undefined && end.row === undefined;
  const wholeRows = start.column === undefined && end.column === undefined;
  if (wholeColumns && (start.column === undefined || end.column === undefined)) {
    throw gasException("Range not found");
  }
  // "A2:C" runs to the bottom; "A:C5" is not something Sheets accepts.
  if (start.row === undefined && end.row !== undefined) throw gasException("Range not found");
  if (start.column === undefined && end.column !== undefined) throw gasException("Range not found");

  const firstRow = start.row ?? 1;
  const lastRow = end.row ?? maxRows;
  const firstColumn = start.column ?? 1;
  const lastColumn = end.column ?? maxColumns;
  const rect: GridRect = {
    row: Math.min(firstRow, lastRow),
    column: Math.min(firstColumn, lastColumn),
    numRows: Math.abs(lastRow - firstRow) + 1,
    numColumns: Math.abs(lastColumn - firstColumn) + 1,
    wholeColumns,
    wholeRows,
  };
  if (rect.row + rect.numRows - 1 > maxRows || rect.column + rect.numColumns - 1 > maxColumns) {
    throw gasException("The coordinates of the range are outside the dimensions of the sheet.");
  }
  return rect;
}

/** The notation Range.getA1Notation returns. */
export function formatA1(rect: GridRect): string {
  const lastRow = rect.row + rect.numRows - 1;
  const lastColumn = rect.column + rect.numColumns - 1;
  if (rect.wholeColumns) return `${columnLetters(rect.column)}:${columnLetters(lastColumn)}`;
  if (rect.wholeRows) return `${rect.row}:${lastRow}`;
  const first = `${columnLetters(rect.column)}${rect.row}`;
  if (rect.numRows === 1 && rect.numColumns === 1) return first;
  return `${first}:${columnLetters(lastColumn)}${lastRow}`;
}
