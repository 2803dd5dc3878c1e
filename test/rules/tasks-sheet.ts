// A Tasks sheet in memory, read the way SheetReader promises: the header row and the asked rows,
// as displayed. Every call is recorded, so tests can count reads.
import type { SheetReader } from "../../src/ports";

export const TASK_HEADERS = ["ID", "Task", "Owner", "Status", "Due"];

export const TASK_ROWS: string[][] = [
  ["T-1", "Renew the SSL certificate", "ana@example.com", "Open", "2026-01-09"],
  ["T-2", "打印机卡纸 🖨️", "wei.zhang@example.com", "In progress", "2026-01-12"],
  ["T-3", "Ship the Q1 report 📊", "bob@example.com", "Open", "2026-01-15"],
  ["T-4", "Order coffee ☕", "chloé@example.com", "Blocked", "2026-01-06"],
  ["T-5", "Rotate on-call 🔁", "ana@example.com", "Open", "2026-01-20"],
];

export class MemorySheet implements SheetReader {
  readonly reads: { sheet: string; headerRow: number; firstRow: number; rowCount: number }[] = [];
  readonly wholeSheetReads: string[] = [];
  /** Cells returned by readColumns, in all. */
  cellsRead = 0;
  readonly sheets = new Map<string, string[][]>();

  constructor(sheets: Record<string, string[][]> = { Tasks: [TASK_HEADERS, ...TASK_ROWS] }) {
    for (const [name, cells] of Object.entries(sheets)) {
      this.sheets.set(
        name,
        cells.map((row) => [...row]),
      );
    }
  }

  /** Sets one cell, 1-based, as a user typing into it would. */
  set(sheet: string, row: number, column: number, value: string): void {
    const cells = this.sheets.get(sheet)!;
    while (cells.length < row) cells.push([]);
    cells[row - 1]![column - 1] = value;
  }

  read(sheet: string, headerRow: number, firstRow: number, rowCount: number) {
    this.reads.push({ sheet, headerRow, firstRow, rowCount });
    const cells = this.sheets.get(sheet);
    if (cells === undefined) return null;
    const width = Math.max(...cells.map((row) => row.length));
    const padded = (row: string[] | undefined) =>
      Array.from({ length: width }, (_, i) => row?.[i] ?? "");
    return {
      headers: padded(cells[headerRow - 1]),
      rows: Array.from({ length: rowCount }, (_, i) => padded(cells[firstRow - 1 + i])),
    };
  }

  readAll(sheet: string): string[][] | null {
    this.wholeSheetReads.push(sheet);
    const cells = this.sheets.get(sheet);
    return cells === undefined ? null : cells.map((row) => [...row]);
  }

  lastRow(sheet: string): number | null {
    const cells = this.sheets.get(sheet);
    if (cells === undefined) return null;
    let last = cells.length;
    while (last > 0 && cells[last - 1]!.every((cell) => cell === "")) last--;
    return last;
  }

  readColumns(sheet: string, firstRow: number, rowCount: number, columns: readonly number[]) {
    const cells = this.sheets.get(sheet);
    if (cells === undefined) return null;
    this.cellsRead += rowCount * columns.length;
    return Array.from({ length: rowCount }, (_, i) =>
      columns.map((column) => cells[firstRow - 1 + i]?.[column - 1] ?? ""),
    );
  }

  rowUrl(sheet: string, row: number): string {
    return `https://docs.google.com/spreadsheets/d/1AbCdEf/edit#gid=${sheet === "Tasks" ? 0 : 7}&range=A${row}`;
  }
}
