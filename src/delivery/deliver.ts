// The one delivery path. Every notification is first written to the outbox (Script Properties),
// then sent in rounds: claim under the script lock, send outside it (so other executions can queue
// meanwhile), record the answers under the lock again. What cannot go now is left to a one-shot
// `deliverOutbox` trigger, at most one pending, none while the queue is empty.
import { classifyAnswer } from "../chat/outcome";
import { resolveWebhook } from "../chat/webhook-property";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../chat/retry-policy";
import type {
  Clock,
  HttpPort,
  KeyValueStore,
  Logger,
  RandomSource,
  ScriptLock,
  TriggerPort,
} from "../ports";
import { claimRound, type Claim, type PacingOptions } from "./claim";
import type { Notification } from "./notification";
import { checkCapacity, entryId, withOutbox, type OutboxView } from "./outbox-store";
import type { CoalesceOption, OutboxEntry } from "./outbox-types";
import { bury, settle, type Settlement } from "./settle";

export const DELIVER_OUTBOX_HANDLER = "deliverOutbox";

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
  pacing: { spaceIntervalMs: 1020, leaseMs: 2 * 60_000, requestIds: false },
  policy: DEFAULT_RETRY_POLICY,
  drainBudgetMs: 4 * 60_000,
  maxIdleWaitMs: 10_000,
  dedupeWindowMs: 24 * 60 * 60_000,
};

/** A trigger whose time passed this long ago without a drain clearing it was lost. */
const LOST_TRIGGER_MS = 10 * 60_000;
/** The earliest a one-shot trigger is asked to fire. */
const MIN_TRIGGER_DELAY_MS = 1000;

export interface Accepted {
  readonly notification: Notification;
  readonly dedupeKey?: string;
  readonly coalesce?: CoalesceOption;
}

export type Acceptance =
  | { readonly kind: "queued"; readonly id: string }
  | { readonly kind: "duplicate"; readonly dedupeKey: string };

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

function accept(
  view: OutboxView,
  items: readonly Accepted[],
  now: number,
  ports: DeliveryPorts,
  options: DeliveryOptions,
): Acceptance[] {
  const dedupe: Record<string, number> = {};
  for (const [key, until] of Object.entries(view.state.dedupe))
    if (until > now) dedupe[key] = until;
  let seq = view.state.nextSeq;
  const accepted: Acceptance[] = [];
  for (const item of items) {
    // An unset or invalid webhook is the caller's to fix: refuse now, rather than keep a dead letter.
    resolveWebhook(item.notification.webhook ?? undefined, view.scriptProperties);
    if (item.dedupeKey !== undefined) {
      const hashed = hashKey(item.dedupeKey);
      if (dedupe[hashed] !== undefined) {
        accepted.push({ kind: "duplicate", dedupeKey: item.dedupeKey });
        continue;
      }
      dedupe[hashed] = now + options.dedupeWindowMs;
    }
    const id = entryId(seq++);
    const { notification } = item;
    const entry: OutboxEntry = {
      id,
      webhook: notification.webhook ?? null,
      message: notification.message,
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
    };
    view.putEntry(entry);
    accepted.push({ kind: "queued", id });
  }
  view.setState({ ...view.state, nextSeq: seq, dedupe });
  checkCapacity(view);
  return accepted;
}

/** Keeps exactly one pending deliverOutbox trigger, early enough for `wakeAt`; none for null. */
function scheduleWake(view: OutboxView, ports: DeliveryPorts, now: number, wakeAt: number | null) {
  const current = view.state.trigger;
  if (wakeAt === null) {
    if (current) {
      ports.triggers.delete(current.id);
      view.setState({ ...view.state, trigger: null });
    }
    return;
  }
  const afterMs = Math.max(MIN_TRIGGER_DELAY_MS, wakeAt - now);
  const lost = current !== null && current.at < now - LOST_TRIGGER_MS;
  // Early enough already: a new trigger could not fire sooner.
  if (current && !lost && current.at <= now + afterMs) return;
  if (current) ports.triggers.delete(current.id);
  const id = ports.triggers.createOnce(DELIVER_OUTBOX_HANDLER, afterMs);
  view.setState({ ...view.state, trigger: { id, at: now + afterMs } });
}

interface RoundPlan {
  readonly claims: Claim[];
  /** Earliest time something not claimed now can go; null when nothing waits. */
  readonly nextDueAt: number | null;
  /** When a drain must look again: nextDueAt, or the end of a claim's lease. */
  readonly wakeAt: number | null;
}

