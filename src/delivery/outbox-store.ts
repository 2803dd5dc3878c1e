// The outbox in Script Properties: a small state, one property per entry and per dead letter
// (keyed by its id), one per dedupe key. A drain reads the store in one call; notify() reads only
// the keys it needs, one call each, so its cost does not grow with the queue. Always under the
// script lock.
import { utf8ByteLength } from "../chat/limits";
import type { KeyValueStore, PropertyReader, ScriptLock } from "../ports";
import { LockTimeoutError } from "../ports";
import { ChatNotificationsError } from "../errors";
import {
  chunkKeys,
  decodeChunked,
  encodeChunked,
  MAX_PIECES,
  storedBytes,
  type PropertySource,
} from "./chunked-json";
import { decodeEntry, encodeEntry } from "./entry-codec";
import { checkDeadLetter, checkEntry, checkState } from "./outbox-shapes";
import type { DeadLetter, OutboxEntry, OutboxState } from "./outbox-types";

export const STATE_KEY = "chat.outbox.state";
export const ENTRY_PREFIX = "chat.outbox.entry.";
export const DEAD_PREFIX = "chat.outbox.dead.";
export const DEDUPE_PREFIX = "chat.outbox.key.";

/** Apps Script allows 500 KB per property store. */
export const STORE_LIMIT_BYTES = 500 * 1024;
/** New notifications stop here; the rest is room for a summary of what did not fit, and answers. */
export const STORE_RESERVE_BYTES = 24 * 1024;
/** Kept free for each request in flight, so its answer can always be recorded. */
export const RECORD_ROOM_BYTES = 1024;
/** How long an execution may wait for another to finish with the outbox, per try. */
export const LOCK_TIMEOUT_MS = 30_000;

export class OutboxFullError extends ChatNotificationsError {
  override name = "OutboxFullError";
  readonly code = "OUTBOX_FULL";
}

/** An outbox property that cannot be used as it is, and why. */
export interface DamagedValue {
  readonly key: string;
  readonly problem: string;
}

const ID_PATTERN = /^e(\d{1,12})$/;

export function entryId(seq: number): string {
  return `e${String(seq).padStart(9, "0")}`;
}

function seqOf(id: string): number {
  return Number(ID_PATTERN.exec(id)?.[1] ?? 0);
}

function isPieceKey(key: string): boolean {
  return key.includes("#");
}

const bytesOf = (key: string, value: string | undefined) =>
  value === undefined ? 0 : utf8ByteLength(key) + utf8ByteLength(value);

/**
 * A snapshot of the outbox with staged changes; `changes` says what to write. A full view holds
 * every property (a drain, the status); a lazy one reads keys as asked (notify, recording answers).
 */
export class OutboxView {
  state: OutboxState;
  /** Outbox properties set aside: listed by showStatus, never used, never fatal. */
  readonly damaged: DamagedValue[] = [];
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly dead = new Map<string, DeadLetter>();
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();
  /** Removed as delivered: deleted before anything else is written, so a kill cannot resend. */
  private readonly delivered = new Set<string>();
  private readonly dedupeWrites: Record<string, string> = {};
  private stateChanged = false;
  private readonly raw: Record<string, string> = {};
  private readonly cache = new Map<string, string | undefined>();
  /** Side effects that must wait until the changes are stored (deleting a trigger). */
  readonly afterCommit: (() => void)[] = [];
  private readonly source: (key: string) => string | undefined;

  /** A full view of `properties`; OutboxView.lazy reads keys one at a time instead. */
  constructor(
    properties: Readonly<Record<string, string>>,
    lazySource?: (key: string) => string | undefined,
  ) {
    const source: PropertySource = lazySource ?? properties;
    /** Every property, for a full view. */
    this.all = lazySource ? null : properties;
    this.source =
      typeof source === "function"
        ? (key) => {
            if (!this.cache.has(key)) this.cache.set(key, source(key));
            return this.cache.get(key);
          }
        : (key) => source[key];
    const { state, damaged } = checkState(decodeChunked(this.source, STATE_KEY));
    this.state = state;
    for (const field of damaged)
      this.damaged.push({ key: STATE_KEY, problem: `${field} was damaged and was reset` });
    if (this.all) this.loadAll(this.all);
  }

