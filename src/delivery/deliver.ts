// The one delivery path. Every notification is first written to the outbox (Script Properties),
// then sent in rounds: claim under the script lock, send outside it (so other executions can queue
// meanwhile), record the answers under the lock again. What cannot go now is left to a one-shot
// `deliverOutbox` trigger, at most one pending, none while the queue is empty; one exists whenever
// something is queued or in flight, so an execution that dies at any point strands nothing.
import { DELIVER_OUTBOX } from "../triggers/handlers";
import { classifyAnswer } from "../chat/outcome";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../chat/retry-policy";
import { redactSecrets } from "../chat/webhook-url";
import {
  LockTimeoutError,
  type Clock,
  type HttpPort,
  type KeyValueStore,
  type Logger,
  type RandomSource,
  type ScriptLock,
  type TriggerPort,
} from "../ports";
import { utf8ByteLength } from "../chat/limits";
import { claimRound, resolver, type Claim, type PacingOptions } from "./claim";
import { encodeChunked } from "./chunked-json";
import { encodeEntry } from "./entry-codec";
import type { Notification } from "./notification";
import {
  ENTRY_PREFIX,
  entryId,
  fullError,
  hasSentInline,
  NeedsFullRead,
  noteSentInline,
  PAGE_BYTES,
  roomLeft,
  STORE_LIMIT_BYTES,
  STORE_RESERVE_BYTES,
  withOutbox,
  type OutboxView,
} from "./outbox-store";
import type { CoalesceOption, OutboxEntry, OutboxState } from "./outbox-types";
import { bury, drop, settle, type Settlement } from "./settle";

export interface DeliveryPorts {
  readonly store: KeyValueStore;
  readonly lock: ScriptLock;
  readonly http: HttpPort;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly triggers: TriggerPort;
}

export interface DeliveryOptions {
  readonly pacing: PacingOptions;
  readonly policy: RetryPolicy;
  /** A drain claims no new round after this long, well inside Apps Script's 6 minutes. */
  readonly drainBudgetMs: number;
  /** A drain waits in place for work due within this long; later work gets a trigger. */
  readonly maxIdleWaitMs: number;
  /** How long an accepted dedupe key refuses a repeat. */
  readonly dedupeWindowMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  // 1 s is Chat's quota; the margin absorbs clock and network jitter between executions.
  pacing: { spaceIntervalMs: 1020, leaseMs: 2 * 60_000, requestIds: false, batch: true },
  policy: DEFAULT_RETRY_POLICY,
  drainBudgetMs: 4 * 60_000,
  maxIdleWaitMs: 10_000,
  dedupeWindowMs: 24 * 60 * 60_000,
};

/** The recurring trigger that stands behind the one-shots while anything waits. */
const BACKSTOP_MINUTES = 5;
/** The outbox's triggers at most: the one-shot for the next due time and the recurring backstop. */
export const OUTBOX_TRIGGERS = 2;
/** A trigger whose time passed this long ago without a drain clearing it was lost. */
const LOST_TRIGGER_MS = 10 * 60_000;
/**
 * A drain claims a round this long before it is due, and sends when it is: the claim's lock and
 * property calls take about this long, so requests leave on their pacing slot, not after it.
 */
const CLAIM_AHEAD_MS = 250;
/** The earliest a one-shot trigger is asked to fire. */
const MIN_TRIGGER_DELAY_MS = 1000;

export interface Accepted {
  readonly notification: Notification;
  readonly dedupeKey?: string;
  readonly coalesce?: CoalesceOption;
  /** Send now if the pacing allows, once; never retried, never a dead letter. */
  readonly bestEffort?: boolean;
  /** false: never shares a request with other notifications. */
  readonly batch?: boolean;
}

export type Acceptance =
  | { readonly kind: "queued"; readonly id: string }
  | { readonly kind: "duplicate"; readonly dedupeKey: string }
  /** Best effort, and it could not go at once (or Chat did not take it): not kept. */
  | { readonly kind: "dropped" }
  /** Its webhook is unset or invalid: not accepted; the others of the batch are. */
  | { readonly kind: "refused"; readonly reason: string }
  /** The store had no room for it; a summary of what did not fit is queued when it can be. */
  | { readonly kind: "overflow" };

