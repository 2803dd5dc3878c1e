// The core's view of the world. Only src/gas/ implements these with Apps Script services; tests
// implement them in memory, so the core never names an Apps Script global.
import { ChatNotificationsError } from "./errors";
import type { TriggerSpec } from "./triggers/spec";

/** One POST of a JSON body to a Chat webhook. */
export interface HttpRequest {
  readonly url: string;
  /** JSON text, sent as `application/json; charset=UTF-8`. */
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What came back for one request: an HTTP answer of any status, or a failure before one arrived. */
export type HttpAnswer =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly body: string;
      /** Header names in lower case. */
      readonly headers: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: "network-error";
      /** Already redacted: holds no webhook key or token. */
      readonly message: string;
    };

export interface HttpPort {
  /** Sends the requests together, in parallel where the platform can, and answers in order. */
  fetchAll(requests: readonly HttpRequest[]): HttpAnswer[];
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Blocks the execution; Apps Script has no other way to wait. */
  sleep(ms: number): void;
}

/** A number in [0, 1), like Math.random; seeded in tests. */
export type RandomSource = () => number;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Read access to Script Properties. */
export interface PropertyReader {
  get(name: string): string | null;
}

/**
 * Script Properties: Apps Script reads one key or every property in one call and writes many in
 * one call, but deletes one key per call, so the port mirrors those costs.
 */
export interface KeyValueStore {
  /** One property (getProperty); null when it is not set. */
  get(key: string): string | null;
  getAll(): Record<string, string>;
  setMany(values: Readonly<Record<string, string>>): void;
  delete(keys: readonly string[]): void;
}

/** The script lock: one holder across every execution of the project. */
export interface ScriptLock {
  /** Runs `action` holding the lock; throws LockTimeoutError if it cannot be had in `timeoutMs`. */
  withLock<T>(timeoutMs: number, action: () => T): T;
}

export class LockTimeoutError extends ChatNotificationsError {
  override name = "LockTimeoutError";
  readonly code = "LOCK_TIMEOUT";
}

/**
 * This user's installable triggers of the project, one port over ScriptApp: the outbox's
 * one-shot deliverOutbox triggers, and the document and clock triggers setup() manages.
 */
export interface TriggerPort {
  /** Every trigger of the project this user owns (setup and teardown manage their own). */
  all(): InstalledTrigger[];
  /** Ids of the pending triggers that call `handler`. */
  list(handler: string): string[];
  /** A one-shot trigger that calls `handler` once, `afterMs` from now; returns its id. */
  createOnce(handler: string, afterMs: number): string;
  /** A trigger that calls `handler` every `minutes` (1, 5, 10, 15 or 30) until deleted. */
  createEvery(handler: string, minutes: 1 | 5 | 10 | 15 | 30): string;
  /** A trigger setup() wants; returns its id. */
  install(spec: TriggerSpec): string;
  delete(id: string): void;
}

/** The bound spreadsheet, read as it is displayed. */
export interface SheetReader {
  /**
   * The header row and `rowCount` rows from `firstRow`, across the used columns, as displayed.
   * Null when there is no such sheet.
   */
  read(
    sheet: string,
    headerRow: number,
    firstRow: number,
    rowCount: number,
  ): { headers: string[]; rows: string[][] } | null;
  /** Every used cell of the sheet, as displayed, in one read; null when there is no such sheet. */
  readAll(sheet: string): string[][] | null;
  /** The last row with content (0 for an empty sheet); null when there is no such sheet. */
  lastRow(sheet: string): number | null;
  /**
   * `rowCount` rows from `firstRow`, only the given columns (1-based), as displayed: each row's
   * cells in the order of `columns`. Null when there is no such sheet.
   */
  readColumns(
    sheet: string,
    firstRow: number,
    rowCount: number,
    columns: readonly number[],
  ): string[][] | null;
  /** A link that opens the sheet at that row. */
  rowUrl(sheet: string, row: number): string;
}

/** An installable trigger as ScriptApp lists it. */
export interface InstalledTrigger {
  readonly id: string;
  readonly handler: string;
  /** "ON_EDIT", "ON_CHANGE", "ON_FORM_SUBMIT", "CLOCK", ... as Apps Script names event types. */
  readonly eventType: string;
  /** "SPREADSHEETS", "FORMS" or "CLOCK". */
  readonly source: string;
}

export type { ClockSchedule, TriggerSpec, WeekDay } from "./triggers/spec";
