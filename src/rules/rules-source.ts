// Where the sheet's rules come from at run time: a cache first (one call per event, whatever the
// number of rules), the rules sheet itself when the cache is empty or the sheet was just edited.
// An edit of the rules sheet checks every row, flags the broken ones on their cells, and brings
// the triggers up to date when the rows need one that is not installed.
import { ENGLISH } from "../i18n/texts";
import { decodeChunked } from "../delivery/chunked-json";
import type { KeyValueStore, TriggerPort, TriggerSpec } from "../ports";
import type { Config } from "./config-types";
import { digestTrigger } from "../triggers/digest-triggers";
import {
  checkRuleRows,
  DEFAULT_RULES_SHEET,
  DIGEST_CONDITIONS,
  EDIT_CONDITIONS,
  FORMATS,
  readRuleTable,
  RULE_COLUMNS,
  RULE_KINDS,
  withSheetRules,
  workingRules,
  type RuleColumn,
  type RuleRow,
  type SheetRule,
} from "./sheet-rules";
import { CLOCK_TRIGGERS_KEY, ConfigError, runSetup, type SetupContext } from "../triggers/setup";
import { planTriggers, ruleTriggers } from "../triggers/plan";
import { HANDLE_EDIT } from "../triggers/handlers";
import type { LiveDocument } from "./validate";

/** A dropdown for one column of the rules sheet: fixed values, or a checkbox. */
export interface ColumnChoices {
  /** 1-based column of the rules sheet. */
  readonly column: number;
  readonly values: readonly string[] | "checkbox";
}

/** A problem to show on one cell of the rules sheet. */
export interface CellMark {
  readonly row: number;
  readonly column: number;
  readonly note: string;
}

/** The rules sheet, as the rules layer uses it (src/gas/rules-sheet.ts). */
export interface RulesSheet {
  /** Display values, header row first; null when there is no such sheet. */
  readTable(): string[][] | null;
  /** Makes the sheet: header, dropdowns, a warning-only protection; false when it exists. */
  create(
    headers: readonly string[],
    notes: readonly string[],
    choices: readonly ColumnChoices[],
  ): boolean;
  /** Puts a note and a highlight on each marked cell of rows 2..lastRow, and clears the others. */
  mark(marks: readonly CellMark[], lastRow: number): void;
  /** Sets one cell's dropdown. */
  setChoices(row: number, column: number, values: readonly string[]): void;
  /** The row of the person's selection when it is in the rules sheet; null otherwise. */
  selectedRow(): number | null;
  /** The spreadsheet's sheet names, in tab order. */
  sheetNames(): string[];
}

/** CacheService's script cache, as far as the rules use it. */
export interface RulesCache {
  getAll(keys: readonly string[]): Record<string, string>;
  putAll(values: Readonly<Record<string, string>>, ttlSeconds: number): void;
  removeAll(keys: readonly string[]): void;
}

export interface RulesSource {
  readonly config: Config;
  readonly sheet: RulesSheet;
  readonly cache: RulesCache;
  /** Made only when the rules must be checked: it reads headers and properties. */
  readonly document: () => LiveDocument;
}

export function rulesSheetName(config: Config): string {
  return config.sheetRules?.sheet ?? DEFAULT_RULES_SHEET;
}

/** A cache value holds 100 KB; UTF-16 characters take at most 3 bytes of UTF-8. */
const PIECE_CHARS = 30_000;
/** Fixed keys, so one getAll reads them all; 8 pieces hold some 500 rules. */
export const RULES_CACHE_KEYS = Array.from({ length: 8 }, (_, i) => `chat.sheetRules.${i}`);
/** Edits of the rules sheet clear the cache at once; this only bounds changes made otherwise. */
const RULES_CACHE_SECONDS = 600;

interface CachedRules {
  /** False: there is no rules sheet. */
  readonly sheet: boolean;
  readonly rows: RuleRow[];
}

function readCache(cache: RulesCache): CachedRules | null {
  const pieces = cache.getAll(RULES_CACHE_KEYS);
  const first = pieces[RULES_CACHE_KEYS[0]!];
  if (first === undefined) return null;
  const count = Number(first.slice(0, first.indexOf("|")));
  let text = first.slice(first.indexOf("|") + 1);
  for (let i = 1; i < count; i++) {
    const piece = pieces[RULES_CACHE_KEYS[i]!];
    if (piece === undefined) return null; // evicted in part: read the sheet again
    text += piece;
  }
  return JSON.parse(text) as CachedRules;
}

function writeCache(cache: RulesCache, value: CachedRules): void {
  const text = JSON.stringify(value);
  const count = Math.ceil(text.length / PIECE_CHARS) || 1;
  if (count > RULES_CACHE_KEYS.length) return; // too many to cache: each event reads the sheet
  const values: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const piece = text.slice(i * PIECE_CHARS, (i + 1) * PIECE_CHARS);
    values[RULES_CACHE_KEYS[i]!] = i === 0 ? `${count}|${piece}` : piece;
  }
  cache.putAll(values, RULES_CACHE_SECONDS);
}

