// Chooses what goes out in one round: at most one request per space (Chat allows one per second,
// shared by every webhook of the space), the oldest due entry whose thread has nothing older still
// waiting, so order holds within a thread and a retrying entry holds back only its own thread.
import type { ReplyOption } from "../chat/message";
import { planRequests } from "../chat/request";
import { resolveWebhook } from "../chat/webhook-property";
import type { WebhookUrl } from "../chat/webhook-url";
import { redactSecrets } from "../chat/webhook-url";
import type { HttpRequest, PropertyReader } from "../ports";
import { coalesceMessages } from "./coalesce";
import type { OutboxView } from "./outbox-store";
import type { OutboxEntry } from "./outbox-types";

export interface PacingOptions {
  /** Between two requests to one space; Chat's quota is one per second. */
  readonly spaceIntervalMs: number;
  /** How long a claimed entry stays claimed; past it, an execution that died loses it. */
  readonly leaseMs: number;
  /** Send `requestId` (undocumented for webhooks; off by default). */
  readonly requestIds: boolean;
}

/** One request on its way. */
export interface Claim {
  readonly entryId: string;
  readonly webhook: string | null;
  readonly space: string;
  readonly request: HttpRequest;
  readonly replyOption: ReplyOption | undefined;
  readonly part: number;
  readonly partCount: number;
}

/** An entry that can never be sent as it is (its webhook is unset or invalid, or Chat's limits
 * cannot be met): it becomes a dead letter. */
export interface Unresolvable {
  readonly entryId: string;
  readonly reason: string;
}

const MAX_COALESCED = 50;

type Resolved = { ok: true; webhook: WebhookUrl } | { ok: false; reason: string };

function resolver(properties: PropertyReader) {
  const cache = new Map<string, Resolved>();
  return (name: string | null): Resolved => {
    const key = name ?? "";
    let resolved = cache.get(key);
    if (!resolved) {
      try {
        const webhook = resolveWebhook(name ?? undefined, properties);
        resolved = { ok: true, webhook };
      } catch (error) {
        resolved = { ok: false, reason: redactSecrets((error as Error).message) };
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
  /** Earliest time something not sent now becomes sendable; null when nothing waits. */
  readonly nextDueAt: number | null;
}

/**
 * Picks this round's requests and claims them in `view` (the caller commits). With `peek`, changes
 * nothing: only `nextDueAt` and what would go are of interest.
 */
export function claimRound(
  view: OutboxView,
  now: number,
  options: PacingOptions,
  peek = false,
): Round {
  const resolve = resolver(view.scriptProperties);
  const lastRequest: Record<string, number> = { ...view.state.spaces };
  const blockedLanes = new Set<string>();
  const claims: Claim[] = [];
  const unresolvable: Unresolvable[] = [];
  const claimedIds = new Set<string>();
  let nextDueAt: number | null = null;
  const consider = (time: number) => {
    nextDueAt = nextDueAt === null ? time : Math.min(nextDueAt, time);
  };

  const queued = view.queued();
  for (const [index, entry] of queued.entries()) {
    if (claimedIds.has(entry.id)) continue;
    const resolved = resolve(entry.webhook);
    if (!resolved.ok) {
      unresolvable.push({ entryId: entry.id, reason: resolved.reason });
      continue;
    }
    const space = resolved.webhook.space;
    const lane = laneOf(entry, space);
    if (blockedLanes.has(lane)) continue;
    blockedLanes.add(lane);
    if (isClaimed(entry, now)) {
      consider(entry.leaseUntil!);
      continue;
    }
    const slotAt = (lastRequest[space] ?? Number.NEGATIVE_INFINITY) + options.spaceIntervalMs;
    const dueAt = Math.max(entry.nextAttemptAt, slotAt);
    if (dueAt > now) {
      consider(dueAt);
      continue;
    }

    // A burst: the entries right behind this one in its lane, of the same coalescing group, become
    // one entry in this one's place.
    let claimed = entry;
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
        const carried = [entry, ...burst].slice(0, MAX_COALESCED);
        for (const other of carried.slice(1)) {
          claimedIds.add(other.id);
          if (!peek) view.removeEntry(other.id);
        }
        claimed = {
          ...entry,
          message: coalesceMessages(carried.map((e) => e.message)),
          coalesce: null,
        };
      }
    }

    let planned;
    try {
      planned = planRequests(resolved.webhook, claimed.message, {
        ...(entry.threadKey === null ? {} : { threadKey: entry.threadKey }),
        ...(entry.replyOption === null ? {} : { replyOption: entry.replyOption }),
        partsThreadKey: entry.partsThreadKey,
        ...(options.requestIds ? { requestId: entry.partsThreadKey } : {}),
      });
    } catch (error) {
      if (!peek) view.putEntry(claimed);
      unresolvable.push({ entryId: entry.id, reason: redactSecrets((error as Error).message) });
      continue;
    }
    const part = planned[Math.min(entry.partsSent, planned.length - 1)]!;
    if (!peek) view.putEntry({ ...claimed, leaseUntil: now + options.leaseMs });
    claims.push({
      entryId: entry.id,
      webhook: entry.webhook,
      space,
      request: part.request,
      replyOption: part.replyOption,
      part: part.part,
      partCount: part.partCount,
    });
    lastRequest[space] = now;
  }

  if (claims.length > 0 && !peek) view.setState({ ...view.state, spaces: lastRequest });
  return { claims, unresolvable, nextDueAt };
}
