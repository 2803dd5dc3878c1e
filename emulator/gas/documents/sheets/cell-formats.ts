// What a sheet holds besides values, as far as scripts here use it: notes, background colours,
// data validation (dropdowns and checkboxes) and protection. Kept per cell as plain data, so tests
// read what the script set. Not shifted by row inserts or removals (the emulator's simplification).

/** Built by SpreadsheetApp.newDataValidation(); what Sheets keeps for a cell's rule. */
export interface DataValidationRecord {
  /** "VALUE_IN_LIST" or "CHECKBOX", as SpreadsheetApp.DataValidationCriteria names them. */
  readonly criteria: "VALUE_IN_LIST" | "CHECKBOX";
  readonly values: readonly string[];
  /** A dropdown shows its arrow; false lists the values only as a check. */
  readonly showDropdown: boolean;
  /** true: a value outside the rule is kept with a warning; false: Sheets rejects it. */
  readonly allowInvalid: boolean;
  readonly helpText: string | null;
}

export interface ProtectionRecord {
  readonly warningOnly: boolean;
  readonly description: string;
}

/** The non-value state of one sheet, by 1-based row and column. */
export class CellFormats {
  readonly notes = new Map<string, string>();
  readonly backgrounds = new Map<string, string>();
  readonly validations = new Map<string, DataValidationRecord>();
  /** Text starting with "=" that a script wrote with setValue(s): Sheets makes it a formula. */
  readonly formulas = new Map<string, string>();
  /** Whole-sheet protections, in the order they were made. */
  readonly protections: { warningOnly: boolean; description: string }[] = [];

  static key(row: number, column: number): string {
    return `${row},${column}`;
  }

  /** Sets (or, for "" and null, clears) one kind of format on a cell. */
  set<T>(map: Map<string, T>, row: number, column: number, value: T | null | ""): void {
    const key = CellFormats.key(row, column);
    if (value === null || value === "") map.delete(key);
    else map.set(key, value as T);
  }
}

/** Sheets' default background, which getBackground reports for a cell never coloured. */
export const DEFAULT_BACKGROUND = "#ffffff";

/** Accepts "#RGB"/"#RRGGBB" and the CSS names scripts commonly pass; Sheets stores lower case. */
export function normaliseColour(colour: unknown): string | null {
  if (colour === null || colour === undefined || colour === "") return null;
  const text = String(colour).trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  if (/^#[0-9a-f]{6}$/.test(text)) return text;
  const named: Record<string, string> = {
    white: "#ffffff",
    black: "#000000",
    red: "#ff0000",
    yellow: "#ffff00",
    green: "#008000",
  };
  return named[text] ?? text;
}
