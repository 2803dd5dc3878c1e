// The project's installable triggers, kept across executions: what ScriptApp creates, lists and
// deletes, and what the project fires when virtual time or a document event reaches them.

import type { FiredEventType, TriggerSourceKind } from "./host";
import { nextFiring, type ClockSchedule } from "./trigger-schedule";

/** Apps Script allows 20 triggers per user per script. */
export const TRIGGER_LIMIT = 20;
export const TOO_MANY_TRIGGERS =
  "This script has too many triggers. Triggers must be deleted from the script before more can be added.";

export type TriggerEventType = "CLOCK" | FiredEventType;
export type TriggerSourceName = "CLOCK" | TriggerSourceKind;

export interface TriggerRecord {
  readonly uid: string;
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

export class TriggerRegistry {
  private readonly records: TriggerRecord[] = [];
  private sequence = 0;

  /** Adds a trigger, or returns Apps Script's error text when the limit is reached. */
  add(trigger: NewTrigger, now: number): TriggerRecord | string {
    if (this.records.length >= TRIGGER_LIMIT) return TOO_MANY_TRIGGERS;
    this.sequence += 1;
    const record: TriggerRecord = {
      ...trigger,
      // Apps Script's trigger ids are long decimal strings.
      uid: String(7_300_000_000_000 + this.sequence * 7919),
      createdAt: now,
      nextAt: trigger.schedule ? nextFiring(trigger.schedule, now, now) : undefined,
      firings: 0,
    };
    this.records.push(record);
    return record;
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

  /** In creation order. */
  list(): readonly TriggerRecord[] {
    return [...this.records];
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
