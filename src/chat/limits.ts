// Chat's size limits and the functions that keep messages within them.

import { textParagraph } from "./cards";
import type { CardSection, CardWithId, Widget } from "./message";

/** A request body, cards included, in UTF-8 bytes. */
export const MAX_REQUEST_BYTES = 32000;
/** `text` has been rejected past this many characters. */
export const MAX_TEXT_CHARS = 4096;
export const MAX_CARD_WIDGETS = 100;
/**
 * A card header's title and subtitle. Google documents no limit, only a header of fixed height (two
 * lines), so a longer title is unreadable anyway; ours, so a 4,000-emoji answer in a title cannot
 * push the message past MAX_REQUEST_BYTES.
 */
export const MAX_HEADER_CHARS = 200;
/** What a phone's notification shows; ours, as Google documents no limit for fallbackText. */
export const MAX_FALLBACK_CHARS = 300;

/**
 * Text of at most `maxChars` UTF-16 code units: longer text is cut and ends in a visible "…".
 * Never cuts an emoji's surrogate pair, nor leaves a joiner or variation selector dangling; with
 * `html`, never leaves half an entity (`&am`) or tag (`<b`) of card text.
 */
export function cutWithEllipsis(
  text: string,
  maxChars: number,
  options: { html?: boolean } = {},
): string {
  if (text.length <= maxChars) return text;
  let cut = text.slice(0, Math.max(0, maxChars - 1));
  if (isHighSurrogate(cut.charCodeAt(cut.length - 1))) cut = cut.slice(0, -1);
  if (options.html) cut = cut.replace(/&[#A-Za-z0-9]*$/, "").replace(/<[^>]*$/, "");
  return `${cut.replace(/[\u200B-\u200D\uFE0E\uFE0F]+$/, "").trimEnd()}…`;
}

/** UTF-8 length of a string; a lone surrogate counts 3, as it is sent as U+FFFD. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Splits text longer than `maxChars` (UTF-16 code units, which never undercounts Chat's characters)
 * on line boundaries into parts ending in a marker line `(1/3)`, `(2/3)`... that counts toward the
 * limit. A line longer than a part is cut between code points. Text within the limit comes back
 * unchanged, as the only part.
 */
export function splitText(text: string, maxChars: number = MAX_TEXT_CHARS): string[] {
  if (text.length <= maxChars) return [text];
  // The marker's width depends on the part count, which depends on the room the marker leaves.
  for (let digits = 1; ; digits++) {
    const markerChars = `\n(/)`.length + 2 * digits;
    const room = maxChars - markerChars;
    if (room < 2) {
      throw new RangeError(`splitText: a part of ${maxChars} characters has no room for text`);
    }
    const parts = packLines(text, room);
    if (String(parts.length).length <= digits) {
      return parts.map((part, index) => `${part}\n(${index + 1}/${parts.length})`);
    }
  }
}

function packLines(text: string, room: number): string[] {
  const parts: string[] = [];
  let current: string | undefined;
  for (const line of text.split("\n")) {
    for (const piece of cutLine(line, room)) {
      if (current === undefined) current = piece;
      else if (current.length + 1 + piece.length <= room) current += `\n${piece}`;
      else {
        parts.push(current);
        current = piece;
      }
    }
  }
  if (current !== undefined) parts.push(current);
  return parts;
}

function cutLine(line: string, room: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > room) {
    const splitsPair =
      isHighSurrogate(rest.charCodeAt(room - 1)) && isLowSurrogate(rest.charCodeAt(room));
    const cut = splitsPair ? room - 1 : room;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

export type FitCardResult =
  | { readonly kind: "fits"; readonly card: CardWithId; readonly removedWidgets: number }
  | { readonly kind: "too-big"; readonly bytes: number };

/**
 * Removes widgets from the end, one by one, in favour of a last paragraph "…and N more", until the
 * card has at most MAX_CARD_WIDGETS widgets and its JSON fits in `budgetBytes`. Sections left
 * empty go (Chat rejects them). "too-big" when even the header and the paragraph alone do not fit.
 */
export function fitCard(cardWithId: CardWithId, budgetBytes: number): FitCardResult {
  const sections = cardWithId.card.sections;
  const total = sections.reduce((count, section) => count + section.widgets.length, 0);
  let kept = total <= MAX_CARD_WIDGETS ? total : MAX_CARD_WIDGETS - 1;
  for (;;) {
    const candidate = keepWidgets(cardWithId, kept, total);
    const bytes = utf8ByteLength(JSON.stringify(candidate));
    if (bytes <= budgetBytes)
      return { kind: "fits", card: candidate, removedWidgets: total - kept };
    if (kept === 0) return { kind: "too-big", bytes };
    kept--;
  }
}

function keepWidgets(cardWithId: CardWithId, kept: number, total: number): CardWithId {
  if (kept === total) return cardWithId;
  const sections: CardSection[] = [];
  let left = kept;
  for (const section of cardWithId.card.sections) {
    if (left === 0) break;
    const widgets = section.widgets.slice(0, left);
    left -= widgets.length;
    if (widgets.length > 0) sections.push({ ...section, widgets });
  }
  const more: Widget = textParagraph(`…and ${total - kept} more`);
  const last = sections.pop();
  if (last === undefined) sections.push({ widgets: [more] });
  else sections.push({ ...last, widgets: [...last.widgets, more] });
  return { ...cardWithId, card: { ...cardWithId.card, sections } };
}
