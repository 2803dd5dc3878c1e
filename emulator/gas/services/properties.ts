// PropertiesService: three key-value stores that persist across executions, with Apps Script's
// limits (9 KB per value, 500 KB per store) and error texts.

import { counted } from "../runtime/counted";
import type { CountCall } from "../runtime/host";

export const PROPERTY_VALUE_LIMIT_BYTES = 9 * 1024;
export const PROPERTY_STORE_LIMIT_BYTES = 500 * 1024;

export const PROPERTY_VALUE_TOO_LARGE = "Argument too large: value";
export const PROPERTY_STORE_FULL =
  "You have exceeded the property storage quota. Please remove some properties and try again.";

const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** One store's state, kept by the project. Host-side reads and writes here are not counted. */
export class PropertyStore {
  private readonly entries = new Map<string, string>();

  get(key: string): string | null {
    return this.entries.get(key) ?? null;
  }

  /** Seeds a value from the host, with the same limits the script meets. */
  set(key: string, value: string): void {
    const problem = this.replace(new Map([...this.entries, [key, value]]));
    if (problem) throw new Error(`cannot seed property ${key}: ${problem}`);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.entries);
  }

  /** Bytes used, counted as the UTF-8 length of every key and value. */
  size(): number {
    let total = 0;
    for (const [key, value] of this.entries) total += utf8Bytes(key) + utf8Bytes(value);
    return total;
  }

  /** Replaces the whole content if it fits, else leaves the store unchanged and says why. */
  replace(next: Map<string, string>): string | undefined {
    let total = 0;
    for (const [key, value] of next) {
      if (utf8Bytes(value) > PROPERTY_VALUE_LIMIT_BYTES) return PROPERTY_VALUE_TOO_LARGE;
      total += utf8Bytes(key) + utf8Bytes(value);
    }
    if (total > PROPERTY_STORE_LIMIT_BYTES) return PROPERTY_STORE_FULL;
    this.entries.clear();
    for (const [key, value] of next) this.entries.set(key, value);
    return undefined;
  }

  snapshot(): Map<string, string> {
    return new Map(this.entries);
  }
}

export interface PropertyStores {
  readonly script: PropertyStore;
  readonly user: PropertyStore;
  /** Only a script bound to a document has document properties. */
  readonly document: PropertyStore | null;
}

export function createPropertiesService(
  count: CountCall,
  fail: (message: string) => never,
  stores: PropertyStores,
) {
  const properties = (store: PropertyStore) => {
    const commit = (next: Map<string, string>): void => {
      const problem = store.replace(next);
      if (problem) fail(problem);
    };
    let self: object = {};
    self = counted(count, "Properties", {
      getProperty(key: string) {
        return store.get(String(key));
      },
      getProperties() {
        return store.toObject();
      },
      getKeys() {
        return store.keys();
      },
      setProperty(key: string, value: string) {
        commit(new Map([...store.snapshot(), [String(key), String(value)]]));
        return self;
      },
      setProperties(values: Record<string, string>, deleteAllOthers?: boolean) {
        const next = deleteAllOthers ? new Map<string, string>() : store.snapshot();
        for (const [key, value] of Object.entries(values)) next.set(key, String(value));
        commit(next);
        return self;
      },
      deleteProperty(key: string) {
        store.delete(String(key));
        return self;
      },
      deleteAllProperties() {
        commit(new Map());
        return self;
      },
    });
    return self;
  };
  return counted(count, "PropertiesService", {
    getScriptProperties: () => properties(stores.script),
    getUserProperties: () => properties(stores.user),
    getDocumentProperties: () => (stores.document ? properties(stores.document) : null),
  });
}