/** Every header of a sheet is asked for once, however many rules name it. */
function memoised(document: LiveDocument): LiveDocument {
  const headers = new Map<string, string[] | null>();
  return {
    headers: (sheet, headerRow) => {
      const key = `${headerRow}:${sheet}`;
      if (!headers.has(key)) headers.set(key, document.headers(sheet, headerRow));
      return headers.get(key)!;
    },
    formQuestions: () => document.formQuestions(),
    property: (name) => document.property(name),
  };
}

function readAndCheck(source: RulesSource): CachedRules & { missingHeaders: string[] } {
  const table = source.sheet.readTable();
  if (table === null) return { sheet: false, rows: [], missingHeaders: [] };
  const trustTemplates = source.config.sheetRules?.trustTemplates ?? false;
  const { rows, missingHeaders } = readRuleTable(table, { trustTemplates });
  if (rows.length === 0) return { sheet: true, rows, missingHeaders };
  return {
    sheet: true,
    rows: checkRuleRows(rows, source.config, memoised(source.document())),
    missingHeaders,
  };
}

/** The rows of the rules sheet, checked: from the cache when it has them. */
export function loadRuleRows(source: RulesSource): RuleRow[] {
  const cached = readCache(source.cache);
  if (cached !== null) return cached.rows;
  const fresh = readAndCheck(source);
  writeCache(source.cache, { sheet: fresh.sheet, rows: fresh.rows });
  return fresh.rows;
}

/** The config with the sheet's working rules after its own. */
export function activeConfig(source: RulesSource): Config {
  return withSheetRules(source.config, workingRules(loadRuleRows(source)));
}

/** Every trigger the rules need; an edit trigger as long as there is a rules sheet to watch. */
export function desiredTriggers(config: Config, rulesSheet: boolean): TriggerSpec[] {
  const specs = [...ruleTriggers(config), ...(config.digests ?? []).map(digestTrigger)];
  if (rulesSheet && !specs.some((s) => s.eventType === "ON_EDIT")) {
    specs.push({ handler: HANDLE_EDIT, eventType: "ON_EDIT", source: "SPREADSHEETS" });
  }
  return specs;
}

const COLUMN_NUMBER = new Map(RULE_COLUMNS.map(({ key }, i) => [key, i + 1]));

export function columnNumber(key: RuleColumn): number {
  return COLUMN_NUMBER.get(key)!;
}

export interface RulesReport {
  /** False: there is no rules sheet. */
  readonly exists: boolean;
  readonly rows: readonly RuleRow[];
  /** The config with the working rows, for setup. */
  readonly config: Config;
  readonly summary: string;
}

/** What the rules sheet holds, for the menu's report and the edit handler's result. */
export function describeRows(
  sheetName: string,
  rows: readonly RuleRow[],
  missingHeaders: readonly string[] = [],
): string {
  const enabled = rows.filter((r) => r.enabled);
  const broken = enabled.filter((r) => r.problems.length > 0);
  const lines = [
    `${sheetName}: ${enabled.length - broken.length} rule(s) working, ${broken.length} with problems, ` +
      `${rows.length - enabled.length} not enabled.`,
  ];
  if (missingHeaders.length > 0) {
    lines.push(`Missing columns (the header row is row 1): ${missingHeaders.join(", ")}.`);
  }
  for (const row of broken) {
    lines.push(
      `Row ${row.row} (${row.name || "no name"}): ${row.problems.map((p) => p.message).join("; ")}`,
    );
  }
  return lines.join("\n");
}

/**
 * Reads the rules sheet afresh (after an edit, or from the menu), caches the result, and flags
 * every problem on its cell. `editedRows` get their Column dropdowns from their sheet's headers.
 */
export function refreshRules(source: RulesSource, editedRows: readonly number[] = []): RulesReport {
  source.cache.removeAll(RULES_CACHE_KEYS);
  const fresh = readAndCheck(source);
  writeCache(source.cache, { sheet: fresh.sheet, rows: fresh.rows });
  const name = rulesSheetName(source.config);
  const config = withSheetRules(source.config, workingRules(fresh.rows));
  if (!fresh.sheet) {
    return {
      exists: false,
      rows: [],
      config,
      summary: `There is no sheet named "${name}": use the menu's Create the rules sheet.`,
    };
  }
  const marks: CellMark[] = fresh.rows.flatMap((row) =>
    row.enabled
      ? row.problems.map((p) => ({ row: row.row, column: columnNumber(p.column), note: p.message }))
      : [],
  );
  const lastRow = Math.max(1, ...fresh.rows.map((r) => r.row), ...editedRows);
  source.sheet.mark(marks, lastRow);
  const document = editedRows.length > 0 ? memoised(source.document()) : undefined;
  for (const row of fresh.rows.filter((r) => editedRows.includes(r.row) && r.rule)) {
    const sheet = row.rule!.rule.sheet;
    const headers = sheet === undefined ? null : document!.headers(sheet, 1);
    if (!headers || headers.length === 0) continue;
    const choices = headers.filter((h) => h !== "");
    source.sheet.setChoices(row.row, columnNumber("column"), choices);
    source.sheet.setChoices(row.row, columnNumber("mention"), choices);
  }
  return {
    exists: true,
    rows: fresh.rows,
    config,
    summary: describeRows(name, fresh.rows, fresh.missingHeaders),
  };
}

