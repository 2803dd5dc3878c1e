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
import { placeholders, renderTemplate } from "./template";
import { ENGLISH, type Texts } from "../i18n/texts";
import { normalise, regExpOf } from "./text-match";

export const DIGEST_TEMPLATE_NAMES: readonly string[] = ["count", "date", "digest"];
export const DEFAULT_DIGEST_LIMIT = 25;
/** A card holds 100 widgets; groups, the "more" line and the button need some of them. */
export const MAX_DIGEST_LIMIT = 80;

/** Where the last digest that was sent stopped reading. */
export interface DigestCursor {
  /** The last data row seen (1-based sheet row). */
  readonly lastRow: number;
  /**
   * That row's value in the key column (keyFingerprint of it), to find it again after deletions
   * above it.
   */
  readonly lastKey: string | null;
}

export interface DigestRow {
  /** 1-based sheet row. */
  readonly row: number;
  /** The cells of the columns the digest uses, by header. */
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

/**
 * A sheet as a digest reads it: its header row, its length, and cells on demand, so that a
 * digest reads only the rows of its window and only the columns it uses.
 */
export interface DigestSheet {
  /** The header row, trimmed, across the used columns. */
  readonly headers: readonly string[];
  /** The last row with content (1-based); the header row or less when there is no data. */
  readonly lastRow: number;
  /** Rows `firstRow`..`lastRow` (1-based, inclusive) of the columns at `columns` (0-based). */
  rows(firstRow: number, lastRow: number, columns: readonly number[]): string[][];
}

/** A whole table already in memory (row 1 first), as a DigestSheet. */
export function tableSheet(table: readonly (readonly string[])[], headerRow: number): DigestSheet {
  return {
    headers: (table[headerRow - 1] ?? []).map((h) => h.trim()),
    lastRow: Math.max(table.length, headerRow),
    rows: (firstRow, lastRow, columns) =>
      table.slice(firstRow - 1, lastRow).map((cells) => columns.map((c) => cells[c] ?? "")),
  };
}

/** The header names a digest reads: shown, filtered, grouped, sorted, mentioned, its key column. */
export function digestColumns(definition: DigestDefinition): string[] {
  return [
    ...definition.columns,
    ...(definition.mention === undefined ? [] : placeholders(definition.mention)),
    ...(definition.filters ?? []).map((filter) => filter.column),
    ...(definition.groupBy === undefined ? [] : [definition.groupBy]),
    ...(definition.sortBy === undefined ? [] : [definition.sortBy.column]),
    ...(definition.since?.keyColumn === undefined ? [] : [definition.since.keyColumn]),
  ].filter((name, index, all) => all.indexOf(name) === index);
}

/** Keys longer than this are stored as a fingerprint, so that a cursor stays small. */
const MAX_STORED_KEY_CHARS = 200;

/** What a cursor stores of a key cell: the value, or for a long one its length and a hash. */
export function keyFingerprint(value: string): string {
  if (value.length <= MAX_STORED_KEY_CHARS) return value;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 16777619);
    h2 = Math.imul(h2 ^ code, 2246822507);
  }
  // A NUL first: no real key cell starts with one, so no short key reads like a fingerprint.
  return `\u0000${value.length}:${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}

/** Sheets holds at most 10 million cells, so no sheet has more rows. */
const MAX_SHEET_ROWS = 10_000_000;

export type CursorReading =
  | { readonly kind: "none" }
  | { readonly kind: "ok"; readonly cursor: DigestCursor }
  /** Stored, but not a cursor: what is wrong with it, to say in the log. */
  | { readonly kind: "damaged"; readonly problem: string };

/** Reads a stored cursor by its shape; never throws. */
export function readDigestCursor(stored: string | undefined): CursorReading {
  if (stored === undefined || stored === "") return { kind: "none" };
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return { kind: "damaged", problem: "it is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "damaged", problem: "it is not an object" };
  }
  const { lastRow, lastKey } = value as Record<string, unknown>;
  if (
    !Number.isInteger(lastRow) ||
    (lastRow as number) < 0 ||
    (lastRow as number) > MAX_SHEET_ROWS
  ) {
    return { kind: "damaged", problem: "its lastRow is not a row number" };
  }
  if (lastKey !== null && typeof lastKey !== "string") {
    return { kind: "damaged", problem: "its lastKey is neither text nor null" };
  }
  return { kind: "ok", cursor: { lastRow: lastRow as number, lastKey } };
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

interface WindowStart {
  readonly fromRow: number;
  /** The key of row fromRow - 1 when it was read to find the window. */
  readonly keyBefore?: string;
}

/** The first data row of a "new rows" window: just after the row the cursor points at. */
function windowStart(
  sheet: DigestSheet,
  headerRow: number,
  definition: DigestDefinition,
  cursor: DigestCursor | null,
): WindowStart {
  if (!definition.since || cursor === null) return { fromRow: headerRow + 1 };
  const keyIndex = definition.since.keyColumn
    ? sheet.headers.indexOf(definition.since.keyColumn)
    : -1;
  const { lastRow } = sheet;
  if (keyIndex >= 0 && cursor.lastKey !== null && lastRow > headerRow) {
    const { lastKey } = cursor;
    // Rows above moved it: find the key where it is now, from the bottom (one column only).
    const keys = sheet.rows(headerRow + 1, lastRow, [keyIndex]);
    for (let i = keys.length - 1; i >= 0; i--) {
      const cell = keys[i]?.[0] ?? "";
      if (keyFingerprint(cell) === lastKey) return { fromRow: headerRow + 2 + i, keyBefore: cell };
    }
  }
  return { fromRow: Math.min(cursor.lastRow, Math.max(lastRow, headerRow)) + 1 };
}

/**
 * The rows that qualify, reading only the window's rows (all of them, or those after the
 * cursor) and only the columns the digest uses.
 */
export function selectDigestRows(
  definition: DigestDefinition,
  source: DigestSheet | readonly (readonly string[])[],
  cursor: DigestCursor | null,
): DigestSelection {
  const headerRow = definition.headerRow ?? 1;
  const sheet = Array.isArray(source) ? tableSheet(source, headerRow) : (source as DigestSheet);
  const { headers } = sheet;
  const used = digestColumns(definition)
    .map((name) => ({ name, column: headers.indexOf(name) }))
    .filter(({ column }) => column >= 0);
  const position = new Map(used.map(({ name }, index) => [name, index]));
  const columns = used.map((u) => u.column);
  const { fromRow, keyBefore, cellsOf } =
    afterCursorRow(sheet, headerRow, definition, cursor, columns, position) ??
    readWindow(sheet, windowStart(sheet, headerRow, definition, cursor), columns);
  // Filters test the cells by position; a row becomes a record only once it qualifies, and sort
  // keys are computed once per row: a 100,000-row sheet stays cheap.
  const filters = (definition.filters ?? []).map((filter) => ({
    filter,
    at: position.get(filter.column) ?? -1,
  }));
  const rows: DigestRow[] = [];
  cellsOf.forEach((cells, i) => {
    if (cells.every((cell) => cell.trim() === "")) return;
    if (!filters.every(({ filter, at }) => passes(filter, cells[at]))) return;
    const values: Record<string, string> = {};
    used.forEach(({ name }, index) => {
      if (name !== "") values[name] = cells[index] ?? "";
    });
    rows.push({ row: fromRow + i, values });
  });
  if (definition.sortBy) {
    const { column, descending } = definition.sortBy;
    const keyed = rows.map((row) => ({ row, key: sortValue(row.values[column] ?? "") }));
    keyed.sort((a, b) => (descending ? -1 : 1) * compare(a.key, b.key) || a.row.row - b.row.row);
    keyed.forEach(({ row }, index) => {
      rows[index] = row;
    });
  }
  return {
    rows,
    fromRow,
    nextCursor: cursorAtEnd(sheet, headerRow, definition, cellsOf, position, keyBefore, fromRow),
  };
}

interface Window extends WindowStart {
  /** The used columns of rows fromRow..lastRow. */
  readonly cellsOf: readonly (readonly string[])[];
}

function readWindow(sheet: DigestSheet, start: WindowStart, columns: readonly number[]): Window {
  const cellsOf =
    start.fromRow <= sheet.lastRow ? sheet.rows(start.fromRow, sheet.lastRow, columns) : [];
  return { ...start, cellsOf };
}

/**
 * The usual case in one read: the rows from the cursor's row to the end, when that row still
 * holds the cursor's key (nothing above it was deleted). Undefined otherwise.
 */
function afterCursorRow(
  sheet: DigestSheet,
  headerRow: number,
  definition: DigestDefinition,
  cursor: DigestCursor | null,
  columns: readonly number[],
  position: ReadonlyMap<string, number>,
): Window | undefined {
  const keyColumn = definition.since?.keyColumn;
  const keyAt = keyColumn === undefined ? undefined : position.get(keyColumn);
  if (!definition.since || cursor === null || cursor.lastKey === null || keyAt === undefined) {
    return undefined;
  }
  if (cursor.lastRow <= headerRow || cursor.lastRow > sheet.lastRow) return undefined;
  const block = sheet.rows(cursor.lastRow, sheet.lastRow, columns);
  const key = block[0]?.[keyAt] ?? "";
  if (keyFingerprint(key) !== cursor.lastKey) return undefined;
  return { fromRow: cursor.lastRow + 1, keyBefore: key, cellsOf: block.slice(1) };
}

function cursorAtEnd(
  sheet: DigestSheet,
  headerRow: number,
  definition: DigestDefinition,
  window: readonly (readonly string[])[],
  position: ReadonlyMap<string, number>,
  keyBefore: string | undefined,
  fromRow: number,
): DigestCursor {
  const lastRow = Math.max(sheet.lastRow, headerRow);
  const keyColumn = definition.since?.keyColumn;
  const keyIndex = keyColumn === undefined ? -1 : sheet.headers.indexOf(keyColumn);
  if (keyIndex < 0 || lastRow === headerRow) return { lastRow, lastKey: null };
  let key: string | undefined;
  if (window.length > 0) key = window[window.length - 1]![position.get(keyColumn!)!];
  else if (fromRow === lastRow + 1 && keyBefore !== undefined) key = keyBefore;
  else key = sheet.rows(lastRow, lastRow, [keyIndex])[0]?.[0];
  return { lastRow, lastKey: keyFingerprint(key ?? "") };
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
