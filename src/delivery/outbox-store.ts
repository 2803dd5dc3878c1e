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
import { decodePage, encodePage } from "./page-codec";
import { checkDeadLetter, checkEntry, checkState } from "./outbox-shapes";
import type { DeadLetter, OutboxEntry, OutboxState } from "./outbox-types";

export const STATE_KEY = "chat.outbox.state";
export const ENTRY_PREFIX = "chat.outbox.entry.";
export const DEAD_PREFIX = "chat.outbox.dead.";
export const DEDUPE_PREFIX = "chat.outbox.key.";
export const PAGE_PREFIX = "chat.outbox.page.";

/** A page of entries takes at most this much of one property value (Apps Script allows 9 KB). */
export const PAGE_BYTES = 8 * 1024;
/**
 * At most this many entries to a page: a page is written again whenever one of them changes or
 * joins, so its size bounds the work of each write (64 typical ones deflate to well under 8 KB).
 */
const MAX_PAGE_ENTRIES = 64;
/** A drain gathers small pages into full ones once there are this many, at most REPACK_LIMIT. */
const REPACK_MINIMUM = 8;
const REPACK_LIMIT = 200;

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

const isPage = (key: string) => key.startsWith(PAGE_PREFIX);

const bytesOf = (key: string, value: string | undefined) =>
  value === undefined ? 0 : utf8ByteLength(key) + utf8ByteLength(value);

/** A page as stored: its members in order, and the ones that could not be read (kept as they are). */
interface StoredPage {
  readonly ids: string[];
  readonly unreadable: unknown[];
}

/** What one execution remembers of a store between its calls to withOutbox. */
interface ExecutionMemory {
  /** Where this execution last put or saw each entry. */
  readonly homes: Map<string, string>;
  /** The page this execution last added new entries to, as written: later ones may join it. */
  openPage: { key: string; value: string } | null;
  /** The state value this execution wrote last. */
  state: string | undefined;
  /** Whether this execution has sent a notification as it accepted it. */
  sentInline: boolean;
  /** The whole store as this execution last read and then wrote it (a drain's rounds). */
  snapshot: { properties: Record<string, string>; readAt: number } | null;
}

const memories = new WeakMap<KeyValueStore, ExecutionMemory>();

function memoryOf(store: KeyValueStore): ExecutionMemory {
  let memory = memories.get(store);
  if (!memory) {
    memory = {
      homes: new Map(),
      openPage: null,
      state: undefined,
      sentInline: false,
      snapshot: null,
    };
    memories.set(store, memory);
  }
  return memory;
}

/**
 * Whether this execution already sent a notification as it accepted it: a loop of notify() calls
 * pays Chat's answer time once, and what follows goes in batches from the deliverOutbox trigger.
 */
export function hasSentInline(store: KeyValueStore): boolean {
  return memoryOf(store).sentInline;
}

export function noteSentInline(store: KeyValueStore): void {
  memoryOf(store).sentInline = true;
}

/** The properties a commit writes and deletes, and where its entries now live. */
export interface OutboxChanges {
  /** Deleted before `write` is written: entries stored alone that Chat has taken. */
  readonly first: string[];
  readonly write: Record<string, string>;
  /** Deleted after `write` (a stop in between keeps a value twice rather than losing it). */
  readonly remove: string[];
  /** Keys of `write` that did not exist before (new pages). */
  readonly created: ReadonlySet<string>;
  /** Entry id -> where it is stored after the commit; null: no longer stored. */
  readonly homes: ReadonlyMap<string, string | null>;
  /** The page the new entries of this commit went to last. */
  readonly lastNewPage: string | null;
}

/**
 * A snapshot of the outbox with staged changes; `changes` says what to write. A full view holds
 * every property (a drain, the status); a lazy one reads keys as asked (notify, recording answers).
 * Entries live in pages (several to a property, see page-codec.ts); one too large for a page, or
 * written by an earlier version, lives alone under its id.
 */
