// A trigger setup() installs and a clock trigger's schedule: what config and the rules sheet write,
// what validation checks and what ScriptApp's builder takes, declared once.

/** The intervals ScriptApp's everyHours accepts. */
export const CLOCK_HOURS = [1, 2, 4, 6, 8, 12] as const;
export const WEEK_DAYS = [
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
] as const;

export type ClockHours = (typeof CLOCK_HOURS)[number];
export type WeekDay = (typeof WEEK_DAYS)[number];

export type ClockSchedule =
  | { readonly every: "hours"; readonly hours: ClockHours }
  /** Some time in that hour (0-23), in the script's time zone: Apps Script picks the minute. */
  | { readonly every: "day"; readonly atHour: number }
  | { readonly every: "week"; readonly weekDay: WeekDay; readonly atHour: number };

/** "1, 2, 4, 6, 8 or 12", for messages. */
export const CLOCK_HOURS_TEXT = `${CLOCK_HOURS.slice(0, -1).join(", ")} or ${CLOCK_HOURS[CLOCK_HOURS.length - 1]}`;

export function isClockHours(hours: unknown): hours is ClockHours {
  return (CLOCK_HOURS as readonly unknown[]).includes(hours);
}

export function isWeekDay(day: unknown): day is WeekDay {
  return (WEEK_DAYS as readonly unknown[]).includes(day);
}

/** A trigger setup() wants: on the bound document, or on a clock. */
export type TriggerSpec =
  | {
      readonly handler: string;
      readonly eventType: "ON_EDIT" | "ON_CHANGE" | "ON_FORM_SUBMIT";
      readonly source: "SPREADSHEETS" | "FORMS";
    }
  | {
      readonly handler: string;
      readonly eventType: "CLOCK";
      readonly source: "CLOCK";
      readonly schedule: ClockSchedule;
      /** What the trigger is for when one handler serves several (a digest's name). */
      readonly tag?: string;
    };
