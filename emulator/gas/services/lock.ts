// LockService. Executions here are synchronous, so a lock can only be contended by an execution
// nested inside another one's blocking call (see EmulatedProject.interleave). The outer holder
// cannot progress while the inner one waits, so a contended wait always lasts its full timeout.

import { counted } from "../runtime/counted";
import type { Execution } from "../runtime/execution";

export const LOCK_TIMEOUT_MESSAGE =
  "Lock timeout: another process was holding the lock for too long.";

/** Which execution holds which lock; kept by the project across executions. */
export class LockTable {
  private readonly holders = new Map<string, number>();

  holder(lock: string): number | undefined {
    return this.holders.get(lock);
  }

  acquire(lock: string, executionId: number): boolean {
    const holder = this.holders.get(lock);
    if (holder !== undefined && holder !== executionId) return false;
    this.holders.set(lock, executionId);
    return true;
  }

  release(lock: string, executionId: number): void {
    if (this.holders.get(lock) === executionId) this.holders.delete(lock);
  }

  /** Apps Script releases an execution's locks when it ends. */
  releaseAll(executionId: number): void {
    for (const [lock, holder] of this.holders)
      if (holder === executionId) this.holders.delete(lock);
  }
}

export function createLockService(
  execution: Execution,
  table: LockTable,
  scope: { hasDocument: boolean; user: string },
) {
  const count = (name: string) => execution.count(name);
  const lock = (name: string) =>
    counted(count, "Lock", {
      tryLock(timeoutInMillis: number) {
        if (table.acquire(name, execution.id)) return true;
        execution.spend(Math.max(0, Number(timeoutInMillis) || 0));
        return false;
      },
      waitLock(timeoutInMillis: number) {
        if (table.acquire(name, execution.id)) return;
        execution.spend(Math.max(0, Number(timeoutInMillis) || 0));
        execution.fail(LOCK_TIMEOUT_MESSAGE);
      },
      hasLock() {
        return table.holder(name) === execution.id;
      },
      releaseLock() {
        table.release(name, execution.id);
      },
    });
  return counted(count, "LockService", {
    getScriptLock: () => lock("script"),
    getUserLock: () => lock(`user:${scope.user}`),
    // Apps Script returns null outside a script bound to a document.
    getDocumentLock: () => (scope.hasDocument ? lock("document") : null),
  });
}