export class OutboxView {
  state: OutboxState;
  /** Outbox properties set aside: listed by showStatus, never used, never fatal. */
  readonly damaged: DamagedValue[] = [];
  private readonly entries = new Map<string, OutboxEntry>();
  /** Entry id -> the key it is stored under now. */
  private readonly homes = new Map<string, string>();
  private readonly pages = new Map<string, StoredPage>();
  private readonly dead = new Map<string, DeadLetter>();
  private readonly changedEntries = new Set<string>();
  private readonly removedEntries = new Set<string>();
  /** Entries stored alone that Chat has taken: deleted before anything else is written. */
  private readonly delivered = new Set<string>();
  /** Pages to write again (a member moved away, or a copy of one is there twice). */
  private readonly dirtyPages = new Set<string>();
  /** Dead letters written. */
  private readonly changed = new Set<string>();
  /** Keys deleted: dead letters, entries stored alone, expired dedupe keys. */
  private readonly removed = new Set<string>();
  private readonly dedupeWrites: Record<string, string> = {};
  private stateChanged = false;
  private readonly raw: Record<string, string> = {};
  private readonly cache = new Map<string, string | undefined>();
  /** Side effects that must wait until the changes are stored (deleting a trigger). */
  readonly afterCommit: (() => void)[] = [];
  private readonly source: (key: string) => string | undefined;
  /** The page new entries join first, while it has room. */
  private openPage: string | null = null;
  private memory: ExecutionMemory | null = null;

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

  static full(properties: Readonly<Record<string, string>>, store?: KeyValueStore): OutboxView {
    const view = new OutboxView(properties);
    if (store) view.memory = memoryOf(store);
    return view;
  }

  static lazy(store: KeyValueStore): OutboxView {
    const view = new OutboxView({}, (key) => store.get(key) ?? undefined);
    const memory = memoryOf(store);
    view.memory = memory;
    view.stateIsOwn = memory.state !== undefined && memory.state === view.stateRaw();
    // Nobody wrote since this execution did: its last page is as it wrote it, and new entries
    // may join it without reading it again.
    if (view.stateIsOwn && memory.openPage) {
      const { key, value } = memory.openPage;
      view.cache.set(key, value);
      view.loadPage(key, value);
      view.openPage = key;
    }
    return view;
  }

