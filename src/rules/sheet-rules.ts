// Rules written as rows of a sheet ("Chat rules"), for the people who own the spreadsheet: each
// row becomes the same typed rule as src/config.ts and is checked by the same validator. A row
// with a problem is left out (and flagged on its cell); the other rows and the config still run.
import { neutraliseCardText, neutraliseText } from "../chat/neutralise";
import type {
  Condition,
  Config,
  DigestDefinition,
  DigestSchedule,
  EditRule,
  FormRule,
  RowFilter,
  Values,
} from "./config-types";
import { DEFAULT_RESPONSES_SHEET } from "./form-rules";
import { validateConfig, type LiveDocument } from "./validate";
import { CLOCK_HOURS_TEXT, isClockHours, type WeekDay } from "../triggers/spec";

export const DEFAULT_RULES_SHEET = "Chat rules";

/** The columns of the rules sheet, in order; the header row names them. */
export const RULE_COLUMNS = [
  { key: "name", header: "Name", help: "Unique among all rules; used in errors and the log." },
  { key: "enabled", header: "Enabled", help: "Unticked: the row is ignored." },
  { key: "kind", header: "Kind", help: "edit, form or digest." },
  { key: "sheet", header: "Sheet", help: "The sheet to watch (form: the responses sheet)." },
  {
    key: "column",
    header: "Column",
    help: "edit: the column to watch (empty: any); digest: the column its condition tests.",
  },
  {
    key: "condition",
    header: "Condition",
    help: "edit: any change, becomes, from → to, matches, is filled; digest: is, is not, matches, is empty, new rows.",
  },
  {
    key: "value",
    header: "Value",
    help: 'becomes/is/is not: values separated by commas; from → to: "Open → Done"; matches: a regular expression.',
  },
  {
    key: "message",
    header: "Message",
    help: "The text, or the card's title (digest: its title). {{Header}} is a cell of the row; {{url}} links the row.",
  },
  { key: "format", header: "Format", help: "text or card." },
  {
    key: "fields",
    header: "Fields",
    help: "card: the headers to show; digest: the columns to show (commas).",
  },
  { key: "threadKey", header: "Thread key", help: "e.g. task-{{ID}}: one thread per row." },
  {
    key: "webhook",
    header: "Webhook",
    help: "A webhook NAME (CHAT_WEBHOOK_URL_NAME); empty: the default.",
  },
  {
    key: "mention",
    header: "Mention column",
    help: "The header whose email address is @mentioned (resolved as Config.mentions says).",
  },
  {
    key: "schedule",
    header: "Schedule",
    help: 'digest: "every day at 9", "every monday at 8", "every 4 hours".',
  },
] as const;

export type RuleColumn = (typeof RULE_COLUMNS)[number]["key"];

export const RULE_KINDS = ["edit", "form", "digest"] as const;
export const EDIT_CONDITIONS = ["any change", "becomes", "from → to", "matches", "is filled"];
export const DIGEST_CONDITIONS = ["is", "is not", "matches", "is empty", "new rows"];
export const FORMATS = ["text", "card"];

/** A rule a row stands for, typed as in src/config.ts. */
export type SheetRule =
  | { readonly kind: "edit"; readonly rule: EditRule }
  | { readonly kind: "form"; readonly rule: FormRule }
  | { readonly kind: "digest"; readonly rule: DigestDefinition };

export interface CellProblem {
  readonly column: RuleColumn;
  readonly message: string;
}

/** One filled row of the rules sheet. */
export interface RuleRow {
  /** 1-based sheet row. */
  readonly row: number;
  readonly name: string;
  readonly enabled: boolean;
  /** Null when the row could not be read as a rule (its problems say why). */
  readonly rule: SheetRule | null;
  /** The header whose value is mentioned: the rule's `mention` is `{{<it>}}`. */
  readonly mentionColumn: string | undefined;
  readonly problems: readonly CellProblem[];
}

export interface SheetRulesOptions {
  /** Sheet templates may mention people and add links (src/config.ts: sheetRules.trustTemplates). */
  readonly trustTemplates: boolean;
}

const PLACEHOLDER = /(\{\{[^{}]*\}\})/;

/**
 * A sheet template's own text is anyone's who can edit the spreadsheet: unless the config trusts
 * it, it cannot mention everyone or make a link. Placeholders are kept (their values are
 * neutralised when rendered, and {{url}} links the row); Chat formatting (*bold*) still works.
 */
