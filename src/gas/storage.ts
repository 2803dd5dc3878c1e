// Script Properties and the script lock, as the core's ports.
import { DEFAULT_WEBHOOK_PROPERTY } from "../chat/webhook-property";
import { LockTimeoutError, type KeyValueStore, type ScriptLock } from "../ports";

export function scriptPropertyStore(): KeyValueStore {
  const properties = PropertiesService.getScriptProperties();
  // Webhook URLs are read once per execution (a loop of notify() calls pays for one read), and
  // forgotten when this execution writes or deletes them.
  const webhooks = new Map<string, string | null>();
  const isWebhook = (key: string) => key.startsWith(DEFAULT_WEBHOOK_PROPERTY);
  return {
    get: (key) => {
      if (!isWebhook(key)) return properties.getProperty(key);
      if (!webhooks.has(key)) webhooks.set(key, properties.getProperty(key));
      return webhooks.get(key)!;
    },
    getAll: () => {
      webhooks.clear();
      return properties.getProperties();
    },
    setMany: (values) => {
      for (const key of Object.keys(values)) webhooks.delete(key);
      properties.setProperties({ ...values });
    },
    delete: (keys) => {
      for (const key of keys) {
        webhooks.delete(key);
        properties.deleteProperty(key);
      }
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
