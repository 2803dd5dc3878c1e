// Chooses what goes out in one round: at most one request per space (Chat allows one per second,
// shared by every webhook of the space), the oldest due entry whose thread has nothing older still
// waiting, so order holds within a thread and a retrying entry holds back only its own thread.
import type { ChatMessage, ReplyOption } from "../chat/message";
import { planRequests } from "../chat/request";
import { resolveWebhook } from "../chat/webhook-property";
import type { WebhookUrl } from "../chat/webhook-url";
import { redactSecrets } from "../chat/webhook-url";
import { isExpectedError, type ChatNotificationsError } from "../errors";
import type { HttpRequest, PropertyReader } from "../ports";
import { batchBehind } from "./batch";
import { coalesceMessages } from "./coalesce";
import { RECORD_ROOM_BYTES, type OutboxView } from "./outbox-store";
import type { OutboxEntry } from "./outbox-types";

export interface PacingOptions {
  /** Between two requests to one space; Chat's quota is one per second. */
  readonly spaceIntervalMs: number;
  /** How long a claimed entry stays claimed; past it, an execution that died loses it. */
  readonly leaseMs: number;
  /** Send `requestId` (undocumented for webhooks; off by default). */
  readonly requestIds: boolean;
  /** One request carries several waiting messages of a lane (see batch.ts). */
  readonly batch: boolean;
}

function safePlan<T>(plan: (message: ChatMessage) => T, message: ChatMessage): T | null {
  try {
    return plan(message);
  } catch (error) {
    if (!isExpectedError(error)) throw error;
    return null;
  }
}

/** One request on its way. */
export interface Claim {
  /** The entry the request is for; its lease marks it as this execution's. */
  readonly entryId: string;
  /** Entries whose messages the request carries too (a coalesced burst or a batch), in order. */
  readonly carried: readonly string[];
  /** The carried entries are a batch: each stays its own notification if Chat refuses them. */
  readonly batched: boolean;
  readonly leaseUntil: number;
  readonly bestEffort: boolean;
  readonly webhook: string | null;
  readonly space: string;
  readonly request: HttpRequest;
  readonly replyOption: ReplyOption | undefined;
  readonly part: number;
  readonly partCount: number;
  /** The request leaves no earlier than this: its space's pacing slot, or its retry time. */
  readonly notBefore: number;
}

/** An entry that can never be sent as it is (its webhook is unset or invalid, or Chat's limits
 * cannot be met): it becomes a dead letter. */
export interface Unresolvable {
  readonly entryId: string;
  readonly reason: string;
}

const MAX_COALESCED = 50;
/** With no room to record an answer, nothing is sent; the store is looked at again this often. */
const NO_ROOM_RETRY_MS = 5 * 60_000;

type Resolved =
  | { ok: true; webhook: WebhookUrl }
  /** `error` is the webhook's own (WebhookPropertyError or WebhookUrlError): it quotes no secret. */
  | { ok: false; reason: string; error: ChatNotificationsError };

export function resolver(properties: PropertyReader) {
  const cache = new Map<string, Resolved>();
  return (name: string | null): Resolved => {
    const key = name ?? "";
    let resolved = cache.get(key);
    if (!resolved) {
      try {
        const webhook = resolveWebhook(name ?? undefined, properties);
        resolved = { ok: true, webhook };
      } catch (error) {
        // Only a webhook that is not set or not usable: anything else is a defect, and fails loudly.
        if (!isExpectedError(error)) throw error;
        resolved = { ok: false, reason: redactSecrets(error.message), error };
      }
      cache.set(key, resolved);
    }
    return resolved;
  };
}

/** Entries that must stay in order share a lane: a thread, or a space's unthreaded messages. */
function laneOf(entry: OutboxEntry, space: string): string {
  return entry.threadKey === null
    ? `space:${space}`
    : `thread:${space}:${entry.webhook ?? ""}:${entry.threadKey}`;
}

function isClaimed(entry: OutboxEntry, now: number): boolean {
  return entry.leaseUntil !== null && entry.leaseUntil > now;
}

export interface Round {
  readonly claims: Claim[];
  readonly unresolvable: Unresolvable[];
  /** Best-effort entries whose one chance passed (their sender died mid-send): dropped. */
  readonly expiredBestEffort: string[];
  /** Earliest time something not sent now becomes sendable; null when nothing waits. */
  readonly nextDueAt: number | null;
  /** Entries waiting per space, counted afresh. */
  readonly waiting: Record<string, number>;
  /** Something was due but the store has no room to record its answer, so it was not sent. */
  readonly noRoom: boolean;
}

/**
 * Picks this round's requests and claims them in `view` (the caller commits). With `peek`, changes
 * nothing: only `nextDueAt` and what would go are of interest. `roomBytes` is the store's free
 * room: each claim keeps RECORD_ROOM_BYTES of it for its answer.
 */
