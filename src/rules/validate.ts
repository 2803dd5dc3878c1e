// Checks the config against the live spreadsheet or form and the Script Properties, and reports
// every problem at once, each naming the rule and saying what to fix.
import { resolveWebhook } from "../chat/webhook-property";
import { conditionProblem } from "./conditions";
import type {
  ChangeRule,
  Config,
  DigestDefinition,
  EditRule,
  FormRule,
  MessageSpec,
} from "./config-types";
import { DIGEST_TEMPLATE_NAMES, MAX_DIGEST_LIMIT } from "./digest";
import { CHANGE_TEMPLATE_NAMES } from "./change-rules";
import { EDIT_TEMPLATE_NAMES } from "./edit-rules";
import { DEFAULT_RESPONSES_SHEET, FORM_TEMPLATE_NAMES } from "./form-rules";
import { placeholders } from "./template";
import { CLOCK_HOURS_TEXT, isClockHours, isWeekDay, WEEK_DAYS } from "../triggers/spec";

/** What validation needs to know of the document the script is bound to. */
export interface LiveDocument {
  /** The header row of a sheet, as displayed; null when there is no such sheet. */
  headers(sheet: string, headerRow: number): string[] | null;
  /** The bound form's question titles in order; null when the script is not bound to a form. */
  formQuestions(): string[] | null;
  property(name: string): string | null;
}

/** Columns Sheets adds to a responses sheet before the questions. */
const RESPONSE_SHEET_COLUMNS = ["Timestamp", "Email Address"];

type AnyRule = EditRule | FormRule | ChangeRule | DigestDefinition;

function templatesOf(rule: AnyRule): { where: string; template: string }[] {
  const found: { where: string; template: string }[] = [];
  const message = ("message" in rule ? rule.message : rule.title) as MessageSpec<unknown>;
  if (typeof message === "string") found.push({ where: "message", template: message });
  else if (typeof message === "object" && message !== null) {
    found.push({ where: "card.title", template: message.card.title });
    if (message.card.subtitle !== undefined) {
      found.push({ where: "card.subtitle", template: message.card.subtitle });
    }
  }
  if (rule.threadKey !== undefined) found.push({ where: "threadKey", template: rule.threadKey });
  if ("message" in rule && rule.mention !== undefined) {
    found.push({ where: "mention", template: rule.mention });
  }
  return found;
}

function messageProblems(
  rule: EditRule | FormRule | ChangeRule,
  names: readonly string[],
): string[] {
  const problems: string[] = [];
  const message = rule.message as MessageSpec<unknown> | undefined;
  if (message === undefined || message === null) return ["has no message"];
  if (typeof message === "string" && message.trim() === "") problems.push("its message is empty");
  if (typeof message === "object") {
    if (!message.card || message.card.title.trim() === "") problems.push("its card has no title");
    for (const field of message.card?.fields ?? []) {
      if (!names.includes(field)) {
        problems.push(`card.fields names "${field}", which is not one of: ${names.join(", ")}`);
      }
    }
  }
  for (const { where, template } of templatesOf(rule)) {
    for (const name of placeholders(template)) {
      if (!names.includes(name)) {
        problems.push(`${where} uses {{${name}}}, which is not one of: ${names.join(", ")}`);
      }
    }
  }
  if (rule.replyOption !== undefined && rule.threadKey === undefined) {
    problems.push("replyOption needs a threadKey");
  }
  if (
    rule.coalesce !== undefined &&
    !(Number.isInteger(rule.coalesce.after) && rule.coalesce.after >= 1)
  ) {
    problems.push("coalesce.after must be a whole number of 1 or more");
  }
  if (
    rule.notification !== undefined &&
    !["card", "text", "text+card"].includes(rule.notification)
  ) {
    problems.push(`notification must be "card", "text" or "text+card"`);
  }
  if (rule.format !== undefined && rule.format !== "markdown") {
    problems.push(`format must be "markdown", or left out for Chat's own text syntax`);
  }
  return problems;
}

