import type { Config, EditRule } from "../../src/rules/config-types";
import { editNotifications } from "../../src/rules/edit-rules";
import {
  checkRuleRows,
  columnOfProblem,
  inertTemplate,
  parseSchedule,
  readRuleTable,
  RULE_COLUMNS,
  withSheetRules,
  workingRules,
  type RuleColumn,
} from "../../src/rules/sheet-rules";
import { neutraliseText } from "../../src/chat/neutralise";
import type { LiveDocument } from "../../src/rules/validate";
import { MemorySheet, TASK_HEADERS } from "../fixtures/tasks-sheet";

const WEBHOOK =
  "https://chat.googleapis.com/v1/spaces/AAAAx1y2z3/messages?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=FAKEtoken-for-tests1%3D";

const document: LiveDocument = {
  headers: (sheet) => (sheet === "Tasks" ? TASK_HEADERS : null),
  formQuestions: () => null,
  property: (name) => (name === "CHAT_WEBHOOK_URL" ? WEBHOOK : null),
};

const CONFIG: Config = {
  delivery: { requestIds: false },
  editRules: [{ name: "task-status", sheet: "Tasks", column: "Status", message: "x" }],
  formRules: [],
  changeRules: [],
};

/** A rules table: the header row, then one row per partial record. */
function table(...rows: Partial<Record<RuleColumn, string>>[]): string[][] {
  return [
    RULE_COLUMNS.map((c) => c.header),
    ...rows.map((row) => RULE_COLUMNS.map(({ key }) => row[key] ?? "")),
  ];
}

const shipped = {
  name: "shipped",
  enabled: "TRUE",
  kind: "edit",
  sheet: "Tasks",
  column: "Status",
  condition: "becomes",
  value: "Shipped, Released",
  message: "🚀 *{{Task}}* shipped: {{url}}",
  threadKey: "task-{{ID}}",
};

function rowsOf(...rows: Partial<Record<RuleColumn, string>>[]) {
  const { rows: parsed } = readRuleTable(table(...rows), { trustTemplates: false });
  return checkRuleRows(parsed, CONFIG, document);
}

