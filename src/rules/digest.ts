// A digest from one read of a sheet: the rows that qualify (filters, and only new rows when the
// digest asks), sorted, grouped, limited, as one card or text within Chat's limits.
import {
  buttonList,
  card,
  cardHeader,
  cardSection,
  cardWithId,
  decoratedText,
  linkButton,
  textParagraph,
} from "../chat/cards";
import type { CardSection, ChatMessage } from "../chat/message";
import { neutraliseCardText, neutraliseText } from "../chat/neutralise";
import type { DigestDefinition, RowFilter } from "./config-types";
import { renderTemplate } from "./template";
import { ENGLISH, type Texts } from "../i18n/texts";

export const DIGEST_TEMPLATE_NAMES: readonly string[] = ["count", "date", "digest"];
export const DEFAULT_DIGEST_LIMIT = 25;
/** A card holds 100 widgets; groups, the "more" line and the button need some of them. */
export const MAX_DIGEST_LIMIT = 80;

/** Where the last digest that was sent stopped reading. */
export interface DigestCursor {
  /** The last data row seen (1-based sheet row). */
  readonly lastRow: number;
  /** That row's value in the key column, to find it again after deletions above it. */
  readonly lastKey: string | null;
}

export interface DigestRow {
  /** 1-based sheet row. */
  readonly row: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface DigestSelection {
  /** Qualifying rows, sorted. */
  readonly rows: readonly DigestRow[];
  /** Where the next "new rows" digest starts: the end of the sheet as read now. */
  readonly nextCursor: DigestCursor;
  /** The window's start, for a dedupe key: the same window is never sent twice. */
  readonly fromRow: number;
}

function normalise(value: string | undefined): string {
  return (value ?? "").trim().toLowerCase();
}

function passes(filter: RowFilter, value: string | undefined): boolean {
  const list = (v: string | readonly string[]) => (typeof v === "string" ? [v] : v);
  if (filter.is !== undefined && !list(filter.is).some((v) => normalise(v) === normalise(value))) {
    return false;
  }
  if (
    filter.isNot !== undefined &&
    list(filter.isNot).some((v) => normalise(v) === normalise(value))
  ) {
    return false;
  }
  if (filter.matches !== undefined && !regExpOf(filter.matches).test(value ?? "")) return false;
  if (filter.isEmpty !== undefined && (normalise(value) === "") !== filter.isEmpty) return false;
  return true;
}

const compiled = new Map<string, RegExp>();
function regExpOf(source: string): RegExp {
  let regExp = compiled.get(source);
  if (!regExp) compiled.set(source, (regExp = new RegExp(source)));
  return regExp;
}

/** Dates as Sheets displays them: M/d/yyyy or yyyy-MM-dd, with an optional H:mm[:ss]. */
const DISPLAYED_DATE =
  /^(?:(\d{1,2})\/(\d{1,2})\/(\d{4})|(\d{4})-(\d{2})-(\d{2}))(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Numbers and displayed dates sort as such; anything else as text ("Ops 2" is not a date). */
function sortValue(text: string): number | string {
  const trimmed = text.trim();
  const number = trimmed.replace(/[, ]/g, "");
  if (number !== "" && !Number.isNaN(Number(number))) return Number(number);
  const date = DISPLAYED_DATE.exec(trimmed);
  if (date) {
    const [, m, d, y, yy, mm, dd, h = "0", min = "0", sec = "0"] = date;
    return Date.UTC(
      Number(y ?? yy),
      Number(m ?? mm) - 1,
      Number(d ?? dd),
      Number(h),
      Number(min),
      Number(sec),
    );
  }
  return trimmed.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === "number" ? -1 : 1;
}

/** The first data row of a "new rows" window: just after the row the cursor points at. */
function windowStart(
  headers: readonly string[],
  data: readonly (readonly string[])[],
  headerRow: number,
  definition: DigestDefinition,
  cursor: DigestCursor | null,
): number {
  if (!definition.since || cursor === null) return headerRow + 1;
  const keyIndex = definition.since.keyColumn ? headers.indexOf(definition.since.keyColumn) : -1;
  if (keyIndex >= 0 && cursor.lastKey !== null) {
    const at = cursor.lastRow - headerRow - 1;
    if (data[at]?.[keyIndex] === cursor.lastKey) return cursor.lastRow + 1;
    // Rows above moved it: find the key where it is now, from the bottom.
    for (let i = data.length - 1; i >= 0; i--) {
      if (data[i]?.[keyIndex] === cursor.lastKey) return headerRow + 2 + i;
    }
  }
  return Math.min(cursor.lastRow, headerRow + data.length) + 1;
}

export function selectDigestRows(
  definition: DigestDefinition,
  table: readonly (readonly string[])[],
  cursor: DigestCursor | null,
): DigestSelection {
  const headerRow = definition.headerRow ?? 1;
  const headers = (table[headerRow - 1] ?? []).map((h) => h.trim());
  const data = table.slice(headerRow);
  const fromRow = windowStart(headers, data, headerRow, definition, cursor);
  // Filters test the cells by column index; a row becomes a record only once it qualifies, and
  // sort keys are computed once per row: a 100,000-row sheet stays cheap.
  const filters = (definition.filters ?? []).map((filter) => ({
    filter,
    column: headers.indexOf(filter.column),
  }));
  const rows: DigestRow[] = [];
  for (let i = fromRow - headerRow - 1; i < data.length; i++) {
    const cells = data[i]!;
    if (cells.every((cell) => cell.trim() === "")) continue;
    if (!filters.every(({ filter, column }) => passes(filter, cells[column]))) continue;
    const values: Record<string, string> = {};
    headers.forEach((header, column) => {
      if (header !== "") values[header] = cells[column] ?? "";
    });
    rows.push({ row: headerRow + 1 + i, values });
  }
  if (definition.sortBy) {
    const { column, descending } = definition.sortBy;
    const keyed = rows.map((row) => ({ row, key: sortValue(row.values[column] ?? "") }));
    keyed.sort((a, b) => (descending ? -1 : 1) * compare(a.key, b.key) || a.row.row - b.row.row);
    keyed.forEach(({ row }, index) => {
      rows[index] = row;
    });
  }
  const lastRow = headerRow + data.length;
  const keyColumn = definition.since?.keyColumn;
  const keyIndex = keyColumn ? headers.indexOf(keyColumn) : -1;
  return {
    rows,
    fromRow,
    nextCursor: {
      lastRow,
      lastKey: keyIndex >= 0 && data.length > 0 ? (data[data.length - 1]![keyIndex] ?? null) : null,
    },
  };
}

interface Group {
  readonly name: string | undefined;
  readonly rows: DigestRow[];
  readonly total: number;
}

/** The rows shown, grouped in order of first appearance, at most `limit` in all. */
function groupsOf(
  definition: DigestDefinition,
  rows: readonly DigestRow[],
  limit: number,
): Group[] {
  // Grouped like the filters compare: "Open", "open " and "OPEN" are one group, named as first seen.
  const groups = new Map<string, { name: string | undefined; rows: DigestRow[]; total: number }>();
  rows.forEach((row, index) => {
    const value = definition.groupBy ? (row.values[definition.groupBy] ?? "").trim() : "";
    const key = value.toLowerCase();
    const group = groups.get(key) ?? {
      name: definition.groupBy ? value || "(none)" : undefined,
      rows: [],
      total: 0,
    };
    group.total++;
    if (index < limit) group.rows.push(row);
    groups.set(key, group);
  });
  return [...groups.values()];
}

export interface DigestContext {
  /** Today, formatted in the script's time zone. */
  readonly date: string;
  /** A link to the sheet. */
  readonly sheetUrl: string;
  /** The project's own words ("…and N more", the button); default English. */
  readonly texts?: Texts;
}

/** The digest's message, or null when no row qualifies and the digest says nothing then. */
export function renderDigest(
  definition: DigestDefinition,
  rows: readonly DigestRow[],
  context: DigestContext,
): ChatMessage | null {
  const names: Record<string, string> = {
    count: String(rows.length),
    date: context.date,
    digest: definition.name,
  };
  const title = renderTemplate(
    definition.title,
    (name) => names[name],
    (value) => value,
  );
  if (rows.length === 0) {
    if (definition.whenEmpty === undefined) return null;
    return {
      text: renderTemplate(
        definition.whenEmpty,
        (name) => names[name],
        (v) => v,
      ),
    };
  }
  const words = context.texts ?? ENGLISH;
  const limit = Math.min(definition.limit ?? DEFAULT_DIGEST_LIMIT, MAX_DIGEST_LIMIT);
  const groups = groupsOf(definition, rows, limit);
  const more = Math.max(0, rows.length - limit);
  const [lead, ...others] = definition.columns;
  const details = (row: DigestRow) =>
    others
      .map((column) => [column, row.values[column] ?? ""] as const)
      .filter(([, value]) => value !== "");

  if (definition.format === "text") {
    const lines = [`*${title}*`];
    for (const group of groups) {
      if (group.name !== undefined)
        lines.push("", `*${neutraliseText(group.name)}* (${group.total})`);
      for (const row of group.rows) {
        const rest = details(row).map(([c, v]) => `${c}: ${neutraliseText(v)}`);
        lines.push(
          `• ${neutraliseText(row.values[lead!] ?? "")}${rest.length ? ` — ${rest.join(" · ")}` : ""}`,
        );
      }
    }
    if (more > 0) lines.push("", `${words.andMore(more)}: ${context.sheetUrl}`);
    return { text: lines.join("\n") };
  }

  const sections: CardSection[] = groups
    .filter((group) => group.rows.length > 0)
    .map((group) =>
      cardSection(
        group.rows.map((row) =>
          decoratedText(neutraliseCardText(row.values[lead!] || "—"), {
            bottomLabel: details(row)
              .map(([c, v]) => `${neutraliseCardText(c)}: ${neutraliseCardText(v)}`)
              .join(" · "),
          }),
        ),
        group.name === undefined
          ? {}
          : { header: `${neutraliseCardText(group.name)} (${group.total})` },
      ),
    );
  sections.push(
    cardSection([
      ...(more > 0 ? [textParagraph(words.andMore(more))] : []),
      buttonList([linkButton(words.openSheet, context.sheetUrl)]),
    ]),
  );
  return {
    cardsV2: [
      cardWithId(
        `digest-${definition.name}`,
        card(sections, cardHeader(neutraliseCardText(title))),
      ),
    ],
    fallbackText: title,
  };
}
