// Turns a message into the requests that go on the wire, each within Chat's size limits.
//
// Text over MAX_TEXT_CHARS becomes several parts, marked (1/3), (2/3)... Cards travel with the last
// text part, so the parts read like the one message they replace (Chat shows text above cards);
// when the cards do not fit there whole, they get a request of their own after the text rather
// than lose widgets they need not lose. A message that needs several requests keeps them in one
// thread: the caller's threadKey, or else `partsThreadKey`.
//
// The requests must be sent one after another, in order, each after the previous one succeeded:
// Chat orders a thread by arrival.

import { MessageError } from "../errors";
import type { HttpRequest } from "../ports";
import {
  cutWithEllipsis,
  fitCard,
  MAX_CARD_WIDGETS,
  MAX_FALLBACK_CHARS,
  MAX_HEADER_CHARS,
  MAX_REQUEST_BYTES,
  MAX_TEXT_CHARS,
  splitText,
  utf8ByteLength,
} from "./limits";
import type { CardWithId, ChatMessage, ReplyOption } from "./message";
import { cardTextAsText } from "./neutralise";
import type { WebhookUrl } from "./webhook-url";
import { withReplyOption, withRequestId } from "./webhook-url";

export const MAX_THREAD_KEY_CHARS = 4000;

export interface PlanOptions {
  /** Overrides `message.thread.threadKey`. */
  readonly threadKey?: string;
  /** Used with a thread key; defaults to "fallbackToNewThread". */
  readonly replyOption?: ReplyOption;
  /** Sent as `requestId` (suffixed `-1`, `-2`... per part); webhooks may ignore it. */
  readonly requestId?: string;
  /**
   * The thread key for a message that needs several requests but has no threadKey, so that its
   * parts form a thread of their own. It must be unique to the message (the outbox entry id is):
   * a reused key would append the parts to an older message's thread. Required in that case only.
   */
  readonly partsThreadKey?: string;
}

export interface PlannedRequest {
  readonly request: HttpRequest;
  /** 1-based position among the message's requests. */
  readonly part: number;
  readonly partCount: number;
  /** The reply option in the URL; classifyAnswer needs it to read a 404. */
  readonly replyOption: ReplyOption | undefined;
  readonly threadKey: string | undefined;
}

interface Thread {
  readonly threadKey: string | undefined;
  readonly replyOption: ReplyOption | undefined;
}

interface Body {
  readonly text?: string;
  readonly cardsV2?: readonly CardWithId[];
  readonly fallbackText?: string;
  readonly thread?: { readonly threadKey: string };
}

/** Every planned body is at most MAX_REQUEST_BYTES of UTF-8; throws when that cannot be done. */
export function planRequests(
  webhook: WebhookUrl,
  message: ChatMessage,
  options: PlanOptions = {},
): PlannedRequest[] {
  const threadKey = options.threadKey ?? message.thread?.threadKey;
  checkThreadKey("threadKey", threadKey);
  checkThreadKey("partsThreadKey", options.partsThreadKey);
  const text = message.text === "" ? undefined : message.text;
  // A long value in a header or the fallback is cut, visibly, rather than make the message fail.
  const cards = (message.cardsV2 ?? []).map(withReadableHeader);
  const fallbackText =
    message.fallbackText === undefined
      ? undefined
      : cutWithEllipsis(message.fallbackText, MAX_FALLBACK_CHARS);
  if (text === undefined && cards.length === 0) {
    throw new MessageError(
      "A Chat message needs text or cards; this one has neither, so nothing is sent",
    );
  }

  const threadFor = (requestCount: number): Thread => {
    if (threadKey !== undefined) {
      return { threadKey, replyOption: options.replyOption ?? "fallbackToNewThread" };
    }
    if (requestCount === 1) return { threadKey: undefined, replyOption: undefined };
    if (options.partsThreadKey === undefined) {
      throw new MessageError(
        `This message needs ${requestCount} requests but has no threadKey or partsThreadKey: ` +
          `pass a partsThreadKey unique to the message so its parts stay in one thread`,
      );
    }
    return { threadKey: options.partsThreadKey, replyOption: "fallbackToNewThread" };
  };

  // A thread key of escaped characters can take room from the text: shrink the parts until all fit.
  let maxChars = MAX_TEXT_CHARS;
  for (;;) {
    const { bodies, thread } = planBodies(text, cards, fallbackText, maxChars, threadFor);
    const largest = Math.max(...bodies.map((body) => utf8ByteLength(JSON.stringify(body))));
    if (largest <= MAX_REQUEST_BYTES) return toRequests(webhook, bodies, thread, options);
    const shrunk = Math.min(maxChars - 1, Math.floor((maxChars * MAX_REQUEST_BYTES) / largest));
    if (shrunk < 100) {
      throw new MessageError(
        `This message cannot fit Chat's ${MAX_REQUEST_BYTES}-byte limit: its thread key leaves ` +
          `no room for text; use a shorter thread key`,
      );
    }
    maxChars = shrunk;
  }
}

