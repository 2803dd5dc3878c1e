// One digest drafted, as the other rules do: read the window's rows and the used columns, pick
// the rows, and return the notification with the cursor to store after it (src/app/digests.ts
// hands both to the outbox, which commits them together). Nothing here writes or sends.
import type { Accepted } from "../delivery/deliver";
import type { SheetReader } from "../ports";
import type { DigestDefinition } from "./config-types";
import {
  DEFAULT_DIGEST_LIMIT,
  MAX_DIGEST_LIMIT,
  readDigestCursor,
  renderDigest,
  selectDigestRows,
  type DigestCursor,
  type DigestRow,
  type DigestSheet,
} from "./digest";
import { placeholders, renderTemplate } from "./template";
import { RuleError, ruleAccepted } from "./rule-output";
import { emailsIn, mentioning } from "../mentions/mention-text";
import type { MentionResolver } from "../mentions/resolve";
import type { Texts } from "../i18n/texts";

export function cursorKey(digest: string): string {
  return `chat.digest.${digest}.cursor`;
}

/** A digest's `mention` over the rows it shows: `{{Owner}}` names every owner among them. */
function digestMentions(definition: DigestDefinition, rows: readonly DigestRow[]): string[] {
  if (definition.mention === undefined) return [];
  const template = definition.mention;
  const shown = rows.slice(0, Math.min(definition.limit ?? DEFAULT_DIGEST_LIMIT, MAX_DIGEST_LIMIT));
  const texts =
    placeholders(template).length === 0
      ? [template]
      : shown.map((row) =>
          renderTemplate(
            template,
            (name) => row.values[name],
            (value) => value,
          ),
        );
  return [...new Set(texts.flatMap(emailsIn))];
}

/** What a digest would send now, read from the sheet; nothing is written. */
export type DigestDraft =
  | {
      readonly kind: "nothing";
      readonly nextCursor: Record<string, string>;
      /** "" or, after a space, what was wrong with the stored cursor. */
      readonly note: string;
    }
  | {
      readonly kind: "message";
      readonly accepted: Accepted;
      readonly rowCount: number;
      readonly nextCursor: Record<string, string>;
      readonly note: string;
    };

/** The digest's sheet through the reader: the header row now, the cells when asked for. */
function readerSheet(reader: SheetReader, definition: DigestDefinition): DigestSheet | null {
  const headerRow = definition.headerRow ?? 1;
  const lastRow = reader.lastRow(definition.sheet);
  const header =
    lastRow === null ? null : reader.read(definition.sheet, headerRow, headerRow + 1, 0);
  if (lastRow === null || header === null) return null;
  return {
    headers: header.headers,
    lastRow,
    rows: (firstRow, last, columns) =>
      reader.readColumns(
        definition.sheet,
        firstRow,
        last - firstRow + 1,
        columns.map((c) => c + 1),
      ) ?? [],
  };
}

/** The stored cursor when it reads as one; a damaged one is reported and set aside. */
function cursorOf(
  definition: DigestDefinition,
  stored: string | undefined,
): { cursor: DigestCursor | null; note: string } {
  if (!definition.since) return { cursor: null, note: "" };
  const reading = readDigestCursor(stored);
  if (reading.kind === "ok") return { cursor: reading.cursor, note: "" };
  if (reading.kind === "none") return { cursor: null, note: "" };
  // Starting over sends old rows once (within the digest's limit); skipping to the end could lose
  // new ones. The cursor is rewritten by this run.
  return {
    cursor: null,
    note:
      ` (its cursor, Script Property ${cursorKey(definition.name)}, was damaged: ` +
      `${reading.problem}; this run covered the whole sheet and wrote a new cursor)`,
  };
}

/** For showStatus: one line per new-rows digest whose stored cursor is damaged. */
export function damagedCursorLines(
  digests: readonly DigestDefinition[],
  properties: Readonly<Record<string, string>>,
): string[] {
  return digests.flatMap((definition) => {
    if (!definition.since) return [];
    const reading = readDigestCursor(properties[cursorKey(definition.name)]);
    return reading.kind === "damaged"
      ? [
          `Digest "${definition.name}": its cursor (Script Property ${cursorKey(definition.name)}) ` +
            `is damaged (${reading.problem}); its next run covers the whole sheet once and writes ` +
            `a new one`,
        ]
      : [];
  });
}

/** What a digest reads to draft its message. */
export interface DigestReading {
  readonly reader: SheetReader;
  /** Today in the script's time zone, for {{date}}. */
  readonly date: string;
  /** Script Properties as read at the start of the run: the digests' cursors are there. */
  readonly properties: Readonly<Record<string, string>>;
  readonly people?: MentionResolver;
  readonly texts?: Texts;
}

export function draftDigest(definition: DigestDefinition, context: DigestReading): DigestDraft {
  const sheet = readerSheet(context.reader, definition);
  if (sheet === null)
    throw new RuleError(definition.name, `there is no sheet named "${definition.sheet}"`);
  const key = cursorKey(definition.name);
  const stored = context.properties[key];
  const { cursor, note } = cursorOf(definition, stored);
  const selection = selectDigestRows(definition, sheet, cursor);
  const nextCursor = definition.since ? { [key]: JSON.stringify(selection.nextCursor) } : {};
  const rendered = renderDigest(definition, selection.rows, {
    date: context.date,
    sheetUrl: context.reader.rowUrl(definition.sheet, 1),
    ...(context.texts ? { texts: context.texts } : {}),
  });
  const message =
    rendered && mentioning(rendered, digestMentions(definition, selection.rows), context.people);
  if (message === null) return { kind: "nothing", nextCursor, note };
  const names: Record<string, string> = { date: context.date, digest: definition.name };
  const threadKey =
    definition.threadKey === undefined
      ? undefined
      : renderTemplate(
          definition.threadKey,
          (name) => names[name],
          (value) => value,
        );
  // A window is named by the cursor it started from: a second run from the same cursor (two runs
  // at once) is the same window. An empty window has nothing to send twice.
  const dedupeKey =
    definition.since && selection.rows.length > 0
      ? `digest:${definition.name}:${stored ?? "start"}`
      : undefined;
  return {
    kind: "message",
    accepted: ruleAccepted(definition, message, threadKey, dedupeKey),
    rowCount: selection.rows.length,
    nextCursor,
    note,
  };
}