export interface DeliveryReport {
  readonly accepted: readonly Acceptance[];
  /** What happened to each accepted notification in this execution; absent: still queued. */
  readonly outcomes: Readonly<Record<string, Settlement>>;
  readonly rounds: number;
  readonly requests: number;
}

/** A short stable hash: dedupe keys (row ids, response ids) are kept small in the store. */
function hashKey(key: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function entryBytes(entry: OutboxEntry): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(
    encodeChunked(ENTRY_PREFIX + entry.id, encodeEntry(entry)),
  )) {
    bytes += utf8ByteLength(key) + utf8ByteLength(value);
  }
  return bytes;
}

function waitingWith(state: OutboxState, space: string, delta: number): OutboxState {
  return { ...state, waiting: { ...state.waiting, [space]: (state.waiting[space] ?? 0) + delta } };
}

function newEntry(
  id: string,
  item: Accepted,
  now: number,
  ports: DeliveryPorts,
  message = item.notification.message,
): OutboxEntry {
  const { notification } = item;
  return {
    id,
    webhook: notification.webhook ?? null,
    message,
    threadKey: notification.threadKey ?? null,
    replyOption: notification.replyOption ?? null,
    partsThreadKey: `${id}-${Math.floor(ports.random() * 2 ** 40).toString(36)}`,
    createdAt: now,
    dedupeKey: item.dedupeKey ?? null,
    coalesce: item.coalesce ?? null,
    partsSent: 0,
    attempts: 0,
    firstAttemptAt: null,
    nextAttemptAt: now,
    leaseUntil: null,
    lastError: null,
    ...(item.bestEffort ? { bestEffort: true } : {}),
    ...(item.batch === false ? { batch: false } : {}),
  };
}

interface AcceptResult {
  readonly accepted: Acceptance[];
  /** The spaces of what was queued without a thread key; `threaded`: some had one. */
  readonly spaces: ReadonlySet<string>;
  readonly threaded: boolean;
  /** Accepted entries of spaces that had nothing waiting: candidates to send at once. */
  readonly sendable: OutboxEntry[];
}

/**
 * Stages the items in `view`. What fits is accepted; a batch's overflow becomes one summary entry
 * so the space learns of it. Throws only when nothing at all was accepted (so a caller that retries
 * duplicates nothing).
 */