function webhookProblem(rule: AnyRule, document: LiveDocument): string | undefined {
  try {
    resolveWebhook(rule.webhook, { get: (name) => document.property(name) });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function editRuleProblems(rule: EditRule, document: LiveDocument): string[] {
  const headerRow = rule.headerRow ?? 1;
  if (!Number.isInteger(headerRow) || headerRow < 1) return ["headerRow must be 1 or more"];
  const headers = document.headers(rule.sheet, headerRow);
  if (headers === null) return [`there is no sheet named "${rule.sheet}"`];
  const columns = headers.filter((h) => h !== "");
  const problems: string[] = [];
  if (rule.column !== undefined && !columns.includes(rule.column)) {
    problems.push(
      `column "${rule.column}" is not in row ${headerRow} of sheet "${rule.sheet}" (headers: ${columns.join(", ")})`,
    );
  }
  const conditionIssue = conditionProblem(rule.when);
  if (conditionIssue) problems.push(conditionIssue);
  problems.push(...messageProblems(rule, [...EDIT_TEMPLATE_NAMES, ...columns]));
  return problems;
}

function formRuleProblems(rule: FormRule, document: LiveDocument): string[] {
  let questions: string[];
  if (rule.source === "form") {
    const found = document.formQuestions();
    if (found === null) return ['has source "form", but this script is not bound to a form'];
    questions = found;
  } else if (rule.source === "sheet") {
    const sheet = rule.sheet ?? DEFAULT_RESPONSES_SHEET;
    const headers = document.headers(sheet, 1);
    if (headers === null) {
      return [
        `there is no responses sheet named "${sheet}": link the form to this spreadsheet ` +
          `(Form > Responses > Link to Sheets), or set the rule's sheet`,
      ];
    }
    // A grid's rows are columns "Question [Row]"; the rule sees the question as one answer.
    const titles = headers
      .filter((h) => h !== "" && !RESPONSE_SHEET_COLUMNS.includes(h))
      .map((h) => /^(.+) \[.+\]$/.exec(h)?.[1] ?? h);
    questions = [...new Set(titles)];
  } else {
    return ['source must be "form" or "sheet"'];
  }
  return messageProblems(rule, [...FORM_TEMPLATE_NAMES, ...questions, "Email"]);
}

function digestProblems(digest: DigestDefinition, document: LiveDocument): string[] {
  const problems: string[] = [];
  const { schedule } = digest;
  if (schedule.every === "hours") {
    if (!isClockHours(schedule.hours)) problems.push(`schedule.hours must be ${CLOCK_HOURS_TEXT}`);
  } else if (schedule.every === "day" || schedule.every === "week") {
    if (!Number.isInteger(schedule.atHour) || schedule.atHour < 0 || schedule.atHour > 23) {
      problems.push("schedule.atHour must be a whole hour from 0 to 23");
    }
    if (schedule.every === "week" && !isWeekDay(schedule.weekDay)) {
      problems.push(`schedule.weekDay must be one of ${WEEK_DAYS.join(", ")}`);
    }
  } else {
    problems.push('schedule.every must be "hours", "day" or "week"');
  }
  if (digest.title.trim() === "") problems.push("its title is empty");
  for (const { where, template } of [
    { where: "title", template: digest.title },
    ...(digest.whenEmpty === undefined ? [] : [{ where: "whenEmpty", template: digest.whenEmpty }]),
    ...(digest.threadKey === undefined ? [] : [{ where: "threadKey", template: digest.threadKey }]),
  ]) {
    for (const name of placeholders(template)) {
      if (!DIGEST_TEMPLATE_NAMES.includes(name)) {
        problems.push(
          `${where} uses {{${name}}}, which is not one of: ${DIGEST_TEMPLATE_NAMES.join(", ")}`,
        );
      }
    }
  }
  const limit = digest.limit ?? 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DIGEST_LIMIT) {
    problems.push(`limit must be a whole number from 1 to ${MAX_DIGEST_LIMIT}`);
  }
  if (digest.columns.length === 0) problems.push("columns lists no column to show");
  const headers = document.headers(digest.sheet, digest.headerRow ?? 1);
  if (headers === null) return [...problems, `there is no sheet named "${digest.sheet}"`];
  const columns = headers.filter((h) => h !== "");
  const named = [
    ...digest.columns.map((c) => ["columns", c] as const),
    ...(digest.filters ?? []).map((f) => ["filters", f.column] as const),
    ...(digest.groupBy ? [["groupBy", digest.groupBy] as const] : []),
    ...(digest.sortBy ? [["sortBy", digest.sortBy.column] as const] : []),
    ...placeholders(digest.mention ?? "").map((c) => ["mention", c] as const),
    ...(digest.since?.keyColumn ? [["since.keyColumn", digest.since.keyColumn] as const] : []),
  ];
  for (const [where, column] of named) {
    if (!columns.includes(column)) {
      problems.push(
        `${where} names "${column}", which is not a header of sheet "${digest.sheet}" (headers: ${columns.join(", ")})`,
      );
    }
  }
  for (const filter of digest.filters ?? []) {
    if (filter.matches === undefined) continue;
    try {
      new RegExp(filter.matches);
    } catch (error) {
      problems.push(
        `a filter's matches is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }
  return problems;
}

function changeRuleProblems(rule: ChangeRule): string[] {
  const problems = rule.changeTypes.length === 0 ? ["changeTypes lists no change type"] : [];
  return [...problems, ...messageProblems(rule, CHANGE_TEMPLATE_NAMES)];
}

/** Every problem of the config, as lines "rule NAME: problem"; empty when all is well. */
export function validateConfig(config: Config, document: LiveDocument): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const check = (rule: AnyRule, kind: string, own: string[]) => {
    const noun = kind === "digest" ? "digest" : `${kind} rule`;
    const label = rule.name ? `${noun} "${rule.name}"` : `an unnamed ${noun}`;
    if (!rule.name) problems.push(`${label}: give it a name, used in errors and logs`);
    else if (seen.has(rule.name)) problems.push(`${label}: another rule has the same name`);
    seen.add(rule.name);
    const webhook = webhookProblem(rule, document);
    for (const problem of [...(webhook ? [webhook] : []), ...own]) {
      problems.push(`${label}: ${problem}`);
    }
  };
  for (const rule of config.editRules) check(rule, "edit", editRuleProblems(rule, document));
  for (const rule of config.formRules) check(rule, "form", formRuleProblems(rule, document));
  for (const rule of config.changeRules) check(rule, "change", changeRuleProblems(rule));
  for (const digest of config.digests ?? [])
    check(digest, "digest", digestProblems(digest, document));
  return problems;
}
