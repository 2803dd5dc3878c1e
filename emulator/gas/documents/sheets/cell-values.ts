// What a cell holds and how Sheets shows it. Cells hold strings, numbers, booleans and dates; an
// empty cell reads as "". Display follows the "Automatic" format of a new sheet in the en_US locale.

import { gasException } from "../../runtime/exception";
import { instantOf, serialNumber, wallTime } from "./time-zone";

export type CellValue = string | number | boolean | Date;

/** Checks a value from a fixture or the host: stored as given, null and undefined as empty. */
export function storedValue(value: unknown, where: string): CellValue {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${where}: ${value} cannot be stored in a cell`);
    return value;
  }
  if (isDateLike(value)) return new Date(value.getTime());
  throw new Error(
    `${where}: a cell holds a string, number, boolean or Date, not ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A value as Sheets stores it when a user types it or a script writes it with setValue(s): text that
 * reads as a number, TRUE/FALSE or a date becomes one; a leading apostrophe keeps text as text.
 * Formulas are stored as their text; the emulator does not compute them.
 */
export function enteredValue(value: unknown, timeZone: string): CellValue {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw gasException(`Cannot store ${value} in a cell.`);
    return value;
  }
  if (typeof value === "boolean") return value;
  if (isDateLike(value)) return new Date(value.getTime());
  if (typeof value !== "string") {
    // Sheets writes other objects as their text, as String() would.
    return String(value);
  }
  if (value.startsWith("'")) return value.slice(1);
  if (NUMBER.test(value)) return Number(value);
  const upper = value.toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return upper === "TRUE";
  const date = parseDate(value, timeZone);
  return date ?? value;
}

/** Dates made inside the script's realm fail `instanceof Date` here, so look at the brand. */
export function isDateLike(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === "[object Date]";
}

function parseDate(text: string, timeZone: string): Date | undefined {
  const us = US_DATE.exec(text);
  const iso = us ? undefined : ISO_DATE.exec(text);
  if (!us && !iso) return undefined;
  const [year, month, day] = us
    ? [Number(us[3]), Number(us[1]), Number(us[2])]
    : [Number(iso![1]), Number(iso![2]), Number(iso![3])];
  const wall = {
    year,
    month,
    day,
    hour: Number(us?.[4] ?? 0),
    minute: Number(us?.[5] ?? 0),
    second: Number(us?.[6] ?? 0),
  };
  if (month < 1 || month > 12 || day < 1 || day > 31 || wall.hour > 23 || wall.minute > 59) {
    return undefined;
  }
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  return new Date(instantOf(wall, timeZone));
}

/** A fresh copy for the script: Dates are mutable, so never hand out the stored one. */
export function copyOut(value: CellValue): CellValue {
  return value instanceof Date ? new Date(value.getTime()) : value;
}

export function isEmpty(value: CellValue | undefined): boolean {
  return value === undefined || value === "";
}

/** Range.getDisplayValue: what the cell shows. */
export function displayValue(value: CellValue, timeZone: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return displayNumber(value);
  return displayDate(value, timeZone);
}

/** Dates at midnight show as M/d/yyyy, others as M/d/yyyy H:mm:ss, as Sheets' defaults do. */
export function displayDate(date: Date, timeZone: string): string {
  const wall = wallTime(date.getTime(), timeZone);
  const day = `${wall.month}/${wall.day}/${wall.year}`;
  if (wall.hour === 0 && wall.minute === 0 && wall.second === 0) return day;
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${day} ${wall.hour}:${pad(wall.minute)}:${pad(wall.second)}`;
}

/**
 * The Automatic number format: whole numbers in full without separators, fractions to ten
 * significant digits, and scientific notation (1.23457E+15) for very large or small magnitudes.
 */
export function displayNumber(n: number): string {
  const magnitude = Math.abs(n);
  if (n === 0) return "0";
  if (magnitude >= 1e15 || magnitude < 1e-9) return scientific(n);
  if (Number.isInteger(n)) return String(n);
  const rounded = Number(n.toPrecision(10));
  return String(rounded).includes("e") ? scientific(rounded) : String(rounded);
}

function scientific(n: number): string {
  const [mantissa = "0", exponent = "0"] = n.toExponential(5).split("e");
  const trimmed = mantissa.replace(/\.?0+$/, "");
  const power = Number(exponent);
  const sign = power < 0 ? "-" : "+";
  return `${trimmed}E${sign}${String(Math.abs(power)).padStart(2, "0")}`;
}

/** The text an edit event carries in e.value / e.oldValue: dates as their serial number. */
export function eventValue(value: CellValue, timeZone: string): string {
  if (value instanceof Date) return String(serialNumber(value.getTime(), timeZone));
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}
