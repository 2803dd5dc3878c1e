// Complete form answers from dist/Code.js: uploads as links, grids as "row: answer" lines, ticks
// as a list, a scale and a date written out, for a form-bound script and for a responses sheet.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FormFixture } from "../../emulator/gas/documents/form";
import { buildWithConfig } from "../../scripts/build-variant";
import { cardsOf, valueOf, world } from "./world";
import type { DecoratedTextWidget } from "../../src/chat/message";

const RECEIPT = "1ReceiptFileId0001";
const PHOTO = "1PhotoFileId000002";

const EXPENSE_FORM: FormFixture = {
  id: "1ExpenseFormId",
  title: "Expenses",
  items: [
    { title: "Name", type: "TEXT" },
    { title: "Receipts", type: "FILE_UPLOAD" },
    { title: "Rate us", type: "GRID", rows: ["Speed", "Price"], columns: ["Good", "Poor"] },
    { title: "Slots", type: "CHECKBOX_GRID", rows: ["Mon", "Tue"], columns: ["AM", "PM"] },
    { title: "Paid with", type: "CHECKBOX", choices: ["Card", "Cash", "Transfer"] },
    { title: "Satisfaction", type: "SCALE", upperBound: 10 },
    { title: "Spent on", type: "DATE" },
  ],
};

const ANSWERS = {
  Name: "Mei",
  Receipts: [RECEIPT, PHOTO],
  "Rate us": { Speed: "Good", Price: "Poor" },
  Slots: { Mon: ["AM", "PM"] },
  "Paid with": ["Card", "Cash"],
  Satisfaction: "8",
  "Spent on": "2026-01-05",
};

function fields(message: { cardsV2?: readonly unknown[] }) {
  return cardsOf(message)[0]!.card.sections[0]!.widgets.map((w) => {
    const { topLabel, text } = (w as DecoratedTextWidget).decoratedText;
    return [topLabel, text];
  });
}

describe("form answers end to end", () => {
  it("a form-bound script posts every answer readably, uploads by name as Drive links", () => {
    const dist = buildWithConfig("test/fixtures/configs/form-answers.ts");
    const manifest = JSON.parse(readFileSync(path.join(dist, "appsscript.json"), "utf8"));
    expect(manifest.oauthScopes).toContain("https://www.googleapis.com/auth/drive.readonly");
    const w = world({
      distDir: dist,
      form: EXPENSE_FORM,
      driveFiles: [{ id: RECEIPT, name: "taxi receipt.pdf" }], // the photo was deleted
    });
    w.connectWebhook("AAAAcards");
    w.connectWebhook("AAAAtext", "TEXT");
    valueOf(w.project.run("setup"));
    const { results } = w.project.form!.submit(ANSWERS);
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(results[0]!.calls["DriveApp.getFileById"]).toBe(2);

    const [card] = w.chat.messages("AAAAcards");
    const open = (id: string) => `https://drive.google.com/open?id=${id}`;
    expect(fields(card!)).toEqual([
      ["Name", "Mei"],
      [
        "Receipts",
        `<a href="${open(RECEIPT)}">taxi receipt.\u200Bpdf</a><br><a href="${open(PHOTO)}">File 2</a>`,
      ],
      ["Rate us", "Speed: Good<br>Price: Poor"],
      ["Slots", "Mon: AM, PM"],
      ["Paid with", "• Card<br>• Cash"],
      ["Satisfaction", "8 / 10"],
      ["Spent on", "January 5, 2026"],
    ]);
    const button = cardsOf(card!)[0]!.card.sections[1]!.widgets[0]!;
    expect(JSON.stringify(button)).toMatch(
      /Open the response.*\/forms\/d\/1ExpenseFormId\/edit#response=/,
    );

    const [text] = w.chat.messages("AAAAtext");
    expect(text!.text).toContain(
      `Mei sent <${open(RECEIPT)}|taxi receipt.\u200Bpdf>, <${open(PHOTO)}|File 2> · ` +
        "https://docs.google.com/forms/d/1ExpenseFormId/edit#response=",
    );
    expect(text!.text).toMatch(/\nSpeed: Good\nPrice: Poor$/);
  });

  it("a responses sheet's row: grid columns joined, upload links kept clickable", () => {
    const headers = ["Timestamp", "Name", "Receipts", "Rate us [Speed]", "Rate us [Price]"];
    const w = world({
      distDir: buildWithConfig("test/fixtures/configs/form-answers-sheet.ts"),
      spreadsheet: {
        id: "1ExpenseSheetId",
        name: "Expenses",
        timeZone: "Europe/Paris",
        // Linking the form made the sheet and its header row (a grid: one column per row).
        sheets: {
          "Form Responses 1": [
            [...headers, "Slots [Mon]", "Slots [Tue]", "Paid with", "Satisfaction", "Spent on"],
          ],
        },
      },
      form: { ...EXPENSE_FORM, linkedSheet: "Form Responses 1" },
    });
    w.connectWebhook("AAAAteam");
    valueOf(w.project.run("setup"));
    w.project.form!.submit(ANSWERS);
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const [access] = w.chat.messages("AAAAteam");
    expect(cardsOf(access!)[0]!.card.header).toEqual({
      title: "Expense from Mei",
      subtitle: "Speed: Good\nPrice: Poor",
    });
    const byLabel = Object.fromEntries(fields(access!));
    expect(byLabel.Receipts).toBe(
      `<a href="https://drive.google.com/open?id=${RECEIPT}">File 1</a><br>` +
        `<a href="https://drive.google.com/open?id=${PHOTO}">File 2</a>`,
    );
    expect(byLabel["Rate us"]).toBe("Speed: Good<br>Price: Poor");
    expect(byLabel.Slots).toBe("Mon: AM, PM");
    expect(byLabel["Paid with"]).toBe("Card, Cash");
    expect(JSON.stringify(access)).toContain("Open the row");
  });
});
