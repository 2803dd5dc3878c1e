import type { Config, EditRule } from "../../src/rules/config-types";
import { MAX_PREVIEW_ROWS, previewDigests, previewTarget } from "../../src/preview/preview";
import { renderPreviewPage } from "../../src/preview/preview-page";
import { MemorySheet, TASK_HEADERS, TASK_ROWS } from "../fixtures/tasks-sheet";

const base: Config = {
  delivery: { requestIds: false },
  editRules: [],
  formRules: [],
  changeRules: [],
};

function rows(sheet: string, firstRow: number, lastRow = firstRow, column = 1) {
  return {
    kind: "rows" as const,
    sheet,
    ranges: [{ firstRow, lastRow, firstColumn: column, lastColumn: column }],
  };
}

function reasons(config: Config, target: ReturnType<typeof rows>, sheet = new MemorySheet()) {
  return previewTarget(config, target, sheet).items.map((item) => [
    item.title,
    item.outcome.kind === "sends"
      ? item.outcome.accepted.notification.message.text
      : item.outcome.reason,
  ]);
}

const rule = (when: EditRule["when"], extra: Partial<EditRule> = {}): EditRule => ({
  name: "status",
  sheet: "Tasks",
  column: "Status",
  when,
  message: "{{ID}} is {{Status}}",
  ...extra,
});

describe("previewTarget for selected rows", () => {
  it("sends what the trigger would for each row whose value passes the condition", () => {
    const config = { ...base, editRules: [rule({ becomes: "Blocked" })] };
    expect(reasons(config, rows("Tasks", 4, 5))).toEqual([
      ["status, row 4", 'Status is "Open"; the rule sends for a value that becomes "Blocked"'],
      ["status, row 5", "T-4 is Blocked"],
    ]);
  });

  it.each([
    [
      { matches: "^Late$", flags: "i" },
      'Status is "Open"; the rule sends for a value matching /^Late$/i',
    ],
    [
      { from: "Open", to: "Done" },
      'Status is "Open"; the rule sends for a change from "Open" to "Done" (a preview cannot know the value before)',
    ],
    [
      () => false,
      'Status is "Open"; the rule sends for what its when function accepts (it said no)',
    ],
  ] as const)("says why %j sends nothing", (when, reason) => {
    expect(
      reasons({ ...base, editRules: [rule(when as EditRule["when"])] }, rows("Tasks", 2)),
    ).toEqual([["status, row 2", reason]]);
  });

  it("tells a message function's null from a condition that fails, and reports a missing column", () => {
    const config = {
      ...base,
      editRules: [
        rule(undefined, { name: "quiet", message: () => null }),
        rule(undefined, { name: "lost", column: "State" }),
      ],
    };
    expect(reasons(config, rows("Tasks", 2))).toEqual([
      ["quiet, row 2", "its message function returned null: it sends nothing for this row"],
      ["lost, row 2", expect.stringContaining('column "State" is not in row 1 of sheet "Tasks"')],
    ]);
  });

  it("uses the selected column for a rule on any column, and skips the header row", () => {
    const config = { ...base, editRules: [rule({ matches: "^T-" }, { column: undefined })] };
    expect(reasons(config, rows("Tasks", 1, 2, 1))).toEqual([
      ["status, row 1", "row 1 is not below the header row 1"],
      ["status, row 2", "T-1 is Open"],
    ]);
    expect(reasons(config, rows("Tasks", 2, 2, 2))[0]![1]).toBe(
      'Task is "Renew the SSL certificate"; the rule sends for a value matching /^T-/',
    );
  });

  it("reads the sheet once for every rule and row, and shows at most 50 rows", () => {
    const many = Array.from({ length: 80 }, (_, i) => [
      `T-${i + 1}`,
      "x",
      "a@example.com",
      "Open",
      "",
    ]);
    const sheet = new MemorySheet({ Tasks: [TASK_HEADERS, ...many] });
    const config = {
      ...base,
      editRules: [rule(undefined), rule({ becomes: "Open" }, { name: "open" })],
    };
    const preview = previewTarget(config, rows("Tasks", 2, 81), sheet);
    expect(preview.items).toHaveLength(2 * MAX_PREVIEW_ROWS);
    expect(preview.notes).toContain("Only the first 50 of the 80 selected rows are shown.");
    expect(sheet.reads).toHaveLength(1);
  });

  it("names the rules that watch other sheets", () => {
    const config = { ...base, editRules: [rule(undefined, { sheet: "Other" })] };
    const preview = previewTarget(config, rows("Tasks", 2), new MemorySheet());
    expect(preview.notes).toEqual([
      'Not shown: status (sheet "Other"), which watch other sheets.',
      'No edit rule or form rule watches sheet "Tasks".',
    ]);
  });
});

describe("previewDigests", () => {
  it("drafts each digest as it would be sent, and reports a missing sheet", () => {
    const sheet = new MemorySheet({ Tasks: [TASK_HEADERS, ...TASK_ROWS] });
    const preview = previewDigests(
      [
        {
          name: "open",
          title: "Open: {{count}}",
          schedule: { every: "day", atHour: 9 },
          sheet: "Tasks",
          filters: [{ column: "Status", is: "Open" }],
          columns: ["ID"],
        },
        {
          name: "gone",
          title: "x",
          schedule: { every: "day", atHour: 9 },
          sheet: "Nope",
          columns: ["ID"],
        },
      ],
      { reader: sheet, date: "2026-01-05", properties: {} },
    );
    expect(preview.items.map((item) => [item.title, item.outcome.kind])).toEqual([
      ["digest open (3 row(s))", "sends"],
      ["digest gone", "problem"],
    ]);
  });
});

describe("renderPreviewPage", () => {
  it("shows a message past Chat's text limit as the parts the outbox would post", () => {
    const long = "word ".repeat(1200);
    const config = { ...base, editRules: [rule(undefined, { message: () => long })] };
    const page = renderPreviewPage(previewTarget(config, rows("Tasks", 2), new MemorySheet()));
    expect(page.html).toContain("Too long for one message: sent as 2 messages in one thread");
    expect(page.html.match(/class="chat-message"/g)).toHaveLength(2);
    expect(page.html).toContain("(1/2)");
  });

  it("escapes titles and reasons, and says nothing was sent", () => {
    const page = renderPreviewPage({
      heading: "Preview <b>",
      notes: ["<i>note</i>"],
      items: [
        { title: "<script>", outcome: { kind: "problem", reason: "<img src=x onerror=alert(1)>" } },
      ],
    });
    expect(page.html).toContain("<h1>Preview &lt;b&gt;</h1>");
    expect(page.html).toContain("Cannot run: &lt;img src=x onerror=alert(1)&gt;");
    expect(page.html).not.toMatch(/<script|<img|<i>/);
    expect(page.summary).toBe(
      "Preview <b>: 0 message(s) would be sent, 1 rule(s) or digest(s) would send nothing. Nothing was sent.",
    );
  });
});
