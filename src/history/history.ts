// The history: one row per notification in a log sheet, so the people who own the spreadsheet can
// see what was sent, when, and what went wrong. It is fed from what the outbox already reports
// (acceptances and outcomes), never from the outbox's storage, and is written once per execution
// (a drain's outcomes, however many rounds, in one write). It holds no webhook URL: only the space.
import { parseWebhookUrl } from "../chat/webhook-url";
import { DEFAULT_WEBHOOK_PROPERTY } from "../chat/webhook-property";
import type { Accepted, DeliveryReport } from "../delivery/deliver";
import { OutboxView } from "../delivery/outbox-store";

export const DEFAULT_HISTORY_SHEET = "Chat log";
export const DEFAULT_HISTORY_ROWS = 500;

export const HISTORY_HEADERS = [
  "Accepted",
  "Notification",
  "Rule",
  "Space",
  "Thread key",
  "Outcome",
  "Reason",
  "Delivered",
] as const;

export type HistoryOutcome =
  | "queued"
  | "delivered"
  | "retrying"
  | "dead letter"
  | "dropped"
  | "duplicate"
  /** Sent inside an earlier notification's message (coalesce): that row says how it went. */
  | "coalesced";

export interface HistoryRow {
  /** Milliseconds since the epoch. */
  readonly acceptedAt: number;
  /** The outbox entry id; "" for a duplicate, which was not accepted. */
  readonly id: string;
  readonly rule: string;
  /** "spaces/AAAA…", never the URL. */
  readonly space: string;
  readonly threadKey: string;
  readonly outcome: HistoryOutcome | string;
  readonly reason: string;
  readonly deliveredAt: number | null;
}

/** A later outcome of a row already written (by id). */
export interface HistoryUpdate {
  readonly id: string;
  readonly outcome: HistoryOutcome | string;
  readonly reason: string;
  readonly deliveredAt: number | null;
}

/** The log sheet; each method is one write to it. */
export interface HistoryLog {
  append(rows: readonly HistoryRow[]): void;
  /**
   * Rows whose id is not in the log any more (trimmed) are appended with what is known. Rows
   * still queued or retrying that no update names are passed to `settledElsewhere`, which says
   * how they ended if the outbox no longer holds them.
   */
  update(
    updates: readonly HistoryUpdate[],
    settledElsewhere: (id: string) => HistoryUpdate | null,
  ): void;
}

/** Outcomes a later drain may still change. */
export const PENDING_OUTCOMES: readonly string[] = ["queued", "retrying"];

export const COALESCED_REASON = "sent inside an earlier notification's message (a coalesced burst)";

/**
 * A pending row whose entry is neither queued nor a dead letter any more was taken into another
 * entry's message when a burst was coalesced (the outbox reports only that entry's outcome).
 */
export function coalescedUpdate(
  id: string,
  properties: Readonly<Record<string, string>>,
): HistoryUpdate | null {
  const view = new OutboxView(properties);
  if (view.entry(id) || view.deadLetters().some((letter) => letter.entry.id === id)) return null;
  return { id, outcome: "coalesced", reason: COALESCED_REASON, deliveredAt: null };
}

/** Who asked for a notification, for the Rule column: a rule's name, or notify(). */
export type Named = Accepted & { readonly rule?: string };

/** Settlements the outbox reports (src/delivery/settle.ts) -> what the log says. */
function outcomeOf(settlement: string | undefined): HistoryOutcome | string {
  switch (settlement) {
    case undefined:
    case "part-delivered":
      return "queued";
    case "delivered":
      return "delivered";
    case "retrying":
      return "retrying";
    case "dead-letter":
      return "dead letter";
    case "not-sent-no-thread":
      return "dropped";
    default:
      return settlement;
  }
}

function reasonOf(outcome: string, id: string, view: OutboxView | null): string {
  if (outcome === "dropped") return "replyOrFail: no thread to reply in";
  if (view === null) return "";
  if (outcome === "dead letter") {
    return view.deadLetters().find((letter) => letter.entry.id === id)?.reason ?? "";
  }
  if (outcome === "retrying") return view.entry(id)?.lastError ?? "";
  return "";
}

/** Whether the reasons must be looked up in the outbox (one read of the Script Properties). */
export function needsReasons(report: DeliveryReport): boolean {
  return Object.values(report.outcomes).some((s) => s === "dead-letter" || s === "retrying");
}