function accept(
  view: OutboxView,
  items: readonly Accepted[],
  now: number,
  ports: DeliveryPorts,
  options: DeliveryOptions,
): AcceptResult {
  const resolve = resolver(view.scriptProperties);
  const startRoom = roomLeft(view, now);
  if (startRoom === null) throw new NeedsFullRead();
  let room = startRoom;
  let seq = view.state.nextSeq;
  const nextId = (bytes: number) => {
    let id = entryId(seq++);
    // A state put back by hand could repeat an id. An entry in a page cannot overwrite anything
    // (a page's name has a random part, and a drain gives a repeated id a new one); one too large
    // for a page is stored under its id: never overwrite what is stored there.
    if (bytes > PAGE_BYTES) while (view.idTaken(id)) id = entryId(seq++);
    return id;
  };
  const accepted: Acceptance[] = [];
  const sendable: OutboxEntry[] = [];
  const idleSpaces = new Set<string>();
  const spaces = new Set<string>();
  let threaded = false;
  let overflow: Accepted[] = [];
  let state = view.state;
  const seen = new Set<string>();
  for (const item of items) {
    const resolved = resolve(item.notification.webhook ?? null);
    if (!resolved.ok) {
      // One notification alone (notify, a digest): its caller hears why at once.
      if (items.length === 1) throw resolved.error;
      accepted.push({ kind: "refused", reason: resolved.reason });
      continue;
    }
    const space = resolved.webhook.space;
    const hashed = item.dedupeKey === undefined ? undefined : hashKey(item.dedupeKey);
    if (hashed !== undefined && (seen.has(hashed) || view.dedupeUntil(hashed, now) !== null)) {
      accepted.push({ kind: "duplicate", dedupeKey: item.dedupeKey! });
      continue;
    }
    const idle = (state.waiting[space] ?? 0) === 0 || idleSpaces.has(space);
    if (item.bestEffort && !idle) {
      accepted.push({ kind: "dropped" });
      state = { ...state, stats: { ...state.stats, dropped: state.stats.dropped + 1 } };
      continue;
    }
    const entry = newEntry(entryId(seq), item, now, ports);
    const bytes = entryBytes(entry) + (hashed === undefined ? 0 : 40);
    if (bytes > room) {
      overflow.push(item);
      accepted.push({ kind: "overflow" });
      continue;
    }
    const placed = { ...entry, id: nextId(bytes) };
    room -= bytes;
    view.putEntry(placed);
    if (hashed !== undefined) {
      seen.add(hashed);
      view.putDedupe(hashed, now + options.dedupeWindowMs);
    }
    if (idle) {
      idleSpaces.add(space);
      sendable.push(placed);
    }
    state = waitingWith(state, space, 1);
    if (placed.threadKey === null) spaces.add(space);
    else threaded = true;
    accepted.push({ kind: "queued", id: placed.id });
  }
  const queued = accepted.some((a) => a.kind === "queued");
  if (overflow.length > 0) {
    if (!view.isFull) throw new NeedsFullRead();
    if (items.length === 1) throw fullError(view);
    // The reserve takes the summary: the space learns that something did not fit.
    const first = overflow[0]!;
    const summary = newEntry(entryId(seq), { ...first, bestEffort: false }, now, ports, {
      text:
        `⚠️ ${overflow.length} more notification(s) did not fit in the Chat outbox and were not ` +
        `sent: Script Properties are full. Run showStatus() in the script to see why.`,
    });
    const placed = { ...summary, id: nextId(entryBytes(summary)), dedupeKey: null, coalesce: null };
    if (entryBytes(placed) <= room + STORE_RESERVE_BYTES / 2) {
      view.putEntry(placed);
      const space = resolve(placed.webhook);
      if (space.ok) state = waitingWith(state, space.webhook.space, 1);
    } else if (!queued) {
      throw fullError(view);
    }
    ports.logger.error(
      fullError(view, `${overflow.length} notification(s) of this event were NOT accepted`).message,
    );
    overflow = [];
  }
  view.setState({ ...state, nextSeq: seq });
  return { accepted, sendable, spaces, threaded };
}

/** Per execution: the deliverOutbox triggers known to exist (listed once, then kept up to date). */
const knownTriggers = new WeakMap<DeliveryPorts, Set<string>>();

function existingTriggers(ports: DeliveryPorts): Set<string> {
  let known = knownTriggers.get(ports);
  if (!known) {
    known = new Set(ports.triggers.list(DELIVER_OUTBOX));
    knownTriggers.set(ports, known);
  }
  return known;
}

/**
 * Keeps the outbox's triggers in step with what waits (`wakeAt`; null: nothing queued or in
 * flight). While anything waits, a recurring backstop runs deliverOutbox every few minutes: a
 * one-shot that fired is spent even when its execution dies at once, and a trigger deleted by hand
 * is noticed. A one-shot wakes the queue sooner than the backstop would. A trigger that cannot be
 * made (the 20-trigger limit) is recorded for showStatus, never thrown.
 */