export function inertTemplate(template: string, neutralise: (text: string) => string): string {
  const parts = template.split(PLACEHOLDER); // odd indices are the placeholders
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part;
      // Each piece alone may look harmless, and yet join a value (or an empty one) into a link:
      // "evil{{Notes}}.example". A zero-width space at such a seam keeps the pieces apart.
      let text = neutralise(part);
      const between = i > 0 && i < parts.length - 1;
      if (i > 0 && JOINS.test(text[0] ?? "")) text = ZWSP + text;
      if (i < parts.length - 1 && JOINS.test(text.at(-1) ?? "")) text += ZWSP;
      return text === "" && between ? ZWSP : text;
    })
    .join("");
}

const ZWSP = "\u200B";
/** What can continue a host name, a URL or an entity across a seam. */
const JOINS = /[\p{L}\p{N}.:/&#(\]@-]/u;

function list(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function values(value: string): Values {
  const items = list(value);
  return items.length === 1 ? items[0]! : items;
}

function isTicked(value: string): boolean {
  return ["true", "yes", "y", "1", "x", "on"].includes(value.trim().toLowerCase());
}

/** "every day at 9", "daily at 9:00", "every monday at 8", "every 4 hours". */
export function parseSchedule(text: string): DigestSchedule | string {
  const value = text.trim().toLowerCase().replace(/\s+/g, " ");
  const hours = /^every (\d+) hours?$/.exec(value) ?? (value === "every hour" ? [, "1"] : null);
  if (hours) {
    const n = Number(hours[1]);
    return isClockHours(n)
      ? { every: "hours", hours: n }
      : `every N hours takes N = ${CLOCK_HOURS_TEXT}`;
  }
  const at =
    /^(?:every |each )?(day|daily|monday|tuesday|wednesday|thursday|friday|saturday|sunday) at (\d{1,2})(?::00)?$/.exec(
      value,
    );
  if (!at) return 'write "every day at 9", "every monday at 8" or "every 4 hours"';
  const atHour = Number(at[2]);
  if (at[1] === "day" || at[1] === "daily") return { every: "day", atHour };
  const weekDay = at[1]!.toUpperCase() as WeekDay;
  return { every: "week", weekDay, atHour };
}

function editCondition(kind: string, value: string): Condition | undefined | CellProblem {
  switch (kind) {
    case "":
    case "any change":
      return undefined;
    case "becomes":
      return list(value).length === 0
        ? { column: "value", message: "becomes needs a value (or several, separated by commas)" }
        : { becomes: values(value) };
    case "from → to":
    case "from -> to": {
      const sides = value.split(/→|->/);
      if (sides.length !== 2) {
        return { column: "value", message: 'from → to needs a value like "Open → Done"' };
      }
      const [from, to] = sides.map((side) => side!.trim());
      return {
        ...(from ? { from: values(from) } : {}),
        ...(to ? { to: values(to) } : {}),
      };
    }
    case "matches":
      return value.trim() === ""
        ? { column: "value", message: "matches needs a regular expression" }
        : { matches: value.trim() };
    case "is filled":
      return { isFilled: true };
    default:
      return {
        column: "condition",
        message: `an edit rule's condition is one of: ${EDIT_CONDITIONS.join(", ")}`,
      };
  }
}

function digestCondition(
  kind: string,
  column: string,
  value: string,
): Pick<DigestDefinition, "filters" | "since"> | CellProblem {
  if (kind === "") return {};
  if (kind === "new rows") {
    return { since: { newRows: true, ...(column ? { keyColumn: column } : {}) } };
  }
  if (!DIGEST_CONDITIONS.includes(kind)) {
    return {
      column: "condition",
      message: `a digest's condition is one of: ${DIGEST_CONDITIONS.join(", ")}`,
    };
  }
  if (column === "") return { column: "column", message: `"${kind}" needs the column it tests` };
  const filter: RowFilter =
    kind === "is"
      ? { column, is: values(value) }
      : kind === "is not"
        ? { column, isNot: values(value) }
        : kind === "matches"
          ? { column, matches: value.trim() }
          : { column, isEmpty: true };
  return { filters: [filter] };
}

function isProblem(value: unknown): value is CellProblem {
  return typeof value === "object" && value !== null && "column" in value && "message" in value;
}

/** Reads one row; null for an empty row. `cells` are display values in RULE_COLUMNS order. */
export function parseRuleRow(
  cells: Readonly<Record<RuleColumn, string>>,
  row: number,
  options: SheetRulesOptions,
): RuleRow | null {
  const cell = (key: RuleColumn) => (cells[key] ?? "").trim();
  if (RULE_COLUMNS.every(({ key }) => key === "enabled" || cell(key) === "")) return null;
  const name = cell("name");
  const enabled = isTicked(cell("enabled"));
  const mentionColumn = cell("mention") || undefined;
  const problems: CellProblem[] = [];
  const kind = cell("kind").toLowerCase();
  const format = cell("format").toLowerCase() || "text";
  if (!FORMATS.includes(format))
    problems.push({ column: "format", message: "Format is text or card" });
  if (!name) problems.push({ column: "name", message: "give the rule a name" });

  const trusted = options.trustTemplates;
  const message = trusted ? cell("message") : inertTemplate(cell("message"), neutraliseText);
  const fields = list(cell("fields"));
  const common = {
    name,
    ...(cell("webhook") ? { webhook: cell("webhook").toUpperCase() } : {}),
    ...(cell("threadKey") ? { threadKey: cell("threadKey") } : {}),
    ...(mentionColumn ? { mention: `{{${mentionColumn}}}` } : {}),
  };
  const ruleMessage =
    format === "card"
      ? {
          card: {
            title: trusted ? cell("message") : inertTemplate(cell("message"), neutraliseCardText),
            ...(fields.length > 0 ? { fields } : {}),
          },
        }
      : message;

  let rule: SheetRule | null = null;
  if (kind === "edit") {
    const when = editCondition(cell("condition").toLowerCase(), cell("value"));
    if (isProblem(when)) problems.push(when);
    else {
      rule = {
        kind: "edit",
        rule: {
          ...common,
          sheet: cell("sheet"),
          ...(cell("column") ? { column: cell("column") } : {}),
          ...(when === undefined ? {} : { when }),
          message: ruleMessage,
        },
      };
    }
  } else if (kind === "form") {
    if (cell("condition") !== "") {
      problems.push({
        column: "condition",
        message: "a form rule has no condition: every response is sent",
      });
    }
    rule = {
      kind: "form",
      rule: {
        ...common,
        source: "sheet",
        sheet: cell("sheet") || DEFAULT_RESPONSES_SHEET,
        message: ruleMessage,
      },
    };
  } else if (kind === "digest") {
    const schedule = parseSchedule(cell("schedule"));
    const selection = digestCondition(
      cell("condition").toLowerCase(),
      cell("column"),
      cell("value"),
    );
    if (typeof schedule === "string") problems.push({ column: "schedule", message: schedule });
    if (isProblem(selection)) problems.push(selection);
    if (typeof schedule !== "string" && !isProblem(selection)) {
      rule = {
        kind: "digest",
        rule: {
          ...common,
          // Inert like any sheet template. A digest escapes its title for a card header itself
          // (src/rules/digest.ts), so it is neutralised as text whatever the format.
          title: trusted ? cell("message") : inertTemplate(cell("message"), neutraliseText),
          schedule,
          sheet: cell("sheet"),
          columns: fields,
          ...selection,
          format: format === "card" ? "card" : "text",
        },
      };
    }
  } else {
    problems.push({ column: "kind", message: `Kind is one of: ${RULE_KINDS.join(", ")}` });
  }
  return { row, name, enabled, rule, mentionColumn, problems };
}

/** The cell a validator's problem is about, from what the problem names. */
export function columnOfProblem(problem: string): RuleColumn {
  if (/webhook|CHAT_WEBHOOK_URL/i.test(problem)) return "webhook";
  if (/no (responses )?sheet named/.test(problem)) return "sheet";
  if (/^threadKey/.test(problem)) return "threadKey";
  if (/^(card\.fields|columns)/.test(problem)) return "fields";
  if (/^schedule/.test(problem)) return "schedule";
  if (/^mention/.test(problem)) return "mention";
  if (/^(when\.|a filter's matches|when\.becomes)/.test(problem)) return "value";
  if (/^when /.test(problem)) return "condition";
  if (/^(column "|filters names|since\.keyColumn|groupBy|sortBy)/.test(problem)) return "column";
  if (/^(message|its message|its card|card\.|title|its title|has no message)/.test(problem)) {
    return "message";
  }
  return "name";
}

const EMPTY_CONFIG: Config = {
  delivery: { requestIds: false },
  editRules: [],
  formRules: [],
  changeRules: [],
  digests: [],
};

function configOf(rule: SheetRule): Config {
  if (rule.kind === "edit") return { ...EMPTY_CONFIG, editRules: [rule.rule] };
  if (rule.kind === "form") return { ...EMPTY_CONFIG, formRules: [rule.rule] };
  return { ...EMPTY_CONFIG, digests: [rule.rule] };
}

function ruleNames(config: Config): string[] {
  return [
    ...config.editRules,
    ...config.formRules,
    ...config.changeRules,
    ...(config.digests ?? []),
  ].map((r) => r.name);
}

/**
 * Runs the config's validator on each enabled row alone (so a problem belongs to its row), checks
 * that names are unique across the config and the sheet, and that the mention column exists.
 */
export function checkRuleRows(
  rows: readonly RuleRow[],
  config: Config,
  document: LiveDocument,
): RuleRow[] {
  const taken = new Set(ruleNames(config));
  return rows.map((row) => {
    if (!row.enabled) return row;
    const problems = [...row.problems];
    if (row.name && taken.has(row.name)) {
      problems.push({
        column: "name",
        message: `another rule (in src/config.ts or above in this sheet) is named "${row.name}"`,
      });
    }
    if (row.name) taken.add(row.name);
    if (row.rule) {
      for (const line of validateConfig(configOf(row.rule), document)) {
        // The validator names the rule first ("edit rule "x": ..."); the row already does.
        const problem = line.replace(/^[^:]*?"[^"]*": |^an unnamed [a-z ]+: /, "");
        if (/give it a name/.test(problem)) continue;
        // The mention column's own check below says it in the sheet's words.
        if (row.mentionColumn && /^mention uses/.test(problem)) continue;
        problems.push({ column: columnOfProblem(problem), message: problem });
      }
      const sheet = row.rule.rule.sheet ?? DEFAULT_RESPONSES_SHEET;
      const headers = document.headers(sheet, 1);
      if (row.mentionColumn && headers && !headers.includes(row.mentionColumn)) {
        problems.push({
          column: "mention",
          message: `"${row.mentionColumn}" is not a header of sheet "${sheet}"`,
        });
      }
    }
    return { ...row, problems };
  });
}

/** The rules of the rows that are enabled and have no problem. */
export function workingRules(rows: readonly RuleRow[]): SheetRule[] {
  return rows
    .filter((row) => row.enabled && row.problems.length === 0 && row.rule !== null)
    .map((row) => row.rule!);
}

/** The config's rules followed by the sheet's: one config for handlers, setup and status. */
export function withSheetRules(config: Config, rules: readonly SheetRule[]): Config {
  const editRules: EditRule[] = [];
  const formRules: FormRule[] = [];
  const digests: DigestDefinition[] = [];
  for (const r of rules) {
    if (r.kind === "edit") editRules.push(r.rule);
    else if (r.kind === "form") formRules.push(r.rule);
    else digests.push(r.rule);
  }
  return {
    ...config,
    editRules: [...config.editRules, ...editRules],
    formRules: [...config.formRules, ...formRules],
    digests: [...(config.digests ?? []), ...digests],
  };
}

/** The rows of a rules sheet (display values, header row first) by column, for parseRuleRow. */
export function readRuleTable(
  table: readonly (readonly string[])[],
  options: SheetRulesOptions,
): { rows: RuleRow[]; missingHeaders: string[] } {
  const header = (table[0] ?? []).map((h) => h.trim());
  const index = new Map(RULE_COLUMNS.map(({ key, header: h }) => [key, header.indexOf(h)]));
  const missingHeaders = RULE_COLUMNS.filter(({ key }) => index.get(key) === -1).map(
    (c) => c.header,
  );
  const rows: RuleRow[] = [];
  table.slice(1).forEach((cells, i) => {
    const byKey = Object.fromEntries(
      RULE_COLUMNS.map(({ key }) => [key, cells[index.get(key)!] ?? ""]),
    ) as Record<RuleColumn, string>;
    const parsed = parseRuleRow(byKey, i + 2, options);
    if (parsed) rows.push(parsed);
  });
  return { rows, missingHeaders };
}
