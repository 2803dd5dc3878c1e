// Text from users (sheet cells, form answers) goes into messages that the whole space reads. It must
// not be able to @mention everyone, nor dress a link up as something else. A zero-width space
// (U+200B) breaks the syntax while the text still reads the same.

const ZWSP = "\u200B";

/**
 * For a message's `text`: breaks `<users/all>` and `<url|label>` (after every `<`), Markdown links
 * (between `]` and `(`), HTML entities that could stand for `<` (after `&`), and auto-linked URLs
 * (inside `://`). Already-broken spots are left alone, so applying it twice changes nothing.
 */
export function neutraliseText(text: string): string {
  return breakUrls(
    text
      .replace(/<(?!\u200B)/g, `<${ZWSP}`)
      .replace(/\](?=\()/g, `]${ZWSP}`)
      .replace(/&(?=#|[A-Za-z]+;)/g, `&${ZWSP}`),
  );
}

/**
 * For card widget text, which Chat renders as a small HTML subset: escapes `& < > "` so no tag or
 * entity comes through, and breaks `://` so no URL is auto-linked.
 */
export function neutraliseCardText(text: string): string {
  return breakUrls(
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/\](?=\()/g, `]${ZWSP}`),
  );
}

function breakUrls(text: string): string {
  return text.replace(/:\/\//g, `:${ZWSP}//`);
}