  /** The state is the one this execution wrote last: nobody changed the outbox since. */
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
    const pageKeys: string[] = [];
    for (const key of Object.keys(all)) {
      if (isPieceKey(key) || !key.startsWith("chat.outbox.")) continue;
      if (isPage(key)) {
        pageKeys.push(key);
        continue;
      }
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
    for (const key of pageKeys.sort()) maxSeq = Math.max(maxSeq, this.loadPage(key, all[key]!));
    // Pieces whose head is gone are damage too, and take room.
    for (const key of Object.keys(all)) {
      if (!isPieceKey(key) || !key.startsWith("chat.outbox.")) continue;
      const head = key.slice(0, key.indexOf("#"));
      if (head !== STATE_KEY && !heads.has(head))
        this.damaged.push({ key, problem: "a piece of a value that is gone" });
    }
    // Ids are never reused, whatever happened to the state.
    if (this.state.nextSeq <= maxSeq) this.setState({ ...this.state, nextSeq: maxSeq + 1 });
    for (const stray of this.giveNewIdLater.splice(0)) this.putWithNewId(stray);
    // A dead letter and a queued entry of one id: the same message, when a write stopped half-way
    // (the letter wins); another one, when the state was put back by hand (it gets a new id).
    for (const [id, letter] of this.dead) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      if (entry.partsThreadKey === letter.entry.partsThreadKey) this.removeEntry(id);
      else this.giveNewId(entry);
    }
    // A page that holds nothing any more (a stop came between writing it empty and deleting it).
    for (const [key, page] of this.pages) {
      if (page.ids.length === 0 && page.unreadable.length === 0) this.removed.add(key);
    }
  }

  /** Moves a stored entry to a new id (its old place is written without it). */
  private giveNewId(entry: OutboxEntry): void {
    const home = this.homes.get(entry.id);
    if (home !== undefined && isPage(home)) this.dirtyPages.add(home);
    else this.removed.add(ENTRY_PREFIX + entry.id);
    this.homes.delete(entry.id);
    this.entries.delete(entry.id);
    this.putWithNewId(entry);
  }

  /** Stores `entry` as a new one, under the next id. */
  private putWithNewId(entry: OutboxEntry): void {
    const id = entryId(this.state.nextSeq);
    this.setState({ ...this.state, nextSeq: this.state.nextSeq + 1 });
    this.putEntry({ ...entry, id });
  }

  /** Reads a page's members into the view; returns the highest sequence number it names. */
  private loadPage(key: string, value: string): number {
    this.version++;
    const members = decodedPage(key, value);
    if (members === undefined) {
      this.damaged.push({ key, problem: "not a readable page of outbox entries" });
      return 0;
    }
    const page: StoredPage = { ids: [], unreadable: [] };
    this.pages.set(key, page);
    let maxSeq = 0;
    const strays: OutboxEntry[] = [];
    for (const member of members) {
      if (member.id !== null) maxSeq = Math.max(maxSeq, seqOf(member.id));
      if (member.entry === null) {
        page.unreadable.push(member.raw);
        this.damaged.push({ key, problem: member.problem });
        continue;
      }
      const id = member.id!;
      const entry = member.entry;
      page.ids.push(id);
      const known = this.entries.get(id);
      if (!known) {
        this.entries.set(id, entry);
        this.homes.set(id, key);
      } else if (known.partsThreadKey === entry.partsThreadKey) {
        // The same entry twice: a move into a page stopped before its old place was deleted.
        const home = this.homes.get(id)!;
        if (isPage(home)) this.dirtyPages.add(key);
        else {
          this.removed.add(home);
          this.entries.set(id, entry);
          this.homes.set(id, key);
        }
      } else {
        strays.push(entry);
        this.dirtyPages.add(key);
      }
    }
    if (this.isFull) this.giveNewIdLater.push(...strays);
    return maxSeq;
  }

  /** Entries whose id another one has: they get new ids once the highest stored id is known. */
  private readonly giveNewIdLater: OutboxEntry[] = [];

  private decodeInto(kind: "entry" | "dead", key: string, id: string): string | null {
    this.version++;
    if (!ID_PATTERN.test(id)) return "its name is not an outbox id (e and digits)";
    const head = this.source(key) ?? "";
    if (Number(/^(\d+)\|/.exec(head)?.[1] ?? 1) > MAX_PIECES) return "its piece count is too large";
    const value = decodeChunked<unknown>(this.source, key);
    if (value === undefined) return "a piece is missing or it is not JSON";
    if (kind === "entry") {
      const checked = checkEntry(decodeEntry(value, id), id);
      if (!checked.ok) return checked.problem;
      this.entries.set(id, checked.value);
      this.homes.set(id, key);
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
    if (this.all || this.entries.has(id) || this.removedEntries.has(id)) {
      return this.entries.get(id);
    }
    // Where this execution put it, most likely still there.
    const home = this.memory?.homes.get(id);
    if (home !== undefined && isPage(home) && !this.pages.has(home)) {
      const value = this.source(home);
      if (value !== undefined) this.loadPage(home, value);
      if (this.entries.has(id)) return this.entries.get(id);
    }
    const key = ENTRY_PREFIX + id;
    // Neither where this execution put it nor alone: in a page it does not know of, or gone.
    if (this.source(key) === undefined) throw new NeedsFullRead();
    const problem = this.decodeInto("entry", key, id);
    if (problem) this.damaged.push({ key, problem });
    return this.entries.get(id);
  }

  /** Whether a value is stored alone under this id (an entry too large for a page, a letter). */
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
    this.version++;
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

  /** Deletes a property of the outbox that is of no more use (an expired key). */
  removeKey(key: string): void {
    this.version++;
    this.removed.add(key);
  }

  setState(state: OutboxState): void {
    this.version++;
    this.state = state;
    this.stateChanged = true;
  }

  putEntry(entry: OutboxEntry): void {
    this.version++;
    this.entries.set(entry.id, entry);
    this.changedEntries.add(entry.id);
    this.removedEntries.delete(entry.id);
  }

  removeEntry(id: string): void {
    this.version++;
    this.entries.delete(id);
    this.changedEntries.delete(id);
    this.removedEntries.add(id);
  }

  /** Removes an entry Chat has taken: its removal is stored before, or with, anything else. */
  removeDelivered(id: string): void {
    this.removeEntry(id);
    this.delivered.add(id);
  }

  putDeadLetter(letter: DeadLetter): void {
    this.version++;
    this.removeEntry(letter.entry.id);
    this.dead.set(letter.entry.id, letter);
    this.changed.add(DEAD_PREFIX + letter.entry.id);
    this.removed.delete(DEAD_PREFIX + letter.entry.id);
  }

  removeDeadLetter(id: string): void {
    this.version++;
    this.dead.delete(id);
    this.changed.delete(DEAD_PREFIX + id);
    this.removed.add(DEAD_PREFIX + id);
  }

  /** A property outside the outbox, written with its changes (e.g. a digest's cursor). */
  putRaw(key: string, value: string): void {
    this.version++;
    this.raw[key] = value;
  }

  get hasChanges(): boolean {
    return (
      this.stateChanged ||
      this.changed.size > 0 ||
      this.removed.size > 0 ||
      this.changedEntries.size > 0 ||
      this.removedEntries.size > 0 ||
      this.dirtyPages.size > 0 ||
      Object.keys(this.raw).length > 0 ||
      Object.keys(this.dedupeWrites).length > 0
    );
  }

  /**
   * Gathers the entries of small pages (and ones stored alone) into full pages, so a queue that
   * waits long (Chat down) takes a fraction of the room, and its delivery deletes one property per
   * page. Entries in flight stay where they are. Returns how many properties it will delete.
   */
  repack(now: number, minimum = REPACK_MINIMUM, limit = REPACK_LIMIT): number {
    this.requireFull("repack()");
    const small: string[] = [];
    const inFlight = (id: string) => {
      const lease = this.entries.get(id)?.leaseUntil ?? null;
      return lease !== null && lease > now;
    };
    for (const [key, page] of this.pages) {
      if (small.length >= limit) break;
      const value = this.all![key] ?? "";
      if (page.unreadable.length > 0 || this.dirtyPages.has(key)) continue;
      const full = bytesOf(key, value) > PAGE_BYTES / 2 || page.ids.length > MAX_PAGE_ENTRIES / 2;
      if (full || page.ids.some(inFlight)) continue;
      small.push(key);
    }
    const alone = [...this.homes]
      .filter(([id, home]) => !isPage(home) && !inFlight(id) && this.fitsPage(id))
      .slice(0, Math.max(0, limit - small.length));
    if (small.length + alone.length < minimum) return 0;
    this.version++;
    for (const key of small) {
      this.dirtyPages.add(key);
      for (const id of this.pages.get(key)!.ids) {
        if (this.homes.get(id) !== key) continue;
        this.homes.delete(id);
        this.changedEntries.add(id);
      }
    }
    for (const [id] of alone) this.changedEntries.add(id);
    return small.length + alone.length;
  }

  private fitsPage(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    let fits = fitsCache.get(entry);
    if (fits === undefined) {
      // Plain JSON within the limit fits whatever deflating does: most entries need no deflate.
      const plain = JSON.stringify([stored(entry)]);
      fits =
        utf8ByteLength(plain) <= PAGE_BYTES ||
        utf8ByteLength(encodePage([stored(entry)])) <= PAGE_BYTES;
      fitsCache.set(entry, fits);
    }
    return fits;
  }

  /** Pages as last packed by this view: the same entries pack the same way. */
  private readonly packed = new Map<
    string,
    { entries: OutboxEntry[]; lists: ReturnType<typeof packPages> }
  >();

  private pack(
    key: string,
    entries: OutboxEntry[],
    unreadable: readonly unknown[],
  ): ReturnType<typeof packPages> {
    const known = this.packed.get(key);
    if (
      known &&
      known.entries.length === entries.length &&
      known.entries.every((entry, index) => entry === entries[index])
    ) {
      return known.lists;
    }
    const lists = packPages(entries, unreadable);
    this.packed.set(key, { entries, lists });
    return lists;
  }

  /** Counts the staged changes, so `changes()` is worked out once per set of them. */
  private version = 0;
  private computed: { version: number; changes: OutboxChanges } | null = null;

  /** What to store the staged changes (see OutboxChanges). */
  changes(): OutboxChanges {
    if (this.computed?.version !== this.version) {
      this.computed = { version: this.version, changes: this.computeChanges() };
    }
    return this.computed.changes;
  }

  private computeChanges(): OutboxChanges {
    const write: Record<string, string> = { ...this.raw, ...this.dedupeWrites };
    if (this.stateChanged) Object.assign(write, encodeChunked(STATE_KEY, this.state));
    for (const key of this.changed) {
      const letter = this.dead.get(key.slice(DEAD_PREFIX.length))!;
      Object.assign(write, encodeChunked(key, { ...letter, entry: encodeEntry(letter.entry) }));
    }
    const first = new Set<string>();
    const stale = new Set<string>();
    const homes = new Map<string, string | null>();
    // Pieces a value no longer needs, and every piece of a removed value.
    const outgrown = (key: string) => {
      for (const piece of chunkKeys(this.source, key)) if (!(piece in write)) stale.add(piece);
    };
    for (const key of [...this.changed, ...(this.stateChanged ? [STATE_KEY] : [])]) outgrown(key);
    for (const key of this.removed) {
      const pieces =
        key.startsWith("chat.outbox.") && !isPieceKey(key) && !isPage(key)
          ? chunkKeys(this.source, key)
          : [key];
      for (const piece of pieces) if (this.source(piece) !== undefined) stale.add(piece);
    }

    // Entries: the pages they touch are written again; new ones join the open page, then new pages.
    const dirty = new Set(this.dirtyPages);
    const fresh: OutboxEntry[] = [];
    for (const id of [...this.changedEntries, ...this.removedEntries]) {
      const home = this.homes.get(id);
      const entry = this.entries.get(id);
      if (home === undefined) {
        if (entry) fresh.push(entry);
        continue;
      }
      if (isPage(home)) {
        dirty.add(home);
        continue;
      }
      // Stored alone: removed, moved into a page, or written again in place when too large.
      if (!entry) {
        for (const piece of chunkKeys(this.source, home))
          (this.delivered.has(id) ? first : stale).add(piece);
        homes.set(id, null);
      } else if (this.fitsPage(id)) {
        fresh.push(entry);
        for (const piece of chunkKeys(this.source, home)) stale.add(piece);
      } else {
        Object.assign(write, encodeChunked(home, encodeEntry(entry)));
        outgrown(home);
      }
    }
    for (const id of this.removedEntries) if (!homes.has(id)) homes.set(id, null);
    fresh.sort((a, b) => (a.id < b.id ? -1 : 1));
    const created = new Set<string>();
    let lastNewPage: string | null = null;
    const place = (key: string, members: OutboxEntry[]) => {
      for (const member of members) homes.set(member.id, key);
    };
    const newKey = (first: OutboxEntry) => {
      const base =
        PAGE_PREFIX + (SAFE_KEY.test(first.partsThreadKey) ? first.partsThreadKey : first.id);
      let key = base;
      for (let n = 1; key in write || this.pages.has(key) || (this.all && key in this.all); n++)
        key = `${base}.${n}`;
      created.add(key);
      return key;
    };
    const alone: OutboxEntry[] = [];
    const pageable = fresh.filter((entry) => {
      if (this.fitsPage(entry.id)) return true;
      alone.push(entry);
      return false;
    });
    for (const entry of alone) {
      const key = ENTRY_PREFIX + entry.id;
      Object.assign(write, encodeChunked(key, encodeEntry(entry)));
      outgrown(key);
      homes.set(entry.id, key);
    }
    // New entries join the open page while it has room; a page left empty is written so ("[]")
    // with the rest, then deleted.
    if (this.openPage !== null && pageable.length > 0) dirty.add(this.openPage);
    const emptied: string[] = [];
    for (const key of [...dirty].sort()) {
      const page = this.pages.get(key);
      if (!page) continue;
      const members = page.ids
        .filter((id) => this.homes.get(id) === key && this.entries.has(id))
        .map((id) => this.entries.get(id)!);
      const joining = key === this.openPage ? pageable.splice(0) : [];
      const lists = this.pack(key, [...members, ...joining], page.unreadable);
      if (joining.length > 0) lastNewPage = key;
      write[key] = lists[0]!.value;
      place(key, lists[0]!.members);
      for (const list of lists.slice(1)) {
        const extra = newKey(list.members[0]!);
        write[extra] = list.value;
        place(extra, list.members);
        if (joining.length > 0) lastNewPage = extra;
      }
      if (lists[0]!.members.length === 0 && page.unreadable.length === 0) emptied.push(key);
    }
    for (const list of pageable.length > 0 ? this.pack("", pageable, []) : []) {
      const key = newKey(list.members[0]!);
      write[key] = list.value;
      place(key, list.members);
      lastNewPage = key;
    }
    for (const key of Object.keys(write)) stale.delete(key);
    for (const key of emptied) stale.add(key);
    return { first: [...first], write, remove: [...stale], created, homes, lastNewPage };
  }

  /** Bytes the store would hold after the staged changes: exact for a full view, else estimated. */
  bytesAfterCommit(): number | null {
    const { first, write, remove, created } = this.changes();
    if (this.all) {
      const after: Record<string, string> = { ...this.all, ...write };
      for (const key of [...first, ...remove]) delete after[key];
      return storedBytes(after);
    }
    if (this.state.storeBytes === null) return null;
    let bytes = this.state.storeBytes;
    for (const [key, value] of Object.entries(write))
      bytes += bytesOf(key, value) - (created.has(key) ? 0 : bytesOf(key, this.source(key)));
    for (const key of [...first, ...remove]) bytes -= bytesOf(key, this.source(key));
    return bytes;
  }

  /** After a commit: what this execution now knows of where entries are. */
  remember(changes: OutboxChanges, state: string | undefined): void {
    const memory = this.memory;
    if (!memory) return;
    for (const [id, home] of changes.homes) {
      if (home === null) memory.homes.delete(id);
      else memory.homes.set(id, home);
    }
    const open = memory.openPage;
    if (changes.lastNewPage !== null) {
      memory.openPage = { key: changes.lastNewPage, value: changes.write[changes.lastNewPage]! };
    } else if (open && open.key in changes.write) {
      memory.openPage = { key: open.key, value: changes.write[open.key]! };
    }
    if (memory.openPage && changes.remove.includes(memory.openPage.key)) memory.openPage = null;
    memory.state = state;
  }
}

