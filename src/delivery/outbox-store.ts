// The outbox as one consistent view of Script Properties, read in one call and written back in one
// call (plus one delete per removed key), always under the script lock.
import type { KeyValueStore, PropertyReader, ScriptLock } from "../ports";
import { chunkKeys, decodeChunked, encodeChunked, storedBytes } from "./chunked-json";
import { EMPTY_STATE, type DeadLetter, type OutboxEntry, type OutboxState } from "./outbox-types";

const STATE_KEY = "chat.outbox.state";
const ENTRY_PREFIX = "chat.outbox.entry.";
const DEAD_PREFIX = "chat.outbox.dead.";

/** Apps Script allows 500 KB per property store; the outbox stops accepting before that. */
export const STORE_LIMIT_BYTES = 500 * 1024;
/** Room kept free for webhook URLs, the outbox's own state and the user's properties. */
export const STORE_RESERVE_BYTES = 40 * 1024;
/** How long an execution may wait for another to finish with the outbox. */
export const LOCK_TIMEOUT_MS = 30_000;

export class OutboxFullError extends Error {
  override name = "OutboxFullError";
}

function isPieceKey(key: string): boolean {
  return key.includes("#");
}

/** A snapshot of the outbox with staged changes; `commit` writes only what changed. */
export class OutboxView {
  state: OutboxState;
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly dead = new Map<string, DeadLetter>();
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();
  private stateChanged = false;
  private readonly raw: Record<string, string> = {};
  /** Outbox keys whose value cannot be read (a missing piece, broken JSON): shown by the status. */
  readonly unreadable: string[] = [];

  constructor(readonly properties: Readonly<Record<string, string>>) {
    this.state = { ...EMPTY_STATE, ...decodeChunked<OutboxState>(properties, STATE_KEY) };
    for (const key of Object.keys(properties)) {
      if (isPieceKey(key)) continue;
      if (key.startsWith(ENTRY_PREFIX)) {
        const entry = decodeChunked<OutboxEntry>(properties, key);
        if (entry) this.entries.set(entry.id, entry);
        else this.unreadable.push(key);
      } else if (key.startsWith(DEAD_PREFIX)) {
        const letter = decodeChunked<DeadLetter>(properties, key);
        if (letter) this.dead.set(letter.entry.id, letter);
        else this.unreadable.push(key);
      }
    }
  }

  /** The Script Properties as read, for webhook URLs (read at send time, never copied). */
  readonly scriptProperties: PropertyReader = {
    get: (name) => this.properties[name] ?? null,
  };

  /** Waiting entries in acceptance order. */
  queued(): OutboxEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  entry(id: string): OutboxEntry | undefined {
    return this.entries.get(id);
  }

  deadLetters(): DeadLetter[] {
    return [...this.dead.values()].sort((a, b) => (a.entry.id < b.entry.id ? -1 : 1));
  }

  setState(state: OutboxState): void {
    this.state = state;
    this.stateChanged = true;
  }

  putEntry(entry: OutboxEntry): void {
    this.entries.set(entry.id, entry);
    this.changed.add(ENTRY_PREFIX + entry.id);
    this.removed.delete(ENTRY_PREFIX + entry.id);
  }

  removeEntry(id: string): void {
    this.entries.delete(id);
    this.changed.delete(ENTRY_PREFIX + id);
    this.removed.add(ENTRY_PREFIX + id);
  }

  putDeadLetter(letter: DeadLetter): void {
    this.removeEntry(letter.entry.id);
    this.dead.set(letter.entry.id, letter);
    this.changed.add(DEAD_PREFIX + letter.entry.id);
    this.removed.delete(DEAD_PREFIX + letter.entry.id);
  }

  removeDeadLetter(id: string): void {
    this.dead.delete(id);
    this.changed.delete(DEAD_PREFIX + id);
    this.removed.add(DEAD_PREFIX + id);
  }

  /** A property outside the outbox, written with its changes (e.g. a digest's cursor). */
  putRaw(key: string, value: string): void {
    this.raw[key] = value;
  }

  /** The properties to write and the keys to delete to store the staged changes. */
  changes(): { write: Record<string, string>; remove: string[] } {
    const write: Record<string, string> = { ...this.raw };
    if (this.stateChanged) Object.assign(write, encodeChunked(STATE_KEY, this.state));
    for (const key of this.changed) {
      const id = key.slice(key.startsWith(ENTRY_PREFIX) ? ENTRY_PREFIX.length : DEAD_PREFIX.length);
      const value = key.startsWith(ENTRY_PREFIX) ? this.entries.get(id) : this.dead.get(id);
      Object.assign(write, encodeChunked(key, value));
    }
    // Pieces a value no longer needs, and every piece of a removed value.
    const stale = new Set<string>();
    for (const key of [...this.changed, ...(this.stateChanged ? [STATE_KEY] : [])]) {
      for (const piece of chunkKeys(this.properties, key)) if (!(piece in write)) stale.add(piece);
    }
    for (const key of this.removed) {
      for (const piece of chunkKeys(this.properties, key)) stale.add(piece);
    }
    return { write, remove: [...stale] };
  }

  /** Bytes the store would hold after the staged changes. */
  bytesAfterCommit(): number {
    const { write, remove } = this.changes();
    const after: Record<string, string> = { ...this.properties, ...write };
    for (const key of remove) delete after[key];
    return storedBytes(after);
  }
}

export function entryId(seq: number): string {
  return `e${String(seq).padStart(9, "0")}`;
}

/**
 * Runs `action` on a fresh view of the outbox under the script lock, then stores what it changed.
 * Nothing is written when `action` throws.
 */
export function withOutbox<T>(
  store: KeyValueStore,
  lock: ScriptLock,
  action: (view: OutboxView) => T,
): T {
  return lock.withLock(LOCK_TIMEOUT_MS, () => {
    const view = new OutboxView(store.getAll());
    const result = action(view);
    const { write, remove } = view.changes();
    if (Object.keys(write).length > 0) store.setMany(write);
    if (remove.length > 0) store.delete(remove);
    return result;
  });
}

export function checkCapacity(view: OutboxView): void {
  const bytes = view.bytesAfterCommit();
  if (bytes > STORE_LIMIT_BYTES - STORE_RESERVE_BYTES) {
    throw new OutboxFullError(
      `The Chat outbox is full: ${view.queued().length} notifications are waiting and Script ` +
        `Properties hold ${Math.round(bytes / 1024)} KB of the 500 KB Apps Script allows, so this ` +
        `notification was NOT accepted. Run showStatus() to see why deliveries are stuck ` +
        `(often a deleted webhook), fix it, and run deliverOutbox().`,
    );
  }
}
