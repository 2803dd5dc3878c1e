import type { Config } from "../../src/rules/config-types";
import {
  activeConfig,
  desiredTriggers,
  loadRuleRows,
  refreshRules,
  RULES_CACHE_KEYS,
  type CellMark,
  type RulesCache,
  type RulesSheet,
  type RulesSource,
} from "../../src/rules/rules-source";
import { RULE_COLUMNS, type RuleColumn } from "../../src/rules/sheet-rules";
import type { LiveDocument } from "../../src/rules/validate";
import { TASK_HEADERS } from "../fixtures/tasks-sheet";

const WEBHOOK =
  "https://chat.googleapis.com/v1/spaces/AAAAx1y2z3/messages?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=FAKEtoken-for-tests1%3D";

class MemoryCache implements RulesCache {
  readonly values = new Map<string, string>();
  calls = 0;
  getAll(keys: readonly string[]) {
    this.calls++;
    return Object.fromEntries(
      keys.filter((k) => this.values.has(k)).map((k) => [k, this.values.get(k)!]),
    );
  }
  putAll(values: Readonly<Record<string, string>>) {
    this.calls++;
    for (const [k, v] of Object.entries(values)) {
      if (v.length * 3 > 100 * 1024) throw new Error("over 100 KB");
      this.values.set(k, v);
    }
  }
  removeAll(keys: readonly string[]) {
    this.calls++;
    for (const k of keys) this.values.delete(k);
  }
}

class MemoryRulesSheet implements RulesSheet {
  table: string[][] | null = [RULE_COLUMNS.map((c) => c.header)];
  reads = 0;
  marks: CellMark[] = [];
  choices: { row: number; column: number; values: readonly string[] }[] = [];
  readTable() {
    this.reads++;
    return this.table;
  }
  create() {
    return false;
  }
  mark(marks: readonly CellMark[]) {
    this.marks = [...marks];
  }
  setChoices(row: number, column: number, values: readonly string[]) {
    this.choices.push({ row, column, values });
  }
  selectedRow() {
    return null;
  }
  sheetNames() {
    return ["Tasks"];
  }
  add(cells: Partial<Record<RuleColumn, string>>) {
    this.table!.push(RULE_COLUMNS.map(({ key }) => cells[key] ?? ""));
  }
}

const CONFIG: Config = {
  delivery: { requestIds: false },
  editRules: [],
  formRules: [],
  changeRules: [],
};

function source() {
  const sheet = new MemoryRulesSheet();
  const cache = new MemoryCache();
  let headerReads = 0;
  const document: LiveDocument = {
    headers: (name) => {
      headerReads++;
      return name === "Tasks" ? TASK_HEADERS : null;
    },
    formQuestions: () => null,
    property: (name) => (name === "CHAT_WEBHOOK_URL" ? WEBHOOK : null),
  };
  const rulesSource: RulesSource = { config: CONFIG, sheet, cache, document: () => document };
  return { sheet, cache, rulesSource, headerReads: () => headerReads };
}

const rule = (i: number) => ({
  name: `rule-${i}`,
  enabled: "TRUE",
  kind: "edit",
  sheet: "Tasks",
  column: "Status",
  condition: "becomes",
  value: `Status ${i}`,
  message: `Rule ${i} ${"and a long template ".repeat(10)}{{Task}}`,
});

describe("reading the rules sheet through the cache", () => {
  it("reads the sheet once, then answers from one cache call, however many rules", () => {
    const { sheet, cache, rulesSource, headerReads } = source();
    for (let i = 1; i <= 300; i++) sheet.add(rule(i));
    expect(loadRuleRows(rulesSource)).toHaveLength(300);
    expect(headerReads()).toBe(1); // one sheet named by 300 rules: its headers read once
    expect([...cache.values.keys()].length).toBeGreaterThan(1); // more than one piece
    cache.calls = 0;
    expect(activeConfig(rulesSource).editRules).toHaveLength(300);
    expect(cache.calls).toBe(1);
    expect(sheet.reads).toBe(1);
  });

  it("reads the sheet again when a piece was evicted, and goes uncached past the pieces it has", () => {
    const { sheet, cache, rulesSource } = source();
    for (let i = 1; i <= 300; i++) sheet.add(rule(i));
    loadRuleRows(rulesSource);
    cache.values.delete(RULES_CACHE_KEYS[1]!);
    expect(loadRuleRows(rulesSource)).toHaveLength(300);
    expect(sheet.reads).toBe(2);
    for (let i = 301; i <= 2_000; i++) sheet.add(rule(i));
    refreshRules(rulesSource);
    expect(cache.values.size).toBe(0);
    expect(loadRuleRows(rulesSource)).toHaveLength(2_000);
    expect(sheet.reads).toBe(4);
  });

  it("remembers that there is no rules sheet, and needs no edit trigger then", () => {
    const { sheet, cache, rulesSource } = source();
    sheet.table = null;
    expect(loadRuleRows(rulesSource)).toEqual([]);
    cache.calls = 0;
    expect(loadRuleRows(rulesSource)).toEqual([]);
    expect([cache.calls, sheet.reads]).toEqual([1, 1]);
    expect(desiredTriggers(CONFIG, false)).toEqual([]);
    expect(desiredTriggers(CONFIG, true)).toEqual([
      { handler: "handleEdit", eventType: "ON_EDIT", source: "SPREADSHEETS" },
    ]);
  });

  it("an edit refreshes the cache, marks each problem's cell, and sets the edited row's dropdowns", () => {
    const { sheet, rulesSource } = source();
    sheet.add(rule(1));
    loadRuleRows(rulesSource);
    sheet.add({ ...rule(2), column: "Stat" });
    const report = refreshRules(rulesSource, [3]);
    expect(report.summary).toMatch(/1 rule\(s\) working, 1 with problems/);
    expect(sheet.marks).toEqual([
      { row: 3, column: 5, note: expect.stringMatching(/column "Stat"/) },
    ]);
    expect(sheet.choices.map((c) => [c.row, c.column, c.values])).toEqual([
      [3, 5, TASK_HEADERS],
      [3, 13, TASK_HEADERS],
    ]);
    expect(loadRuleRows(rulesSource).map((r) => r.problems.length)).toEqual([0, 1]);
    expect(activeConfig(rulesSource).editRules.map((r) => r.name)).toEqual(["rule-1"]);
  });
});
