// Validating the body of spaces.messages.create as a webhook sends it: JSON, a known Message
// shape, content present, within Chat's size limits. Refusals use the wording of Google's JSON
// binding ("Invalid JSON payload received...", "Invalid value at ...") and of reported Chat answers.

import type { WireAnswer } from "../../transport";
import { badRequestAnswer, rpcErrorAnswer } from "./chat-error-answers";
import type { CardWithId } from "./chat-records";

export const MAX_BODY_BYTES = 32_000;
export const MAX_TEXT_CHARACTERS = 4_096;
export const MAX_WIDGETS_PER_CARD = 100;
export const MAX_THREAD_KEY_CHARACTERS = 4_000;

export interface IncomingMessage {
  readonly text?: string;
  readonly cardsV2?: readonly CardWithId[];
  readonly cards?: readonly unknown[];
  readonly fallbackText?: string;
  readonly thread?: { readonly name?: string; readonly threadKey?: string };
  /**
   * Widgets Chat ignored ("Any widgets beyond this limit are ignored"): those of the section that
   * took a card past 100 widgets and of every section after it.
   */
  readonly ignoredWidgets: number;
}

export type BodyReading =
  | { readonly ok: true; readonly message: IncomingMessage }
  | { readonly ok: false; readonly answer: WireAnswer };

/** Fields of google.chat.v1.Message; anything else is refused as Google's JSON binding does. */
const MESSAGE_FIELDS = new Set([
  "name",
  "sender",
  "createTime",
  "lastUpdateTime",
  "deleteTime",
  "text",
  "formattedText",
  "cards",
  "cardsV2",
  "annotations",
  "thread",
  "space",
  "fallbackText",
  "actionResponse",
  "argumentText",
  "slashCommand",
  "attachment",
  "matchedUrl",
  "threadReply",
  "clientAssignedMessageId",
  "emojiReactionSummaries",
  "privateMessageViewer",
  "deletionMetadata",
  "quotedMessageMetadata",
  "attachedGifs",
  "accessoryWidgets",
  "markupSyntax",
]);
const THREAD_FIELDS = new Set(["name", "threadKey"]);

