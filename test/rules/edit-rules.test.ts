import type { Accepted } from "../../src/delivery/deliver";
import type { EditRule } from "../../src/rules/config-types";
import { editNotifications } from "../../src/rules/edit-rules";
import type { EditEvent } from "../../src/rules/events";
import { RuleError } from "../../src/rules/rule-output";
import { MemorySheet } from "../fixtures/tasks-sheet";

/** The notifications an edit produces (its rule problems are checked separately). */
function acceptedFor(...args: Parameters<typeof editNotifications>) {
  return editNotifications(...args).accepted;
}

const Z = "\u200B";
const STATUS = 4;
const rowUrl = (row: number) =>
  `https://docs.google.com/spreadsheets/d/1AbCdEf/edit#gid=0&range=A${row}`;

const taskStatus: EditRule = {
  name: "task-status",
  sheet: "Tasks",
  column: "Status",
  when: { becomes: "Done" },
  message: "<users/all> ✅ *{{Task}}* ({{ID}}): {{old}} → {{new}} · {{Owner}} · {{url}}",
  threadKey: "task-{{ID}}",
};

/** The user typed `value` into one cell of the Tasks sheet. */
function typed(sheet: MemorySheet, row: number, column: number, value: string): EditEvent {
  const oldValue = sheet.sheets.get("Tasks")![row - 1]![column - 1];
  sheet.set("Tasks", row, column, value);
  return {
    sheet: "Tasks",
    firstRow: row,
    lastRow: row,
    firstColumn: column,
    lastColumn: column,
    oldValue: oldValue === "" ? undefined : oldValue,
    user: "ana@example.com",
  };
}

function range(
  firstRow: number,
  lastRow: number,
  firstColumn: number,
  lastColumn: number,
): EditEvent {
  return {
    sheet: "Tasks",
    firstRow,
    lastRow,
    firstColumn,
    lastColumn,
    oldValue: undefined,
    user: undefined,
  };
}

const texts = (accepted: Accepted[]) => accepted.map((a) => a.notification.message.text);

