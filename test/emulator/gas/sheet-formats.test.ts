import { fakeHost } from "../../doubles/fake-host";
import { createSpreadsheetApp } from "../../../emulator/gas/documents/spreadsheet";

function open() {
  const fake = fakeHost(Date.UTC(2026, 0, 5, 14, 0, 0));
  const app = createSpreadsheetApp(
    {
      sheets: {
        Tasks: [
          ["ID", "Status"],
          ["T-1", "Open"],
        ],
      },
    },
    fake.host,
  );
  return { ...fake, ...app, book: app.service.getActiveSpreadsheet() };
}

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

describe("emulated sheet formats: sheets, notes, backgrounds, data validation, protection", () => {
  test("insertSheet adds an empty sheet, makes it active, and refuses a name in use", () => {
    const { book, service } = open();
    const rules = book.insertSheet("Chat rules");
    expect(book.getSheets().map((s) => s.getName())).toEqual(["Tasks", "Chat rules"]);
    expect(service.getActiveSheet().getName()).toBe("Chat rules");
    expect(rules.getLastRow()).toBe(0);
    expect(thrown(() => book.insertSheet("chat RULES")).message).toBe(
      'A sheet with the name "chat RULES" already exists. Please enter another name.',
    );
  });

  test("notes and backgrounds are kept per cell, read back by range, and cleared by ''", () => {
    const { book, spreadsheet } = open();
    const range = book.getSheetByName("Tasks")!.getRange("A1:B2");
    range
      .setNotes([
        ["a", ""],
        ["", "b"],
      ])
      .setBackgrounds([
        ["#FFF2CC", null],
        ["", "red"],
      ]);
    expect(range.getNotes()).toEqual([
      ["a", ""],
      ["", "b"],
    ]);
    expect(range.getBackgrounds()).toEqual([
      ["#fff2cc", "#ffffff"],
      ["#ffffff", "#ff0000"],
    ]);
    expect(spreadsheet.formats("Tasks").notes).toEqual({ A1: "a", B2: "b" });
    range.setNote("");
    expect(spreadsheet.formats("Tasks").notes).toEqual({});
    expect(thrown(() => range.setNotes([["x"]])).message).toMatch(/does not match the range/);
  });

  test("a dropdown and a checkbox are built, applied and read back", () => {
    const { book, service, spreadsheet } = open();
    const list = service
      .newDataValidation()
      .requireValueInList(["edit", "form"], true)
      .setAllowInvalid(false)
      .setHelpText("Pick a kind")
      .build();
    const sheet = book.getSheetByName("Tasks")!;
    sheet.getRange("B2:B3").setDataValidation(list);
    sheet
      .getRange("C2")
      .setDataValidations([[service.newDataValidation().requireCheckbox().build()]]);
    const read = sheet.getRange("B2").getDataValidation()!;
    expect(read.getCriteriaType()).toBe(service.DataValidationCriteria.VALUE_IN_LIST);
    expect(read.getCriteriaValues()).toEqual([["edit", "form"], true]);
    expect(read.getAllowInvalid()).toBe(false);
    expect(Object.keys(spreadsheet.formats("Tasks").validations)).toEqual(["B2", "B3", "C2"]);
    sheet.getRange("B3").setDataValidation(null);
    expect(sheet.getRange("B3").getDataValidation()).toBeNull();
    expect(
      thrown(() => service.newDataValidation().requireValueInList([]).build()).message,
    ).toMatch(/is invalid/);
  });

  test("a sheet protection is warning-only when asked, and listed", () => {
    const { book, spreadsheet, service } = open();
    const sheet = book.getSheetByName("Tasks")!;
    sheet.protect().setWarningOnly(true).setDescription("Chat rules");
    expect(sheet.getProtections(service.ProtectionType.SHEET)[0]!.isWarningOnly()).toBe(true);
    expect(spreadsheet.formats("Tasks").protections).toEqual([
      { warningOnly: true, description: "Chat rules" },
    ]);
  });

  test("the host's selection is the active range; deleteRows moves rows up", () => {
    const { book, service, spreadsheet } = open();
    spreadsheet.select("Tasks", "B2");
    expect(service.getActiveRange()!.getA1Notation()).toBe("B2");
    expect(book.getActiveSheet().getName()).toBe("Tasks");
    const sheet = book.getSheetByName("Tasks")!;
    sheet.deleteRows(1, 1);
    expect(sheet.getRange("A1").getValue()).toBe("T-1");
    expect(sheet.setFrozenRows(1).getFrozenRows()).toBe(1);
  });
  test("text a script writes starting with = is recorded as a formula; an apostrophe keeps it text", () => {
    const { book, spreadsheet } = open();
    const tasks = book.getSheetByName("Tasks")!;
    tasks.getRange("A2:B2").setValues([["=1+1", "'=1+1"]]);
    tasks.getRange("C2").setValue("=NOW()");
    expect(spreadsheet.formats("Tasks").formulas).toEqual({ A2: "=1+1", C2: "=NOW()" });
    expect(tasks.getRange("B2").getValue()).toBe("=1+1");
    tasks.getRange("A2").setValue("plain");
    expect(spreadsheet.formats("Tasks").formulas).toEqual({ C2: "=NOW()" });
  });
});
