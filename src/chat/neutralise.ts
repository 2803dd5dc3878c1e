// Text from users (sheet cells, form answers) goes into messages that the whole space reads. It must
// not be able to @mention everyone, dress a link up as something else, or reorder what others read.
// A zero-width space (U+200B) breaks the syntax while the text still reads the same.

const ZWSP = "\u200B";

/**
 * Controls that reorder or hide text (bidi embeddings, overrides and isolates, deprecated format
 * controls, interlinear annotations): U+202E makes "exe.pdf" read as "fdp.exe". They carry no
 * visible content, so they are removed. Marks (U+200E, U+200F, U+061C) stay: right-to-left text
 * needs them and they cannot override strong letters.
 */
const REORDERING_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u206A-\u206F\uFFF9-\uFFFB]/g;

/**
 * A host name as a linkifier sees one: labels of letters, digits and hyphens, dot-separated,
 * ending in a label of two or more letters (`www.evil.example`, `evil.example`, `例子.测试`).
 * Numbers (`v2.3`, `1.5`) and abbreviations (`e.g.`) do not match.
 */
const HOST_NAME =
  /(?<![\p{L}\p{N}\-.])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,63}(?![\p{L}\p{N}-])/gu;

/**
 * For a message's `text`: breaks `<users/all>` and `<url|label>` (after every `<`), Markdown links
 * (between `]` and `(`), HTML entities that could stand for `<` (after `&`), auto-linked URLs
 * (inside `://`) and bare host names (after each dot; email addresses are kept), and removes
 * reordering controls.
 * Already-broken spots are left alone, so applying it twice changes nothing.
 */
export function neutraliseText(text: string): string {
  return breakLinks(
    text
      .replace(REORDERING_CONTROLS, "")
      .replace(/<(?!\u200B)/g, `<${ZWSP}`)
      .replace(/\](?=\()/g, `]${ZWSP}`)
      .replace(/&(?=#|[A-Za-z]+;)/g, `&${ZWSP}`),
  );
}

/**
 * For card widget text, which Chat renders as a small HTML subset: escapes `& < > "` so no tag or
 * entity comes through, breaks URLs and host names so nothing is auto-linked, and removes
 * reordering controls.
 */
export function neutraliseCardText(text: string): string {
  return breakLinks(
    text
      .replace(REORDERING_CONTROLS, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/\](?=\()/g, `]${ZWSP}`),
  );
}

/**
 * Card text (Chat's HTML subset) as a message's text, for a notification's fallback: tags dropped,
 * entities read, then neutralised as text (decoding may have brought back a `<`).
 */
export function cardTextAsText(html: string): string {
  return neutraliseText(
    html
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<[^>]*>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&")
      .trim(),
  );
}

function breakLinks(text: string): string {
  return text
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(HOST_NAME, (host: string, at: number, whole: string) =>
      isEmailPart(whole, at, at + host.length) ? host : host.replace(/\./g, `.${ZWSP}`),
    );
}

/**
 * An email address is kept whole: it links at most to writing to the address it shows, and cells
 * full of owners' addresses must stay copyable. A host after `@` followed by a path is a URL.
 */
function isEmailPart(text: string, start: number, end: number): boolean {
  if (text[end] === "@") return true;
  return text[start - 1] === "@" && !/[/:?#]/.test(text[end] ?? "");
}
