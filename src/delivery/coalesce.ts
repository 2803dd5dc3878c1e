// One message out of a burst of them: the texts joined, the cards side by side. The request planner
// then splits or trims the result to Chat's limits like any other message.
import type { ChatMessage } from "../chat/message";

export function coalesceMessages(messages: readonly ChatMessage[]): ChatMessage {
  const texts = messages.map((m) => m.text).filter((t): t is string => t !== undefined && t !== "");
  const cards = messages.flatMap((m, index) =>
    (m.cardsV2 ?? []).map((c) => ({ ...c, cardId: `${c.cardId}-${index + 1}` })),
  );
  return {
    ...(texts.length > 0 ? { text: texts.join("\n") } : {}),
    ...(cards.length > 0 ? { cardsV2: cards } : {}),
    ...(cards.length > 0 && texts.length === 0
      ? { fallbackText: `${messages.length} notifications` }
      : {}),
  };
}
