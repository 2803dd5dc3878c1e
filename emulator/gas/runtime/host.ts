// What the runtime core hands to the services written in other files (SpreadsheetApp, FormApp, Ui),
// and the record of one execution. Kept free of imports from the rest of emulator/gas so that every
// service file can depend on it without cycles.

import type { VirtualClock } from "../../clock";

/** One counted call under way, as counted.ts drives it. */
export interface CountedCall {
  /** Pays the part of the cost that grows with the bytes the call carried (see latency.ts); the values are read only when that part is not zero. */
  settle(carried: () => readonly unknown[]): void;
  /** An error of the service as the script must see it: made in the script's realm. */
  inScriptRealm(error: unknown): unknown;
}

/**
 * Counts one service call by name (e.g. "Range.getValues"), spends its cost in virtual time and
 * checks the execution's time budget; outside an execution it does nothing.
 */
export type CountCall = (name: string) => CountedCall | void;

export type TriggerSourceKind = "SPREADSHEETS" | "FORMS";

export type FiredEventType = "ON_EDIT" | "ON_CHANGE" | "ON_FORM_SUBMIT" | "ON_OPEN";

/** Runs every installable trigger of that source and type as its own execution, in creation order; returns the results. */
export type FireTriggers = (
  source: { kind: TriggerSourceKind; id: string },
  eventType: FiredEventType,
  makeEvent: (triggerUid: string) => object,
) => ExecutionResult[];

export interface HostServices {
  count: CountCall;
  fire: FireTriggers;
  clock: VirtualClock;
  /** The manifest's timeZone, an IANA name. */
  timeZone: string;
  /** The email of the user the project runs as. */
  user: string;
  /** True while a script runs: writes made by a script fire no trigger. */
  inExecution(): boolean;
}

export type LogLevel = "log" | "info" | "warn" | "error";

export interface LogLine {
  readonly level: LogLevel;
  readonly text: string;
}

/** How the execution was started, as the Apps Script executions page shows it. */
export type ExecutionKind = "editor" | "trigger" | "menu";

export interface ExecutionResult {
  readonly functionName: string;
  readonly kind: ExecutionKind;
  /** The function's return value, copied out of the script's realm as plain data (JSON round-trip). */
  readonly value?: unknown;
  /** Set when the execution failed: the script threw, the function was missing, or time ran out. */
  readonly error?: { readonly message: string; readonly stack?: string };
  readonly logs: readonly LogLine[];
  /** Service calls made by this execution, by name ("UrlFetchApp.fetch": 3). */
  readonly calls: Readonly<Record<string, number>>;
  /** Virtual time, ms since epoch. */
  readonly startedAt: number;
  readonly endedAt: number;
}
