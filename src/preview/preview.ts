// "Preview for the selected rows" and "Preview digests": what each rule or digest would send, made
// by the very functions the triggers use, and why a rule would send nothing. Nothing is queued or
// sent: the outbox is never touched, and no port that writes is given.
import type { Accepted } from "../delivery/deliver";
import type { SheetReader } from "../ports";
import { matchesCondition } from "../rules/conditions";
import type { Condition, Config, DigestDefinition, EditRule } from "../rules/config-types";
import { draftDigest } from "../rules/digest-run";
import { editNotifications } from "../rules/edit-rules";
import type { FormSubmission } from "../rules/events";
import {
  DEFAULT_RESPONSES_SHEET,
  formNotifications,
  rulesForSubmission,
} from "../rules/form-rules";
import { RuleError } from "../rules/rule-output";
import { sheetRowSubmission } from "../rules/sheet-submission";
import type { Texts } from "../i18n/texts";
import type { MentionResolver } from "../mentions/resolve";

/** What makes a preview read as the real message: mentions resolved, the document's words. */
export interface PreviewWords {
  readonly people?: MentionResolver;
  readonly texts?: () => Texts;
}

/** Rows beyond this many are left out of one preview: a dialog of hundreds helps no one. */
export const MAX_PREVIEW_ROWS = 50;

export type PreviewOutcome =
  | { readonly kind: "sends"; readonly accepted: Accepted }
  | { readonly kind: "skips"; readonly reason: string }
  | { readonly kind: "problem"; readonly reason: string };

export interface PreviewItem {
  /** "task-status, row 4", "digest open-tasks"... */
  readonly title: string;
  readonly outcome: PreviewOutcome;
}

export interface Preview {
  readonly heading: string;
  readonly items: readonly PreviewItem[];
  /** Said once for the whole preview: rules that watch other sheets, rows left out. */
  readonly notes: readonly string[];
}

/** One selected block of cells, 1-based and inclusive. */
export interface SelectedRange {
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
}

/** What the person is looking at: selected rows of a sheet, or (in a form) its latest response. */
export type PreviewTarget =
  | { readonly kind: "rows"; readonly sheet: string; readonly ranges: readonly SelectedRange[] }
  | { readonly kind: "response"; readonly submission: FormSubmission | null };

function describeValues(values: string | readonly string[]): string {
  return (typeof values === "string" ? [values] : values).map((v) => `"${v}"`).join(" or ");
}

function describeCondition(condition: Condition | undefined): string {
  if (condition === undefined) return "a value different from the one before";
  if (typeof condition === "function") return "what its when function accepts (it said no)";
  if ("becomes" in condition) return `a value that becomes ${describeValues(condition.becomes)}`;
  if ("matches" in condition)
    return `a value matching /${condition.matches}/${condition.flags ?? ""}`;
  if ("isFilled" in condition) return "a cell filled in that was empty";
  const from = condition.from === undefined ? "" : ` from ${describeValues(condition.from)}`;
  const to = condition.to === undefined ? "" : ` to ${describeValues(condition.to)}`;
  // The preview sees the row as it is now; the value before an edit is not kept anywhere.
  return `a change${from}${to} (a preview cannot know the value before)`;
}

/** Reads each sheet's header and the selected span once, then answers the rules' reads from it. */
function spanReader(reader: SheetReader, firstRow: number, lastRow: number): SheetReader {
  const spans = new Map<string, { headers: string[]; rows: string[][] } | null>();
  return {
    read(sheet, headerRow, from, count) {
      const key = `${headerRow}\u0000${sheet}`;
      if (!spans.has(key)) {
        const start = Math.max(firstRow, headerRow + 1);
        spans.set(key, reader.read(sheet, headerRow, start, Math.max(0, lastRow - start + 1)));
      }
      const span = spans.get(key)!;
      if (span === null) return null;
      const offset = from - Math.max(firstRow, headerRow + 1);
      if (offset < 0 || offset + count > span.rows.length)
        return reader.read(sheet, headerRow, from, count);
      return { headers: span.headers, rows: span.rows.slice(offset, offset + count) };
    },
    readAll: (sheet) => reader.readAll(sheet),
    lastRow: (sheet) => reader.lastRow(sheet),
    readColumns: (sheet, firstRow, rowCount, columns) =>
      reader.readColumns(sheet, firstRow, rowCount, columns),
    rowUrl: (sheet, row) => reader.rowUrl(sheet, row),
  };
}

