// A message's `text` in Chat's own markup, as HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```,
// bulleted lists (`* ` or `- `, four spaces per level), <url|label> links, bare URLs and
// <users/ID> mentions. Anything that is not markup is escaped; a link is made only for a safe URL.
import { escapeHtml, link, safeUrl } from "./html";

const EMPHASIS: Readonly<Record<string, string>> = { "*": "b", _: "i", "~": "s" };

export function renderChatText(text: string): string {
  // ``` opens and closes a block; an unmatched last one is shown as typed.
  const pieces = text.split("```");
  const closed = pieces.length % 2 === 1 ? pieces.length : pieces.length - 1;
  let html = "";
  pieces.forEach((piece, index) => {
    if (index >= closed) html += escapeHtml("```" + piece);
    else if (index % 2 === 1) html += `<pre class="chat-pre">${escapeHtml(trimBlock(piece))}</pre>`;
    else html += renderLines(index > 0 ? piece.replace(/^\n/, "") : piece);
  });
  return html;
}

/** Chat drops the newline right after the opening and before the closing backquotes. */
function trimBlock(code: string): string {
  return code.replace(/^\n/, "").replace(/\n$/, "");
}

const LIST_ITEM = /^((?: {4})*)[*-] +(.*)$/;

function renderLines(text: string): string {
  const lines = text.split("\n");
  let html = "";
  // Open lists; each one's last item is still open, so a deeper list nests inside it.
  let depth = 0;
  lines.forEach((line, index) => {
    const item = LIST_ITEM.exec(line);
    if (item) {
      const level = item[1]!.length / 4 + 1;
      // A list cannot skip a level: a deeper indent than the next level nests one more.
      const target = Math.min(level, depth + 1);
      if (target > depth) {
        html += '<ul class="chat-list">';
        depth = target;
      } else {
        for (; depth > target; depth--) html += "</li></ul>";
        html += "</li>";
      }
      html += `<li>${renderInline(item[2]!)}`;
      return;
    }
    if (depth > 0) {
      html += "</li></ul>".repeat(depth);
      depth = 0;
    } else if (index > 0) {
      html += "\n";
    }
    html += renderInline(line);
  });
  return html + "</li></ul>".repeat(depth);
}

const ANGLE = /<([^<>|\n]+)(?:\|([^<>\n]*))?>/y;
const BARE_URL = /https?:\/\/[^\s<>]+/iy;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/** Markup characters open at a word's start, close at its end, and hug their text. */
function closingIndex(text: string, open: number, mark: string): number {
  const next = text[open + 1];
  if (isWordChar(text[open - 1]) || next === undefined || /\s/.test(next) || next === mark) {
    return -1;
  }
  for (let at = text.indexOf(mark, open + 2); at !== -1; at = text.indexOf(mark, at + 1)) {
    if (!/\s/.test(text[at - 1]!) && !isWordChar(text[at + 1])) return at;
  }
  return -1;
}

export function renderInline(text: string): string {
  let html = "";
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (char === "`") {
      const end = text.indexOf("`", at + 1);
      if (end > at + 1) {
        html += `<code class="chat-code">${escapeHtml(text.slice(at + 1, end))}</code>`;
        at = end + 1;
        continue;
      }
    }
    if (char === "<") {
      ANGLE.lastIndex = at;
      const match = ANGLE.exec(text);
      if (match) {
        html += renderAngle(match[1]!, match[2], match[0]);
        at += match[0].length;
        continue;
      }
    }
    if ((char === "h" || char === "H") && !isWordChar(text[at - 1])) {
      BARE_URL.lastIndex = at;
      const match = BARE_URL.exec(text);
      if (match) {
        // Punctuation that ends a sentence is not part of the link.
        const url = match[0].replace(/[.,;:!?)\]'"]+$/, "");
        html += safeUrl(url, "link") ? link(url, escapeHtml(url)) : escapeHtml(url);
        at += url.length;
        continue;
      }
    }
    const tag = EMPHASIS[char];
    if (tag !== undefined) {
      const end = closingIndex(text, at, char);
      if (end !== -1) {
        html += `<${tag}>${renderInline(text.slice(at + 1, end))}</${tag}>`;
        at = end + 1;
        continue;
      }
    }
    html += escapeHtml(char);
    at++;
  }
  return html;
}

function renderAngle(target: string, label: string | undefined, typed: string): string {
  if (target === "users/all") return mentionChip("all", target);
  const user = /^users\/([^\s/]+)$/.exec(target);
  if (user) return mentionChip(user[1]!, target);
  const url = safeUrl(target, "link");
  if (url === undefined) return escapeHtml(typed);
  return link(url, escapeHtml(label === undefined || label === "" ? target : label));
}

/** Chat shows the person's name; offline there is only their id. */
export function mentionChip(who: string, resource: string): string {
  return `<span class="chat-mention" title="${escapeHtml(resource)}">@${escapeHtml(who)}</span>`;
}
