// One execution of the script: its call counts, its log, its 6-minute budget in virtual time, and
// the way services throw errors the script can catch (created in the script's own realm).

import type { VirtualClock } from "../../clock";
import type { CountedCall, ExecutionKind, ExecutionResult, LogLine } from "./host";
import { bytesCarried, type CallCosts } from "./latency";
import type { Realm } from "./realm";
import { quotaOfCall, type DailyQuotas, type QuotaName } from "./quotas";

/** Apps Script's limit for one execution (simple triggers have 30 s; the emulator runs none). */
export const EXECUTION_BUDGET_MS = 6 * 60 * 1000;

export const TIME_LIMIT_MESSAGE = "Exceeded maximum execution time";

/** What the project does around each counted call: interleaved executions and planned kills. */
export type BeforeCall = (execution: Execution, name: string, nth: number) => void;

/** What an execution needs of its project. */
export interface ExecutionScope {
  readonly clock: VirtualClock;
  readonly costs: CallCosts;
  readonly quotas: DailyQuotas;
  readonly beforeCall: BeforeCall;
  readonly countInProject: (name: string) => void;
}

// Before the realm exists (a refused trigger) errors stay the host's.
const HOST_REALM: Pick<Realm, "exception" | "adopt"> = {
  exception: (message) => new Error(message),
  adopt: (error) => error,
};

export class Execution {
  readonly calls: Record<string, number> = {};
  readonly logs: LogLine[] = [];
  readonly startedAt: number;
  readonly deadline: number;
  private readonly clock: VirtualClock;
  /** Set once the time limit hit: Apps Script ends the execution, whatever the script catches. */
  private terminated = false;
  private realm: Pick<Realm, "exception" | "adopt"> = HOST_REALM;

  constructor(
    readonly id: number,
    readonly functionName: string,
    readonly kind: ExecutionKind,
    /** The effective user: the trigger's owner, or the person who ran it. */
    readonly user: string,
    private readonly scope: ExecutionScope,
  ) {
    this.clock = scope.clock;
    this.startedAt = this.clock.now();
    this.deadline = this.startedAt + EXECUTION_BUDGET_MS;
  }

  get timedOut(): boolean {
    return this.terminated;
  }

  /** Errors must come from the script's realm so that `e instanceof Error` holds inside it. */
  useRealm(realm: Pick<Realm, "exception" | "adopt">): void {
    this.realm = realm;
  }

  /**
   * Counts a service call, lets the project interleave or kill, uses its daily quota, then spends
   * its cost (the time budget is checked there). The returned call pays the part of the cost that
   * grows with the bytes the call carried, once it returns, and brings its errors into the realm.
   */
  count(name: string): CountedCall {
    if (this.terminated) throw this.exception(TIME_LIMIT_MESSAGE);
    const nth = (this.calls[name] ?? 0) + 1;
    this.calls[name] = nth;
    this.scope.countInProject(name);
    this.scope.beforeCall(this, name, nth);
    if (this.clock.now() >= this.deadline) this.terminate();
    const quota = quotaOfCall(name);
    if (quota !== undefined) this.useQuota(quota);
    this.spend(this.scope.costs.base(name));
    return {
      settle: (carried) => {
        if (this.scope.costs.growsWithBytes(name)) {
          this.spend(this.scope.costs.forBytes(name, bytesCarried(carried())));
        }
      },
      inScriptRealm: (error) => (error instanceof Error ? this.realm.adopt(error) : error),
    };
  }

  /** Uses a daily quota of the effective user; past it the call fails with Apps Script's text. */
  useQuota(quota: QuotaName, amount = 1): void {
    const refusal = this.scope.quotas.use(this.user, quota, amount);
    if (refusal !== undefined) this.fail(refusal);
  }

  /** How long Chat's answer takes under the project's latency jitter. */
  chatAnswerTime(ms: number): number {
    return this.scope.costs.chatAnswer(ms);
  }

  /** Lets virtual time pass inside the execution (sleep, a request, a lock wait). */
  spend(ms: number): void {
    if (this.terminated) throw this.exception(TIME_LIMIT_MESSAGE);
    if (ms === 0) return;
    if (this.clock.now() + ms > this.deadline) {
      this.clock.advanceTo(Math.max(this.clock.now(), this.deadline));
      this.terminate();
    }
    this.clock.advance(ms);
  }

  /** The time limit hits now: this call and every later one throw, and the execution fails. */
  terminate(): never {
    this.terminated = true;
    throw this.exception(TIME_LIMIT_MESSAGE);
  }

  /** An error as Apps Script services throw it (name "Exception"). */
  exception(message: string): Error {
    return this.realm.exception(message);
  }

  fail(message: string): never {
    throw this.exception(message);
  }

  log(line: LogLine): void {
    this.logs.push(line);
  }

  finish(outcome: {
    value?: unknown;
    error?: { message: string; stack?: string };
  }): ExecutionResult {
    const error = this.terminated
      ? {
          message: TIME_LIMIT_MESSAGE,
          ...(outcome.error?.stack ? { stack: outcome.error.stack } : {}),
        }
      : outcome.error;
    return {
      functionName: this.functionName,
      kind: this.kind,
      ...(error === undefined ? { value: outcome.value } : { error }),
      logs: [...this.logs],
      calls: { ...this.calls },
      startedAt: this.startedAt,
      endedAt: this.clock.now(),
    };
  }
}