/** The dropdowns of a new rules sheet, from what exists now. */
export function ruleChoices(
  sheets: readonly string[],
  headers: readonly string[],
  webhooks: readonly string[],
): ColumnChoices[] {
  const choices: [RuleColumn, readonly string[] | "checkbox"][] = [
    ["enabled", "checkbox"],
    ["kind", RULE_KINDS],
    ["sheet", sheets],
    ["column", headers],
    [
      "condition",
      [...EDIT_CONDITIONS, ...DIGEST_CONDITIONS.filter((c) => !EDIT_CONDITIONS.includes(c))],
    ],
    ["format", FORMATS],
    ["webhook", webhooks],
    ["mention", headers],
  ];
  return choices
    .filter(([, values]) => values === "checkbox" || values.length > 0)
    .map(([key, values]) => ({ column: columnNumber(key), values }));
}

/** The webhook NAMEs configured in Script Properties (CHAT_WEBHOOK_URL_<NAME>). */
export function webhookNames(properties: Readonly<Record<string, string>>): string[] {
  return Object.keys(properties)
    .map((key) => /^CHAT_WEBHOOK_URL_([A-Z0-9_]+)$/.exec(key)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/** Menu: makes the rules sheet, with dropdowns of the sheets, headers and webhooks there are. */
export function createRulesSheet(
  source: RulesSource,
  properties: Readonly<Record<string, string>>,
  ignoredSheets: readonly string[],
): string {
  const name = rulesSheetName(source.config);
  const sheets = source.sheet.sheetNames().filter((s) => s !== name && !ignoredSheets.includes(s));
  const document = memoised(source.document());
  const headers = [
    ...new Set(sheets.flatMap((sheet) => document.headers(sheet, 1) ?? []).filter((h) => h !== "")),
  ];
  const created = source.sheet.create(
    RULE_COLUMNS.map((c) => c.header),
    RULE_COLUMNS.map((c) => c.help),
    ruleChoices(sheets, headers, webhookNames(properties)),
  );
  source.cache.removeAll(RULES_CACHE_KEYS);
  return created
    ? `Created the sheet "${name}": one rule per row (hover a header for what it takes). ` +
        `Anyone who can edit this spreadsheet can edit it; it is protected with a warning only.`
    : `The sheet "${name}" exists already; nothing was changed.`;
}

/** Whether setup would change the triggers: one is missing for the rules, or one is left over. */
export function triggersOutOfDate(
  desired: readonly TriggerSpec[],
  triggers: TriggerPort,
  store: KeyValueStore,
): boolean {
  const clockKeys = decodeChunked<Record<string, string>>(store.getAll(), CLOCK_TRIGGERS_KEY) ?? {};
  const plan = planTriggers(desired, triggers.all(), clockKeys);
  return plan.create.length > 0 || plan.remove.length > 0;
}

/**
 * An edit of the rules sheet (the installable edit trigger, which runs as the user who installed
 * it and so may install triggers): the rows are read and flagged again, and when they need a
 * trigger that is missing (a new digest schedule, the first form rule) setup runs at once.
 */
export function rulesEdited(
  source: RulesSource,
  editedRows: readonly number[],
  triggers: TriggerPort,
  store: KeyValueStore,
  context: SetupContext,
): string {
  const report = refreshRules(source, editedRows);
  const desired = desiredTriggers(report.config, report.exists);
  if (!triggersOutOfDate(desired, triggers, store)) return report.summary;
  try {
    // A trigger's run: only the log reads this, and the log is English (like the rows' summary).
    const setup = runSetup(
      report.config,
      source.document(),
      triggers,
      store,
      desired,
      context,
      ENGLISH.setup,
    );
    return `${report.summary}\n${setup.summary}`;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return `${report.summary}\nThe triggers were left as they were: ${error.message}`;
  }
}

/** The rule of one row of the rules sheet, checked, for "Test this rule". */
export function ruleOfRow(source: RulesSource, row: number): SheetRule | string {
  const name = rulesSheetName(source.config);
  if (row < 2)
    return `Select a rule's row in "${name}" (below the header), then choose Test this rule.`;
  const found = loadRuleRows(source).find((r) => r.row === row);
  if (!found) return `Row ${row} of "${name}" is empty.`;
  // An unticked row is not checked with the others: check it now, as if it were on.
  const [checked] = found.enabled
    ? [found]
    : checkRuleRows([{ ...found, enabled: true }], source.config, source.document());
  if (checked!.problems.length > 0 || checked!.rule === null) {
    return `Row ${row} (${found.name || "no name"}) cannot run: ${checked!.problems.map((p) => p.message).join("; ")}`;
  }
  return checked!.rule;
}