function scheduleWake(
  view: OutboxView,
  ports: DeliveryPorts,
  now: number,
  wakeAt: number | null,
  /** false: only the backstop is wanted (a send under way, should this execution die). */
  oneShot = true,
) {
  const { trigger, backstop } = view.state;
  const exists = (id: string) => existingTriggers(ports).has(id);
  const liveBackstop = backstop !== null && exists(backstop.id) ? backstop : null;
  const liveWake =
    trigger !== null && trigger.at >= now - LOST_TRIGGER_MS && exists(trigger.id) ? trigger : null;
  // A trigger goes only once the state that no longer needs it is stored.
  const deleteLater = (id: string) =>
    view.afterCommit.push(() => {
      try {
        ports.triggers.delete(id);
        existingTriggers(ports).delete(id);
      } catch (error) {
        ports.logger.warn(`Could not delete trigger ${id}: ${(error as Error).message}`);
      }
    });
  if (wakeAt === null) {
    if (liveWake) deleteLater(liveWake.id);
    if (liveBackstop) deleteLater(liveBackstop.id);
    if (trigger || backstop) view.setState({ ...view.state, trigger: null, backstop: null });
    return;
  }
  const create = (make: () => string): string | null => {
    try {
      const id = make();
      existingTriggers(ports).add(id);
      if (view.state.triggerProblem !== null)
        view.setState({ ...view.state, triggerProblem: null });
      return id;
    } catch (error) {
      const problem = redactSecrets((error as Error).message);
      ports.logger.error(
        `Could not create the deliverOutbox trigger (${problem}): queued notifications wait until ` +
          `one can be made. Delete a trigger you no longer need (Triggers page), or run deliverOutbox.`,
      );
      view.setState({ ...view.state, triggerProblem: problem });
      return null;
    }
  };
  if (!liveBackstop) {
    const id = create(() => ports.triggers.createEvery(DELIVER_OUTBOX, BACKSTOP_MINUTES));
    view.setState({ ...view.state, backstop: id === null ? null : { id } });
  }
  if (!oneShot) {
    if (trigger && !liveWake) view.setState({ ...view.state, trigger: null });
    return;
  }
  const afterMs = Math.max(MIN_TRIGGER_DELAY_MS, wakeAt - now);
  // Early enough already: a new trigger could not fire sooner.
  if (liveWake && liveWake.at <= now + afterMs) return;
  const id = create(() => ports.triggers.createOnce(DELIVER_OUTBOX, afterMs));
  if (id === null) return;
  view.setState({ ...view.state, trigger: { id, at: now + afterMs } });
  if (liveWake) deleteLater(liveWake.id);
}

interface RoundPlan {
  readonly claims: Claim[];
  /** Earliest time something not claimed now can go; null when nothing waits. */
  readonly nextDueAt: number | null;
  /** When a drain must look again: nextDueAt, or the end of a claim's lease. */
  readonly wakeAt: number | null;
}

/** Claims one round in a full view, buries what can never go, and recounts what waits. */
function claimInView(
  view: OutboxView,
  ports: DeliveryPorts,
  options: DeliveryOptions,
  now: number,
  peek = false,
): RoundPlan {
  const room = STORE_LIMIT_BYTES - (view.bytesAfterCommit() ?? STORE_LIMIT_BYTES);
  const round = claimRound(
    view,
    now,
    options.pacing,
    peek,
    room,
    undefined,
    false,
    peek ? 0 : CLAIM_AHEAD_MS,
  );
  if (!peek) {
    const ctx = { now, policy: options.policy, random: ports.random, logger: ports.logger };
    for (const { entryId: id, reason } of round.unresolvable) {
      const entry = view.entry(id);
      if (entry?.bestEffort) drop(view, entry, reason, ctx);
      else if (entry) bury(view, entry, reason, ctx);
    }
    for (const id of round.expiredBestEffort) {
      const entry = view.entry(id);
      if (entry) drop(view, entry, "its execution stopped before Chat answered", ctx);
    }
  }
  if (JSON.stringify(round.waiting) !== JSON.stringify(view.state.waiting)) {
    view.setState({ ...view.state, waiting: round.waiting });
  }
  const times = [round.nextDueAt, ...round.claims.map(() => now + options.pacing.leaseMs)];
  const known = times.filter((t): t is number => t !== null);
  return {
    claims: peek ? [] : round.claims,
    nextDueAt: peek && round.claims.length > 0 ? now : round.nextDueAt,
    wakeAt: peek && round.claims.length > 0 ? now : known.length > 0 ? Math.min(...known) : null,
  };
}

/** The wake-up time for whoever is not draining: a live drainer covers the queue until its end. */
function wakeUnlessDraining(view: OutboxView, now: number, wakeAt: number | null, me?: string) {
  const drainer = view.state.drainer;
  const otherDraining = drainer !== null && drainer.until > now && drainer.id !== me;
  return otherDraining && wakeAt !== null ? Math.max(wakeAt, drainer.until) : wakeAt;
}

function anyWaiting(state: OutboxState): boolean {
  return Object.values(state.waiting).some((count) => count > 0);
}

/** An answer must be recorded: wait for the lock longer than for anything else. */
const RECORD_LOCK_TRIES = 4;

