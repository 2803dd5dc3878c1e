// An Apps Script project in the emulator: its code, manifest and persistent state (properties,
// caches, locks, triggers, documents), and the executions that run it. Each execution evaluates
// the whole script afresh in a new realm, as Apps Script does, with the services as globals.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import type { VirtualClock } from "../../clock";
import type { ChatTransport } from "../../transport";
import { CacheStore } from "../services/cache";
import { LockTable } from "../services/lock";
import { servicesFor, type ProjectState } from "../services";
import { Execution, type ExecutionScope } from "./execution";
import { CallCosts, type LatencyOptions, type LatencyProfileName } from "./latency";
import { DailyQuotas, type AccountKind, type QuotaStatus } from "./quotas";
import type {
  ExecutionKind,
  ExecutionResult,
  FiredEventType,
  HostServices,
  TriggerSourceKind,
} from "./host";
import { DEFAULT_TIME_ZONE, parseManifest, type AppsScriptManifest } from "./manifest";
import { PropertyStore } from "../services/properties";
import { createRealm } from "./realm";
import { createFormApp, type FormFixture, type FormHandle } from "../documents/form";
import {
  createSpreadsheetApp,
  type SpreadsheetFixture,
  type SpreadsheetHandle,
} from "../documents/spreadsheet";
import { TriggerRegistry, type LateOneShots, type TriggerRecord } from "./triggers";
import { createUi, type UiHandle } from "../documents/ui";
import { isKnownTimeZone } from "./zoned-time";
import { timeDrivenEvent } from "./time-driven-event";
import type { DirectoryPerson } from "../services/people";
import type { DriveFileFixture } from "../services/drive";

export interface LoadProjectOptions {
  /** The script, e.g. dist/Code.js: top-level function declarations are what can be run. */
  readonly code: string;
  readonly manifest: AppsScriptManifest;
  readonly clock: VirtualClock;
  /** Where requests for https://chat.googleapis.com/ go. */
  readonly chat: ChatTransport;
  /** Makes the script bound to this spreadsheet (SpreadsheetApp, document properties/cache/lock). */
  readonly spreadsheet?: SpreadsheetFixture;
  /**
   * A form (FormApp). Without a spreadsheet the script is bound to the form; with one, the script
   * is bound to the spreadsheet and the form may send its responses there (fixture.linkedSheet).
   */
  readonly form?: FormFixture;
  /** Math.random and Utilities.getUuid in the script; pass one for reproducible runs. */
  readonly random?: () => number;
  /** The account the project runs as. */
  readonly user?: string;
  readonly scriptId?: string;
  /** Real (not virtual) time after which a runaway script is stopped. */
  readonly realTimeoutMs?: number;
  /** The Workspace directory that the People advanced service searches. */
  readonly directory?: readonly DirectoryPerson[];
  /** Files in the user's Drive (form uploads), for DriveApp.getFileById. */
  readonly driveFiles?: readonly DriveFileFixture[];
  /** Session.getActiveUserLocale (the user's Google account language); default "en". */
  readonly userLocale?: string;
  /** What service calls cost in virtual time (default "zero": calls are free). */
  readonly latency?: LatencyOptions | LatencyProfileName;
  /** Whose daily quotas apply (default "consumer"). */
  readonly account?: AccountKind;
  /** How late after()/at() triggers fire (default false: exactly on time). */
  readonly lateOneShots?: LateOneShots | false;
}

export interface RunOptions {
  /** How the execution started; "editor" when a person runs it from the Apps Script editor. */
  readonly kind?: ExecutionKind;
  /** The account that runs it (default the project's user): a second editor, say. */
  readonly as?: string;
}

export interface InterleavePlan {
  /** A counted call name, e.g. "UrlFetchApp.fetchAll" or "Lock.tryLock". */
  readonly at: string;
  /** Which such call of the execution (1 = the first). */
  readonly nth?: number;
  /** Runs while that execution is blocked in the call, usually `project.run(...)`. */
  readonly run: () => void;
}

