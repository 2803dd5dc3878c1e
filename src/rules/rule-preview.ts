// "Test this rule": what a rule would post for the last row of its sheet, shown before (and only
// if asked) sending it. The rule runs through the same code as for a real event; only its
// condition is set aside, so the message can be seen whatever the row holds.
import type { ChatMessage } from "../chat/message";
import type { Accepted } from "../delivery/deliver";
import type { SheetReader } from "../ports";
import { matchesCondition } from "./conditions";
import { draftDigest } from "./digest-run";
import { editNotifications } from "./edit-rules";
import { DEFAULT_RESPONSES_SHEET, formNotifications } from "./form-rules";
import type { SheetRule } from "./sheet-rules";

export interface RulePreview {
  /** What would be queued; null when there is nothing to send (an empty sheet, no rows). */
  readonly accepted: Accepted | null;
  /** For a person: which row, whether the condition holds, and the message. */
  readonly description: string;
}

const RESPONSE_COLUMNS = ["Timestamp", "Email Address"];

/** A message as a person would read it in the dialog: text, or a card's title and fields. */
export function describeMessage(message: ChatMessage): string {
  if (message.text !== undefined) return message.text;
  const lines: string[] = [];
  for (const { card } of message.cardsV2 ?? []) {
    if (card.header?.title) lines.push(`[card] ${card.header.title}`);
    if (card.header?.subtitle) lines.push(card.header.subtitle);
    for (const section of card.sections) {
      for (const widget of section.widgets) {
        if ("decoratedText" in widget) {
          lines.push(`${widget.decoratedText.topLabel ?? ""}: ${widget.decoratedText.text}`);
        } else if ("textParagraph" in widget) lines.push(widget.textParagraph.text);
      }
    }
  }
  return lines.join("\n");
}

function withoutDedupe(accepted: Accepted): Accepted {
  // A test is not the real event: it must not keep the real one from being sent later.
  const { dedupeKey: _unused, ...rest } = accepted;
  return rest;
}

export function previewRule(
  sheetRule: SheetRule,
  reader: SheetReader,
  date: string,
  /** Script Properties: where a new-rows digest's cursor is. */
  properties: Readonly<Record<string, string>>,
): RulePreview {
  const { rule } = sheetRule;
  const sheet: string =
    sheetRule.kind === "form"
      ? (sheetRule.rule.sheet ?? DEFAULT_RESPONSES_SHEET)
      : sheetRule.rule.sheet;
  const table = reader.readAll(sheet);
  const lastRow = table?.length ?? 0;
  if (table === null || lastRow < 2) {
    return {
      accepted: null,
      description: `Sheet "${sheet}" has no row below its header to test with.`,
    };
  }
  const headers = table[0]!.map((h) => h.trim());
  const values = Object.fromEntries(headers.map((h, i) => [h, table[lastRow - 1]![i] ?? ""]));
  const where = `row ${lastRow} of "${sheet}" (its last row)`;
  let accepted: Accepted | undefined;
  let condition = "";

  if (sheetRule.kind === "edit") {
    const edit = sheetRule.rule;
    const cell = edit.column === undefined ? "" : (values[edit.column] ?? "");
    const holds = matchesCondition(edit.when, { old: undefined, new: cell, row: values });
    condition =
      edit.when === undefined
        ? ""
        : ` Its condition ${holds ? "holds" : "does not hold"} for "${cell}".`;
    // The whole row as one edit, so old values are unknown and the condition is set aside.
    const event = {
      sheet,
      firstRow: lastRow,
      lastRow,
      firstColumn: 1,
      lastColumn: Math.max(1, headers.length),
      oldValue: undefined,
      user: undefined,
    };
    [accepted] = editNotifications([{ ...edit, when: undefined }], event, reader).accepted;
  } else if (sheetRule.kind === "form") {
    const answers = headers
      .map((h, i) => [h, table[lastRow - 1]![i] ?? ""] as const)
      .filter(([h]) => h !== "" && !RESPONSE_COLUMNS.includes(h));
    [accepted] = formNotifications([sheetRule.rule], {
      source: "sheet",
      form: sheet,
      sheet,
      row: lastRow,
      responseId: `test-${lastRow}`,
      timestamp: values.Timestamp ?? "",
      email: values["Email Address"] || undefined,
      answers,
      url: reader.rowUrl(sheet, lastRow),
    });
  } else {
    // As its trigger would run it now (a new-rows digest from its cursor), moving nothing.
    const digest = sheetRule.rule;
    const draft = draftDigest(digest, { reader, date, properties });
    if (draft.kind === "nothing") {
      return {
        accepted: null,
        description: `Digest "${digest.name}": no row qualifies now, so it would send nothing.`,
      };
    }
    return {
      accepted: withoutDedupe(draft.accepted),
      description: `Digest "${digest.name}" now (${draft.rowCount} row(s)):\n\n${describeMessage(draft.accepted.notification.message)}`,
    };
  }
  if (!accepted) {
    return { accepted: null, description: `Rule "${rule.name}" sends nothing for ${where}.` };
  }
  return {
    accepted: withoutDedupe(accepted),
    description: `Rule "${rule.name}" for ${where}.${condition}\n\n${describeMessage(accepted.notification.message)}`,
  };
}
