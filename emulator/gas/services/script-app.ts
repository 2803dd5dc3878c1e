// ScriptApp: trigger builders, the project's trigger list, and the enums scripts compare with.
// Enum values are their names as strings, so `t.getEventType() === ScriptApp.EventType.CLOCK` and
// `String(t.getEventType())` both behave as in Apps Script.

import { counted } from "../runtime/counted";
import type { Execution } from "../runtime/execution";
import {
  defaultMinuteFor,
  WEEK_DAYS,
  type ClockSchedule,
  type WeekDayName,
} from "../runtime/trigger-schedule";
import type { NewTrigger, TriggerRecord, TriggerRegistry } from "../runtime/triggers";
import { isKnownTimeZone, zonedParts } from "../runtime/zoned-time";
import type { VirtualClock } from "../../clock";

const enumOf = <K extends string>(names: readonly K[]): Readonly<Record<K, K>> =>
  Object.freeze(Object.fromEntries(names.map((name) => [name, name])) as Record<K, K>);

export const EventType = enumOf([
  "CLOCK",
  "ON_OPEN",
  "ON_EDIT",
  "ON_FORM_SUBMIT",
  "ON_CHANGE",
  "ON_EVENT_UPDATED",
] as const);
export const TriggerSource = enumOf([
  "SPREADSHEETS",
  "CLOCK",
  "FORMS",
  "DOCUMENTS",
  "CALENDAR",
] as const);
export const AuthMode = enumOf(["NONE", "CUSTOM_FUNCTION", "LIMITED", "FULL"] as const);
export const WeekDay = enumOf(WEEK_DAYS);

const EVERY_MINUTES = [1, 5, 10, 15, 30];
const EVERY_HOURS = [1, 2, 4, 6, 8, 12];

export interface ScriptAppScope {
  readonly execution: Execution;
  readonly triggers: TriggerRegistry;
  readonly clock: VirtualClock;
  readonly timeZone: string;
  readonly scriptId: string;
}

/** A document handed to forSpreadsheet/forForm: its id, or an object with getId(). */
type DocumentRef = string | { getId(): string };