function spaceOf(webhook: string | undefined, properties: Readonly<Record<string, string>>) {
  const property = webhook ? `${DEFAULT_WEBHOOK_PROPERTY}_${webhook}` : DEFAULT_WEBHOOK_PROPERTY;
  const url = properties[property];
  if (!url) return "";
  try {
    return `spaces/${parseWebhookUrl(url, property).space}`;
  } catch {
    return "";
  }
}

/**
 * The rows for notifications just accepted. `properties` are the Script Properties read after
 * the delivery: the webhooks' spaces, and the reasons of retries and dead letters.
 */
export function acceptedRows(
  items: readonly Named[],
  report: DeliveryReport,
  now: number,
  properties: Readonly<Record<string, string>>,
): HistoryRow[] {
  const view = needsReasons(report) ? new OutboxView(properties) : null;
  return items.map((item, index) => {
    const acceptance = report.accepted[index];
    const base = {
      acceptedAt: now,
      rule: item.rule ?? "notify()",
      space: spaceOf(item.notification.webhook, properties),
      threadKey: item.notification.threadKey ?? "",
    };
    if (!acceptance || acceptance.kind === "duplicate") {
      return {
        ...base,
        id: "",
        outcome: "duplicate",
        reason: "its dedupe key was accepted in the last 24 hours",
        deliveredAt: null,
      };
    }
    if (acceptance.kind !== "queued") {
      // Not kept by the outbox: best effort that could not go, a missing webhook, a full store.
      const reason =
        acceptance.kind === "refused"
          ? acceptance.reason
          : acceptance.kind === "overflow"
            ? "the outbox was full; the space was told how many did not fit"
            : "best effort: it could not go at once";
      return { ...base, id: "", outcome: "dropped", reason, deliveredAt: null };
    }
    const outcome = outcomeOf(report.outcomes[acceptance.id]);
    return {
      ...base,
      id: acceptance.id,
      outcome,
      reason: reasonOf(outcome, acceptance.id, view),
      deliveredAt: outcome === "delivered" ? now : null,
    };
  });
}

/** A drain's outcomes as updates of rows written when the notifications were accepted. */
export function outcomeUpdates(
  report: DeliveryReport,
  now: number,
  properties: Readonly<Record<string, string>> | null,
): HistoryUpdate[] {
  const view = properties === null ? null : new OutboxView(properties);
  return Object.entries(report.outcomes).map(([id, settlement]) => {
    const outcome = outcomeOf(settlement);
    return {
      id,
      outcome,
      reason: reasonOf(outcome, id, view),
      deliveredAt: outcome === "delivered" ? now : null,
    };
  });
}

/**
 * Collects one execution's history and writes it once at the end: rows for what was accepted,
 * updates for what a drain settled.
 */
export class HistoryRecorder {
  private readonly rows: HistoryRow[] = [];
  private readonly updates: HistoryUpdate[] = [];

  constructor(
    private readonly log: HistoryLog,
    private readonly now: () => number,
    private readonly properties: () => Readonly<Record<string, string>>,
  ) {}

  accepted(items: readonly Named[], report: DeliveryReport): void {
    const properties = this.properties();
    this.rows.push(...acceptedRows(items, report, this.now(), properties));
    // The round that sent these may have sent older entries too: their rows are updated.
    const own = new Set(report.accepted.map((a) => (a.kind === "queued" ? a.id : "")));
    const others = Object.entries(report.outcomes).filter(([id]) => !own.has(id));
    if (others.length > 0) {
      const rest = { ...report, outcomes: Object.fromEntries(others) };
      this.updates.push(...outcomeUpdates(rest, this.now(), properties));
    }
  }

  drained(report: DeliveryReport): void {
    if (Object.keys(report.outcomes).length === 0) return;
    const properties = needsReasons(report) ? this.properties() : null;
    this.updates.push(...outcomeUpdates(report, this.now(), properties));
  }

  /** Writes what was collected; a log that cannot be written never fails the notification. */
  flush(onError: (message: string) => void): void {
    try {
      if (this.rows.length > 0) this.log.append(this.rows.splice(0));
      let properties: Readonly<Record<string, string>> | undefined;
      if (this.updates.length > 0) {
        this.log.update(this.updates.splice(0), (id) =>
          coalescedUpdate(id, (properties ??= this.properties())),
        );
      }
    } catch (error) {
      onError(`The Chat log sheet could not be written: ${(error as Error).message}`);
    }
  }
}