/**
 * Sends a round and records the answers. `after` says what to do about what remains: keep the
 * trigger in step (the enqueue path, reading only what it needs), or only look when the next
 * round is due (a drain, which goes on).
 */
function sendClaims(
  ports: DeliveryPorts,
  options: DeliveryOptions,
  claims: readonly Claim[],
  after: "reschedule" | "peek",
): { settled: { entryId: string; settlement: Settlement }[]; nextDueAt: number | null } {
  // A round claimed ahead of its time waits for it here, outside the lock.
  const due = Math.max(...claims.map((claim) => claim.notBefore));
  if (due > ports.clock.now()) ports.clock.sleep(due - ports.clock.now());
  // Chat counts a request when it arrives, which is after the claim's lock and property calls:
  // the pacing stamp is the moment it leaves.
  const sentAt = ports.clock.now();
  const answers = ports.http.fetchAll(claims.map((claim) => claim.request));
  const now = ports.clock.now();
  const ctx = { now, policy: options.policy, random: ports.random, logger: ports.logger };
  return withOutbox(
    ports.store,
    ports.lock,
    (view) => {
      const spaces = { ...view.state.spaces };
      for (const claim of claims) spaces[claim.space] = Math.max(spaces[claim.space] ?? 0, sentAt);
      view.setState({ ...view.state, spaces });
      // A batch's carried notifications share its lead's fate.
      const settled = claims.flatMap((claim, index) => {
        const settlement = settle(
          view,
          claim,
          classifyAnswer(answers[index]!, claim.replyOption, now),
          ctx,
        );
        return [claim.entryId, ...claim.carried].map((entryId) => ({ entryId, settlement }));
      });
      if (after === "peek") {
        return { settled, nextDueAt: claimInView(view, ports, options, now, true).nextDueAt };
      }
      // What is left is due when its retry or its space's slot comes, at the latest.
      const retryAt = settled.some((s) => s.settlement === "retrying")
        ? Math.min(...claims.map((c) => view.entry(c.entryId)?.nextAttemptAt ?? now))
        : null;
      const wakeAt = anyWaiting(view.state)
        ? (retryAt ?? now + options.pacing.spaceIntervalMs)
        : null;
      scheduleWake(view, ports, now, wakeUnlessDraining(view, now, wakeAt));
      return { settled, nextDueAt: null };
    },
    { read: after === "peek" ? "full" : "lazy", lockTries: RECORD_LOCK_TRIES, now, reuse: true },
  );
}

/**
 * Accepts notifications into the outbox and sends at once what the pacing allows, without waiting:
 * the enqueue path of notify() and of trigger handlers. It reads only the keys it needs, so its
 * cost does not grow with the queue. Throws (accepting nothing) when nothing could be accepted;
 * once something is accepted, it never throws: what goes wrong later is logged, and the trigger
 * that exists by then delivers.
 */