/** A trigger as the Apps Script triggers page would list it, plus when it fires next. */
export type TriggerInfo = Readonly<TriggerRecord>;

const DEFAULT_USER = "owner@example.com";
const DEFAULT_SCRIPT_ID = "1EmulatedScriptId".padEnd(57, "0");
const DEFAULT_REAL_TIMEOUT_MS = 30_000;
const ONE_WEEK_MS = 7 * 24 * 60 * 60 * 1000;

// Calls the function by name inside the realm, so that the real-time guard covers it.
const INVOKE = new vm.Script(
  `(function () {
    const entry = globalThis.__emulatorEntry__;
    delete globalThis.__emulatorEntry__;
    const fn = globalThis[entry.name];
    return entry.withEvent ? fn(entry.event) : fn();
  })()`,
  { filename: "emulator:invoke" },
);

export class EmulatedProject {
  readonly clock: VirtualClock;
  /** The script's time zone (appsscript.json); setTimeZone changes it as Project Settings does. */
  private zone: string;
  readonly user: string;
  readonly scriptProperties = new PropertyStore();
  private readonly userStores = new Map<string, PropertyStore>();
  /** Null unless the project is bound to a document (a spreadsheet or form fixture was given). */
  readonly documentProperties: PropertyStore | null;
  /** Every execution so far, oldest first, including those started by triggers. */
  readonly executions: ExecutionResult[] = [];
  /** Service calls of all executions since the last resetCalls(), by name. */
  readonly calls: Record<string, number> = {};
  /** The host's hand on the bound spreadsheet, when there is one. */
  readonly spreadsheet: SpreadsheetHandle | undefined;
  /** The host's hand on the form, when there is one: submit() as a respondent. */
  readonly form: FormHandle | undefined;
  /** Menus, alerts and prompts shown by the script, and answers for its next prompts. */
  readonly ui: UiHandle;

  private readonly script: vm.Script;
  private readonly manifest: AppsScriptManifest;
  private readonly chat: ChatTransport;
  private readonly random: (() => number) | undefined;
  private readonly scriptId: string;
  private readonly realTimeoutMs: number;
  private readonly executionScope: ExecutionScope;
  /** Daily quotas of each user; `quotaStatus()` reads them. */
  readonly quotas: DailyQuotas;
  /** The latency profile service calls are costed by. */
  readonly costs: CallCosts;
  private readonly caches: { script: CacheStore; user: CacheStore; document: CacheStore | null };
  private readonly locks = new LockTable();
  private readonly registry: TriggerRegistry;
  private readonly running: Execution[] = [];
  private readonly interleaves: InterleavePlan[] = [];
  private readonly kills: { at: string; nth: number }[] = [];
  private readonly documents: { SpreadsheetApp?: unknown; FormApp?: unknown } = {};
  /** What the services of every execution read (services/index.ts). */
  private readonly state: ProjectState;
  private readonly directory: readonly DirectoryPerson[];
  private readonly driveFiles: readonly DriveFileFixture[];
  private readonly userLocale: string;
  private executionSequence = 0;
  private callbackFailure: unknown;