describe("edit-rules", () => {
  test("a status edit that matches gives one notification, rendered and threaded per row", () => {
    const sheet = new MemorySheet();
    const accepted = acceptedFor([taskStatus], typed(sheet, 3, STATUS, "Done"), sheet);
    expect(accepted).toEqual([
      {
        rule: "task-status",
        notification: {
          webhook: undefined,
          // The template's own mention is kept (trusted); the values were neutralised at render.
          message: {
            text:
              `<users/all> ✅ *打印机卡纸 🖨️* (T-2): In progress → Done · ` +
              `wei.zhang@example.com · ${rowUrl(3)}`,
          },
          threadKey: "task-T-2",
          replyOption: undefined,
        },
      },
    ]);
  });

  test("a cell value cannot mention everyone or make a link, though the message is trusted", () => {
    const sheet = new MemorySheet();
    sheet.set("Tasks", 2, 2, "<users/all> see https://evil.example");
    const accepted = acceptedFor([taskStatus], typed(sheet, 2, STATUS, "Done"), sheet);
    expect(texts(accepted)).toEqual([
      `<users/all> ✅ *<${Z}users/all> see https:${Z}//evil.${Z}example* (T-1): Open → Done · ` +
        `ana@example.com · ${rowUrl(2)}`,
    ]);
  });

  test("an edit that does not meet the condition gives nothing", () => {
    const sheet = new MemorySheet();
    expect(acceptedFor([taskStatus], typed(sheet, 3, STATUS, "Blocked"), sheet)).toEqual([]);
  });

  test("retyping the same status in other case gives nothing", () => {
    const sheet = new MemorySheet();
    sheet.set("Tasks", 4, STATUS, "Done");
    expect(acceptedFor([taskStatus], typed(sheet, 4, STATUS, "done"), sheet)).toEqual([]);
  });

  test("the old value of a cell that was empty is the empty string", () => {
    const sheet = new MemorySheet();
    sheet.set("Tasks", 2, STATUS, "");
    const rule: EditRule = {
      ...taskStatus,
      when: { isFilled: true },
      message: "[{{old}}] → {{new}}",
    };
    expect(texts(acceptedFor([rule], typed(sheet, 2, STATUS, "Open"), sheet))).toEqual([
      "[] → Open",
    ]);
  });

  test("a paste of 5 statuses gives 5 notifications, one per row, with no old value", () => {
    const sheet = new MemorySheet();
    for (let row = 2; row <= 6; row++) sheet.set("Tasks", row, STATUS, "Done");
    const accepted = acceptedFor([taskStatus], range(2, 6, STATUS, STATUS), sheet);
    expect(accepted.map((a) => a.notification.threadKey)).toEqual([
      "task-T-1",
      "task-T-2",
      "task-T-3",
      "task-T-4",
      "task-T-5",
    ]);
    expect(texts(accepted)[3]).toBe(
      `<users/all> ✅ *Order coffee ☕* (T-4):  → Done · chloé@example.com · ${rowUrl(5)}`,
    );
  });

  test("a paste over several columns that covers the watched one is evaluated on that column", () => {
    const sheet = new MemorySheet();
    sheet.set("Tasks", 3, STATUS, "Done");
    sheet.set("Tasks", 4, STATUS, "Open");
    const accepted = acceptedFor([taskStatus], range(3, 4, 2, 5), sheet);
    expect(accepted.map((a) => a.notification.threadKey)).toEqual(["task-T-2"]);
  });

  test("edits of other columns, or of other sheets, give nothing", () => {
    const sheet = new MemorySheet({
      Tasks: [
        ["ID", "Task", "Owner", "Status", "Due"],
        ["T-1", "Renew", "ana@example.com", "Done", ""],
      ],
      Archive: [
        ["ID", "Task", "Owner", "Status", "Due"],
        ["T-0", "Old", "bob@example.com", "Done", ""],
      ],
    });
    expect(acceptedFor([taskStatus], range(2, 2, 2, 3), sheet)).toEqual([]);
    expect(acceptedFor([taskStatus], range(2, 2, 5, 5), sheet)).toEqual([]);
    const archive: EditEvent = { ...range(2, 2, STATUS, STATUS), sheet: "Archive" };
    expect(acceptedFor([taskStatus], archive, sheet)).toEqual([]);
    // A sheet no rule watches is not even read.
    expect(sheet.reads.filter((read) => read.sheet === "Archive")).toEqual([]);
  });

  test("a rule without a column fires on an edit of any column of the row", () => {
    const sheet = new MemorySheet();
    const anyEdit: EditRule = {
      name: "any-edit",
      sheet: "Tasks",
      message: "{{ID}}: {{old}} → {{new}}",
    };
    expect(texts(acceptedFor([anyEdit], typed(sheet, 6, 5, "2026-02-01"), sheet))).toEqual([
      "T-5: 2026-01-20 → 2026-02-01",
    ]);
  });

  test("edits of the header row are not about a row and are ignored", () => {
    const sheet = new MemorySheet();
    const anyEdit: EditRule = { name: "any-edit", sheet: "Tasks", message: "{{new}}" };
    expect(acceptedFor([anyEdit], typed(sheet, 1, STATUS, "State"), sheet)).toEqual([]);
    expect(sheet.reads).toEqual([]);
  });

  test("a paste over the header row and below notifies only for the rows below", () => {
    const sheet = new MemorySheet();
    const anyEdit: EditRule = { name: "any-edit", sheet: "Tasks", message: "{{ID}}" };
    expect(texts(acceptedFor([anyEdit], range(1, 3, 1, 5), sheet))).toEqual(["T-1", "T-2"]);
    expect(sheet.reads).toEqual([{ sheet: "Tasks", headerRow: 1, firstRow: 2, rowCount: 2 }]);
  });

  test("headerRow moves where the headers and the rows are read", () => {
    const sheet = new MemorySheet({
      Tasks: [
        ["Team tasks 2026"],
        ["ID", "Task", "Owner", "Status"],
        ["T-9", "招聘", "li@example.com", "Open"],
      ],
    });
    const rule: EditRule = { ...taskStatus, headerRow: 2, message: "{{Task}} {{new}}" };
    sheet.set("Tasks", 3, STATUS, "Done");
    const accepted = acceptedFor(
      [rule],
      { ...range(3, 3, STATUS, STATUS), oldValue: "Open" },
      sheet,
    );
    expect(texts(accepted)).toEqual(["招聘 Done"]);
    expect(acceptedFor([rule], range(2, 2, STATUS, STATUS), sheet)).toEqual([]);
  });

  test("a rule whose column is not in the header row is reported, naming it, and the others still run", () => {
    const sheet = new MemorySheet();
    const wrong: EditRule = { ...taskStatus, name: "priority-raised", column: "Priority" };
    const edit = typed(sheet, 2, STATUS, "Done");
    const outcome = editNotifications([wrong, taskStatus], edit, sheet);
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]).toBeInstanceOf(RuleError);
    expect(outcome.problems[0]!.message).toContain(
      'Rule "priority-raised": column "Priority" is not in row 1 of sheet "Tasks" ' +
        "(headers: ID, Task, Owner, Status, Due)",
    );
    expect(outcome.accepted).toHaveLength(1);
  });

  test("the sheet is read once per header row, however many rules (a fixed number of reads)", () => {
    const sheet = new MemorySheet();
    const rules: EditRule[] = Array.from({ length: 50 }, (_, i) => ({
      ...taskStatus,
      name: `rule-${i + 1}`,
    }));
    const accepted = acceptedFor(rules, range(2, 6, 1, 5), sheet);
    expect(accepted).toEqual([]); // a paste of unchanged rows: none is Done
    expect(sheet.reads).toEqual([{ sheet: "Tasks", headerRow: 1, firstRow: 2, rowCount: 5 }]);
    expect(sheet.cellsRead).toBe(0);

    const otherHeaderRow: EditRule = {
      name: "below-row-2",
      sheet: "Tasks",
      headerRow: 2,
      message: "{{new}}",
    };
    sheet.reads.length = 0;
    acceptedFor([...rules, otherHeaderRow], range(3, 6, 1, 5), sheet);
    expect(sheet.reads.map((read) => read.headerRow)).toEqual([1, 2]);
  });

  test("50 matching rules give 50 notifications from that one read", () => {
    const sheet = new MemorySheet();
    const rules: EditRule[] = Array.from({ length: 50 }, (_, i) => ({
      ...taskStatus,
      name: `rule-${i + 1}`,
    }));
    expect(acceptedFor(rules, typed(sheet, 2, STATUS, "Done"), sheet)).toHaveLength(50);
    expect(sheet.reads).toHaveLength(1);
  });

  test("coalesce becomes a group named after the rule", () => {
    const sheet = new MemorySheet();
    const rule: EditRule = { ...taskStatus, coalesce: { after: 5 } };
    const [accepted] = acceptedFor([rule], typed(sheet, 2, STATUS, "Done"), sheet);
    expect(accepted?.coalesce).toEqual({ group: "task-status", after: 5 });
    expect(accepted?.dedupeKey).toBeUndefined();
  });

  test("the webhook NAME and the reply option pass through", () => {
    const sheet = new MemorySheet();
    const rule: EditRule = { ...taskStatus, webhook: "ONCALL", replyOption: "replyOrFail" };
    const [accepted] = acceptedFor([rule], typed(sheet, 2, STATUS, "Done"), sheet);
    expect(accepted?.notification.webhook).toBe("ONCALL");
    expect(accepted?.notification.replyOption).toBe("replyOrFail");
    expect(accepted?.coalesce).toBeUndefined();
  });

  test("a thread key that renders empty means no thread, and no reply option", () => {
    const sheet = new MemorySheet();
    sheet.set("Tasks", 2, 1, "");
    const rule: EditRule = { ...taskStatus, threadKey: "{{ID}}", replyOption: "replyOrFail" };
    const [accepted] = acceptedFor([rule], typed(sheet, 2, STATUS, "Done"), sheet);
    expect(accepted?.notification.threadKey).toBeUndefined();
    expect(accepted?.notification.replyOption).toBeUndefined();
  });

  test("a thread key is cut to Chat's 4,000 characters", () => {
    const sheet = new MemorySheet();
    sheet.set("Tasks", 2, 2, "x".repeat(5000));
    const rule: EditRule = { ...taskStatus, threadKey: "{{Task}}" };
    const [accepted] = acceptedFor([rule], typed(sheet, 2, STATUS, "Done"), sheet);
    expect(accepted?.notification.threadKey).toBe("x".repeat(4000));
  });

  test("a message function sees the row and can decline", () => {
    const sheet = new MemorySheet();
    const rule: EditRule = {
      name: "ana-only",
      sheet: "Tasks",
      column: "Status",
      message: (c) =>
        c.values.Owner === "ana@example.com"
          ? `${c.values.ID} row ${c.row} by ${c.user}: ${c.new}`
          : null,
    };
    expect(texts(acceptedFor([rule], typed(sheet, 2, STATUS, "Done"), sheet))).toEqual([
      "T-1 row 2 by ana@example.com: Done",
    ]);
    expect(acceptedFor([rule], typed(sheet, 3, STATUS, "Done"), sheet)).toEqual([]);
  });

  test("a card rule makes a card per row, with a card id per row", () => {
    const sheet = new MemorySheet();
    const rule: EditRule = {
      name: "task-blocked",
      sheet: "Tasks",
      column: "Status",
      when: { becomes: "Blocked" },
      message: { card: { title: "Blocked: {{Task}}", fields: ["Owner", "Due"] } },
    };
    const [accepted] = acceptedFor([rule], typed(sheet, 3, STATUS, "Blocked"), sheet);
    const card = accepted?.notification.message.cardsV2?.[0];
    expect(card?.cardId).toBe("task-blocked-3");
    expect(card?.card.header?.title).toBe("Blocked: 打印机卡纸 🖨️");
    expect(accepted?.notification.message.fallbackText).toBe("Blocked: 打印机卡纸 🖨️");
  });

  test("an unknown sheet (reader answers null) gives nothing", () => {
    const sheet = new MemorySheet({});
    const rule: EditRule = { ...taskStatus, sheet: "Tasks" };
    expect(acceptedFor([rule], range(2, 2, STATUS, STATUS), sheet)).toEqual([]);
  });
});