/** One member of a stored page, read and checked; entry null: set aside, with the problem. */
type PageMember =
  | { readonly id: string; readonly entry: OutboxEntry; readonly raw: unknown }
  | {
      readonly id: string | null;
      readonly entry: null;
      readonly raw: unknown;
      readonly problem: string;
    };

/**
 * Pages as last read, by key: a drain reads the store every round, and most pages are as they
 * were; reading and checking them again would cost more than all else it does.
 */
const pageReads = new Map<string, { value: string; members: PageMember[] | undefined }>();
const PAGE_READS_KEPT = 512;

function decodedPage(key: string, value: string): PageMember[] | undefined {
  const known = pageReads.get(key);
  if (known && known.value === value) return known.members;
  const list = decodePage(value);
  const members = list?.map((raw): PageMember => {
    const record = raw as { i?: unknown } | null;
    const id = typeof record === "object" && record !== null ? record.i : undefined;
    if (typeof id !== "string" || !ID_PATTERN.test(id)) {
      return { id: null, entry: null, raw, problem: "an entry without an outbox id" };
    }
    const { i: _, ...fields } = record as Record<string, unknown>;
    const checked = checkEntry(decodeEntry(fields, id), id);
    if (!checked.ok) return { id, entry: null, raw, problem: `entry ${id}: ${checked.problem}` };
    return { id, entry: checked.value, raw };
  });
  if (pageReads.size >= PAGE_READS_KEPT) pageReads.delete(pageReads.keys().next().value!);
  pageReads.set(key, { value, members });
  return members;
}