/** Each selected row once, in order, with the columns selected in it. */
function selectedRows(ranges: readonly SelectedRange[]): { row: number; range: SelectedRange }[] {
  const rows = new Map<number, SelectedRange>();
  for (const range of ranges) {
    for (let row = range.firstRow; row <= range.lastRow; row++) {
      if (!rows.has(row)) rows.set(row, range);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([row, range]) => ({ row, range }));
}

function previewEditRule(
  rule: EditRule,
  sheet: string,
  row: number,
  range: SelectedRange,
  reader: SheetReader,
  words: PreviewWords,
): PreviewOutcome {
  const headerRow = rule.headerRow ?? 1;
  if (row <= headerRow)
    return { kind: "skips", reason: `row ${row} is not below the header row ${headerRow}` };
  const read = reader.read(sheet, headerRow, row, 1);
  if (read === null) return { kind: "problem", reason: `there is no sheet named "${sheet}"` };
  const width = Math.max(read.headers.length, 1);
  // As if the rule's column (or the selected cells) had just been typed in, as they are now.
  const columns =
    rule.column === undefined
      ? { firstColumn: range.firstColumn, lastColumn: range.lastColumn }
      : { firstColumn: 1, lastColumn: width };
  const outcome = editNotifications(
    [rule],
    { sheet, firstRow: row, lastRow: row, ...columns, oldValue: undefined, user: undefined },
    reader,
    words.people,
    words.texts,
  );
  const [problem] = outcome.problems;
  if (problem !== undefined) return { kind: "problem", reason: problem.message };
  const [accepted] = outcome.accepted;
  if (accepted !== undefined) return { kind: "sends", accepted };
  const column =
    rule.column === undefined ? columns.firstColumn : read.headers.indexOf(rule.column) + 1;
  const cells = read.rows[0] ?? [];
  const value = cells[column - 1] ?? "";
  const values = Object.fromEntries(read.headers.map((h, i) => [h, cells[i] ?? ""]));
  const name = read.headers[column - 1] || `column ${column}`;
  const single = rule.column === undefined && columns.firstColumn === columns.lastColumn;
  if (matchesCondition(rule.when, { old: single ? "" : undefined, new: value, row: values })) {
    return {
      kind: "skips",
      reason: "its message function returned null: it sends nothing for this row",
    };
  }
  return {
    kind: "skips",
    reason: `${name} is "${value}"; the rule sends for ${describeCondition(rule.when)}`,
  };
}

function previewSubmission(
  config: Config,
  submission: FormSubmission,
  where: string,
  words: PreviewWords,
): PreviewItem[] {
  const rules = rulesForSubmission(config.formRules, submission);
  return rules.map((rule) => {
    const [accepted] = formNotifications([rule], submission, words.people, words.texts);
    return {
      title: `${rule.name}, ${where}`,
      outcome:
        accepted === undefined
          ? {
              kind: "skips",
              reason: "its message function returned null: it sends nothing for this response",
            }
          : { kind: "sends", accepted },
    };
  });
}

function previewRows(
  config: Config,
  sheet: string,
  ranges: readonly SelectedRange[],
  reader: SheetReader,
  words: PreviewWords,
): Preview {
  const all = selectedRows(ranges);
  const rows = all.slice(0, MAX_PREVIEW_ROWS);
  const notes: string[] = [];
  if (all.length > rows.length) {
    notes.push(`Only the first ${rows.length} of the ${all.length} selected rows are shown.`);
  }
  const editRules = config.editRules.filter((rule) => rule.sheet === sheet);
  const formRules = config.formRules.filter(
    (rule) => rule.source === "sheet" && (rule.sheet ?? DEFAULT_RESPONSES_SHEET) === sheet,
  );
  const others = config.editRules.filter((rule) => rule.sheet !== sheet);
  if (others.length > 0) {
    notes.push(
      `Not shown: ${others.map((r) => `${r.name} (sheet "${r.sheet}")`).join(", ")}, which watch other sheets.`,
    );
  }
  const cached =
    rows.length === 0 ? reader : spanReader(reader, rows[0]!.row, rows[rows.length - 1]!.row);
  const items: PreviewItem[] = [];
  for (const { row, range } of rows) {
    for (const rule of editRules) {
      items.push({
        title: `${rule.name}, row ${row}`,
        outcome: previewEditRule(rule, sheet, row, range, cached, words),
      });
    }
    if (formRules.length > 0 && row > 1) {
      const submission = sheetRowSubmission(cached, sheet, row, undefined, words.texts?.());
      if (submission !== null) {
        items.push(...previewSubmission(config, submission, `row ${row}`, words));
      }
    }
  }
  if (items.length === 0 && rows.length > 0) {
    notes.push(`No edit rule or form rule watches sheet "${sheet}".`);
  }
  return { heading: `Preview of ${rows.length} selected row(s) of "${sheet}"`, items, notes };
}

export function previewTarget(
  config: Config,
  target: PreviewTarget,
  reader: SheetReader,
  words: PreviewWords = {},
): Preview {
  if (target.kind === "rows") {
    return previewRows(config, target.sheet, target.ranges, reader, words);
  }
  if (target.submission === null) {
    return {
      heading: "Preview of the latest response",
      items: [],
      notes: ["The form has no response yet."],
    };
  }
  const items = previewSubmission(config, target.submission, "the latest response", words);
  return {
    heading: `Preview of the latest response to "${target.submission.form}"`,
    items,
    notes: items.length === 0 ? ['No form rule is for this form (source: "form").'] : [],
  };
}

export function previewDigests(
  digests: readonly DigestDefinition[],
  context: {
    readonly reader: SheetReader;
    readonly date: string;
    readonly properties: Readonly<Record<string, string>>;
    readonly people?: MentionResolver;
    readonly texts?: Texts;
  },
): Preview {
  const items = digests.map((digest): PreviewItem => {
    const title = `digest ${digest.name}`;
    try {
      const draft = draftDigest(digest, context);
      if (draft.kind === "nothing") {
        return {
          title,
          outcome: {
            kind: "skips",
            reason: digest.since
              ? "no new row passes its filters since the last digest sent, and it has no whenEmpty"
              : "no row passes its filters, and it has no whenEmpty",
          },
        };
      }
      return {
        title: `${title} (${draft.rowCount} row(s))`,
        outcome: { kind: "sends", accepted: draft.accepted },
      };
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return { title, outcome: { kind: "problem", reason: error.message } };
    }
  });
  return {
    heading: "Preview of the digests, if they ran now",
    items,
    notes: digests.length === 0 ? ["No digest is configured in src/config.ts."] : [],
  };
}
