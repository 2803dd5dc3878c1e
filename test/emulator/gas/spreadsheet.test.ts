import { runInNewContext } from "node:vm";
import { fakeHost } from "../../doubles/fake-host";
import {
  createSpreadsheetApp,
  type Range,
  type Spreadsheet,
  type SpreadsheetFixture,
} from "../../../emulator/gas/documents/spreadsheet";

const TASKS: SpreadsheetFixture = {
  id: "1TasksSheetId",
  name: "Team tasks",
  sheets: {
    Tasks: [
      ["Task", "Owner", "Status", "Due", "Estimate", "Done"],
      [
        "Write the outbox",
        "ana@example.com",
        "Open",
        new Date(Date.UTC(2026, 0, 9, 5, 0, 0)),
        3.5,
        false,
      ],
      ["Pace sends", "bo@example.com", "Done", new Date(Date.UTC(2026, 0, 6, 14, 30, 15)), 2, true],
    ],
    Archive: [],
  },
};

function open(fixture: SpreadsheetFixture = TASKS) {
  const fake = fakeHost(Date.UTC(2026, 0, 5, 14, 0, 0));
  const app = createSpreadsheetApp(fixture, fake.host);
  const sheet = app.service.getActiveSpreadsheet().getSheetByName("Tasks")!;
  fake.calls.length = 0;
  return { ...fake, ...app, sheet };
}

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

