// One base for the errors this project throws on purpose. Each has a stable code (for tests, logs
// and the outbox, which catches only these) and a message that says what happened and what to do.
// Anything else (a TypeError, say) is a defect and is never caught as an expected failure.

export type ErrorCode =
  | "CONFIG_INVALID"
  | "RULE_INVALID"
  | "RULES_FAILED"
  | "WEBHOOK_URL_INVALID"
  | "WEBHOOK_NAME_INVALID"
  | "WEBHOOK_UNSET"
  | "MESSAGE_UNSENDABLE"
  | "NOTIFY_ARGUMENT"
  | "OUTBOX_FULL"
  | "LOCK_TIMEOUT"
  | "NO_TRIGGER_EVENT"
  | "TRIGGER_OUT_OF_DATE"
  | "NOT_BOUND_TO_SPREADSHEET"
  | "CLI_USAGE";

export abstract class ChatNotificationsError extends Error {
  abstract readonly code: ErrorCode;
}

/** Whether `error` is one this project throws on purpose (and so may be reported, not rethrown). */
export function isExpectedError(error: unknown): error is ChatNotificationsError {
  return error instanceof ChatNotificationsError;
}

/** A Chat message that cannot be sent as it is (empty, too big, a bad thread key). */
export class MessageError extends ChatNotificationsError {
  override readonly name = "MessageError";
  readonly code = "MESSAGE_UNSENDABLE";
}

/** A handler run without its trigger's event (from the editor's Run button). */
export class MissingEventError extends ChatNotificationsError {
  override readonly name = "MissingEventError";
  readonly code = "NO_TRIGGER_EVENT";
  constructor(handler: string, what: string) {
    super(
      `${handler} runs when a trigger reports ${what}, with the trigger's event; run from the ` +
        "editor it has none. Run setup() to install the triggers, then make a change to try it.",
    );
  }
}

/** A clock trigger that belongs to no digest of the current config. */
export class TriggerOutOfDateError extends ChatNotificationsError {
  override readonly name = "TriggerOutOfDateError";
  readonly code = "TRIGGER_OUT_OF_DATE";
}

/** Some rules' notifications went in, others' rules failed; the message names both. */
export class RulesFailedError extends ChatNotificationsError {
  override readonly name = "RulesFailedError";
  readonly code = "RULES_FAILED";
}

/** An action that needs the spreadsheet, in a script bound to a form. */
export class NotBoundError extends ChatNotificationsError {
  override readonly name = "NotBoundError";
  readonly code = "NOT_BOUND_TO_SPREADSHEET";
}