export function acceptAndDeliver(
  ports: DeliveryPorts,
  options: DeliveryOptions,
  items: readonly Accepted[],
  /** Properties to write in the same step as the acceptance: both happen, or neither. */
  alsoStore: Readonly<Record<string, string>> = {},
): DeliveryReport {
  const now = ports.clock.now();
  const { accepted, claims } = withOutbox(
    ports.store,
    ports.lock,
    (view) => {
      const { accepted, sendable, spaces, threaded } = accept(view, items, now, ports, options);
      // A repeat accepted nothing, so what goes with it is not written either.
      if (accepted.some((a) => a.kind === "queued")) {
        for (const [key, value] of Object.entries(alsoStore)) view.putRaw(key, value);
      }
      const room = STORE_LIMIT_BYTES - (view.bytesAfterCommit() ?? STORE_LIMIT_BYTES);
      // An execution sends at once what it accepts the first time only: a loop of notify() calls
      // pays Chat's answer time once, and the rest goes in batches from the trigger. A best-effort
      // notification has no other chance.
      const inline = hasSentInline(ports.store) ? sendable.filter((e) => e.bestEffort) : sendable;
      const round = claimRound(view, now, options.pacing, false, room, inline, true);
      // A best-effort notification goes now or not at all.
      const claimed = new Set(round.claims.flatMap((c) => [c.entryId, ...c.carried]));
      for (const entry of sendable) {
        if (!entry.bestEffort || claimed.has(entry.id)) continue;
        view.removeEntry(entry.id);
        const space = resolver(view.scriptProperties)(entry.webhook);
        if (space.ok) view.setState(waitingWith(view.state, space.webhook.space, -1));
        view.setState({
          ...view.state,
          stats: { ...view.state.stats, dropped: view.state.stats.dropped + 1 },
        });
        const index = accepted.findIndex((a) => a.kind === "queued" && a.id === entry.id);
        accepted[index] = { kind: "dropped" };
      }
      const queuedNow = accepted.some((a) => a.kind === "queued");
      if (queuedNow || anyWaiting(view.state)) {
        // A trigger exists before anything is sent: if this execution dies mid-send, it delivers.
        // What is sent now needs only the backstop, should this execution die mid-send.
        const unsent = round.claims.length < sendable.length || items.length > sendable.length;
        // Not sooner than they can go: unthreaded ones wait behind a retry of their space's.
        const soonest = now + options.pacing.spaceIntervalMs;
        const wakeAt =
          threaded || spaces.size === 0
            ? soonest
            : Math.min(
                ...[...spaces].map((space) => Math.max(soonest, view.state.held[space] ?? soonest)),
              );
        scheduleWake(view, ports, now, wakeUnlessDraining(view, now, wakeAt), unsent);
      }
      return { accepted, claims: round.claims };
    },
    { read: "lazy", now },
  );
  const outcomes: Record<string, Settlement> = {};
  if (claims.length > 0) {
    noteSentInline(ports.store);
    try {
      const { settled } = sendClaims(ports, options, claims, "reschedule");
      for (const { entryId: id, settlement } of settled) outcomes[id] = settlement;
    } catch (error) {
      ports.logger.error(
        `Chat notification(s) ${claims.map((c) => c.entryId).join(", ")} were accepted, but ` +
          `recording Chat's answer failed (${redactSecrets((error as Error).message)}): the ` +
          `deliverOutbox trigger takes them up; one may show twice if Chat had taken it.`,
      );
    }
  }
  for (const [index, acceptance] of accepted.entries()) {
    if (acceptance.kind === "queued" && outcomes[acceptance.id] === "dropped") {
      accepted[index] = { kind: "dropped" };
    }
  }
  return { accepted, outcomes, rounds: claims.length > 0 ? 1 : 0, requests: claims.length };
}

/** Tries at the lock before a drain gives up its turn to a later trigger. */
const DRAIN_LOCK_TRIES = 2;
/** When a drain could not start, the next try comes this much later. */
const DRAIN_RETRY_MS = 60_000;

/**
 * Delivers what is queued, round after round at the pace Chat allows, until nothing is due soon or
 * the budget is spent; then leaves one trigger for what remains. Run by the deliverOutbox trigger.
 */
export function drainOutbox(
  ports: DeliveryPorts,
  options: DeliveryOptions,
  firedTriggerId?: string,
): DeliveryReport {
  try {
    return drain(ports, options, firedTriggerId);
  } catch (error) {
    // The fired trigger is spent; the backstop stands behind it, but a drain that could not even
    // start asks for a quicker try.
    try {
      ports.triggers.createOnce(DELIVER_OUTBOX, DRAIN_RETRY_MS);
    } catch (inner) {
      ports.logger.error(`Could not create a deliverOutbox trigger: ${(inner as Error).message}`);
    }
    if (error instanceof LockTimeoutError) {
      ports.logger.warn(`deliverOutbox: ${error.message}; it runs again in a minute`);
      return { accepted: [], outcomes: {}, rounds: 0, requests: 0 };
    }
    throw error;
  }
}