/** Claims one round in `view` and buries what can never go. */
function claimInView(
  view: OutboxView,
  ports: DeliveryPorts,
  options: DeliveryOptions,
  now: number,
  peek = false,
): RoundPlan {
  const round = claimRound(view, now, options.pacing, peek);
  if (!peek) {
    const ctx = { now, policy: options.policy, random: ports.random, logger: ports.logger };
    for (const { entryId: id, reason } of round.unresolvable) {
      const entry = view.entry(id);
      if (entry) bury(view, entry, reason, ctx);
    }
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

/**
 * Sends a round and records the answers. `after` says what to do about what remains: reschedule
 * the trigger (the enqueue path), or only look when the next round is due (a drain, which goes on).
 */
function sendClaims(
  ports: DeliveryPorts,
  options: DeliveryOptions,
  claims: readonly Claim[],
  after: "reschedule" | "peek",
): { settled: { entryId: string; settlement: Settlement }[]; nextDueAt: number | null } {
  const answers = ports.http.fetchAll(claims.map((claim) => claim.request));
  const now = ports.clock.now();
  const ctx = { now, policy: options.policy, random: ports.random, logger: ports.logger };
  return withOutbox(ports.store, ports.lock, (view) => {
    const settled = claims.map((claim, index) => ({
      entryId: claim.entryId,
      settlement: settle(view, claim, classifyAnswer(answers[index]!, claim.replyOption, now), ctx),
    }));
    const plan = claimInView(view, ports, options, now, true);
    if (after === "reschedule") {
      scheduleWake(view, ports, now, wakeUnlessDraining(view, now, plan.wakeAt));
    }
    return { settled, nextDueAt: plan.nextDueAt };
  });
}

/**
 * Accepts notifications into the outbox and sends at once what the pacing allows, without waiting:
 * the enqueue path of notify() and of trigger handlers. Throws (and accepts nothing) when the
 * outbox is full or its lock cannot be had.
 */
export function acceptAndDeliver(
  ports: DeliveryPorts,
  options: DeliveryOptions,
  items: readonly Accepted[],
  /** Properties to write in the same step as the acceptance: both happen, or neither. */
  alsoStore: Readonly<Record<string, string>> = {},
): DeliveryReport {
  const now = ports.clock.now();
  const { accepted, plan } = withOutbox(ports.store, ports.lock, (view) => {
    const accepted = accept(view, items, now, ports, options);
    // A repeat accepted nothing, so what goes with it is not written either.
    if (accepted.some((a) => a.kind === "queued")) {
      for (const [key, value] of Object.entries(alsoStore)) view.putRaw(key, value);
    }
    const plan = claimInView(view, ports, options, now);
    // What is sent now is rescheduled, if need be, once its answer is in: a trigger per notify
    // would cost more service calls than the send.
    if (plan.nextDueAt !== null || plan.claims.length === 0) {
      scheduleWake(view, ports, now, wakeUnlessDraining(view, now, plan.nextDueAt));
    }
    return { accepted, plan };
  });
  const outcomes: Record<string, Settlement> = {};
  if (plan.claims.length > 0) {
    const { settled } = sendClaims(ports, options, plan.claims, "reschedule");
    for (const { entryId: id, settlement } of settled) outcomes[id] = settlement;
  }
  return {
    accepted,
    outcomes,
    rounds: plan.claims.length > 0 ? 1 : 0,
    requests: plan.claims.length,
  };
}

/**
 * Delivers what is queued, round after round at the pace Chat allows, until nothing is due soon or
 * the budget is spent; then leaves one trigger for what remains. Run by the deliverOutbox trigger.
 */
export function drainOutbox(
  ports: DeliveryPorts,
  options: DeliveryOptions,
  firedTriggerId?: string,
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

  // While draining, the only trigger is a watchdog for the case this execution dies.
  const until = startedAt + options.drainBudgetMs + options.pacing.leaseMs;

  const anotherDrains = withOutbox(ports.store, ports.lock, (view) => {
    if (firedTriggerId !== undefined) {
      // One-shot triggers stay listed after they fire: remove this one so it is not counted, and
      // any other the outbox does not know of (left by an execution that failed mid-way).
      for (const id of ports.triggers.list(DELIVER_OUTBOX_HANDLER)) {
        if (id === firedTriggerId || id !== view.state.trigger?.id) ports.triggers.delete(id);
      }
      if (view.state.trigger?.id === firedTriggerId) {
        view.setState({ ...view.state, trigger: null });
      }
    }
    const drainer = view.state.drainer;
    if (drainer !== null && drainer.until > startedAt) {
      scheduleWake(view, ports, startedAt, drainer.until);
      return true;
    }
    return false;
  });
  if (anotherDrains) return { accepted: [], outcomes, rounds, requests };

  for (;;) {
    const now = clock.now();
    if (now - startedAt >= options.drainBudgetMs) {
      withOutbox(ports.store, ports.lock, (view) => handOver(view, now));
      break;
    }
    const plan = withOutbox(ports.store, ports.lock, (view) => {
      const plan = claimInView(view, ports, options, now);
      if (plan.claims.length === 0 && !soon(plan.nextDueAt, now)) {
        // Nothing was claimed, so the round already knows when anything is next due.
        handOver(view, now, plan.wakeAt);
      } else {
        if (view.state.drainer?.id !== me) {
          view.setState({ ...view.state, drainer: { id: me, until } });
        }
        scheduleWake(view, ports, now, until);
      }
      return plan;
    });
    if (plan.claims.length === 0) {
      if (!soon(plan.nextDueAt, now)) break;
      clock.sleep(plan.nextDueAt - now);
      continue;
    }
    rounds++;
    requests += plan.claims.length;
    const { settled, nextDueAt } = sendClaims(ports, options, plan.claims, "peek");
    for (const { entryId: id, settlement } of settled) outcomes[id] = settlement;
    // Sleep to the next round here, so that its claim finds it due at once.
    const after = clock.now();
    if (soon(nextDueAt, after) && nextDueAt > after) clock.sleep(nextDueAt - after);
  }
  return { accepted: [], outcomes, rounds, requests };
}
