// Script Properties and the script lock, as the core's ports.
import { LockTimeoutError, type KeyValueStore, type ScriptLock, type TriggerPort } from "../ports";

export function scriptPropertyStore(): KeyValueStore {
  const properties = PropertiesService.getScriptProperties();
  return {
    get: (key) => properties.getProperty(key),
    getAll: () => properties.getProperties(),
    setMany: (values) => {
      properties.setProperties({ ...values });
    },
    delete: (keys) => {
      for (const key of keys) properties.deleteProperty(key);
    },
  };
}

export function scriptLock(): ScriptLock {
  let lock: GoogleAppsScript.Lock.Lock | undefined;
  return {
    withLock(timeoutMs, action) {
      lock ??= LockService.getScriptLock();
      // The caller's own code may hold the script lock already: use it, and leave it held.
      if (lock.hasLock()) return action();
      if (!lock.tryLock(timeoutMs)) {
        throw new LockTimeoutError(
          `Another execution of this project held the script lock for over ${Math.round(timeoutMs / 1000)} s, ` +
            `so the Chat outbox could not be used and nothing was changed: try again in a minute`,
        );
      }
      try {
        return action();
      } finally {
        lock.releaseLock();
      }
    },
  };
}
