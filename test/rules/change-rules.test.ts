import type { ChangeRule } from "../../src/rules/config-types";
import { changeNotifications } from "../../src/rules/change-rules";
import type { ChangeEvent } from "../../src/rules/events";

const removedRows: ChangeEvent = {
  changeType: "REMOVE_ROW",
  spreadsheet: "Team tasks 2026 📋",
  url: "https://docs.google.com/spreadsheets/d/1AbCdEf/edit",
  user: "ana@example.com",
};

const rules: ChangeRule[] = [
  {
    name: "rows-removed",
    changeTypes: ["REMOVE_ROW"],
    message: "🗑️ Rows were removed from {{spreadsheet}} ({{user}}): {{url}}",
  },
  {
    name: "structure",
    changeTypes: ["INSERT_ROW", "REMOVE_ROW", "INSERT_COLUMN", "REMOVE_COLUMN"],
    message: "{{changeType}} in {{spreadsheet}}",
    threadKey: "structure-{{spreadsheet}}",
    webhook: "AUDIT",
  },
  { name: "sheets-added", changeTypes: ["INSERT_GRID"], message: "New sheet in {{spreadsheet}}" },
];

describe("change-rules", () => {
  test("only the rules that list the change type fire, in config order", () => {
    expect(changeNotifications(rules, removedRows)).toEqual([
      {
        rule: "rows-removed",
        notification: {
          webhook: undefined,
          message: {
            text:
              "🗑️ Rows were removed from Team tasks 2026 📋 (ana@example.com): " +
              "https://docs.google.com/spreadsheets/d/1AbCdEf/edit",
          },
          threadKey: undefined,
          replyOption: undefined,
        },
      },
      {
        rule: "structure",
        notification: {
          webhook: "AUDIT",
          message: { text: "REMOVE_ROW in Team tasks 2026 📋" },
          threadKey: "structure-Team tasks 2026 📋",
          replyOption: undefined,
        },
      },
    ]);
  });

  test("another change type fires another set of rules", () => {
    const inserted = changeNotifications(rules, { ...removedRows, changeType: "INSERT_GRID" });
    expect(inserted.map((a) => a.notification.message.text)).toEqual([
      "New sheet in Team tasks 2026 📋",
    ]);
  });

  test("a change type no rule lists gives nothing", () => {
    expect(changeNotifications(rules, { ...removedRows, changeType: "FORMAT" })).toEqual([]);
    expect(changeNotifications(rules, { ...removedRows, changeType: "EDIT" })).toEqual([]);
  });

  test("a message function gets the change and can decline", () => {
    const onlyAna: ChangeRule = {
      name: "ana-removals",
      changeTypes: ["REMOVE_ROW"],
      message: (c) =>
        c.user === "ana@example.com" ? `${c.user} removed rows (${c.changeType})` : null,
    };
    expect(changeNotifications([onlyAna], removedRows)[0]?.notification.message.text).toBe(
      "ana@example.com removed rows (REMOVE_ROW)",
    );
    expect(changeNotifications([onlyAna], { ...removedRows, user: "bob@example.com" })).toEqual([]);
  });
});