export function createScriptApp(scope: ScriptAppScope) {
  const { execution, triggers, clock } = scope;
  const count = (name: string) => execution.count(name);
  const fail = (message: string): never => execution.fail(message);

  // deleteTrigger finds the record without calling the object's counted getUniqueId.
  const uids = new WeakMap<object, string>();
  const triggerObject = (record: TriggerRecord) => {
    const trigger = counted(count, "Trigger", {
      getUniqueId: () => record.uid,
      getHandlerFunction: () => record.handler,
      getEventType: () => record.eventType,
      getTriggerSource: () => record.source,
      getTriggerSourceId: () => record.sourceId,
    });
    uids.set(trigger, record.uid);
    return trigger;
  };

  const install = (trigger: Omit<NewTrigger, "owner">) => {
    const added = triggers.add({ ...trigger, owner: execution.user }, clock.now());
    if (typeof added === "string") return fail(added);
    return triggerObject(added);
  };

  const idOf = (ref: DocumentRef, method: string): string => {
    if (typeof ref === "string") return ref;
    if (ref && typeof ref.getId === "function") return String(ref.getId());
    return fail(`Invalid argument: ${method} needs a document or its id`);
  };

  const documentBuilder = (
    handler: string,
    source: "SPREADSHEETS" | "FORMS",
    sourceId: string,
    events: readonly ("ON_EDIT" | "ON_CHANGE" | "ON_FORM_SUBMIT" | "ON_OPEN")[],
  ) => {
    const typeName = source === "SPREADSHEETS" ? "SpreadsheetTriggerBuilder" : "FormTriggerBuilder";
    const methods: Record<string, () => unknown> = {};
    const methodName = {
      ON_EDIT: "onEdit",
      ON_CHANGE: "onChange",
      ON_FORM_SUBMIT: "onFormSubmit",
      ON_OPEN: "onOpen",
    };
    for (const eventType of events) {
      methods[methodName[eventType]] = () =>
        counted(count, "TriggerBuilder", {
          create: () => install({ handler, eventType, source, sourceId }),
        });
    }
    return counted(count, typeName, methods);
  };

  const clockBuilder = (handler: string) => {
    const spec: {
      minutes?: number;
      hours?: number;
      days?: number;
      weeks?: number;
      hour?: number;
      minute?: number;
      weekDay?: WeekDayName;
      after?: number;
      at?: number;
      timeZone?: string;
    } = {};
    let builder: object = {};
    builder = counted(count, "ClockTriggerBuilder", {
      everyMinutes(n: number) {
        if (!EVERY_MINUTES.includes(n))
          fail("Invalid argument: everyMinutes. Use 1, 5, 10, 15 or 30.");
        spec.minutes = n;
        return builder;
      },
      everyHours(n: number) {
        if (!EVERY_HOURS.includes(n))
          fail("Invalid argument: everyHours. Use 1, 2, 4, 6, 8 or 12.");
        spec.hours = n;
        return builder;
      },
      everyDays(n: number) {
        if (!Number.isInteger(n) || n < 1) fail("Invalid argument: everyDays");
        spec.days = n;
        return builder;
      },
      everyWeeks(n: number) {
        if (!Number.isInteger(n) || n < 1) fail("Invalid argument: everyWeeks");
        spec.weeks = n;
        return builder;
      },
      atHour(hour: number) {
        if (!Number.isInteger(hour) || hour < 0 || hour > 23) fail("Invalid argument: atHour");
        spec.hour = hour;
        return builder;
      },
      nearMinute(minute: number) {
        if (!Number.isInteger(minute) || minute < 0 || minute > 59)
          fail("Invalid argument: nearMinute");
        spec.minute = minute;
        return builder;
      },
      onWeekDay(day: WeekDayName) {
        if (!WEEK_DAYS.includes(String(day) as WeekDayName)) fail("Invalid argument: onWeekDay");
        spec.weekDay = String(day) as WeekDayName;
        return builder;
      },
      after(durationMilliseconds: number) {
        if (!(Number(durationMilliseconds) >= 0)) fail("Invalid argument: after");
        spec.after = Number(durationMilliseconds);
        return builder;
      },
      at(date: Date) {
        const time = date && typeof date.getTime === "function" ? date.getTime() : NaN;
        if (Number.isNaN(time)) fail("Invalid argument: at");
        spec.at = time;
        return builder;
      },
      inTimezone(timezone: string) {
        if (!isKnownTimeZone(String(timezone))) fail(`Invalid argument: inTimezone (${timezone})`);
        spec.timeZone = String(timezone);
        return builder;
      },
      create() {
        return install({
          handler,
          eventType: "CLOCK",
          source: "CLOCK",
          sourceId: null,
          schedule: scheduleOf(spec, handler),
        });
      },
    });
    const scheduleOf = (given: typeof spec, name: string): ClockSchedule => {
      // onWeekDay(d) alone is a weekly trigger: Google's own example is onWeekDay(d).atHour(h).
      const s =
        given.weekDay !== undefined &&
        [given.minutes, given.hours, given.days, given.weeks, given.after, given.at].every(
          (v) => v === undefined,
        )
          ? { ...given, weeks: 1 }
          : given;
      const frequencies = [s.minutes, s.hours, s.days, s.weeks, s.after, s.at].filter(
        (v) => v !== undefined,
      );
      if (frequencies.length !== 1) {
        return fail(
          "A time-based trigger needs exactly one of everyMinutes, everyHours, everyDays, everyWeeks, after or at before create()",
        );
      }
      if (
        (s.hour !== undefined || s.minute !== undefined) &&
        s.days === undefined &&
        s.weeks === undefined
      ) {
        return fail("atHour and nearMinute can only be used with everyDays or everyWeeks");
      }
      if (s.weekDay !== undefined && s.weeks === undefined) {
        return fail("onWeekDay can only be used with everyWeeks");
      }
      const now = clock.now();
      if (s.minutes !== undefined) return { kind: "minutes", every: s.minutes };
      if (s.hours !== undefined) return { kind: "hours", every: s.hours };
      if (s.after !== undefined) return { kind: "once", at: now + s.after };
      if (s.at !== undefined) return { kind: "once", at: s.at };
      const timeZone = s.timeZone ?? scope.timeZone;
      const created = zonedParts(now, timeZone);
      return {
        kind: s.days !== undefined ? "days" : "weeks",
        every: (s.days ?? s.weeks) as number,
        hour: s.hour ?? created.hour,
        minute: s.minute ?? (s.hour !== undefined ? defaultMinuteFor(name) : created.minute),
        timeZone,
        ...(s.weeks !== undefined
          ? { isoWeekDay: s.weekDay ? WEEK_DAYS.indexOf(s.weekDay) + 1 : created.isoWeekDay }
          : {}),
      };
    };
    return builder;
  };

  const service = counted(count, "ScriptApp", {
    newTrigger(functionName: string) {
      const handler = String(functionName);
      return counted(count, "TriggerBuilder", {
        timeBased: () => clockBuilder(handler),
        forSpreadsheet: (ref: DocumentRef) =>
          documentBuilder(handler, "SPREADSHEETS", idOf(ref, "forSpreadsheet"), [
            "ON_EDIT",
            "ON_CHANGE",
            "ON_FORM_SUBMIT",
            "ON_OPEN",
          ]),
        forForm: (ref: DocumentRef) =>
          documentBuilder(handler, "FORMS", idOf(ref, "forForm"), ["ON_FORM_SUBMIT", "ON_OPEN"]),
      });
    },
    // Only the effective user's triggers: another editor's are invisible and cannot be deleted.
    getProjectTriggers() {
      return triggers.ownedBy(execution.user).map(triggerObject);
    },
    deleteTrigger(trigger: { getUniqueId(): string }) {
      const uid = typeof trigger === "object" && trigger !== null ? uids.get(trigger) : undefined;
      if (uid === undefined) return fail("Invalid argument: trigger");
      if (triggers.get(uid)?.owner === execution.user) triggers.remove(uid);
    },
    getScriptId() {
      return scope.scriptId;
    },
  });
  return Object.assign(service, { EventType, TriggerSource, AuthMode, WeekDay });
}
