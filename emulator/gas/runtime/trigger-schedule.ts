// When a time-driven trigger fires. Apps Script picks the exact moment itself ("some time in that
// hour", "+/- 15 minutes"); the emulator picks deterministically, by these rules:
// - everyMinutes(n) / everyHours(n): every n minutes / hours after the trigger's creation.
// - everyDays(n) / everyWeeks(n): at atHour(h):nearMinute(m) wall time in the trigger's zone
//   (inTimezone, else the manifest's). Without nearMinute, the minute is a fixed number derived
//   from the handler's name (the same on every run). Without atHour, at the creation's wall time.
//   everyWeeks fires on onWeekDay(d), else on the creation's weekday. The first run is the first
//   such moment after creation; then every n days / weeks.
// - after(ms): once, ms after creation. at(date): once, at that instant.

import { dateOfDayNumber, dayNumber, epochOfWallTime, zonedParts } from "./zoned-time";

export type WeekDayName =
  "MONDAY" | "TUESDAY" | "WEDNESDAY" | "THURSDAY" | "FRIDAY" | "SATURDAY" | "SUNDAY";

export const WEEK_DAYS: readonly WeekDayName[] = [
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
];

export type ClockSchedule =
  | { readonly kind: "minutes"; readonly every: number }
  | { readonly kind: "hours"; readonly every: number }
  | {
      readonly kind: "days" | "weeks";
      readonly every: number;
      readonly hour: number;
      readonly minute: number;
      /** 1 = Monday ... 7 = Sunday; weeks only. */
      readonly isoWeekDay?: number;
      readonly timeZone: string;
    }
  | { readonly kind: "once"; readonly at: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A fixed minute of the hour for a handler, standing in for Apps Script's random pick. */
export function defaultMinuteFor(handler: string): number {
  let hash = 2166136261;
  for (let i = 0; i < handler.length; i++) {
    hash ^= handler.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash % 60;
}

/** The first firing strictly after `after`, or undefined when the trigger never fires again. */
export function nextFiring(
  schedule: ClockSchedule,
  createdAt: number,
  after: number,
): number | undefined {
  switch (schedule.kind) {
    case "once":
      return schedule.at > after ? schedule.at : undefined;
    case "minutes":
    case "hours": {
      const period = schedule.every * (schedule.kind === "minutes" ? MINUTE : HOUR);
      const periods = Math.max(1, Math.floor((after - createdAt) / period) + 1);
      return createdAt + periods * period;
    }
    case "days":
    case "weeks": {
      const { timeZone, hour, minute } = schedule;
      const periodDays = schedule.every * (schedule.kind === "weeks" ? 7 : 1);
      const at = (day: number): number =>
        epochOfWallTime({ ...dateOfDayNumber(day), hour, minute }, timeZone);
      // The first firing: the first matching day (and weekday) from creation on, after creation.
      let first = dayNumber(zonedParts(createdAt, timeZone));
      const weekDayOf = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
      while (
        (schedule.isoWeekDay !== undefined && weekDayOf(first) !== schedule.isoWeekDay) ||
        at(first) <= createdAt
      ) {
        first += 1;
      }
      if (at(first) > after) return at(first);
      const afterDay = dayNumber(zonedParts(after, timeZone));
      let day = first + Math.max(0, Math.floor((afterDay - first) / periodDays)) * periodDays;
      while (at(day) <= after) day += periodDays;
      return at(day);
    }
  }
}
