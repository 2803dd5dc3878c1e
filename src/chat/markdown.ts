// Markdown -> Chat's text syntax. Chat's text is not Markdown (`*bold*`, `_italic_`, `~strike~`,
// `<url|label>`), so text written as Markdown would show its symbols. marked's lexer reads the
// Markdown (CommonMark and GitHub's extensions); this file only writes Chat's syntax for its tokens.
import { Lexer, type Token, type Tokens } from "marked";
import { neutraliseText } from "./neutralise";

export interface MarkdownOptions {
  /**
   * true: the author's own text; links become `<url|label>`. false (text from users): links show
   * as "label (url)" and the result is neutralised, so it can neither link nor mention anyone.
   */
  readonly trusted: boolean;
}

/** Chat-formatted text for a Markdown text. */
export function markdownToChat(markdown: string, options: MarkdownOptions): string {
  const writer = new ChatWriter(options.trusted);
  const text = writer.blocks(Lexer.lex(markdown, { gfm: true }), 0).trim();
  return options.trusted ? text : neutraliseText(text);
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00A0",
};

/** Markdown keeps entities as written; Chat's text would show `&amp;` as it is. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

class ChatWriter {
  constructor(private readonly trusted: boolean) {}

  /** Block tokens, one per line group; `depth` is the list nesting, for indentation. */
  blocks(tokens: readonly Token[], depth: number): string {
    const out: string[] = [];
    for (const token of tokens) {
      const block = this.block(token, depth);
      if (block !== undefined) out.push(block);
    }
    return out.join("\n");
  }

  private block(token: Token, depth: number): string | undefined {
    switch (token.type) {
      case "space":
        return "";
      case "heading":
        // Chat has no headings: a bold line. Bold inside it would close the bold early.
        return `*${this.inline((token as Tokens.Heading).tokens, { inBold: true })}*`;
      case "paragraph":
        return this.inline((token as Tokens.Paragraph).tokens);
      case "text": {
        const text = token as Tokens.Text;
        return text.tokens ? this.inline(text.tokens) : decodeEntities(text.text);
      }
      case "code":
        return "```\n" + (token as Tokens.Code).text + "\n```";
      case "blockquote":
        return this.blocks((token as Tokens.Blockquote).tokens, depth)
          .split("\n")
          .map((line) => `> ${line}`.trimEnd())
          .join("\n");
      case "list":
        return this.list(token as Tokens.List, depth);
      case "hr":
        return "──────────";
      case "table":
        return this.table(token as Tokens.Table);
      case "html":
        return (token as Tokens.HTML).text.trimEnd();
      case "def":
        return undefined; // a reference definition shows nothing where it stands
      default:
        return "raw" in token && typeof token.raw === "string" ? token.raw : undefined;
    }
  }

  private list(list: Tokens.List, depth: number): string {
    const indent = "    ".repeat(depth);
    const start = typeof list.start === "number" ? list.start : 1;
    return list.items
      .map((item, index) => {
        const marker = list.ordered ? `${start + index}.` : depth === 0 ? "•" : "◦";
        const task = item.task ? (item.checked ? "☑ " : "☐ ") : "";
        const [first = "", ...rest] = this.blocks(
          item.tokens.filter((t) => t.type !== "checkbox"),
          depth + 1,
        )
          .replace(/\n+$/, "")
          .split("\n");
        // Lines of a nested list carry their own indentation; other lines align under the text.
        const following = rest.map((line) =>
          line.startsWith(`${indent}    `) || line === "" ? line : `${indent}  ${line}`,
        );
        return [`${indent}${marker} ${task}${first}`, ...following].join("\n");
      })
      .join("\n");
  }

  private table(table: Tokens.Table): string {
    const row = (cells: readonly Tokens.TableCell[]) =>
      cells.map((cell) => this.inline(cell.tokens)).join(" | ");
    return [`*${row(table.header)}*`, ...table.rows.map(row)].join("\n");
  }

  inline(tokens: readonly Token[], state: { inBold?: boolean } = {}): string {
    return tokens.map((token) => this.inlineToken(token, state)).join("");
  }

  private inlineToken(token: Token, state: { inBold?: boolean }): string {
    switch (token.type) {
      case "text": {
        const text = token as Tokens.Text;
        return text.tokens ? this.inline(text.tokens, state) : decodeEntities(text.text);
      }
      case "escape":
        return (token as Tokens.Escape).text;
      case "strong": {
        const inner = this.inline((token as Tokens.Strong).tokens, { ...state, inBold: true });
        return state.inBold ? inner : `*${inner}*`;
      }
      case "em":
        return `_${this.inline((token as Tokens.Em).tokens, state)}_`;
      case "del":
        return `~${this.inline((token as Tokens.Del).tokens, state)}~`;
      case "codespan":
        return "`" + decodeEntities((token as Tokens.Codespan).text) + "`";
      case "br":
        return "\n";
      case "link":
        return this.link(
          (token as Tokens.Link).href,
          this.inline((token as Tokens.Link).tokens, state),
        );
      case "image": {
        const image = token as Tokens.Image;
        return this.link(image.href, image.text || image.href);
      }
      case "html":
        return (token as Tokens.HTML).text;
      default:
        return "raw" in token && typeof token.raw === "string" ? token.raw : "";
    }
  }

  private link(href: string, label: string): string {
    const bare = label === href || `http://${label}` === href || `mailto:${label}` === href;
    if (bare) return label; // Chat links a URL it sees; from users, it is neutralised below
    if (!this.trusted) return `${label} (${href})`;
    // `|` and `>` would end the label or the link early.
    return `<${href}|${label.replace(/[|>]/g, (c) => (c === "|" ? "¦" : "›"))}>`;
  }
}