  constructor(options: LoadProjectOptions) {
    this.clock = options.clock;
    this.manifest = options.manifest;
    this.directory = options.directory ?? [];
    this.driveFiles = options.driveFiles ?? [];
    this.userLocale = options.userLocale ?? "en";
    this.chat = options.chat;
    this.random = options.random;
    this.zone = options.manifest.timeZone ?? DEFAULT_TIME_ZONE;
    this.user = options.user ?? DEFAULT_USER;
    this.scriptId = options.scriptId ?? DEFAULT_SCRIPT_ID;
    this.realTimeoutMs = options.realTimeoutMs ?? DEFAULT_REAL_TIMEOUT_MS;
    this.costs = new CallCosts(options.latency ?? "zero");
    this.registry = new TriggerRegistry(options.lateOneShots ?? false);
    this.quotas = new DailyQuotas(options.account ?? "consumer", this.clock);
    this.executionScope = {
      clock: this.clock,
      costs: this.costs,
      quotas: this.quotas,
      beforeCall: (running, name, nth) => this.beforeCall(running, name, nth),
      countInProject: (name) => {
        this.calls[name] = (this.calls[name] ?? 0) + 1;
      },
    };
    try {
      this.script = new vm.Script(options.code, { filename: "Code.js" });
    } catch (error) {
      throw new Error(
        `The script does not compile, so Apps Script would not save it: ${(error as Error).message}`,
      );
    }
    const bound = options.spreadsheet !== undefined || options.form !== undefined;
    this.documentProperties = bound ? new PropertyStore() : null;
    this.caches = {
      script: new CacheStore(this.clock),
      user: new CacheStore(this.clock),
      document: bound ? new CacheStore(this.clock) : null,
    };
    this.ui = createUi(this.host);
    if (options.spreadsheet) {
      const sheets = createSpreadsheetApp(options.spreadsheet, this.host, this.ui);
      this.spreadsheet = sheets.spreadsheet;
      this.documents.SpreadsheetApp = sheets.service;
    }
    if (options.form) {
      const forms = createFormApp(options.form, this.host, this.spreadsheet, {
        ui: this.ui,
        boundToForm: options.spreadsheet === undefined,
      });
      this.form = forms.form;
      this.documents.FormApp = forms.service;
    }
    const project = this;
    this.state = {
      clock: this.clock,
      get timeZone() {
        return project.timeZone;
      },
      scriptId: this.scriptId,
      manifest: this.manifest,
      chat: this.chat,
      random: this.random,
      scriptProperties: this.scriptProperties,
      userPropertiesOf: (user) => this.userPropertiesOf(user),
      documentProperties: this.documentProperties,
      caches: this.caches,
      locks: this.locks,
      triggers: this.registry,
      directory: this.directory,
      driveFiles: this.driveFiles,
      userLocale: this.userLocale,
      documents: this.documents,
    };
  }

  /** What the document services (SpreadsheetApp, FormApp, Ui) use of the runtime. */
  get host(): HostServices {
    return {
      count: (name) => this.current()?.count(name),
      fire: (source, eventType, makeEvent) =>
        this.fireDocumentTriggers(source, eventType, makeEvent),
      clock: this.clock,
      timeZone: this.timeZone,
      user: this.user,
      inExecution: () => this.running.length > 0,
    };
  }

  get timeZone(): string {
    return this.zone;
  }

  /**
   * Changes the script's time zone, as a person does in Project Settings. Existing clock triggers
   * keep the zone they were made in; new ones and Session.getScriptTimeZone() use this one.
   */
  setTimeZone(timeZone: string): void {
    if (!isKnownTimeZone(timeZone))
      throw new Error(`unknown time zone ${JSON.stringify(timeZone)}`);
    this.zone = timeZone;
  }

  /** The project user's own User Properties. */
  get userProperties(): PropertyStore {
    return this.userPropertiesOf(this.user);
  }

  /** Each user has their own User Properties in a project. */
  userPropertiesOf(user: string): PropertyStore {
    let store = this.userStores.get(user);
    if (!store) this.userStores.set(user, (store = new PropertyStore()));
    return store;
  }

  /** Installable triggers of every user, in creation order (each with its owner). */
  get triggers(): readonly TriggerInfo[] {
    return this.registry.list().map((record) => ({ ...record }));
  }

