// The cells of one sheet, row-major, and the grid's size. Rows are stored only as far as they hold
// data, so a 1000-row sheet with 3 filled rows holds 3 arrays; reads build only what they return.

import { CellFormats } from "./cell-formats";
import { isEmpty, type CellValue } from "./cell-values";

/** A new sheet in Sheets has 1000 rows and 26 columns (A-Z). */
export const DEFAULT_MAX_ROWS = 1000;
export const DEFAULT_MAX_COLUMNS = 26;

export class SheetGrid {
  readonly rows: CellValue[][];
  maxRows: number;
  maxColumns: number;
  frozenRows = 0;
  /** Notes, backgrounds, data validation, protection. */
  readonly formats = new CellFormats();
  // The data extent is asked for often (getLastRow in loops) and changes only on writes.
  private extent: { lastRow: number; lastColumn: number } | undefined;

  constructor(
    public name: string,
    readonly sheetId: number,
    rows: CellValue[][],
  ) {
    this.rows = rows;
    const widest = rows.reduce((max, row) => Math.max(max, row.length), 0);
    this.maxRows = Math.max(DEFAULT_MAX_ROWS, rows.length);
    this.maxColumns = Math.max(DEFAULT_MAX_COLUMNS, widest);
  }

  cell(row: number, column: number): CellValue {
    return this.rows[row - 1]?.[column - 1] ?? "";
  }

  /** Writes a block at (row, column); the grid grows when a write needs it (appendRow does). */
  write(row: number, column: number, block: readonly (readonly CellValue[])[]): void {
    let clearsCells = false;
    block.forEach((values, i) => {
      const r = row - 1 + i;
      while (this.rows.length <= r) this.rows.push([]);
      const target = this.rows[r]!;
      values.forEach((value, j) => {
        const c = column - 1 + j;
        while (target.length < c) target.push("");
        target[c] = value;
        if (isEmpty(value)) clearsCells = true;
        else if (this.extent) {
          // Writing data can only grow the extent; appendRow in a loop stays linear this way.
          this.extent.lastRow = Math.max(this.extent.lastRow, r + 1);
          this.extent.lastColumn = Math.max(this.extent.lastColumn, c + 1);
        }
      });
    });
    this.maxRows = Math.max(this.maxRows, row + block.length - 1);
    const widest = block.reduce((max, values) => Math.max(max, values.length), 0);
    this.maxColumns = Math.max(this.maxColumns, column + widest - 1);
    if (clearsCells) this.extent = undefined;
  }

  /** Inserts rows before `atRow` (1-based); rows below move down. */
  insertRows(atRow: number, block: readonly (readonly CellValue[])[]): void {
    while (this.rows.length < atRow - 1) this.rows.push([]);
    this.rows.splice(atRow - 1, 0, ...block.map((values) => [...values]));
    this.maxRows += block.length;
    const widest = block.reduce((max, values) => Math.max(max, values.length), 0);
    this.maxColumns = Math.max(this.maxColumns, widest);
    this.extent = undefined;
  }

  removeRows(fromRow: number, count: number): void {
    this.rows.splice(fromRow - 1, count);
    this.maxRows -= count;
    this.extent = undefined;
  }

  lastRow(): number {
    return this.dataExtent().lastRow;
  }

  lastColumn(): number {
    return this.dataExtent().lastColumn;
  }

  private dataExtent(): { lastRow: number; lastColumn: number } {
    if (!this.extent) {
      let lastRow = 0;
      let lastColumn = 0;
      this.rows.forEach((values, r) => {
        for (let c = values.length - 1; c >= 0; c--) {
          if (!isEmpty(values[c])) {
            lastRow = r + 1;
            lastColumn = Math.max(lastColumn, c + 1);
            break;
          }
        }
      });
      this.extent = { lastRow, lastColumn };
    }
    return this.extent;
  }
}
