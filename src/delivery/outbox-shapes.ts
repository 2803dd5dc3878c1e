// Every outbox value read from Script Properties is checked by shape before use: a property edited
// by hand or cut short is set aside (and listed by showStatus), never trusted and never fatal.
import type { ChatMessage } from "../chat/message";
import type { DeadLetter, OutboxEntry, OutboxState, WebhookHealth } from "./outbox-types";
import { EMPTY_STATE } from "./outbox-types";

type Check<T> = { ok: true; value: T } | { ok: false; problem: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isCount = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 1e12;
const stringOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";
const timeOrNull = (v: unknown): v is number | null => v === null || isTime(v);

function checkMessage(v: unknown): v is ChatMessage {
  if (!isObject(v)) return false;
  const hasText = typeof v.text === "string" && v.text !== "";
  const hasCards = Array.isArray(v.cardsV2) && v.cardsV2.length > 0 && v.cardsV2.every(isObject);
  if (v.text !== undefined && typeof v.text !== "string") return false;
  if (v.cardsV2 !== undefined && !Array.isArray(v.cardsV2)) return false;
  if (v.fallbackText !== undefined && typeof v.fallbackText !== "string") return false;
  return hasText || hasCards;
}

/** The entry stored under `id`; the id is the property's, whatever the value says. */
export function checkEntry(v: unknown, id: string): Check<OutboxEntry> {
  if (!isObject(v)) return { ok: false, problem: "not an object" };
  const bad = (field: string): Check<OutboxEntry> => ({
    ok: false,
    problem: `field "${field}" is missing or of the wrong type`,
  });
  if (!checkMessage(v.message)) return bad("message");
  if (!stringOrNull(v.webhook)) return bad("webhook");
  if (!stringOrNull(v.threadKey) || (v.threadKey?.length ?? 0) > 4000) return bad("threadKey");
  if (
    v.replyOption !== null &&
    v.replyOption !== "fallbackToNewThread" &&
    v.replyOption !== "replyOrFail"
  )
    return bad("replyOption");
  if (typeof v.partsThreadKey !== "string" || v.partsThreadKey === "") return bad("partsThreadKey");
  if (!isTime(v.createdAt)) return bad("createdAt");
  if (!stringOrNull(v.dedupeKey)) return bad("dedupeKey");
  const coalesce = v.coalesce;
  if (
    coalesce !== null &&
    !(
      isObject(coalesce) &&
      typeof coalesce.group === "string" &&
      isCount(coalesce.after) &&
      coalesce.after >= 1
    )
  )
    return bad("coalesce");
  if (!isCount(v.partsSent) || v.partsSent > 1000) return bad("partsSent");
  if (!isCount(v.attempts)) return bad("attempts");
  if (!timeOrNull(v.firstAttemptAt)) return bad("firstAttemptAt");
  if (!isTime(v.nextAttemptAt)) return bad("nextAttemptAt");
  if (!timeOrNull(v.leaseUntil)) return bad("leaseUntil");
  if (!stringOrNull(v.lastError)) return bad("lastError");
  for (const flag of ["bestEffort", "batch", "solo"] as const) {
    if (v[flag] !== undefined && typeof v[flag] !== "boolean") return bad(flag);
  }
  return { ok: true, value: { ...(v as unknown as OutboxEntry), id } };
}

export function checkDeadLetter(v: unknown, id: string): Check<DeadLetter> {
  if (!isObject(v)) return { ok: false, problem: "not an object" };
  const entry = checkEntry(v.entry, id);
  if (!entry.ok) return { ok: false, problem: `its entry: ${entry.problem}` };
  if (typeof v.reason !== "string") return { ok: false, problem: `field "reason" is not text` };
  if (!isTime(v.deadAt)) return { ok: false, problem: `field "deadAt" is not a time` };
  return { ok: true, value: { entry: entry.value, reason: v.reason, deadAt: v.deadAt } };
}

function recordOf<T>(v: unknown, check: (item: unknown) => item is T): Record<string, T> | null {
  if (!isObject(v)) return null;
  const out: Record<string, T> = {};
  for (const [key, item] of Object.entries(v)) {
    if (!check(item)) return null;
    out[key] = item;
  }
  return out;
}

const isHealth = (v: unknown): v is WebhookHealth =>
  isObject(v) &&
  (v.state === "ok" || v.state === "failing") &&
  stringOrNull(v.lastError) &&
  timeOrNull(v.lastDeliveryAt);

const isLease = (v: unknown): v is { id: string; until: number } =>
  isObject(v) && typeof v.id === "string" && isTime(v.until);

const isTrigger = (v: unknown): v is { id: string; at: number } =>
  isObject(v) && typeof v.id === "string" && isTime(v.at);

/**
 * The state with every damaged field put back to its empty value; `damaged` names them. A damaged
 * counter only loses history; ids stay unique because the caller also looks at the stored keys.
 */
export function checkState(v: unknown): { state: OutboxState; damaged: string[] } {
  if (v === undefined) return { state: EMPTY_STATE, damaged: [] };
  if (!isObject(v)) return { state: EMPTY_STATE, damaged: ["the whole state"] };
  const damaged: string[] = [];
  const field = <T>(name: keyof OutboxState, value: T | null | undefined, empty: T): T => {
    if (value === null || value === undefined) {
      if (v[name] !== undefined) damaged.push(name);
      return empty;
    }
    return value;
  };
  const stats = isObject(v.stats) ? v.stats : undefined;
  const statsOk =
    stats !== undefined &&
    ["delivered", "retried", "dead", "notSentNoThread"].every((k) => isCount(stats[k])) &&
    (stats.dropped === undefined || isCount(stats.dropped)) &&
    timeOrNull(stats.lastDeliveryAt);
  const state: OutboxState = {
    nextSeq: field("nextSeq", isCount(v.nextSeq) && v.nextSeq >= 1 ? v.nextSeq : null, 1),
    rev: isCount(v.rev) ? v.rev : 0,
    spaces: field("spaces", recordOf(v.spaces, isTime), {}),
    waiting: field("waiting", recordOf(v.waiting, isCount), {}),
    held: recordOf(v.held, isTime) ?? {},
    webhooks: field("webhooks", recordOf(v.webhooks, isHealth), {}),
    drainer:
      v.drainer === null ? null : field("drainer", isLease(v.drainer) ? v.drainer : null, null),
    trigger:
      v.trigger === null ? null : field("trigger", isTrigger(v.trigger) ? v.trigger : null, null),
    backstop:
      isObject(v.backstop) && typeof v.backstop.id === "string" ? { id: v.backstop.id } : null,
    triggerProblem: typeof v.triggerProblem === "string" ? v.triggerProblem : null,
    storeBytes: isCount(v.storeBytes) ? v.storeBytes : null,
    storeMeasuredAt: isTime(v.storeMeasuredAt) ? v.storeMeasuredAt : null,
    stats: statsOk
      ? { ...(stats as unknown as OutboxState["stats"]), dropped: Number(stats.dropped ?? 0) }
      : field("stats", null, EMPTY_STATE.stats),
  };
  if (!statsOk && v.stats === undefined) damaged.push("stats");
  return { state, damaged };
}