  readonly all: Readonly<Record<string, string>> | null;

  static full(properties: Readonly<Record<string, string>>): OutboxView {
    return new OutboxView(properties);
  }

  static lazy(store: KeyValueStore): OutboxView {
    const view = new OutboxView({}, (key) => store.get(key) ?? undefined);
    view.stateIsOwn =
      writtenStates.get(store) !== undefined && writtenStates.get(store) === view.stateRaw();
    return view;
  }

  /** The state is the one this execution wrote last: nobody changed it since (no reset id). */
  stateIsOwn = false;

  private stateRaw(): string | undefined {
    return this.source(STATE_KEY);
  }

  get isFull(): boolean {
    return this.all !== null;
  }

  private loadAll(all: Readonly<Record<string, string>>): void {
    let maxSeq = 0;
    const heads = new Set<string>();
    for (const key of Object.keys(all)) {
      if (isPieceKey(key) || !key.startsWith("chat.outbox.")) continue;
      const kind = key.startsWith(ENTRY_PREFIX)
        ? "entry"
        : key.startsWith(DEAD_PREFIX)
          ? "dead"
          : null;
      if (kind === null) continue;
      heads.add(key);
      const id = key.slice(kind === "entry" ? ENTRY_PREFIX.length : DEAD_PREFIX.length);
      maxSeq = Math.max(maxSeq, seqOf(id));
      const problem = this.decodeInto(kind, key, id);
      if (problem) this.damaged.push({ key, problem });
    }
    // Pieces whose head is gone are damage too, and take room.
    for (const key of Object.keys(all)) {
      if (!isPieceKey(key) || !key.startsWith("chat.outbox.")) continue;
      const head = key.slice(0, key.indexOf("#"));
      if (head !== STATE_KEY && !heads.has(head))
        this.damaged.push({ key, problem: "a piece of a value that is gone" });
    }
    // A dead letter and a queued entry of one id: a write stopped half-way; the letter wins.
    for (const id of this.dead.keys()) {
      if (this.entries.has(id)) this.removeEntry(id);
    }
    // Ids are never reused, whatever happened to the state.
    if (this.state.nextSeq <= maxSeq) this.setState({ ...this.state, nextSeq: maxSeq + 1 });
  }

  private decodeInto(kind: "entry" | "dead", key: string, id: string): string | null {
    if (!ID_PATTERN.test(id)) return "its name is not an outbox id (e and digits)";
    const head = this.source(key) ?? "";
    if (Number(/^(\d+)\|/.exec(head)?.[1] ?? 1) > MAX_PIECES) return "its piece count is too large";
    const value = decodeChunked<unknown>(this.source, key);
    if (value === undefined) return "a piece is missing or it is not JSON";
    if (kind === "entry") {
      const checked = checkEntry(decodeEntry(value, id), id);
      if (!checked.ok) return checked.problem;
      this.entries.set(id, checked.value);
    } else {
      const letter = value as { entry?: unknown } | null;
      const checked = checkDeadLetter(
        typeof letter === "object" && letter !== null
          ? { ...letter, entry: decodeEntry(letter.entry, id) }
          : letter,
        id,
      );
      if (!checked.ok) return checked.problem;
      this.dead.set(id, checked.value);
    }
    return null;
  }

  /** Script Properties as read, for webhook URLs (read at send time, never copied). */
  readonly scriptProperties: PropertyReader = {
    get: (name) => this.source(name) ?? null,
  };