function planBodies(
  text: string | undefined,
  cards: readonly CardWithId[],
  fallbackText: string | undefined,
  maxChars: number,
  threadFor: (requestCount: number) => Thread,
): { bodies: Body[]; thread: Thread } {
  const textParts = text === undefined ? [] : splitText(text, maxChars);
  const lastText = textParts[textParts.length - 1];
  if (cards.length === 0) {
    const thread = threadFor(textParts.length);
    return { bodies: textParts.map((part) => body(part, undefined, undefined, thread)), thread };
  }
  if (lastText !== undefined) {
    const thread = threadFor(textParts.length);
    const together = body(lastText, cards, fallbackText, thread);
    const fitsWhole =
      cards.every((card) => widgetCount(card) <= MAX_CARD_WIDGETS) &&
      utf8ByteLength(JSON.stringify(together)) <= MAX_REQUEST_BYTES;
    if (fitsWhole) {
      const firstParts = textParts
        .slice(0, -1)
        .map((part) => body(part, undefined, undefined, thread));
      return { bodies: [...firstParts, together], thread };
    }
  }
  const thread = threadFor(textParts.length + 1);
  const textBodies = textParts.map((part) => body(part, undefined, undefined, thread));
  const cardFallback = fallbackText ?? defaultFallbackText(cards);
  const overhead = utf8ByteLength(JSON.stringify(body(undefined, [], cardFallback, thread)));
  const cardBudget = MAX_REQUEST_BYTES - overhead - (cards.length - 1); // commas between cards
  return {
    bodies: [...textBodies, body(undefined, fitCards(cards, cardBudget), cardFallback, thread)],
    thread,
  };
}

function body(
  text: string | undefined,
  cards: readonly CardWithId[] | undefined,
  fallbackText: string | undefined,
  thread: Thread,
): Body {
  return {
    ...(text === undefined ? {} : { text }),
    ...(cards === undefined ? {} : { cardsV2: cards }),
    ...(fallbackText === undefined ? {} : { fallbackText }),
    ...(thread.threadKey === undefined ? {} : { thread: { threadKey: thread.threadKey } }),
  };
}

/** Fits the cards in `budgetBytes` together, smallest first, each taking a fair share of what is left. */
function fitCards(cards: readonly CardWithId[], budgetBytes: number): CardWithId[] {
  const sizes = cards.map((card) => utf8ByteLength(JSON.stringify(card)));
  const order = cards.map((_card, index) => index).sort((a, b) => sizes[a]! - sizes[b]!);
  const fitted: CardWithId[] = [...cards];
  let left = budgetBytes;
  order.forEach((index, position) => {
    const card = cards[index]!;
    const share = Math.floor(left / (cards.length - position));
    const result = fitCard(card, share);
    if (result.kind === "too-big") {
      throw new MessageError(
        `Card "${card.cardId}" takes ${result.bytes} bytes even without its widgets, more than ` +
          `the ${Math.max(0, share)} bytes left for it within Chat's ${MAX_REQUEST_BYTES}-byte ` +
          `limit, so the message is not sent: shorten the card's header or the fallbackText`,
      );
    }
    fitted[index] = result.card;
    left -= utf8ByteLength(JSON.stringify(result.card));
  });
  return fitted;
}

function toRequests(
  webhook: WebhookUrl,
  bodies: readonly Body[],
  thread: Thread,
  options: PlanOptions,
): PlannedRequest[] {
  const url =
    thread.threadKey === undefined ? webhook.url : withReplyOption(webhook.url, thread.replyOption);
  return bodies.map((body, index) => {
    const part = index + 1;
    const requestId =
      options.requestId === undefined || bodies.length === 1
        ? options.requestId
        : `${options.requestId}-${part}`;
    return {
      request: {
        url: requestId === undefined ? url : withRequestId(url, requestId),
        body: JSON.stringify(body),
      },
      part,
      partCount: bodies.length,
      replyOption: thread.replyOption,
      threadKey: thread.threadKey,
    };
  });
}

/** For notifications of a card-only message: the first card's title as plain text. */
function defaultFallbackText(cards: readonly CardWithId[]): string {
  const title = cards.find((card) => card.card.header !== undefined)?.card.header?.title;
  const plain = cardTextAsText(title ?? "");
  return plain === "" ? "New card" : cutWithEllipsis(plain, MAX_FALLBACK_CHARS);
}

function withReadableHeader(card: CardWithId): CardWithId {
  const header = card.card.header;
  if (header === undefined) return card;
  const title = cutWithEllipsis(header.title, MAX_HEADER_CHARS, { html: true });
  const subtitle =
    header.subtitle === undefined
      ? undefined
      : cutWithEllipsis(header.subtitle, MAX_HEADER_CHARS, { html: true });
  if (title === header.title && subtitle === header.subtitle) return card;
  return {
    ...card,
    card: {
      ...card.card,
      header: { ...header, title, ...(subtitle === undefined ? {} : { subtitle }) },
    },
  };
}

function widgetCount(card: CardWithId): number {
  return card.card.sections.reduce((count, section) => count + section.widgets.length, 0);
}

function checkThreadKey(name: string, key: string | undefined): void {
  if (key !== undefined && (key === "" || key.length > MAX_THREAD_KEY_CHARS)) {
    throw new MessageError(
      `The ${name} is ${key.length} characters; Chat accepts 1 to ${MAX_THREAD_KEY_CHARS}: ` +
        `use a shorter key, such as a row number or an id`,
    );
  }
}
