// This project's installable triggers, through ScriptApp: the outbox's one-shot deliverOutbox
// trigger, and the document and clock triggers setup() installs.
import type { ClockSchedule, TriggerPort, TriggerSpec } from "../ports";
import {
  readRegistration,
  REGISTRATION_KEY,
  type TriggerRegistration,
} from "../triggers/registration";

function findTrigger(id: string): GoogleAppsScript.Script.Trigger | undefined {
  return ScriptApp.getProjectTriggers().find((trigger) => trigger.getUniqueId() === id);
}

function removeTrigger(id: string): void {
  const trigger = findTrigger(id);
  if (trigger) ScriptApp.deleteTrigger(trigger);
}

export function projectTriggers(): TriggerPort {
  return {
    all: () =>
      ScriptApp.getProjectTriggers().map((trigger) => ({
        id: trigger.getUniqueId(),
        handler: trigger.getHandlerFunction(),
        eventType: String(trigger.getEventType()),
        source: String(trigger.getTriggerSource()),
      })),
    list: (handler) =>
      ScriptApp.getProjectTriggers()
        .filter((trigger) => trigger.getHandlerFunction() === handler)
        .map((trigger) => trigger.getUniqueId()),
    createOnce: (handler, afterMs) =>
      ScriptApp.newTrigger(handler).timeBased().after(Math.round(afterMs)).create().getUniqueId(),
    createEvery: (handler, minutes) =>
      ScriptApp.newTrigger(handler).timeBased().everyMinutes(minutes).create().getUniqueId(),
    install,
    delete: removeTrigger,
  };
}

function clockTrigger(handler: string, schedule: ClockSchedule) {
  const builder = ScriptApp.newTrigger(handler).timeBased();
  switch (schedule.every) {
    case "hours":
      return builder.everyHours(schedule.hours);
    case "day":
      return builder.atHour(schedule.atHour).everyDays(1);
    case "week":
      return builder.onWeekDay(ScriptApp.WeekDay[schedule.weekDay]).atHour(schedule.atHour);
  }
}

function install(spec: TriggerSpec): string {
  if (spec.eventType === "CLOCK")
    return clockTrigger(spec.handler, spec.schedule).create().getUniqueId();
  const builder = ScriptApp.newTrigger(spec.handler);
  if (spec.source === "FORMS") {
    return builder.forForm(FormApp.getActiveForm()).onFormSubmit().create().getUniqueId();
  }
  const spreadsheet = builder.forSpreadsheet(SpreadsheetApp.getActiveSpreadsheet());
  const created =
    spec.eventType === "ON_EDIT"
      ? spreadsheet.onEdit()
      : spec.eventType === "ON_CHANGE"
        ? spreadsheet.onChange()
        : spreadsheet.onFormSubmit();
  return created.create().getUniqueId();
}

/**
 * The triggers the last setup() registered, read as one property: a handler's check must not cost
 * a read of the whole store (the outbox's entries included).
 */
export function registeredTriggers(): TriggerRegistration | undefined {
  const value = PropertiesService.getScriptProperties().getProperty(REGISTRATION_KEY);
  return value === null ? undefined : readRegistration({ [REGISTRATION_KEY]: value });
}