  /**
   * Runs a top-level function by name as Apps Script would: a fresh realm, the whole script
   * evaluated, then the function called with `event` if one is given. Never throws for what the
   * script does: a failed execution is a result with `error`, as on the executions page.
   */
  run(functionName: string, event?: unknown, options: RunOptions = {}): ExecutionResult {
    const kind = options.kind ?? "editor";
    const user = options.as ?? this.user;
    const execution = new Execution(
      ++this.executionSequence,
      functionName,
      kind,
      user,
      this.executionScope,
    );
    this.running.push(execution);
    let outcome: { value?: unknown; error?: { message: string; stack?: string } };
    const refusal = kind === "trigger" ? this.quotas.triggerRefusal(user) : undefined;
    try {
      if (refusal !== undefined) throw new Error(refusal);
      const realm = createRealm(servicesFor(this.state, execution), {
        now: () => this.clock.now(),
        random: this.random,
      });
      execution.useRealm(realm);
      this.script.runInContext(realm.context, { timeout: this.realTimeoutMs });
      if (typeof realm.context[functionName] !== "function") {
        outcome = { error: { message: `Script function not found: ${functionName}` } };
      } else {
        realm.context.__emulatorEntry__ = {
          name: functionName,
          event,
          withEvent: event !== undefined,
        };
        const value: unknown = INVOKE.runInContext(realm.context, { timeout: this.realTimeoutMs });
        outcome = { value: plainData(value) };
      }
    } catch (error) {
      outcome = { error: this.describe(error) };
    } finally {
      this.running.pop();
      this.locks.releaseAll(execution.id);
    }
    const result = execution.finish(outcome);
    if (kind === "trigger") this.quotas.addTriggerRuntime(user, result.endedAt - result.startedAt);
    this.executions.push(result);
    if (this.running.length === 0 && this.callbackFailure !== undefined) {
      const failure = this.callbackFailure;
      this.callbackFailure = undefined;
      throw failure;
    }
    return result;
  }

  /**
   * Runs `plan.run` just before the nth call named `plan.at` of an execution proceeds, to model
   * another execution overlapping it. Applies once, to the first execution that reaches that call.
   */
  interleave(plan: InterleavePlan): void {
    this.interleaves.push(plan);
  }

  /** Makes the nth call named `callName` of an execution throw "Exceeded maximum execution time". */
  killAt(callName: string, nth = 1): void {
    this.kills.push({ at: callName, nth });
  }

  /** Each daily quota of `user` (default the owner): used, limit, share, when it resets. */
  quotaStatus(user: string = this.user): QuotaStatus[] {
    return this.quotas.status(user);
  }

  resetCalls(): void {
    for (const name of Object.keys(this.calls)) delete this.calls[name];
  }

  /** Entries vanish before their time, as CacheService allows; with no keys, every cache empties. */
  evictCache(keys?: readonly string[]): void {
    this.caches.script.evict(keys);
    this.caches.user.evict(keys);
    this.caches.document?.evict(keys);
  }

  /** Moves virtual time forward by `ms`, running the time-driven triggers that come due. */
  advance(ms: number): ExecutionResult[] {
    return this.advanceTo(this.clock.now() + ms);
  }

  /** Moves virtual time to `time`, running due time-driven triggers in time order. */
  advanceTo(time: number): ExecutionResult[] {
    this.refuseInsideExecution("advanceTo");
    if (time < this.clock.now()) {
      throw new Error(
        `advanceTo(${new Date(time).toISOString()}) is in the past: virtual time only moves forward`,
      );
    }
    const results: ExecutionResult[] = [];
    for (let due = this.registry.nextDue(time); due; due = this.registry.nextDue(time)) {
      results.push(this.fireTimeDriven(due));
    }
    if (this.clock.now() < time) this.clock.advanceTo(time);
    return results;
  }

  /**
   * Runs triggers in time order until no one-shot trigger (after/at) is pending, or `maxMs` of
   * virtual time has passed (default a week). Recurring triggers due meanwhile run too. The clock
   * stays at the last firing.
   */
  runUntilIdle(options: { maxMs?: number } = {}): ExecutionResult[] {
    this.refuseInsideExecution("runUntilIdle");
    const limit = this.clock.now() + (options.maxMs ?? ONE_WEEK_MS);
    const results: ExecutionResult[] = [];
    while (this.registry.pendingOneShots().length > 0) {
      const due = this.registry.nextDue(limit);
      if (!due) break;
      results.push(this.fireTimeDriven(due));
    }
    return results;
  }

