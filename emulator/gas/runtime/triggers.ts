// The project's installable triggers, kept across executions: what ScriptApp creates, lists and
// deletes, and what the project fires when virtual time or a document event reaches them.

import type { FiredEventType, TriggerSourceKind } from "./host";
import { seededRandom } from "../../seeded-random";
import { nextFiring, type ClockSchedule } from "./trigger-schedule";

/** Apps Script allows 20 triggers per user per script ([quotas]: "20 / user / script"). */
export const TRIGGER_LIMIT = 20;
export const TOO_MANY_TRIGGERS =
  "This script has too many triggers. Triggers must be deleted from the script before more can be added.";

export type TriggerEventType = "CLOCK" | FiredEventType;
export type TriggerSourceName = "CLOCK" | TriggerSourceKind;

export interface TriggerRecord {
  readonly uid: string;
  /** The account that created it: it runs as them, and only they see it (getProjectTriggers). */
  readonly owner: string;
  readonly handler: string;
  readonly eventType: TriggerEventType;
  readonly source: TriggerSourceName;
  /** The spreadsheet or form id; null for time-driven triggers. */
  readonly sourceId: string | null;
  readonly schedule?: ClockSchedule;
  readonly createdAt: number;
  /** Next firing in virtual time; undefined once a one-shot trigger has fired. */
  nextAt: number | undefined;
  firings: number;
}

export type NewTrigger = Omit<TriggerRecord, "uid" | "createdAt" | "nextAt" | "firings">;

/**
 * How late one-shot (after/at) triggers fire: Google documents after() as a minimum ("won't be
 * less than your specified minimum"); the spread is the emulator's ([ours]): exponential with this
 * mean, capped, never early.
 */
export interface LateOneShots {
  readonly meanMs: number;
  readonly maxMs: number;
  readonly seed?: number;
}

export const TYPICAL_LATENESS: LateOneShots = { meanMs: 20_000, maxMs: 180_000 };

function latenessOf(late: LateOneShots | false | undefined): () => number {
  if (!late) return () => 0;
  if (!(late.meanMs >= 0 && late.maxMs >= 0)) {
    throw new RangeError("late one-shot triggers need meanMs and maxMs >= 0");
  }
  const random = seededRandom((late.seed ?? 1) ^ 0x1a7e);
  return () => Math.min(late.maxMs, Math.round(-late.meanMs * Math.log(1 - random())));
}

export class TriggerRegistry {
  private readonly records: TriggerRecord[] = [];
  private sequence = 0;
  private readonly lateness: () => number;

  constructor(late?: LateOneShots | false) {
    this.lateness = latenessOf(late);
  }

  /** Adds a trigger, or returns Apps Script's error text when the limit is reached. */
  add(trigger: NewTrigger, now: number): TriggerRecord | string {
    if (this.ownedBy(trigger.owner).length >= TRIGGER_LIMIT) return TOO_MANY_TRIGGERS;
    this.sequence += 1;
    const record: TriggerRecord = {
      ...trigger,
      // Apps Script's trigger ids are long decimal strings.
      uid: String(7_300_000_000_000 + this.sequence * 7919),
      createdAt: now,
      nextAt: this.firstFiring(trigger.schedule, now),
      firings: 0,
    };
    this.records.push(record);
    return record;
  }

  private firstFiring(schedule: ClockSchedule | undefined, now: number): number | undefined {
    if (!schedule) return undefined;
    if (schedule.kind === "once") return Math.max(schedule.at, now) + this.lateness();
    return nextFiring(schedule, now, now);
  }

  remove(uid: string): boolean {
    const index = this.records.findIndex((record) => record.uid === uid);
    if (index === -1) return false;
    this.records.splice(index, 1);
    return true;
  }

  get(uid: string): TriggerRecord | undefined {
    return this.records.find((record) => record.uid === uid);
  }

  /** Every user's, in creation order. */
  list(): readonly TriggerRecord[] {
    return [...this.records];
  }

  /** One user's, in creation order: what getProjectTriggers() shows them. */
  ownedBy(owner: string): TriggerRecord[] {
    return this.records.filter((record) => record.owner === owner);
  }

  /** The time-driven trigger due first (creation order breaks ties), if any is due by `until`. */
  nextDue(until: number): TriggerRecord | undefined {
    let best: TriggerRecord | undefined;
    for (const record of this.records) {
      if (record.nextAt === undefined || record.nextAt > until) continue;
      if (!best || record.nextAt < (best.nextAt as number)) best = record;
    }
    return best;
  }

  /** One-shot triggers that have not fired yet. */
  pendingOneShots(): TriggerRecord[] {
    return this.records.filter(
      (record) => record.schedule?.kind === "once" && record.nextAt !== undefined,
    );
  }

  /**
   * Records a firing and schedules the next one after `now`. A fired one-shot trigger stays
   * listed (and counts towards the limit) until the script deletes it, as in Apps Script.
   */
  markFired(record: TriggerRecord, now: number): void {
    record.firings += 1;
    record.nextAt = record.schedule
      ? nextFiring(record.schedule, record.createdAt, now)
      : undefined;
  }

  matching(
    source: { kind: TriggerSourceKind; id: string },
    eventType: FiredEventType,
  ): TriggerRecord[] {
    return this.records.filter(
      (record) =>
        record.source === source.kind &&
        record.sourceId === source.id &&
        record.eventType === eventType,
    );
  }
}