export function claimRound(
  view: OutboxView,
  now: number,
  options: PacingOptions,
  peek = false,
  roomBytes = Number.POSITIVE_INFINITY,
  /** The entries to consider, in acceptance order; a lazy view passes the ones it just accepted. */
  queued: readonly OutboxEntry[] = view.queued(),
  /** The entries were accepted in this very step: best-effort ones have their one chance now. */
  justAccepted = false,
  /**
   * Claims what is due this much later too: its request waits for its time after the claim is
   * stored (Claim.notBefore), so a drain's property calls overlap the pacing gap.
   */
  aheadMs = 0,
): Round {
  const resolve = resolver(view.scriptProperties);
  const lastRequest: Record<string, number> = { ...view.state.spaces };
  const blockedLanes = new Set<string>();
  const claims: Claim[] = [];
  const unresolvable: Unresolvable[] = [];
  const claimedIds = new Set<string>();
  const expiredBestEffort: string[] = [];
  const waiting: Record<string, number> = {};
  let room = roomBytes;
  let noRoom = false;
  let nextDueAt: number | null = null;
  const consider = (time: number) => {
    nextDueAt = nextDueAt === null ? time : Math.min(nextDueAt, time);
  };

  for (const [index, entry] of queued.entries()) {
    const resolved = resolve(entry.webhook);
    if (!resolved.ok) {
      unresolvable.push({ entryId: entry.id, reason: resolved.reason });
      continue;
    }
    const space = resolved.webhook.space;
    if (entry.bestEffort && !justAccepted && !isClaimed(entry, now)) {
      expiredBestEffort.push(entry.id);
      continue;
    }
    waiting[space] = (waiting[space] ?? 0) + 1;
    if (claimedIds.has(entry.id)) continue;
    const lane = laneOf(entry, space);
    if (blockedLanes.has(lane)) continue;
    blockedLanes.add(lane);
    if (isClaimed(entry, now)) {
      consider(entry.leaseUntil!);
      continue;
    }
    const slotAt = (lastRequest[space] ?? Number.NEGATIVE_INFINITY) + options.spaceIntervalMs;
    const dueAt = Math.max(entry.nextAttemptAt, slotAt);
    if (dueAt > now + aheadMs) {
      consider(dueAt);
      continue;
    }

    if (room < RECORD_ROOM_BYTES) {
      // Sent now, its answer could not be stored, and it would go again: look again later.
      noRoom = true;
      consider(now + NO_ROOM_RETRY_MS);
      continue;
    }
    // A burst: the entries right behind this one in its lane, of the same coalescing group, go in
    // one request with it; they leave the queue when it is delivered.
    let claimed = entry;
    let carried: OutboxEntry[] = [];
    if (entry.coalesce && entry.partsSent === 0) {
      const group = entry.coalesce.group;
      const followers = queued
        .slice(index + 1)
        .filter((other) => resolve(other.webhook).ok && laneOf(other, space) === lane);
      const burst: OutboxEntry[] = [];
      for (const other of followers) {
        if (other.coalesce?.group !== group || isClaimed(other, now) || other.nextAttemptAt > now) {
          break;
        }
        burst.push(other);
      }
      if (burst.length + 1 > entry.coalesce.after) {
        carried = burst.slice(0, MAX_COALESCED - 1);
        for (const other of carried) claimedIds.add(other.id);
        claimed = {
          ...entry,
          message: coalesceMessages([entry, ...carried].map((e) => e.message)),
          coalesce: null,
        };
      }
    }

    const plan = (message: ChatMessage) =>
      planRequests(resolved.webhook, message, {
        ...(entry.threadKey === null ? {} : { threadKey: entry.threadKey }),
        ...(entry.replyOption === null ? {} : { replyOption: entry.replyOption }),
        partsThreadKey: entry.partsThreadKey,
        ...(options.requestIds ? { requestId: entry.partsThreadKey } : {}),
      });
    // Otherwise, the waiting messages right behind it in its lane share its request.
    let batched = false;
    if (carried.length === 0 && options.batch) {
      const batch = batchBehind(
        entry,
        queued
          .slice(index + 1)
          .filter((other) => resolve(other.webhook).ok && laneOf(other, space) === lane),
        (other) =>
          !claimedIds.has(other.id) && !isClaimed(other, now) && other.nextAttemptAt <= now,
      );
      // One request, or it is not a batch: a message that needs parts goes alone.
      if (batch && safePlan(plan, batch.message)?.length === 1) {
        carried = batch.carried;
        for (const other of carried) claimedIds.add(other.id);
        claimed = { ...entry, message: batch.message };
        batched = true;
      }
    }

    let planned;
    try {
      planned = plan(claimed.message);
    } catch (error) {
      // A message Chat would refuse becomes a dead letter; a TypeError is a bug, never one.
      if (!isExpectedError(error)) throw error;
      unresolvable.push({ entryId: entry.id, reason: redactSecrets(error.message) });
      continue;
    }
    const part = planned[Math.min(entry.partsSent, planned.length - 1)]!;
    const leaseUntil = now + options.leaseMs;
    if (!peek) {
      view.putEntry({ ...entry, leaseUntil });
      for (const other of carried) view.putEntry({ ...other, leaseUntil });
    }
    room -= RECORD_ROOM_BYTES;
    claims.push({
      entryId: entry.id,
      carried: carried.map((e) => e.id),
      batched,
      leaseUntil,
      bestEffort: entry.bestEffort === true,
      webhook: entry.webhook,
      space,
      request: part.request,
      replyOption: part.replyOption,
      part: part.part,
      partCount: part.partCount,
      notBefore: dueAt,
    });
    lastRequest[space] = Math.max(now, dueAt);
  }

  if (claims.length > 0 && !peek) view.setState({ ...view.state, spaces: lastRequest });
  return { claims, unresolvable, expiredBestEffort, nextDueAt, waiting, noRoom };
}
