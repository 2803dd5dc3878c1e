// The event object a time-driven trigger passes to its function. Google documents its fields
// (https://developers.google.com/apps-script/guides/triggers/events#time-driven-events) with the
// time given in UTC and `timezone: "UTC"`.

import { zonedParts } from "./zoned-time";

export interface TimeDrivenEvent {
  readonly authMode: "FULL";
  readonly "day-of-month": number;
  /** 1 = Monday ... 7 = Sunday */
  readonly "day-of-week": number;
  readonly hour: number;
  readonly minute: number;
  /** 1-12 */
  readonly month: number;
  readonly second: number;
  readonly timezone: "UTC";
  readonly triggerUid: string;
  readonly "week-of-year": number;
  readonly year: number;
}

function isoWeekOfYear(epochMs: number): number {
  const date = new Date(epochMs);
  const day = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  // The ISO week is the week of its Thursday.
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / 86400000 / 7) + 1;
}

export function timeDrivenEvent(epochMs: number, triggerUid: string): TimeDrivenEvent {
  const p = zonedParts(epochMs, "UTC");
  return {
    authMode: "FULL",
    "day-of-month": p.day,
    "day-of-week": p.isoWeekDay,
    hour: p.hour,
    minute: p.minute,
    month: p.month,
    second: p.second,
    timezone: "UTC",
    triggerUid,
    "week-of-year": isoWeekOfYear(epochMs),
    year: p.year,
  };
}