describe("emulated SpreadsheetApp", () => {
  test("the spreadsheet and its sheets describe themselves", () => {
    const { service } = open();
    const book = service.getActive();
    expect(book.getId()).toBe("1TasksSheetId");
    expect(book.getName()).toBe("Team tasks");
    expect(book.getUrl()).toBe("https://docs.google.com/spreadsheets/d/1TasksSheetId/edit");
    expect(book.getSpreadsheetTimeZone()).toBe("America/New_York");
    expect(book.getSheets().map((s) => s.getName())).toEqual(["Tasks", "Archive"]);
    expect(book.getSheets().map((s) => s.getSheetId())[0]).toBe(0);
    expect(book.getSheetByName("Missing")).toBeNull();
    const tasks = book.getSheetByName("Tasks")!;
    expect(tasks.getParent().getId()).toBe("1TasksSheetId");
    expect([tasks.getMaxRows(), tasks.getMaxColumns()]).toEqual([1000, 26]);
    expect([tasks.getLastRow(), tasks.getLastColumn()]).toEqual([3, 6]);
    expect(tasks.getFrozenRows()).toBe(0);
    expect(book.getSheetByName("Archive")!.getLastRow()).toBe(0);
  });

  test("reads A1 notation the way Sheets does", () => {
    const { sheet } = open();
    const shape = (r: Range) => [r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()];
    expect(shape(sheet.getRange("B2"))).toEqual([2, 2, 1, 1]);
    expect(shape(sheet.getRange("$B$2"))).toEqual([2, 2, 1, 1]);
    expect(shape(sheet.getRange("A1:C3"))).toEqual([1, 1, 3, 3]);
    expect(sheet.getRange("c3:a1").getA1Notation()).toBe("A1:C3");
    expect(shape(sheet.getRange("A:C"))).toEqual([1, 1, 1000, 3]);
    expect(sheet.getRange("A:C").getA1Notation()).toBe("A:C");
    expect(shape(sheet.getRange("2:5"))).toEqual([2, 1, 4, 26]);
    expect(sheet.getRange("2:5").getA1Notation()).toBe("2:5");
    expect(shape(sheet.getRange("A2:C"))).toEqual([2, 1, 999, 3]);
    expect(sheet.getRange(2, 3, 4, 2).getA1Notation()).toBe("C2:D5");
    expect(sheet.getRange(1, 26).getA1Notation()).toBe("Z1");
    expect(sheet.getRange("B2:C6").getLastRow()).toBe(6);
    expect(sheet.getRange("B2:C6").getLastColumn()).toBe(3);
  });

  test("rejects bad ranges with Apps Script's messages", () => {
    const { sheet } = open();
    for (const bad of ["B", "1A", "A0", "A1:B2:C3", "Tasks list", "", "A:C5"]) {
      const error = thrown(() => sheet.getRange(bad));
      expect([bad, error.name, error.message]).toEqual([bad, "Exception", "Range not found"]);
    }
    const outside = "The coordinates of the range are outside the dimensions of the sheet.";
    expect(thrown(() => sheet.getRange("A1001")).message).toBe(outside);
    expect(thrown(() => sheet.getRange("AA1")).message).toBe(outside);
    expect(thrown(() => sheet.getRange(999, 1, 3)).message).toBe(outside);
    expect(thrown(() => sheet.getRange(0, 1)).message).toBe(
      "The starting row of the range is too small.",
    );
    expect(thrown(() => sheet.getRange(1, 0)).message).toBe(
      "The starting column of the range is too small.",
    );
    expect(thrown(() => sheet.getRange(1, 1, 0)).message).toBe(
      "The number of rows in the range must be at least 1.",
    );
    expect(thrown(() => sheet.getRange(1, 1, 1, 0)).message).toBe(
      "The number of columns in the range must be at least 1.",
    );
    expect(thrown(() => sheet.getRange("1" as unknown as number, 2)).message).toBe(
      "The parameters (String,number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
    );
  });

  test("values come back typed, padded with empty strings, and as copies", () => {
    const { sheet } = open();
    const values = sheet.getRange("A2:G3").getValues();
    expect(values[0]).toEqual([
      "Write the outbox",
      "ana@example.com",
      "Open",
      new Date(Date.UTC(2026, 0, 9, 5, 0, 0)),
      3.5,
      false,
      "",
    ]);
    values[0]![0] = "changed";
    (values[0]![3] as Date).setUTCFullYear(1999);
    expect(sheet.getRange("A2").getValue()).toBe("Write the outbox");
    expect(sheet.getRange("D2").getValue()).toEqual(new Date(Date.UTC(2026, 0, 9, 5, 0, 0)));
    expect(sheet.getRange("B3:C3").getValue()).toBe("bo@example.com");
    expect(sheet.getRange("Z999").getValue()).toBe("");
    expect(sheet.getDataRange().getA1Notation()).toBe("A1:F3");
  });

  test("display values follow Sheets' default formats in the spreadsheet's time zone", () => {
    const { sheet } = open();
    expect(sheet.getRange("A2:F3").getDisplayValues()).toEqual([
      ["Write the outbox", "ana@example.com", "Open", "1/9/2026", "3.5", "FALSE"],
      ["Pace sends", "bo@example.com", "Done", "1/6/2026 9:30:15", "2", "TRUE"],
    ]);
    expect(sheet.getRange("D3").getDisplayValue()).toBe("1/6/2026 9:30:15");

    const tokyo = open({
      timeZone: "Asia/Tokyo",
      sheets: { S: [[new Date(Date.UTC(2026, 0, 5, 20, 5, 9))]] },
    });
    const cell = tokyo.service.getActive().getSheetByName("S")!.getRange("A1");
    expect(cell.getDisplayValue()).toBe("1/6/2026 5:05:09");

    const numbers = open({ sheets: { N: [[1 / 3, 1234567, -0.25, (2 / 3) * 1000, 1e21, 0]] } });
    expect(
      numbers.service.getActive().getSheets()[0]!.getRange("A1:F1").getDisplayValues(),
    ).toEqual([["0.3333333333", "1234567", "-0.25", "666.6666667", "1E+21", "0"]]);
  });

  test("setValues checks dimensions with Apps Script's messages", () => {
    const { sheet } = open();
    expect(thrown(() => sheet.getRange("A5:B6").setValues([["a", "b"]])).message).toBe(
      "The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.",
    );
    expect(thrown(() => sheet.getRange("A5:B6").setValues([["a", "b"], ["c"]])).message).toBe(
      "The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.",
    );
    expect(sheet.getLastRow()).toBe(3);
  });

  test("writes store values as Sheets would read them typed in", () => {
    const { sheet, service } = open();
    sheet.getRange("A5:D5").setValues([["12", "true", "'007", "1/5/2026 9:00:00"]]);
    const [[count, flag, text, when]] = sheet.getRange("A5:D5").getValues() as unknown[][] as [
      unknown[],
    ];
    expect([count, flag, text]).toEqual([12, true, "007"]);
    expect(when).toEqual(new Date(Date.UTC(2026, 0, 5, 14, 0, 0)));
    sheet.getRange("E5:F6").setValue("x");
    expect(sheet.getRange("E5:F6").getValues()).toEqual([
      ["x", "x"],
      ["x", "x"],
    ]);
    expect(sheet.getLastRow()).toBe(6);

    const archive = service.getActive().getSheetByName("Archive")!;
    for (let i = 0; i < 1001; i++) archive.appendRow([`row ${i + 1}`, i]);
    expect(archive.getLastRow()).toBe(1001);
    expect(archive.getMaxRows()).toBe(1001);
    expect(archive.getRange(1001, 1, 1, 2).getValues()).toEqual([["row 1001", 1000]]);
  });

  test("a script in its own realm writes Dates and arrays that are stored as such", () => {
    const { service, spreadsheet } = open();
    const read = runInNewContext(
      `const sheet = SpreadsheetApp.getActive().getSheetByName("Tasks");
       sheet.getRange(4, 1, 1, 2).setValues([["Ship", new Date(Date.UTC(2026, 0, 7, 17, 0, 0))]]);
       sheet.getRange("B4").getDisplayValue();`,
      { SpreadsheetApp: service },
    );
    expect(read).toBe("1/7/2026 12:00:00");
    expect(spreadsheet.values("Tasks")[3]!.slice(0, 2)).toEqual([
      "Ship",
      new Date(Date.UTC(2026, 0, 7, 17, 0, 0)),
    ]);
  });

  test("one getValues of 100,000 rows is one counted call", () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => [
      `task ${i + 1}`,
      i % 2 === 0 ? "Open" : "Done",
      i,
    ]);
    const { service, calls } = open({ sheets: { Big: rows } });
    calls.length = 0;
    const sheet = service.getActive().getSheetByName("Big")!;
    const values = sheet.getRange(1, 1, sheet.getLastRow(), 3).getValues();
    expect(values).toHaveLength(100_000);
    expect(values[99_999]).toEqual(["task 100000", "Done", 99_999]);
    expect(calls).toEqual([
      "SpreadsheetApp.getActive",
      "Spreadsheet.getSheetByName",
      "Sheet.getLastRow",
      "Sheet.getRange",
      "Range.getValues",
    ]);
  });

  test("a person typing into one cell fires onEdit with value and oldValue, then onChange", () => {
    const { spreadsheet, fired, calls } = open();
    const results = spreadsheet.edit({
      sheet: "Tasks",
      range: "C2",
      values: "Done",
      user: "ana@example.com",
    });
    expect(results.map((r) => r.functionName)).toEqual([
      "handleEdit (SPREADSHEETS)",
      "handleChange (SPREADSHEETS)",
    ]);
    expect(fired.map((f) => [f.source, f.eventType])).toEqual([
      [{ kind: "SPREADSHEETS", id: "1TasksSheetId" }, "ON_EDIT"],
      [{ kind: "SPREADSHEETS", id: "1TasksSheetId" }, "ON_CHANGE"],
    ]);
    const edit = fired[0]!.event;
    expect(edit.authMode).toBe("FULL");
    expect(edit.value).toBe("Done");
    expect(edit.oldValue).toBe("Open");
    expect(edit.triggerUid).toBe("trigger-1");
    expect(JSON.parse(JSON.stringify(edit.user))).toEqual({
      email: "ana@example.com",
      nickname: "ana",
    });
    expect((edit.user as { getEmail(): string }).getEmail()).toBe("ana@example.com");
    const range = edit.range as Range;
    expect(range.getA1Notation()).toBe("C2");
    expect(range.getSheet().getName()).toBe("Tasks");
    expect(range.getValue()).toBe("Done");
    expect(JSON.parse(JSON.stringify(range))).toEqual({
      columnEnd: 3,
      columnStart: 3,
      rowEnd: 2,
      rowStart: 2,
    });
    expect((edit.source as Spreadsheet).getId()).toBe("1TasksSheetId");
    const change = fired[1]!.event;
    expect(change.changeType).toBe("EDIT");
    expect(change.triggerUid).toBe("trigger-2");
    expect(Object.keys(change).sort()).toEqual([
      "authMode",
      "changeType",
      "source",
      "triggerUid",
      "user",
    ]);
    // The host's edit is not a script call: only what the test then asked of the event counted.
    expect(calls).not.toContain("Range.setValue");
  });

  test("an edit event leaves out oldValue for an empty cell and value for a cleared one", () => {
    const { spreadsheet, fired } = open();
    spreadsheet.edit({ sheet: "Tasks", range: "G2", values: 5 });
    expect(fired[0]!.event.value).toBe("5");
    expect("oldValue" in fired[0]!.event).toBe(false);
    expect((fired[0]!.event.user as { email: string }).email).toBe("owner@example.com");
    spreadsheet.edit({ sheet: "Tasks", range: "G2", values: "" });
    expect("value" in fired[2]!.event).toBe(false);
    expect(fired[2]!.event.oldValue).toBe("5");
  });

  test("a pasted 5x2 block is one onEdit event covering it, without value", () => {
    const { spreadsheet, fired } = open();
    const block = [
      ["Open", 1],
      ["Done", 2],
      ["Open", 3],
      ["Blocked", 4],
      ["Done", 5],
    ];
    spreadsheet.edit({ sheet: "Tasks", range: "B2:C6", values: block });
    const edits = fired.filter((f) => f.eventType === "ON_EDIT");
    expect(edits).toHaveLength(1);
    const event = edits[0]!.event;
    expect("value" in event || "oldValue" in event).toBe(false);
    const range = event.range as Range;
    expect(range.getA1Notation()).toBe("B2:C6");
    expect(range.getValues()).toEqual(block);
    expect(spreadsheet.values("Tasks")).toHaveLength(6);
    expect(() =>
      spreadsheet.edit({ sheet: "Tasks", range: "B2:C6", values: [["a", "b"]] }),
    ).toThrow("edit of Tasks!B2:C6 needs 5 row(s) of 2 value(s)");
    expect(() => spreadsheet.edit({ sheet: "Todo", range: "A1", values: 1 })).toThrow(
      'Spreadsheet "Team tasks" has no sheet named "Todo": its sheets are "Tasks", "Archive".',
    );
  });

  test("script writes fire no trigger", () => {
    const { sheet, spreadsheet, fired, state } = open();
    sheet.getRange("C2").setValue("Done");
    sheet.getRange("A4:B4").setValues([["New", "cy@example.com"]]);
    sheet.appendRow(["Appended"]);
    state.inExecution = true;
    expect(spreadsheet.edit({ sheet: "Tasks", range: "C3", values: "Open" })).toEqual([]);
    expect(spreadsheet.insertRows("Tasks", 2, 1)).toEqual([]);
    expect(fired).toEqual([]);
    expect(spreadsheet.values("Tasks").map((row) => row[2])).toEqual([
      "Status",
      "",
      "Done",
      "Open",
      "",
      "",
    ]);
  });

  test("inserting and removing rows fires onChange only, with the change type", () => {
    const { spreadsheet, fired, sheet } = open();
    spreadsheet.insertRows("Tasks", 2, [["Inserted", "dee@example.com", "Open"]]);
    spreadsheet.appendRows("Tasks", [["Last", "eve@example.com", "Open"]]);
    spreadsheet.removeRows("Tasks", 3, 1);
    expect(fired.map((f) => [f.eventType, f.event.changeType])).toEqual([
      ["ON_CHANGE", "INSERT_ROW"],
      ["ON_CHANGE", "INSERT_ROW"],
      ["ON_CHANGE", "REMOVE_ROW"],
    ]);
    expect(spreadsheet.values("Tasks").map((row) => row[0])).toEqual([
      "Task",
      "Inserted",
      "Pace sends",
      "Last",
    ]);
    expect(sheet.getMaxRows()).toBe(1001);
    expect(() => spreadsheet.removeRows("Tasks", 1001, 2)).toThrow("go past the end");
  });
});
