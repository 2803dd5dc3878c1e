// Wall-clock time in the spreadsheet's time zone, which is how Sheets shows and reads dates (not
// the machine's zone). The arithmetic is zoned-time's; this names it as Sheets needs it.
import { epochOfWallTime, zonedParts } from "../../runtime/zoned-time";

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallTime(epochMs: number, timeZone: string): WallTime {
  const { year, month, day, hour, minute, second } = zonedParts(epochMs, timeZone);
  return { year, month, day, hour, minute, second };
}

/** The instant at which clocks in the time zone show that wall time. */
export function instantOf(wall: WallTime, timeZone: string): number {
  return epochOfWallTime(wall, timeZone);
}

/** Sheets' serial number of a date: days since 1899-12-30 in the spreadsheet's time zone. */
export function serialNumber(epochMs: number, timeZone: string): number {
  const w = zonedParts(epochMs, timeZone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  return (wall - Date.UTC(1899, 11, 30)) / 86_400_000;
}