/** Whether an entry (never changed in place) fits a page alone. */
const fitsCache = new WeakMap<OutboxEntry, boolean>();

/** The stored form of an entry inside a page: its encoding and its id. */
function stored(entry: OutboxEntry): Record<string, unknown> {
  return { i: entry.id, ...encodeEntry(entry) };
}

/** Page keys are named after their first entry's parts thread key: its id and a random part. */
const SAFE_KEY = /^[A-Za-z0-9_-]{1,48}$/;

/**
 * Splits entries, in order, into page values of at most PAGE_BYTES each; the first page also keeps
 * `unreadable` (members of a stored page that could not be read, kept as they were). Each entry
 * given fits a page alone.
 */
export function packPages(
  entries: readonly OutboxEntry[],
  unreadable: readonly unknown[],
): { members: OutboxEntry[]; value: string }[] {
  const lists: { members: OutboxEntry[]; value: string }[] = [];
  const encoded = entries.map(stored);
  const plainBytes = encoded.map((member) => utf8ByteLength(JSON.stringify(member)) + 1);
  let at = 0;
  let keep = [...unreadable];
  let guess = 16;
  do {
    const value = (count: number) => encodePage([...keep, ...encoded.slice(at, at + count)]);
    const keepBytes = utf8ByteLength(JSON.stringify(keep));
    const fits = (count: number) => {
      if (count > MAX_PAGE_ENTRIES) return false;
      // Plain JSON within the limit fits whatever deflating does; only a larger one is tried.
      let plain = keepBytes;
      for (let i = at; i < at + count; i++) plain += plainBytes[i]!;
      return plain <= PAGE_BYTES || utf8ByteLength(value(count)) <= PAGE_BYTES;
    };
    const left = encoded.length - at;
    // The most that fit: grow from the last page's count, then halve the gap.
    let low = Math.min(1, left);
    let high = Math.min(Math.max(guess, 1), left);
    while (high > low && fits(high) && high < left) {
      low = high;
      high = Math.min(left, high * 2);
    }
    if (high > low && fits(high)) low = high;
    else {
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (fits(middle)) low = middle;
        else high = middle;
      }
    }
    const count = low;
    lists.push({ members: entries.slice(at, at + count), value: value(count) });
    at += count;
    guess = Math.max(1, count);
    keep = [];
  } while (at < encoded.length);
  return lists;
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
  /**
   * A full read may use what this execution read and wrote last, when the state shows nobody
   * wrote since and it is younger than SNAPSHOT_MS: a drain reads the store once, then the state.
   */
  readonly reuse?: boolean;
}