function drain(
  ports: DeliveryPorts,
  options: DeliveryOptions,
  firedTriggerId: string | undefined,
): DeliveryReport {
  const { clock } = ports;
  const startedAt = clock.now();
  const me = `d${startedAt.toString(36)}${Math.floor(ports.random() * 2 ** 32).toString(36)}`;
  const outcomes: Record<string, Settlement> = {};
  let rounds = 0;
  let requests = 0;
  const soon = (at: number | null, now: number): at is number =>
    at !== null && at - now <= options.maxIdleWaitMs && at - startedAt < options.drainBudgetMs;

  /** Stops draining: the trigger now covers what remains, from `wakeAt` (looked up if unknown). */
  const handOver = (view: OutboxView, now: number, wakeAt?: number | null) => {
    if (view.state.drainer?.id === me) view.setState({ ...view.state, drainer: null });
    const wake =
      wakeAt !== undefined ? wakeAt : claimInView(view, ports, options, now, true).wakeAt;
    scheduleWake(view, ports, now, wakeUnlessDraining(view, now, wake, me));
  };

  // A drain is alive until then, unless it renews.
  const until = startedAt + options.drainBudgetMs + options.pacing.leaseMs;

  const anotherDrains = withOutbox(
    ports.store,
    ports.lock,
    (view) => {
      // The fired one-shot is spent (the backstop stands behind it).
      if (firedTriggerId !== undefined && view.state.trigger?.id === firedTriggerId) {
        view.setState({ ...view.state, trigger: null });
      }
      const drainer = view.state.drainer;
      const otherDraining = drainer !== null && drainer.until > startedAt && drainer.id !== me;
      if (!otherDraining) view.setState({ ...view.state, drainer: { id: me, until } });
      const peek = claimInView(view, ports, options, startedAt, true);
      scheduleWake(view, ports, startedAt, wakeUnlessDraining(view, startedAt, peek.wakeAt, me));
      // One-shot triggers stay listed after they fire: once the state is stored, remove the ones
      // the outbox does not know of (this one, or one left by an execution that died mid-way).
      const keep = new Set([view.state.trigger?.id, view.state.backstop?.id]);
      const stale = [...existingTriggers(ports)].filter((id) => !keep.has(id));
      view.afterCommit.push(() => {
        for (const id of stale) {
          ports.triggers.delete(id);
          existingTriggers(ports).delete(id);
        }
      });
      // Expired dedupe keys take room; a few go with every drain.
      for (const key of view.expiredDedupeKeys(startedAt, 50)) view.removeKey(key);
      // A queue that waits (Chat down) is gathered into full pages: less room, fewer deletions.
      view.repack(startedAt);
      return otherDraining;
    },
    { read: "full", lockTries: DRAIN_LOCK_TRIES, now: startedAt },
  );
  if (anotherDrains) return { accepted: [], outcomes, rounds, requests };

  for (;;) {
    const now = clock.now();
    if (now - startedAt >= options.drainBudgetMs) {
      withOutbox(ports.store, ports.lock, (view) => handOver(view, now), {
        read: "full",
        lockTries: RECORD_LOCK_TRIES,
        now,
        reuse: true,
      });
      break;
    }
    const plan = withOutbox(
      ports.store,
      ports.lock,
      (view) => {
        const plan = claimInView(view, ports, options, now);
        if (plan.claims.length === 0 && !soon(plan.nextDueAt, now)) {
          // Nothing was claimed, so the round already knows when anything is next due.
          handOver(view, now, plan.wakeAt);
        } else {
          if (view.state.drainer?.id !== me) {
            view.setState({ ...view.state, drainer: { id: me, until } });
          }
          // While draining, the backstop alone stands by, in case this execution dies.
          scheduleWake(view, ports, now, until);
        }
        return plan;
      },
      { read: "full", lockTries: RECORD_LOCK_TRIES, now, reuse: true },
    );
    if (plan.claims.length === 0) {
      if (!soon(plan.nextDueAt, now)) break;
      clock.sleep(Math.max(1, plan.nextDueAt - CLAIM_AHEAD_MS - now));
      continue;
    }
    rounds++;
    requests += plan.claims.length;
    const { settled, nextDueAt } = sendClaims(ports, options, plan.claims, "peek");
    for (const { entryId: id, settlement } of settled) outcomes[id] = settlement;
    // Sleep to the next round here, so that its claim finds it due at once.
    const after = clock.now();
    if (soon(nextDueAt, after) && nextDueAt - CLAIM_AHEAD_MS > after) {
      clock.sleep(nextDueAt - CLAIM_AHEAD_MS - after);
    }
  }
  return { accepted: [], outcomes, rounds, requests };
}
