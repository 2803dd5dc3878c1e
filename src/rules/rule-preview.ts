// "Test this rule": what a rule would post for the last row of its sheet, shown before (and only
// if asked) sending it. The rule runs through the same code as for a real event; only its
// condition is set aside, so the message can be seen whatever the row holds.
import type { ChatMessage } from "../chat/message";
import { cardTextAsText } from "../chat/neutralise";
import type { Accepted } from "../delivery/deliver";
import { ENGLISH, type Texts } from "../i18n/texts";
import type { MentionResolver } from "../mentions/resolve";
import type { SheetReader } from "../ports";
import { matchesCondition } from "./conditions";
import { draftDigest } from "./digest-run";
import { editNotifications } from "./edit-rules";
import type { FileNameReader } from "./form-answers";
import { DEFAULT_RESPONSES_SHEET, formNotifications } from "./form-rules";
import { sheetRowSubmission } from "./sheet-submission";
import type { SheetRule } from "./sheet-rules";

/** The sentences of "Test this rule", in the language of src/i18n/texts.ts. */
export interface RulePreviewWords {
  readonly noRows: (sheet: string) => string;
  readonly condition: (holds: boolean, cell: string) => string;
  readonly digestNothing: (digest: string) => string;
  readonly digestNow: (digest: string, rows: number) => string;
  readonly sendsNothing: (rule: string, row: number, sheet: string) => string;
  readonly ruleFor: (rule: string, row: number, sheet: string) => string;
}

export interface RulePreview {
  /** What would be queued; null when there is nothing to send (an empty sheet, no rows). */
  readonly accepted: Accepted | null;
  /** For a person: which row, whether the condition holds, and the message. */
  readonly description: string;
}

/**
 * A message as a person would read it in the dialog (plain text): its text (with the mentions),
 * then each card's title and fields, their HTML read as text.
 */
export function describeMessage(message: ChatMessage): string {
  const lines: string[] = message.text === undefined ? [] : [message.text];
  for (const { card } of message.cardsV2 ?? []) {
    if (card.header?.title) lines.push(`[card] ${cardTextAsText(card.header.title)}`);
    if (card.header?.subtitle) lines.push(cardTextAsText(card.header.subtitle));
    for (const section of card.sections) {
      for (const widget of section.widgets) {
        if ("decoratedText" in widget) {
          const { topLabel, text } = widget.decoratedText;
          lines.push(`${cardTextAsText(topLabel ?? "")}: ${cardTextAsText(text)}`);
        } else if ("textParagraph" in widget) lines.push(cardTextAsText(widget.textParagraph.text));
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
  /** As the real message has them: mentions resolved, the project's words in the document's language. */
  words: {
    readonly people?: MentionResolver;
    readonly texts?: () => Texts;
    readonly fileNames?: FileNameReader;
  } = {},
): RulePreview {
  const { rule } = sheetRule;
  const said = (words.texts?.() ?? ENGLISH).rulePreview;
  const sheet: string =
    sheetRule.kind === "form"
      ? (sheetRule.rule.sheet ?? DEFAULT_RESPONSES_SHEET)
      : sheetRule.rule.sheet;
  const table = reader.readAll(sheet);
  const lastRow = table?.length ?? 0;
  if (table === null || lastRow < 2) {
    return {
      accepted: null,
      description: said.noRows(sheet),
    };
  }
  const headers = table[0]!.map((h) => h.trim());
  const values = Object.fromEntries(headers.map((h, i) => [h, table[lastRow - 1]![i] ?? ""]));
  let accepted: Accepted | undefined;
  let condition = "";

  if (sheetRule.kind === "edit") {
    const edit = sheetRule.rule;
    const cell = edit.column === undefined ? "" : (values[edit.column] ?? "");
    const holds = matchesCondition(edit.when, { old: undefined, new: cell, row: values });
    condition = edit.when === undefined ? "" : said.condition(holds, cell);
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
    [accepted] = editNotifications(
      [{ ...edit, when: undefined }],
      event,
      reader,
      words.people,
      words.texts,
    ).accepted;
  } else if (sheetRule.kind === "form") {
    // The row read as the form trigger reads it: uploads as links, a grid's columns as one answer.
    const submission = sheetRowSubmission(reader, sheet, lastRow, words.fileNames, words.texts?.());
    [accepted] = submission
      ? formNotifications([sheetRule.rule], submission, words.people, words.texts)
      : [];
  } else {
    // As its trigger would run it now (a new-rows digest from its cursor), moving nothing.
    const digest = sheetRule.rule;
    const draft = draftDigest(digest, {
      reader,
      date,
      properties,
      ...(words.people ? { people: words.people } : {}),
      ...(words.texts ? { texts: words.texts() } : {}),
    });
    if (draft.kind === "nothing") {
      return {
        accepted: null,
        description: said.digestNothing(digest.name),
      };
    }
    return {
      accepted: withoutDedupe(draft.accepted),
      description: `${said.digestNow(digest.name, draft.rowCount)}\n\n${describeMessage(draft.accepted.notification.message)}`,
    };
  }
  if (!accepted) {
    return { accepted: null, description: said.sendsNothing(rule.name, lastRow, sheet) };
  }
  return {
    accepted: withoutDedupe(accepted),
    description: `${said.ruleFor(rule.name, lastRow, sheet)}${condition}\n\n${describeMessage(accepted.notification.message)}`,
  };
}