  private fireTimeDriven(record: TriggerRecord): ExecutionResult {
    const at = record.nextAt as number;
    if (this.clock.now() < at) this.clock.advanceTo(at);
    const event = timeDrivenEvent(this.clock.now(), record.uid);
    const result = this.run(record.handler, event, { kind: "trigger", as: record.owner });
    this.registry.markFired(record, this.clock.now());
    return result;
  }

  private fireDocumentTriggers(
    source: { kind: TriggerSourceKind; id: string },
    eventType: FiredEventType,
    makeEvent: (triggerUid: string) => object,
  ): ExecutionResult[] {
    // Changes made by scripts fire no trigger.
    if (this.running.length > 0) return [];
    return this.registry.matching(source, eventType).map((record) => {
      record.firings += 1;
      return this.run(record.handler, makeEvent(record.uid), {
        kind: "trigger",
        as: record.owner,
      });
    });
  }

  private current(): Execution | undefined {
    return this.running[this.running.length - 1];
  }

  private beforeCall(execution: Execution, name: string, nth: number): void {
    const plan = this.interleaves.findIndex((p) => p.at === name && (p.nth ?? 1) === nth);
    if (plan !== -1) {
      const [{ run }] = this.interleaves.splice(plan, 1) as [InterleavePlan];
      try {
        run();
      } catch (error) {
        // A failing callback (often a test's expect) must reach the test, not the script.
        this.callbackFailure ??= error;
      }
    }
    const kill = this.kills.findIndex((k) => k.at === name && k.nth === nth);
    if (kill !== -1) {
      this.kills.splice(kill, 1);
      execution.terminate();
    }
  }

  private describe(error: unknown): { message: string; stack?: string } {
    if ((error as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      return {
        message: `The script ran for more than ${this.realTimeoutMs} ms of real time without a service call ending it (an endless loop?): the emulator stopped it`,
      };
    }
    if (typeof error === "object" && error !== null && "message" in error) {
      const { message, stack } = error as { message: unknown; stack?: unknown };
      return { message: String(message), ...(typeof stack === "string" ? { stack } : {}) };
    }
    return { message: String(error) };
  }

  private refuseInsideExecution(method: string): void {
    if (this.running.length > 0) {
      throw new Error(
        `${method} was called during an execution: move virtual time between executions, not inside one`,
      );
    }
  }
}

/** Copies a value out of the script's realm as plain data, as a JSON round trip does. */
function plainData(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : JSON.parse(json);
  } catch {
    return String(value);
  }
}

export function loadProject(options: LoadProjectOptions): EmulatedProject {
  return new EmulatedProject(options);
}

/** Loads a built project: `dir/Code.js` and `dir/appsscript.json`, as clasp pushes them. */
export function loadProjectFromDist(
  dir: string,
  options: Omit<LoadProjectOptions, "code" | "manifest"> & {
    /** More script files of the project (the user's own code), sharing the global scope. */
    readonly extraFiles?: readonly string[];
  },
): EmulatedProject {
  const read = (name: string): string => {
    try {
      return readFileSync(join(dir, name), "utf8");
    } catch (error) {
      throw new Error(
        `cannot read ${join(dir, name)} (${(error as Error).message}): run \`npm run build\` first`,
      );
    }
  };
  const { extraFiles = [], ...rest } = options;
  return loadProject({
    ...rest,
    // Apps Script runs a project's files in one global scope, in order.
    code: [read("Code.js"), ...extraFiles].join("\n"),
    manifest: parseManifest(read("appsscript.json"), join(dir, "appsscript.json")),
  });
}
