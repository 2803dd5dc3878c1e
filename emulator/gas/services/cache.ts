// CacheService: stores whose entries expire in virtual time and may vanish early (the host calls
// evict() to show the script that a cache is only a cache).

import type { VirtualClock } from "../../clock";
import { counted } from "../runtime/counted";
import type { CountCall } from "../runtime/host";

export const CACHE_VALUE_LIMIT_BYTES = 100 * 1024;
export const CACHE_KEY_LIMIT_CHARS = 250;
export const CACHE_DEFAULT_TTL_SECONDS = 600;
export const CACHE_MAX_TTL_SECONDS = 21600;

interface CacheEntry {
  readonly value: string;
  readonly expiresAt: number;
}

export class CacheStore {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly clock: VirtualClock) {}

  get(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  put(key: string, value: string, ttlSeconds: number): void {
    this.entries.set(key, { value, expiresAt: this.clock.now() + ttlSeconds * 1000 });
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  /** Drops entries before their time, as Apps Script may; with no keys, drops everything. */
  evict(keys?: readonly string[]): void {
    if (keys === undefined) this.entries.clear();
    else for (const key of keys) this.entries.delete(key);
  }
}

export interface CacheStores {
  readonly script: CacheStore;
  readonly user: CacheStore;
  readonly document: CacheStore | null;
}

export function createCacheService(
  count: CountCall,
  fail: (message: string) => never,
  stores: CacheStores,
) {
  const checkKey = (key: unknown): string => {
    const text = String(key);
    if (text.length > CACHE_KEY_LIMIT_CHARS) fail("Argument too large: key");
    return text;
  };
  const checkValue = (value: unknown): string => {
    const text = String(value);
    if (Buffer.byteLength(text, "utf8") > CACHE_VALUE_LIMIT_BYTES)
      fail("Argument too large: value");
    return text;
  };
  // Apps Script caps the lifetime at 6 hours; longer requests get the cap.
  const ttl = (seconds: number | undefined): number =>
    Math.min(
      seconds === undefined ? CACHE_DEFAULT_TTL_SECONDS : Number(seconds),
      CACHE_MAX_TTL_SECONDS,
    );

  const cache = (store: CacheStore) =>
    counted(count, "Cache", {
      get(key: string) {
        return store.get(checkKey(key));
      },
      getAll(keys: string[]) {
        const found: Record<string, string> = {};
        for (const key of keys) {
          const value = store.get(checkKey(key));
          if (value !== null) found[String(key)] = value;
        }
        return found;
      },
      put(key: string, value: string, expirationInSeconds?: number) {
        store.put(checkKey(key), checkValue(value), ttl(expirationInSeconds));
      },
      putAll(values: Record<string, string>, expirationInSeconds?: number) {
        const checked = Object.entries(values).map(
          ([key, value]) => [checkKey(key), checkValue(value)] as const,
        );
        for (const [key, value] of checked) store.put(key, value, ttl(expirationInSeconds));
      },
      remove(key: string) {
        store.remove(checkKey(key));
      },
      removeAll(keys: string[]) {
        for (const key of keys) store.remove(checkKey(key));
      },
    });

  return counted(count, "CacheService", {
    getScriptCache: () => cache(stores.script),
    getUserCache: () => cache(stores.user),
    getDocumentCache: () => (stores.document ? cache(stores.document) : null),
  });
}