export function readMessageBody(contentType: string | undefined, body: string): BodyReading {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") {
    // UrlFetchApp's default is application/x-www-form-urlencoded: Google then binds the body as
    // query parameters, and a JSON text becomes one unknown parameter name.
    const name = body.split("&")[0]!.split("=")[0]!;
    return {
      ok: false,
      answer: badRequestAnswer(
        "",
        `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`,
      ),
    };
  }
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > MAX_BODY_BYTES) {
    return refuse(
      "message",
      `Message is too large: ${bytes} bytes. The maximum message size, including text and cards, is ${MAX_BODY_BYTES} bytes.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return refuse("", "Invalid JSON payload received. Unexpected token.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return refuse("", `Invalid JSON payload received. Expected an object key or }.`);
  }
  const fields = parsed as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    if (!MESSAGE_FIELDS.has(field)) return unknownName(field, "message");
  }

  const text = optional(fields.text);
  const fallbackText = optional(fields.fallbackText);
  const cardsV2 = optional(fields.cardsV2);
  const cards = optional(fields.cards);
  const thread = optional(fields.thread);
  if (text !== undefined && typeof text !== "string") {
    return invalidValue("message.text", "TYPE_STRING", text);
  }
  if (fallbackText !== undefined && typeof fallbackText !== "string") {
    return invalidValue("message.fallback_text", "TYPE_STRING", fallbackText);
  }
  if (cardsV2 !== undefined && !isArrayOfObjects(cardsV2)) {
    return invalidValue(
      "message.cards_v2",
      "type.googleapis.com/google.chat.v1.CardWithId",
      cardsV2,
    );
  }
  if (cards !== undefined && !isArrayOfObjects(cards)) {
    return invalidValue(
      "message.cards",
      "type.googleapis.com/google.chat.v1.ContextualAddOnMarkup.Card",
      cards,
    );
  }
  let threadRef: { name?: string; threadKey?: string } | undefined;
  if (thread !== undefined) {
    if (typeof thread !== "object" || Array.isArray(thread)) {
      return invalidValue("message.thread", "type.googleapis.com/google.chat.v1.Thread", thread);
    }
    const threadFields = thread as Record<string, unknown>;
    for (const field of Object.keys(threadFields)) {
      if (!THREAD_FIELDS.has(field)) return unknownName(field, "message.thread");
    }
    const threadKey = optional(threadFields.threadKey);
    const name = optional(threadFields.name);
    if (threadKey !== undefined && typeof threadKey !== "string") {
      return invalidValue("message.thread.thread_key", "TYPE_STRING", threadKey);
    }
    if (name !== undefined && typeof name !== "string") {
      return invalidValue("message.thread.name", "TYPE_STRING", name);
    }
    if (threadKey !== undefined && [...threadKey].length > MAX_THREAD_KEY_CHARACTERS) {
      return refuse(
        "message.thread.thread_key",
        `Thread key is longer than ${MAX_THREAD_KEY_CHARACTERS} characters`,
      );
    }
    threadRef = {
      ...(threadKey === undefined || threadKey === "" ? {} : { threadKey }),
      ...(name === undefined || name === "" ? {} : { name }),
    };
  }

  const hasText = text !== undefined && text !== "";
  const hasCardsV2 = cardsV2 !== undefined && cardsV2.length > 0;
  const hasCards = cards !== undefined && cards.length > 0;
  if (!hasText && !hasCardsV2 && !hasCards) {
    return { ok: false, answer: rpcErrorAnswer("INVALID_ARGUMENT", "Message cannot be empty.") };
  }
  if (hasText && [...text].length > MAX_TEXT_CHARACTERS) {
    return {
      ok: false,
      answer: rpcErrorAnswer(
        "INVALID_ARGUMENT",
        `Message is longer than ${MAX_TEXT_CHARACTERS} characters`,
      ),
    };
  }

  let ignoredWidgets = 0;
  let keptCards: CardWithId[] | undefined;
  if (hasCardsV2) {
    keptCards = [];
    for (const [index, entry] of (cardsV2 as Record<string, unknown>[]).entries()) {
      const card = entry.card;
      if (typeof card !== "object" || card === null || Array.isArray(card)) {
        return refuse(
          `message.cards_v2[${index}].card`,
          `Card is required. Field: cards_v2[${index}].card`,
        );
      }
      const empty = emptySection(card as Record<string, unknown>);
      if (empty !== undefined) {
        const field = `message.cards_v2[${index}].card.sections[${empty}].widgets`;
        return refuse(
          field,
          `Invalid value at '${field}': a section must contain at least one widget.`,
        );
      }
      const limited = limitWidgets(card as Record<string, unknown>);
      ignoredWidgets += limited.ignored;
      keptCards.push({ ...(entry as object), card: limited.card } as CardWithId);
    }
  }

  return {
    ok: true,
    message: {
      ...(hasText ? { text } : {}),
      ...(keptCards === undefined ? {} : { cardsV2: keptCards }),
      ...(hasCards ? { cards } : {}),
      ...(fallbackText === undefined ? {} : { fallbackText }),
      ...(threadRef === undefined ? {} : { thread: threadRef }),
      ignoredWidgets,
    },
  };
}

/**
 * Keeps the sections that fit in 100 widgets: the section that would take the count past 100 is
 * dropped, and so is every section after it; their widgets are counted as ignored.
 */
function limitWidgets(card: Record<string, unknown>): {
  card: CardWithId["card"];
  ignored: number;
} {
  const sections = card.sections;
  if (!Array.isArray(sections)) return { card, ignored: 0 };
  let total = 0;
  let ignored = 0;
  let cut = sections.length;
  sections.forEach((section: unknown, index) => {
    const widgets = widgetsOf(section);
    if (cut === sections.length && total + widgets.length > MAX_WIDGETS_PER_CARD) cut = index;
    if (index >= cut) ignored += widgets.length;
    else total += widgets.length;
  });
  return {
    card: { ...card, sections: sections.slice(0, cut) } as CardWithId["card"],
    ignored,
  };
}

function widgetsOf(section: unknown): unknown[] {
  const widgets = (section as { widgets?: unknown } | null)?.widgets;
  return Array.isArray(widgets) ? widgets : [];
}

/** The first section without a widget: Google's Section reference says it "must contain at least one". */
function emptySection(card: Record<string, unknown>): number | undefined {
  const sections = card.sections;
  if (!Array.isArray(sections)) return undefined;
  const index = sections.findIndex((section: unknown) => widgetsOf(section).length === 0);
  return index === -1 ? undefined : index;
}

/** proto3 JSON: null means "not set". */
function optional(value: unknown): unknown {
  return value === null ? undefined : value;
}

function isArrayOfObjects(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))
  );
}

function refuse(field: string, message: string): BodyReading {
  return { ok: false, answer: badRequestAnswer(field, message) };
}

function unknownName(field: string, at: string): BodyReading {
  return refuse(
    at,
    `Invalid JSON payload received. Unknown name "${field}" at '${at}': Cannot find field.`,
  );
}

function invalidValue(field: string, type: string, value: unknown): BodyReading {
  return refuse(field, `Invalid value at '${field}' (${type}), ${JSON.stringify(value)}`);
}