  private requireFull(what: string): void {
    if (!this.all) throw new Error(`${what} needs a full read of the outbox`);
  }

  /** Waiting entries in acceptance order. */
  queued(): OutboxEntry[] {
    this.requireFull("queued()");
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  entry(id: string): OutboxEntry | undefined {
    if (this.all || this.entries.has(id) || this.removed.has(ENTRY_PREFIX + id)) {
      return this.entries.get(id);
    }
    const key = ENTRY_PREFIX + id;
    if (this.source(key) === undefined) return undefined;
    const problem = this.decodeInto("entry", key, id);
    if (problem) this.damaged.push({ key, problem });
    return this.entries.get(id);
  }

  /** Whether any value, readable or not, is stored under this id. */
  idTaken(id: string): boolean {
    return (
      this.source(ENTRY_PREFIX + id) !== undefined || this.source(DEAD_PREFIX + id) !== undefined
    );
  }

  deadLetters(): DeadLetter[] {
    this.requireFull("deadLetters()");
    return [...this.dead.values()].sort((a, b) => (a.entry.id < b.entry.id ? -1 : 1));
  }

  /** Until when a dedupe key refuses a repeat; null when it does not. */
  dedupeUntil(hash: string, now: number): number | null {
    const key = DEDUPE_PREFIX + hash;
    const value = this.dedupeWrites[key] ?? this.source(key);
    const until = value === undefined ? NaN : parseInt(value, 36);
    return Number.isFinite(until) && until > now ? until : null;
  }

  putDedupe(hash: string, until: number): void {
    this.dedupeWrites[DEDUPE_PREFIX + hash] = until.toString(36);
  }

  /** Dedupe keys past their time, at most `limit` of them. */
  expiredDedupeKeys(now: number, limit: number): string[] {
    this.requireFull("expiredDedupeKeys()");
    const expired: string[] = [];
    for (const [key, value] of Object.entries(this.all!)) {
      if (expired.length >= limit) break;
      if (!key.startsWith(DEDUPE_PREFIX)) continue;
      const until = parseInt(value, 36);
      if (!Number.isFinite(until) || until <= now) expired.push(key);
    }
    return expired;
  }

  /** Deletes a property of the outbox that is of no more use (an expired key, a damaged value). */
  removeKey(key: string): void {
    this.removed.add(key);
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

  /** Removes an entry Chat has taken: the deletion is the record, made before any other write. */
  removeDelivered(id: string): void {
    this.removeEntry(id);
    this.delivered.add(ENTRY_PREFIX + id);
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

  get hasChanges(): boolean {
    return (
      this.stateChanged ||
      this.changed.size > 0 ||
      this.removed.size > 0 ||
      Object.keys(this.raw).length > 0 ||
      Object.keys(this.dedupeWrites).length > 0
    );
  }

  /**
   * What to store the staged changes: `first` is deleted before `write` is written (delivered
   * entries), `remove` after it (so a stop in between keeps a value twice rather than losing it).
   */
  changes(): { first: string[]; write: Record<string, string>; remove: string[] } {
    const write: Record<string, string> = { ...this.raw, ...this.dedupeWrites };
    if (this.stateChanged) Object.assign(write, encodeChunked(STATE_KEY, this.state));
    for (const key of this.changed) {
      const id = key.slice(key.startsWith(ENTRY_PREFIX) ? ENTRY_PREFIX.length : DEAD_PREFIX.length);
      if (key.startsWith(ENTRY_PREFIX)) {
        Object.assign(write, encodeChunked(key, encodeEntry(this.entries.get(id)!)));
      } else {
        const letter = this.dead.get(id)!;
        Object.assign(write, encodeChunked(key, { ...letter, entry: encodeEntry(letter.entry) }));
      }
    }
    const first = new Set<string>();
    const stale = new Set<string>();
    // Pieces a value no longer needs, and every piece of a removed value.
    for (const key of [...this.changed, ...(this.stateChanged ? [STATE_KEY] : [])]) {
      for (const piece of chunkKeys(this.source, key)) if (!(piece in write)) stale.add(piece);
    }
    for (const key of this.removed) {
      const pieces =
        key.startsWith("chat.outbox.") && !isPieceKey(key) ? chunkKeys(this.source, key) : [];
      for (const piece of pieces.length > 0 ? pieces : [key]) {
        if (this.source(piece) === undefined) continue;
        (this.delivered.has(key) ? first : stale).add(piece);
      }
    }
    return { first: [...first], write, remove: [...stale] };
  }

  /** Bytes the store would hold after the staged changes: exact for a full view, else estimated. */
  bytesAfterCommit(): number | null {
    const { first, write, remove } = this.changes();
    if (this.all) {
      const after: Record<string, string> = { ...this.all, ...write };
      for (const key of [...first, ...remove]) delete after[key];
      return storedBytes(after);
    }
    if (this.state.storeBytes === null) return null;
    let bytes = this.state.storeBytes;
    for (const [key, value] of Object.entries(write))
      bytes += bytesOf(key, value) - bytesOf(key, this.source(key));
    for (const key of [...first, ...remove]) bytes -= bytesOf(key, this.source(key));
    return bytes;
  }
}

/**
 * Script Properties as a record that reads one key per lookup (getProperty), and the whole store
 * only when its keys are listed: for readers that look up a few names (a webhook's space).
 */
export function lazyProperties(store: KeyValueStore): Readonly<Record<string, string>> {
  const cache = new Map<string, string | undefined>();
  let all: Record<string, string> | undefined;
  const whole = () => (all ??= store.getAll());
  return new Proxy({} as Record<string, string>, {
    get: (_, key) => {
      if (typeof key !== "string") return undefined;
      if (all) return all[key];
      if (!cache.has(key)) cache.set(key, store.get(key) ?? undefined);
      return cache.get(key);
    },
    has: (_, key) => typeof key === "string" && whole()[key] !== undefined,
    ownKeys: () => Reflect.ownKeys(whole()),
    getOwnPropertyDescriptor: (_, key) =>
      typeof key === "string" && key in whole()
        ? { value: whole()[key], enumerable: true, configurable: true, writable: false }
        : undefined,
  });
}

/** Thrown inside an action that needs the whole store after all; withOutbox reads it and retries. */
export class NeedsFullRead extends Error {
  override name = "NeedsFullRead";
}

export interface OutboxAccess {
  /** "lazy": read keys as needed (constant cost); "full": read the store in one call. */
  readonly read: "lazy" | "full";
  /** Tries at the lock; an answer must be recorded, so recording tries harder. */
  readonly lockTries?: number;
  /** The time of the read, recorded as when the store was last measured (full reads). */
  readonly now?: number;
}

const QUOTA_ERROR = /property storage quota/i;

/** Per store: the state value this execution wrote last. */
const writtenStates = new WeakMap<KeyValueStore, string>();

/**
 * Runs `action` on a fresh view of the outbox under the script lock, then stores what it changed.
 * Nothing is written when `action` throws. A lazy action may ask for a full read (NeedsFullRead).
 */
export function withOutbox<T>(
  store: KeyValueStore,
  lock: ScriptLock,
  action: (view: OutboxView) => T,
  access: OutboxAccess = { read: "full" },
): T {
  const tries = access.lockTries ?? 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return lock.withLock(LOCK_TIMEOUT_MS, () =>
        runOnView(store, action, access.read, access.now),
      );
    } catch (error) {
      if (!(error instanceof LockTimeoutError) || attempt >= tries) throw error;
    }
  }
}

function runOnView<T>(
  store: KeyValueStore,
  action: (view: OutboxView) => T,
  read: "lazy" | "full",
  now: number | undefined,
): T {
  let view = read === "lazy" ? OutboxView.lazy(store) : OutboxView.full(store.getAll());
  let result: T;
  try {
    result = action(view);
  } catch (error) {
    if (!(error instanceof NeedsFullRead) || view.isFull) throw error;
    view = OutboxView.full(store.getAll());
    result = action(view);
  }
  if (!view.hasChanges) {
    for (const effect of view.afterCommit) effect();
    return result;
  }
  const bytes = view.bytesAfterCommit();
  if (bytes !== null && bytes !== view.state.storeBytes)
    view.setState({ ...view.state, storeBytes: bytes });
  if (view.isFull && now !== undefined) view.setState({ ...view.state, storeMeasuredAt: now });
  const { first, write, remove } = view.changes();
  if (first.length > 0) store.delete(first);
  try {
    if (Object.keys(write).length > 0) store.setMany(write);
  } catch (error) {
    if (QUOTA_ERROR.test((error as Error).message))
      throw fullError(OutboxView.full(store.getAll()));
    throw error;
  }
  if (remove.length > 0) store.delete(remove);
  const state = write[STATE_KEY];
  if (state !== undefined && !(`${STATE_KEY}#1` in write)) writtenStates.set(store, state);
  else if (state !== undefined) writtenStates.delete(store);
  for (const effect of view.afterCommit) effect();
  return result;
}

/** The refusal when the store has no room: what takes the room, and what to do about it. */
export function fullError(
  view: OutboxView,
  what = "this notification was NOT accepted",
): OutboxFullError {
  const all = view.all ?? {};
  let outbox = 0;
  let dead = 0;
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(DEAD_PREFIX)) dead += bytesOf(key, value);
    if (key.startsWith("chat.outbox.")) outbox += bytesOf(key, value);
  }
  const total = storedBytes(all);
  const other = total - outbox;
  const queued = view.isFull ? view.queued().length : 0;
  const letters = view.isFull ? view.deadLetters().length : 0;
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const causes: string[] = [];
  if (letters > 0 && dead >= outbox / 3)
    causes.push(
      `${letters} dead letter(s) take ${kb(dead)}: run showStatus() to see why they failed, fix it and run redeliverDeadLetters(), or delete them`,
    );
  if (queued > 0 && outbox - dead >= other)
    causes.push(
      `${queued} notification(s) wait for Chat (oldest since ${oldest(view)}): showStatus() says what holds them`,
    );
  if (other >= outbox)
    causes.push(
      `this script's other properties take ${kb(other)}: remove the ones it no longer needs`,
    );
  return new OutboxFullError(
    `The Chat outbox is full, so ${what}: Script Properties hold ${kb(total)} of the 500 KB Apps ` +
      `Script allows (the outbox ${kb(outbox)}: ${queued} queued, ${letters} dead letter(s); other ` +
      `properties ${kb(other)}). To make room: ${causes.join("; ") || "run showStatus() to see what uses it"}.`,
  );
}

function oldest(view: OutboxView): string {
  const times = view.queued().map((e) => e.createdAt);
  return times.length === 0 ? "now" : new Date(Math.min(...times)).toISOString();
}

/**
 * Other properties can grow behind the outbox's back: its estimate is measured again when older
 * than this. Drains read the whole store anyway (every 5 minutes at most while anything waits);
 * Apps Script's own quota error stops a write the estimate let through.
 */
export const STORE_MEASURE_EVERY_MS = 6 * 60 * 60_000;

/** The room left for new notifications; null when only a full read can tell. */
export function roomLeft(view: OutboxView, now: number): number | null {
  const measuredAt = view.state.storeMeasuredAt;
  if (!view.isFull && (measuredAt === null || now - measuredAt >= STORE_MEASURE_EVERY_MS)) {
    return null;
  }
  const bytes = view.bytesAfterCommit();
  return bytes === null ? null : STORE_LIMIT_BYTES - STORE_RESERVE_BYTES - bytes;
}
