// What notify() tells its caller about the one notification it was given.
import type { DeliveryReport } from "./deliver";
import type { Settlement } from "./settle";
import { NotifyArgumentError } from "./notification";
import { OutboxFullError } from "./outbox-store";

/**
 * The outcome words, the same from the outbox's settlement to notify()'s status and the log:
 * "delivered"; "retrying" (Chat asked to try again later; the outbox will); "dead-letter" (Chat
 * refused it for good; showStatus() lists it with the reason); "not-sent-no-thread" (replyOrFail
 * found no thread, so nothing was sent, as asked); "dropped" (best effort: it could not go at
 * once, or Chat did not take it; it is not kept). Before an answer: "queued" (accepted; the
 * deliverOutbox trigger sends it when Chat's pacing allows) or "duplicate" (its dedupeKey was
 * accepted recently).
 */
export type NotifyStatus = Exclude<Settlement, "part-delivered"> | "queued" | "duplicate";

export interface NotifyResult {
  /** The outbox entry id; null for a repeat that was not accepted. */
  readonly id: string | null;
  readonly status: NotifyStatus;
}

export function notifyResult(report: DeliveryReport): NotifyResult {
  const [acceptance] = report.accepted;
  if (!acceptance || acceptance.kind === "duplicate") return { id: null, status: "duplicate" };
  if (acceptance.kind === "dropped") return { id: null, status: "dropped" };
  // Nothing was accepted: the caller must hear why.
  if (acceptance.kind === "refused") throw new NotifyArgumentError(acceptance.reason);
  if (acceptance.kind === "overflow") {
    throw new OutboxFullError(
      "The Chat outbox is full, so this notification was not accepted: run showStatus() to see " +
        "what waits, then deliverOutbox (or fix the webhooks and run redeliverDeadLetters) to make room",
    );
  }
  const settlement = report.outcomes[acceptance.id];
  // A message of several requests with parts still to go is, to its caller, queued.
  const status =
    settlement === undefined || settlement === "part-delivered" ? "queued" : settlement;
  return { id: acceptance.id, status };
}