/** A drain reads the whole store again at least this often (webhook properties edited by hand). */
const SNAPSHOT_MS = 60_000;

const QUOTA_ERROR = /property storage quota/i;

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
      return lock.withLock(LOCK_TIMEOUT_MS, () => runOnView(store, action, access));
    } catch (error) {
      if (!(error instanceof LockTimeoutError) || attempt >= tries) throw error;
    }
  }
}

/** The whole store: read, or this execution's snapshot when nobody wrote since it was taken. */
function readAll(store: KeyValueStore, access: OutboxAccess): Record<string, string> {
  const memory = memoryOf(store);
  const now = access.now;
  const snapshot = memory.snapshot;
  if (
    access.reuse &&
    snapshot !== null &&
    now !== undefined &&
    now - snapshot.readAt < SNAPSHOT_MS &&
    memory.state !== undefined &&
    store.get(STATE_KEY) === memory.state
  ) {
    return snapshot.properties;
  }
  const properties = store.getAll();
  memory.snapshot = now === undefined ? null : { properties, readAt: now };
  return properties;
}

function runOnView<T>(
  store: KeyValueStore,
  action: (view: OutboxView) => T,
  access: OutboxAccess,
): T {
  const { read, now } = access;
  let view =
    read === "lazy" ? OutboxView.lazy(store) : OutboxView.full(readAll(store, access), store);
  let result: T;
  try {
    result = action(view);
  } catch (error) {
    if (!(error instanceof NeedsFullRead) || view.isFull) throw error;
    view = OutboxView.full(readAll(store, { ...access, reuse: false }), store);
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
  // Every write counts: an execution knows nobody wrote since it did when the count is its own.
  view.setState({ ...view.state, rev: view.state.rev + 1 });
  const changes = view.changes();
  const { first, write, remove } = changes;
  // Should a write fail half-way, the snapshot no longer says what is stored.
  const memory = memoryOf(store);
  const snapshot = memory.snapshot;
  memory.snapshot = null;
  if (first.length > 0) store.delete(first);
  try {
    if (Object.keys(write).length > 0) store.setMany(write);
  } catch (error) {
    if (QUOTA_ERROR.test((error as Error).message))
      throw fullError(OutboxView.full(store.getAll()));
    throw error;
  }
  if (remove.length > 0) store.delete(remove);
  memory.snapshot = snapshot;
  keepSnapshot(store, view, changes);
  const state = write[STATE_KEY];
  view.remember(changes, state !== undefined && !(`${STATE_KEY}#1` in write) ? state : undefined);
  for (const effect of view.afterCommit) effect();
  return result;
}

/** The snapshot this execution holds, brought up to date with what it just wrote. */
function keepSnapshot(store: KeyValueStore, view: OutboxView, changes: OutboxChanges): void {
  const memory = memoryOf(store);
  const snapshot = memory.snapshot;
  if (snapshot === null) return;
  // A lazy write leaves a snapshot it did not read from behind: it is dropped.
  if (view.all !== snapshot.properties) {
    memory.snapshot = null;
    return;
  }
  const properties = { ...snapshot.properties, ...changes.write };
  for (const key of [...changes.first, ...changes.remove]) delete properties[key];
  memory.snapshot = { properties, readAt: snapshot.readAt };
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
