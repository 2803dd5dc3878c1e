// Wall-clock time in an IANA time zone, from Intl (Node ships full ICU), with no dependency on the
// host's TZ. Used by Utilities.formatDate and by trigger schedules.

export interface ZonedParts {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** 1 = Monday ... 7 = Sunday (ISO) */
  readonly isoWeekDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const year = fields.year ?? 1970;
  const month = fields.month ?? 1;
  const day = fields.day ?? 1;
  const utcDay = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return {
    year,
    month,
    day,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
    millisecond: ((epochMs % 1000) + 1000) % 1000,
    isoWeekDay: utcDay === 0 ? 7 : utcDay,
  };
}

/** Offset of the zone from UTC at that instant, in minutes (e.g. +60 for Paris in winter). */
export function offsetMinutes(epochMs: number, timeZone: string): number {
  const p = zonedParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  return Math.round((asUtc - epochMs) / 60000);
}

/** The instant at which the zone's clocks show that wall time (the later one if it is skipped). */
export function epochOfWallTime(
  wall: { year: number; month: number; day: number; hour: number; minute: number; second?: number },
  timeZone: string,
): number {
  const asUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second ?? 0,
  );
  let guess = asUtc - offsetMinutes(asUtc, timeZone) * 60000;
  // A second pass settles guesses that crossed a daylight-saving change.
  guess = asUtc - offsetMinutes(guess, timeZone) * 60000;
  return guess;
}

/** Days since 1970-01-01 of a calendar date, for counting days without time zones. */
export function dayNumber(date: { year: number; month: number; day: number }): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / 86400000);
}

export function dateOfDayNumber(days: number): { year: number; month: number; day: number } {
  const date = new Date(days * 86400000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