describe("rules written as rows of a sheet", () => {
  it("reads an edit row as the same typed rule src/config.ts would hold", () => {
    const [row] = rowsOf(shipped);
    expect(row!.problems).toEqual([]);
    expect(row!.rule).toEqual({
      kind: "edit",
      rule: {
        name: "shipped",
        sheet: "Tasks",
        column: "Status",
        when: { becomes: ["Shipped", "Released"] },
        message: "🚀 *{{Task}}* shipped: {{url}}",
        threadKey: "task-{{ID}}",
      },
    });
  });

  it("fires like a config rule: the edit rules of both sources run together", () => {
    const rules = withSheetRules(CONFIG, workingRules(rowsOf(shipped))).editRules;
    const sheet = new MemorySheet();
    sheet.set("Tasks", 3, 4, "Shipped");
    const outcome = editNotifications(
      rules as EditRule[],
      {
        sheet: "Tasks",
        firstRow: 3,
        lastRow: 3,
        firstColumn: 4,
        lastColumn: 4,
        oldValue: "Open",
        user: undefined,
      },
      sheet,
    );
    expect(outcome.accepted.map((a) => a.notification.message.text)).toEqual([
      "x",
      expect.stringMatching(/^🚀 \*打印机卡纸 🖨️\* shipped: https:/),
    ]);
  });

  it("flags each problem on its own cell, and a broken row leaves the others working", () => {
    const rows = rowsOf(
      { ...shipped, name: "task-status" },
      { ...shipped, name: "bad-column", column: "State" },
      { ...shipped, name: "bad-regex", condition: "matches", value: "(" },
      { ...shipped, name: "bad-template", message: "{{Nope}}" },
      { ...shipped, name: "bad-webhook", webhook: "ONCALL" },
      { ...shipped, name: "bad-kind", kind: "poll" },
      { ...shipped, name: "ok" },
      { ...shipped, name: "ok" },
    );
    expect(rows.map((r) => r.problems.map((p) => p.column))).toEqual([
      ["name"],
      ["column"],
      ["value"],
      ["message"],
      ["webhook"],
      ["kind"],
      [],
      ["name"],
    ]);
    expect(rows[1]!.problems[0]!.message).toMatch(
      /column "State" is not in row 1 of sheet "Tasks"/,
    );
    expect(rows[4]!.problems[0]!.message).toMatch(/CHAT_WEBHOOK_URL_ONCALL/);
    expect(workingRules(rows).map((r) => r.rule.name)).toEqual(["ok"]);
  });

  it("ignores empty and unticked rows, and reads digests with their schedule", () => {
    const rows = rowsOf(
      {},
      { ...shipped, name: "off", enabled: "FALSE", column: "Missing" },
      {
        name: "open",
        enabled: "TRUE",
        kind: "digest",
        sheet: "Tasks",
        column: "Status",
        condition: "is not",
        value: "Done",
        message: "Open: {{count}}",
        fields: "Task, Owner",
        schedule: "every monday at 8",
        format: "card",
      },
    );
    expect(rows.map((r) => [r.row, r.enabled, r.problems.length])).toEqual([
      [3, false, 0],
      [4, true, 0],
    ]);
    expect(workingRules(rows)).toEqual([
      {
        kind: "digest",
        rule: {
          name: "open",
          title: "Open: {{count}}",
          schedule: { every: "week", weekDay: "MONDAY", atHour: 8 },
          sheet: "Tasks",
          columns: ["Task", "Owner"],
          filters: [{ column: "Status", isNot: "Done" }],
          format: "card",
        },
      },
    ]);
  });

  it("parses schedules, and says how to write one it cannot read", () => {
    expect(parseSchedule("every day at 9")).toEqual({ every: "day", atHour: 9 });
    expect(parseSchedule("Daily at 17:00")).toEqual({ every: "day", atHour: 17 });
    expect(parseSchedule("every 4 hours")).toEqual({ every: "hours", hours: 4 });
    expect(parseSchedule("every 5 hours")).toMatch(/1, 2, 4, 6, 8 or 12/);
    expect(parseSchedule("at nine")).toMatch(/every day at 9/);
  });

  it("makes a sheet template's own mentions and links inert, keeping formatting and placeholders", () => {
    const template = "*Done* <users/all> see <https://evil.example|here> {{url}} {{Task}}";
    const [row] = rowsOf({ ...shipped, message: template });
    const message = (row!.rule!.rule as EditRule).message as string;
    expect(message).toBe(inertTemplate(template, neutraliseText));
    expect(message).not.toContain("<users/all>");
    expect(message).not.toContain("https://evil");
    expect(message).toMatch(/^\*Done\* .* \{\{url\}\} \{\{Task\}\}$/);
    const { rows } = readRuleTable(table({ ...shipped, message: template }), {
      trustTemplates: true,
    });
    expect((rows[0]!.rule!.rule as EditRule).message).toBe(template);
  });

  it("points each validator problem at a column", () => {
    expect(columnOfProblem("schedule.atHour must be a whole hour from 0 to 23")).toBe("schedule");
    expect(columnOfProblem("threadKey uses {{X}}, which is not one of: a")).toBe("threadKey");
    expect(columnOfProblem('there is no sheet named "X"')).toBe("sheet");
    expect(columnOfProblem("columns lists no column to show")).toBe("fields");
  });

  it("reports a missing header, and checks the mention column", () => {
    const { missingHeaders } = readRuleTable([["Name", "Kind"]], { trustTemplates: false });
    expect(missingHeaders).toContain("Message");
    const [row] = rowsOf({ ...shipped, mention: "Boss" });
    expect(row!.problems).toEqual([
      { column: "mention", message: '"Boss" is not a header of sheet "Tasks"' },
    ]);
    const [owner] = rowsOf({ ...shipped, mention: "Owner" });
    expect(owner!.mentionColumn).toBe("Owner");
    expect((owner!.rule!.rule as EditRule).mention).toBe("{{Owner}}");
    expect((rowsOf(shipped)[0]!.rule!.rule as EditRule).mention).toBeUndefined();
  });
});
