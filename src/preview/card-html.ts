// Card text (decoratedText, textParagraph, section headers) is Chat's small HTML subset: <b>, <i>,
// <u>, <s>, <font color>, <a href>, <time> and <br>. Those tags are rebuilt from scratch with only
// their checked attribute; every other tag is dropped and its text kept, as Chat does; tags left
// open are closed, so a card's text cannot reach outside its widget.
import { escapeHtml, link, safeUrl } from "./html";

const SIMPLE: Readonly<Record<string, string>> = {
  b: "b",
  i: "i",
  u: "u",
  s: "s",
  strike: "s",
  time: "time",
};
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^<>"']|"[^"]*"|'[^']*')*)>/g;
const ENTITY = /&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/y;
const COLOR = /^(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/;

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(
    `(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`]+))`,
    "i",
  ).exec(attributes);
  if (!match) return undefined;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? "");
}

/** Enough decoding to read an attribute the way a browser would before judging it. */
function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) =>
      String.fromCodePoint(safeCodePoint(parseInt(hex, 16))),
    )
    .replace(/&#([0-9]+);?/g, (_, dec: string) =>
      String.fromCodePoint(safeCodePoint(parseInt(dec, 10))),
    )
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&colon;/gi, ":")
    .replace(/&tab;/gi, "\t")
    .replace(/&newline;/gi, "\n")
    .replace(/&amp;/g, "&");
}

function safeCodePoint(code: number): number {
  return code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? 0xfffd : code;
}

/** Text between tags: entities the author wrote stay entities; every other `&` is escaped. */
function escapeText(text: string): string {
  let html = "";
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (char === "&") {
      ENTITY.lastIndex = at;
      const entity = ENTITY.exec(text);
      if (entity) {
        html += entity[0];
        at += entity[0].length - 1;
        continue;
      }
    }
    html += escapeHtml(char);
  }
  return html;
}

interface Open {
  readonly name: string;
  readonly close: string;
}

export function renderCardHtml(text: string): string {
  const open: Open[] = [];
  let html = "";
  let last = 0;
  const closeTo = (depth: number) => {
    while (open.length > depth) html += open.pop()!.close;
  };
  for (const match of text.matchAll(TAG)) {
    html += escapeText(text.slice(last, match.index));
    last = match.index + match[0].length;
    const closing = match[1] === "/";
    const name = match[2]!.toLowerCase();
    const attributes = match[3] ?? "";
    if (closing) {
      const depth = open.map((o) => o.name).lastIndexOf(name);
      if (depth !== -1) closeTo(depth);
      continue;
    }
    if (name === "br") {
      html += "<br>";
      continue;
    }
    const simple = SIMPLE[name];
    if (simple !== undefined) {
      html += `<${simple}>`;
      open.push({ name, close: `</${simple}>` });
    } else if (name === "font") {
      const color = attribute(attributes, "color");
      html += color !== undefined && COLOR.test(color) ? `<font color="${color}">` : "<font>";
      open.push({ name, close: "</font>" });
    } else if (name === "a" && !open.some((o) => o.name === "a")) {
      const href = safeUrl(attribute(attributes, "href") ?? "", "link");
      if (href === undefined) {
        html += '<span class="chat-unsafe-link">';
        open.push({ name, close: "</span>" });
      } else {
        // link() closes its own anchor; open it with a placeholder label and keep the tail.
        const anchor = link(href, "");
        html += anchor.slice(0, -"</a>".length);
        open.push({ name, close: "</a>" });
      }
    }
    // Any other tag is dropped; its text stays.
  }
  html += escapeText(text.slice(last));
  closeTo(0);
  return html;
}
