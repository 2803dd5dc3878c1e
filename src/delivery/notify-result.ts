// What notify() tells its caller about the one notification it was given.
import type { DeliveryReport } from "./deliver";

export interface NotifyResult {
  /** The outbox entry id; null for a repeat that was not accepted. */
  readonly id: string | null;
  readonly status:
    | "delivered"
    /** Accepted; the deliverOutbox trigger sends it when Chat's pacing allows. */
    | "queued"
    /** Chat asked to try again later; the outbox will. */
    | "retrying"
    /** Chat refused it for good; showStatus() lists it with the reason. */
    | "dead-letter"
    /** replyOrFail found no thread, so nothing was sent, as asked. */
    | "not-sent-no-thread"
    /** Its dedupeKey was accepted recently. */
    | "duplicate"
    /** Best effort: it could not go at once, or Chat did not take it; it is not kept. */
    | "dropped";
}

export function notifyResult(report: DeliveryReport): NotifyResult {
  const [acceptance] = report.accepted;
  if (!acceptance || acceptance.kind === "duplicate") return { id: null, status: "duplicate" };
  if (acceptance.kind === "dropped") return { id: null, status: "dropped" };
  // Nothing was accepted: the caller must hear why.
  if (acceptance.kind === "refused") throw new Error(acceptance.reason);
  if (acceptance.kind === "overflow") throw new Error("The Chat outbox is full");
  const settlement = report.outcomes[acceptance.id];
  const status: NotifyResult["status"] =
    settlement === "delivered"
      ? "delivered"
      : settlement === "retry"
        ? "retrying"
        : settlement === "dead"
          ? "dead-letter"
          : settlement === "not-sent-no-thread"
            ? "not-sent-no-thread"
            : "queued";
  return { id: acceptance.id, status };
}
