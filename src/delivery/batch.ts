// Lanes that batch: when several messages wait in one lane (a thread, or a space's unthreaded
// messages) for one webhook, one request carries as many as fit in Chat's limits, in order. The
// physical bound is one request per second per space; this is what beats it.
import {
  MAX_CARD_WIDGETS,
  MAX_REQUEST_BYTES,
  MAX_TEXT_CHARS,
  utf8ByteLength,
} from "../chat/limits";
import type { ChatMessage } from "../chat/message";
import { coalesceMessages } from "./coalesce";
import type { OutboxEntry } from "./outbox-types";

/** At most this many notifications in one request, so one refusal does not hold back too many. */
export const MAX_BATCH = 50;
/** Room in the body for the thread key, the reply option and JSON's punctuation. */
const BODY_MARGIN_BYTES = 512;

type Kind = "text" | "cards";

function kindOf(message: ChatMessage): Kind | null {
  const hasText = (message.text ?? "") !== "";
  const hasCards = (message.cardsV2?.length ?? 0) > 0;
  // A message with both stays alone: joining would move its text away from its cards.
  if (hasText === hasCards) return null;
  return hasText ? "text" : "cards";
}

function widgetsOf(message: ChatMessage): number {
  return (message.cardsV2 ?? []).reduce(
    (sum, c) => sum + c.card.sections.reduce((n, s) => n + s.widgets.length, 0),
    0,
  );
}

/** Whether an entry may share a request with others. */
export function batchable(entry: OutboxEntry): boolean {
  return (
    entry.batch !== false &&
    entry.solo !== true &&
    entry.bestEffort !== true &&
    entry.coalesce === null &&
    entry.partsSent === 0 &&
    kindOf(entry.message) !== null
  );
}

/**
 * The entries from `behind` (the lane's next ones, in order) that go in one request with `lead`:
 * the run of batchable, due entries of the same webhook and kind whose joined message fits.
 */
export function batchBehind(
  lead: OutboxEntry,
  behind: readonly OutboxEntry[],
  isFree: (entry: OutboxEntry) => boolean,
): { carried: OutboxEntry[]; message: ChatMessage } | null {
  if (!batchable(lead)) return null;
  const kind = kindOf(lead.message);
  const carried: OutboxEntry[] = [];
  let chars = lead.message.text?.length ?? 0;
  let widgets = widgetsOf(lead.message);
  let bytes = utf8ByteLength(JSON.stringify(lead.message));
  for (const other of behind) {
    if (carried.length + 1 >= MAX_BATCH) break;
    if (!isFree(other) || !batchable(other) || other.webhook !== lead.webhook) break;
    if (kindOf(other.message) !== kind) break;
    const addChars = kind === "text" ? (other.message.text?.length ?? 0) + 1 : 0;
    const addWidgets = widgetsOf(other.message);
    const addBytes = utf8ByteLength(JSON.stringify(other.message)) + 32;
    if (
      chars + addChars > MAX_TEXT_CHARS ||
      widgets + addWidgets > MAX_CARD_WIDGETS ||
      bytes + addBytes > MAX_REQUEST_BYTES - BODY_MARGIN_BYTES
    ) {
      break;
    }
    chars += addChars;
    widgets += addWidgets;
    bytes += addBytes;
    carried.push(other);
  }
  if (carried.length === 0) return null;
  return { carried, message: coalesceMessages([lead, ...carried].map((e) => e.message)) };
}
