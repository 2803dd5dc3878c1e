// An edit -> the notifications its rules ask for. A pasted range is one event: every affected row
// is evaluated. The sheet is read once per header row, whatever its size or the number of rules:
// the header and the affected rows only.
import type { Accepted } from "../delivery/deliver";
import type { SheetReader } from "../ports";
import { matchesCondition } from "./conditions";
import type { EditContext, EditRule } from "./config-types";
import type { EditEvent } from "./events";
import { ENGLISH, type Texts } from "../i18n/texts";
import { mentioning } from "../mentions/mention-text";
import type { MentionResolver } from "../mentions/resolve";
import { mentionedEmails, renderMessage, renderThreadKey, type TemplateData } from "./render";
import { RuleError, ruleAccepted } from "./rule-output";

const EDIT_BUILT_INS = ["old", "new", "change", "sheet", "row", "url", "user"] as const;
export const EDIT_TEMPLATE_NAMES: readonly string[] = EDIT_BUILT_INS;

/** The rules that could fire for an edit of this sheet; when none, nothing is read. */
export function rulesForSheet(rules: readonly EditRule[], sheet: string): EditRule[] {
  return rules.filter((rule) => rule.sheet === sheet);
}

export interface EditOutcome {
  readonly accepted: Accepted[];
  /** Rules that could not run as configured; the others ran all the same. */
  readonly problems: RuleError[];
}

export function editNotifications(
  rules: readonly EditRule[],
  event: EditEvent,
  reader: SheetReader,
  people?: MentionResolver,
  /** The project's words; asked only when a notification is made (it may cost a call). */
  texts: () => Texts = () => ENGLISH,
): EditOutcome {
  const relevant = rulesForSheet(rules, event.sheet);
  const accepted: Accepted[] = [];
  const problems: RuleError[] = [];
  const byHeaderRow = new Map<number, EditRule[]>();
  for (const rule of relevant) {
    const headerRow = rule.headerRow ?? 1;
    byHeaderRow.set(headerRow, [...(byHeaderRow.get(headerRow) ?? []), rule]);
  }

  for (const [headerRow, headerRules] of byHeaderRow) {
    // Edits of the header row itself, or above it, are not about a row.
    const firstRow = Math.max(event.firstRow, headerRow + 1);
    if (firstRow > event.lastRow) continue;
    const read = reader.read(event.sheet, headerRow, firstRow, event.lastRow - firstRow + 1);
    if (read === null) continue;
    const { headers, rows } = read;
    const singleCell = event.firstRow === event.lastRow && event.firstColumn === event.lastColumn;
    const oldValue = singleCell ? (event.oldValue ?? "") : undefined;
    // Each row by header, once for all the rules that look at it.
    const records = rows.map((cells) => {
      const fields = new Map<string, string>();
      headers.forEach((header, i) => {
        if (header !== "") fields.set(header, cells[i] ?? "");
      });
      return { cells, fields, values: Object.fromEntries(fields) as Record<string, string> };
    });

    for (const rule of headerRules) {
      let column = event.firstColumn;
      if (rule.column !== undefined) {
        column = headers.indexOf(rule.column) + 1;
        if (column === 0) {
          problems.push(
            new RuleError(
              rule.name,
              `column "${rule.column}" is not in row ${headerRow} of sheet "${event.sheet}" (headers: ${headers.join(", ")})`,
            ),
          );
          continue;
        }
        if (column < event.firstColumn || column > event.lastColumn) continue;
      }
      records.forEach(({ cells, fields, values }, index) => {
        const row = firstRow + index;
        const newValue = cells[column - 1] ?? "";
        if (!matchesCondition(rule.when, { old: oldValue, new: newValue, row: values })) return;
        const url = reader.rowUrl(event.sheet, row);
        const context: EditContext = {
          sheet: event.sheet,
          row,
          values,
          old: oldValue,
          new: newValue,
          url,
          user: event.user,
        };
        const data: TemplateData = {
          builtIn: {
            old: oldValue,
            new: newValue,
            change: oldValue ? `${oldValue} → ${newValue}` : newValue,
            sheet: event.sheet,
            row: String(row),
            url,
            user: event.user,
          },
          fields,
          url,
          linkLabel: texts().openRow,
        };
        const message = renderMessage(rule.message, context, data, `${rule.name}-${row}`, rule);
        if (message === null) return;
        const threadKey = renderThreadKey(rule.threadKey, data);
        const mentioned = mentioning(message, mentionedEmails(rule.mention, data), people);
        accepted.push(ruleAccepted(rule, mentioned, threadKey));
      });
    }
  }
  return { accepted, problems };
}
