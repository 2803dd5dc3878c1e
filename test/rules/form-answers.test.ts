import {
  driveFileUrl,
  readableAnswer,
  readableSheetAnswers,
  type RawAnswer,
} from "../../src/rules/form-answers";

const ID1 = "1AbCdEfGhIjKlMnOp";
const ID2 = "1ZyXwVuTsRqPoNmLk";

describe("form-answers", () => {
  describe("readableAnswer (form-bound)", () => {
    test.each<[string, RawAnswer, string]>([
      ["text", { type: "TEXT", response: "hello" }, "hello"],
      ["one tick", { type: "CHECKBOX", response: ["Chat"] }, "Chat"],
      ["ticks as a list", { type: "CHECKBOX", response: ["Chat", "Drive"] }, "• Chat\n• Drive"],
      [
        "a grid as row: answer, blank rows left out",
        { type: "GRID", rows: ["Speed", "Price", "Support"], response: ["Good", null, "Poor"] },
        "Speed: Good\nSupport: Poor",
      ],
      [
        "a checkbox grid",
        { type: "CHECKBOX_GRID", rows: ["Mon", "Tue"], response: [["AM", "PM"], null] },
        "Mon: AM, PM",
      ],
      ["a scale against its top", { type: "SCALE", response: "4", upperBound: 5 }, "4 / 5"],
      ["a date", { type: "DATE", response: "2026-01-05" }, "January 5, 2026"],
      [
        "a date and time",
        { type: "DATETIME", response: "2026-12-31 23:59" },
        "December 31, 2026 23:59",
      ],
      ["a time as given", { type: "TIME", response: "13:45" }, "13:45"],
      ["uploads without names", { type: "FILE_UPLOAD", response: [ID1, ID2] }, "File 1, File 2"],
    ])("%s", (_what, answer, text) => {
      expect(readableAnswer(answer).text).toBe(text);
    });

    test("uploads keep their ids, with names where Drive can be read", () => {
      const names: Record<string, string> = { [ID1]: "receipt.pdf" };
      expect(
        readableAnswer(
          { type: "FILE_UPLOAD", response: [ID1, ID2, "not/an id"] },
          undefined,
          (id) => names[id],
        ),
      ).toEqual({
        text: "receipt.pdf, File 2",
        files: [{ id: ID1, name: "receipt.pdf" }, { id: ID2 }],
      });
      expect(driveFileUrl(ID1)).toBe(`https://drive.google.com/open?id=${ID1}`);
    });
  });

  describe("readableSheetAnswers (responses sheet)", () => {
    test("joins a grid's columns, reads Drive links as uploads, keeps the rest", () => {
      const answers = readableSheetAnswers([
        ["Name", "Mei"],
        ["Rate us [Speed]", "Good"],
        ["Rate us [Price]", ""],
        ["Rate us [Support]", "Poor"],
        [
          "Receipts",
          `https://drive.google.com/open?id=${ID1}, https://drive.google.com/open?id=${ID2}`,
        ],
        ["Systems", "Chat, Drive"],
        ["Link", "https://drive.google.com/open?id=../../evil"],
      ]);
      expect(answers).toEqual([
        { title: "Name", answer: { text: "Mei" } },
        { title: "Rate us", answer: { text: "Speed: Good\nSupport: Poor" } },
        {
          title: "Receipts",
          answer: { text: "File 1, File 2", files: [{ id: ID1 }, { id: ID2 }] },
        },
        { title: "Systems", answer: { text: "Chat, Drive" } },
        { title: "Link", answer: { text: "https://drive.google.com/open?id=../../evil" } },
      ]);
    });
  });
});
