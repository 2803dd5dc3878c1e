import type {
  ButtonListWidget,
  CardSection,
  ChatMessage,
  DecoratedTextWidget,
  TextParagraphWidget,
  Widget,
} from "../../src/chat/message";
import type { Config, DigestDefinition } from "../../src/rules/config-types";
import {
  DEFAULT_DIGEST_LIMIT,
  DIGEST_TEMPLATE_NAMES,
  MAX_DIGEST_LIMIT,
  renderDigest,
  digestColumns,
  selectDigestRows,
  type DigestRow,
} from "../../src/rules/digest";
import { validateConfig, type LiveDocument } from "../../src/rules/validate";
import { TASK_HEADERS } from "../fixtures/tasks-sheet";

const ZWSP = "\u200B";
const SHEET_URL = "https://docs.google.com/spreadsheets/d/1AbCdEf/edit#gid=0&range=A1";
const CONTEXT = { date: "2026-01-09", sheetUrl: SHEET_URL };

/** Sheet rows 2-8; row 6 is blank. Statuses and owners are typed the way people type them. */
const TASKS: string[][] = [
  TASK_HEADERS,
  ["T-1", "Renew the SSL certificate", "ana@example.com", "Open", "1/9/2026 17:00:00"],
  ["T-2", "打印机卡纸 🖨️", "wei.zhang@example.com", "In progress", "1/12/2026 9:00:00"],
  ["T-3", "Ship the Q1 report 📊", "Bob@example.com", "  open ", "1/15/2026 12:00:00"],
  ["T-4", "Order coffee ☕", "chloé@example.com", "Blocked", "1/6/2026 8:30:00"],
  ["", "", "", "", ""],
  ["T-5", "Rotate on-call 🔁", "ana@example.com", "OPEN", "12/30/2025 10:00:00"],
  ["T-6", "Archive old tickets", " ", "Done", "1/2/2026 10:00:00"],
];

const RESPONSE_HEADERS = ["Timestamp", "Email Address", "Name", "Team"];
const RESPONSES: string[][] = [
  RESPONSE_HEADERS,
  ["1/5/2026 9:12:44", "ana@example.com", "Ana Souza", "Platform"],
  ["1/5/2026 10:03:10", "wei.zhang@example.com", "张伟", "Data"],
  ["1/6/2026 14:55:01", "bob@example.com", "Bob Stone", "Platform"],
  ["1/7/2026 8:20:37", "chloe@example.com", "Chloé Martin", "Web"],
];

const openTasks: DigestDefinition = {
  name: "open-tasks",
  title: "{{count}} open tasks · {{date}}",
  schedule: { every: "day", atHour: 9 },
  sheet: "Tasks",
  columns: ["Task", "Owner", "Due"],
};

const newResponses: DigestDefinition = {
  name: "new-access-requests",
  title: "New access requests ({{count}})",
  schedule: { every: "hours", hours: 1 },
  sheet: "Form Responses 1",
  columns: ["Name", "Email Address", "Team"],
  since: { newRows: true, keyColumn: "Timestamp" },
};

/** The IDs (column A) of the selected rows, found by their row numbers. */
function ids(definition: DigestDefinition, table: string[][] = TASKS): string[] {
  return selectDigestRows(definition, table, null).rows.map((row) => table[row.row - 1]![0]!);
}

function names(rows: readonly DigestRow[]): string[] {
  return rows.map((row) => row.values["Name"]!);
}

function sectionsOf(message: ChatMessage | null): readonly CardSection[] {
  return message!.cardsV2![0]!.card.sections;
}

function decorated(widgets: readonly Widget[]): DecoratedTextWidget["decoratedText"][] {
  return widgets
    .filter((w): w is DecoratedTextWidget => "decoratedText" in w)
    .map((w) => w.decoratedText);
}

/** `count` Tasks rows, T-1 first, owned by one of `teams` people in turn. */
function manyTasks(count: number, owners: number): DigestRow[] {
  return Array.from({ length: count }, (_, i) => ({
    row: i + 2,
    values: {
      ID: `T-${i + 1}`,
      Task: `Task number ${i + 1}`,
      Owner: `owner${i % owners}@example.com`,
      Status: "Open",
      Due: "1/9/2026",
    },
  }));
}

describe("digest", () => {
  describe("selectDigestRows", () => {
    it("keeps every non-blank row, with its sheet row number and the used columns by header", () => {
      const selection = selectDigestRows(openTasks, TASKS, null);
      expect(selection.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 7, 8]);
      expect(selection.rows[0]).toEqual({
        row: 2,
        values: {
          Task: "Renew the SSL certificate",
          Owner: "ana@example.com",
          Due: "1/9/2026 17:00:00",
        },
      });
      const filtered = { ...openTasks, filters: [{ column: "Status", is: "Open" }] };
      expect(selectDigestRows(filtered, TASKS, null).rows[0]?.values).toEqual({
        Task: "Renew the SSL certificate",
        Owner: "ana@example.com",
        Due: "1/9/2026 17:00:00",
        Status: "Open",
      });
    });

    it("reads the columns its mention names, though it does not show them", () => {
      const mentioning = {
        ...openTasks,
        columns: ["Task"],
        mention: "{{Owner}}, lead@example.com",
      };
      expect(digestColumns(mentioning)).toEqual(["Task", "Owner"]);
      expect(selectDigestRows(mentioning, TASKS, null).rows[0]?.values).toEqual({
        Task: "Renew the SSL certificate",
        Owner: "ana@example.com",
      });
    });

    it("`is` compares ignoring case and surrounding spaces, and accepts a list", () => {
      const open = { ...openTasks, filters: [{ column: "Status", is: "open" }] };
      expect(ids(open)).toEqual(["T-1", "T-3", "T-5"]);
      const either = { ...openTasks, filters: [{ column: "Status", is: ["Blocked", "DONE "] }] };
      expect(ids(either)).toEqual(["T-4", "T-6"]);
    });

    it("`isNot` drops every listed value", () => {
      const notClosed = {
        ...openTasks,
        filters: [{ column: "Status", isNot: ["done", "Blocked"] }],
      };
      expect(ids(notClosed)).toEqual(["T-1", "T-2", "T-3", "T-5"]);
      const notOne = { ...openTasks, filters: [{ column: "Status", isNot: "in progress" }] };
      expect(ids(notOne)).toEqual(["T-1", "T-3", "T-4", "T-5", "T-6"]);
    });

    it("`matches` tests a regular expression against the value as displayed", () => {
      const ship = { ...openTasks, filters: [{ column: "Task", matches: "^Ship|coffee" }] };
      expect(ids(ship)).toEqual(["T-3", "T-4"]);
      const emails = { ...openTasks, filters: [{ column: "Owner", matches: "@example\\.com$" }] };
      expect(ids(emails)).toEqual(["T-1", "T-2", "T-3", "T-4", "T-5"]);
    });

    it("`isEmpty` treats a cell of spaces as empty", () => {
      const unowned = { ...openTasks, filters: [{ column: "Owner", isEmpty: true }] };
      expect(ids(unowned)).toEqual(["T-6"]);
      const owned = { ...openTasks, filters: [{ column: "Owner", isEmpty: false }] };
      expect(ids(owned)).toEqual(["T-1", "T-2", "T-3", "T-4", "T-5"]);
    });

    it("a row must pass every filter", () => {
      const anasOpen = {
        ...openTasks,
        filters: [
          { column: "Status", is: "Open" },
          { column: "Owner", is: "ANA@example.com" },
        ],
      };
      expect(ids(anasOpen)).toEqual(["T-1", "T-5"]);
      const none = {
        ...openTasks,
        filters: [
          { column: "Status", is: "Open" },
          { column: "Status", isNot: "open" },
        ],
      };
      expect(ids(none)).toEqual([]);
    });

    it("sorts numbers as numbers, thousands separators included", () => {
      const table = [
        TASK_HEADERS,
        ["9", "Nine", "", "Open", ""],
        ["1,200", "Twelve hundred", "", "Open", ""],
        ["10", "Ten", "", "Open", ""],
        ["100", "Hundred", "", "Open", ""],
      ];
      expect(ids({ ...openTasks, sortBy: { column: "ID" } }, table)).toEqual([
        "9",
        "10",
        "100",
        "1,200",
      ]);
      expect(ids({ ...openTasks, sortBy: { column: "ID", descending: true } }, table)).toEqual([
        "1,200",
        "100",
        "10",
        "9",
      ]);
    });

    it("sorts displayed dates as dates, across a year and by time of day", () => {
      const byDue = { ...openTasks, sortBy: { column: "Due" } };
      expect(ids(byDue)).toEqual(["T-5", "T-6", "T-4", "T-1", "T-2", "T-3"]);
      const table = [
        TASK_HEADERS,
        ["A", "", "", "", "1/9/2026 17:00:00"],
        ["B", "", "", "", "1/9/2026 9:00:00"],
      ];
      expect(ids(byDue, table)).toEqual(["B", "A"]);
      expect(ids({ ...byDue, sortBy: { column: "Due", descending: true } })).toEqual([
        "T-3",
        "T-2",
        "T-1",
        "T-4",
        "T-6",
        "T-5",
      ]);
    });

    it("sorts text ignoring case, descending too, and keeps the sheet order of equal values", () => {
      const byOwner = { ...openTasks, sortBy: { column: "Owner", descending: true } };
      // wei, chloé, Bob, ana (T-1 before T-5, as in the sheet), then the empty owner.
      expect(ids(byOwner)).toEqual(["T-2", "T-4", "T-3", "T-1", "T-5", "T-6"]);
      expect(ids({ ...byOwner, sortBy: { column: "Owner" } })).toEqual([
        "T-6",
        "T-1",
        "T-5",
        "T-3",
        "T-4",
        "T-2",
      ]);
    });

    // Bug: sortValue trusts Date.parse, which in V8 reads "<word> <number>" ("Ops 2", "Room 5",
    // "Phase 3") as a day in 2001, so such text sorts before all other text instead of among it.
    it('sorts text such as "Ops 2", which V8 parses as a date, as text', () => {
      const table = [
        TASK_HEADERS,
        ["T-1", "Fix the build", "Web", "Open", ""],
        ["T-2", "Rotate keys", "Ops 2", "Open", ""],
        ["T-3", "Backfill", "Data", "Open", ""],
      ];
      expect(ids({ ...openTasks, sortBy: { column: "Owner" } }, table)).toEqual([
        "T-3",
        "T-2",
        "T-1",
      ]);
    });

    it("honours headerRow: rows above the headers are not data", () => {
      const table = [["Team tasks, updated daily"], ...TASKS.slice(0, 3)];
      const selection = selectDigestRows({ ...openTasks, headerRow: 2 }, table, null);
      expect(selection.rows.map((r) => [r.row, r.values["Task"]])).toEqual([
        [3, "Renew the SSL certificate"],
        [4, "打印机卡纸 🖨️"],
      ]);
      expect(selection.nextCursor.lastRow).toBe(4);
    });

    describe("since new rows", () => {
      it("takes every row on the first run, and points the cursor at the last row and its key", () => {
        const selection = selectDigestRows(newResponses, RESPONSES, null);
        expect(names(selection.rows)).toEqual(["Ana Souza", "张伟", "Bob Stone", "Chloé Martin"]);
        expect(selection.fromRow).toBe(2);
        expect(selection.nextCursor).toEqual({ lastRow: 5, lastKey: "1/7/2026 8:20:37" });
      });

      it("takes only the rows after the cursor", () => {
        const cursor = { lastRow: 3, lastKey: "1/5/2026 10:03:10" };
        const selection = selectDigestRows(newResponses, RESPONSES, cursor);
        expect(names(selection.rows)).toEqual(["Bob Stone", "Chloé Martin"]);
        expect(selection.fromRow).toBe(4);
        expect(selection.nextCursor).toEqual({ lastRow: 5, lastKey: "1/7/2026 8:20:37" });
      });

      it("takes nothing when no row was added, and leaves the cursor where it was", () => {
        const cursor = { lastRow: 5, lastKey: "1/7/2026 8:20:37" };
        const selection = selectDigestRows(newResponses, RESPONSES, cursor);
        expect(selection.rows).toEqual([]);
        expect(selection.fromRow).toBe(6);
        expect(selection.nextCursor).toEqual(cursor);
      });

      it("without a key column, uses row numbers and stores no key", () => {
        const byRow = { ...newResponses, since: { newRows: true as const } };
        const selection = selectDigestRows(byRow, RESPONSES, { lastRow: 4, lastKey: null });
        expect(names(selection.rows)).toEqual(["Chloé Martin"]);
        expect(selection.nextCursor).toEqual({ lastRow: 5, lastKey: null });
      });

      it("with a key column, skips nothing when rows above the last-seen one were deleted", () => {
        // Seen up to Bob (row 4); then Ana's row is deleted and Dan answers.
        const cursor = { lastRow: 4, lastKey: "1/6/2026 14:55:01" };
        const table = [
          RESPONSE_HEADERS,
          ...RESPONSES.slice(2),
          ["1/8/2026 11:47:02", "dan@example.com", "Dan Okafor", "Data"],
        ];
        const selection = selectDigestRows(newResponses, table, cursor);
        expect(names(selection.rows)).toEqual(["Chloé Martin", "Dan Okafor"]);
        expect(selection.fromRow).toBe(4);
        expect(selection.nextCursor).toEqual({ lastRow: 5, lastKey: "1/8/2026 11:47:02" });
      });

      it("with a key column, repeats nothing when rows above were deleted and none added", () => {
        const cursor = { lastRow: 5, lastKey: "1/7/2026 8:20:37" };
        const table = [RESPONSE_HEADERS, RESPONSES[1]!, RESPONSES[3]!, RESPONSES[4]!];
        const selection = selectDigestRows(newResponses, table, cursor);
        expect(selection.rows).toEqual([]);
        expect(selection.nextCursor).toEqual({ lastRow: 4, lastKey: "1/7/2026 8:20:37" });
      });

      it("filters and sorts only the new rows; filtered-out rows still move the cursor", () => {
        const platform = {
          ...newResponses,
          filters: [{ column: "Team", is: "platform" }],
          sortBy: { column: "Timestamp", descending: true },
        };
        const selection = selectDigestRows(platform, RESPONSES, null);
        expect(names(selection.rows)).toEqual(["Bob Stone", "Ana Souza"]);
        expect(selection.nextCursor.lastRow).toBe(5);
        const later = selectDigestRows(platform, RESPONSES, selection.nextCursor);
        expect(later.rows).toEqual([]);
      });
    });
  });

  describe("renderDigest", () => {
    const rows = selectDigestRows(
      { ...openTasks, filters: [{ column: "Status", isNot: "done" }], sortBy: { column: "Due" } },
      TASKS,
      null,
    ).rows;

    it("says nothing when no row qualifies and the digest has no whenEmpty", () => {
      expect(renderDigest(openTasks, [], CONTEXT)).toBeNull();
    });

    it("sends the whenEmpty text, with its placeholders filled", () => {
      const quiet = {
        ...openTasks,
        whenEmpty: "Nothing open for {{digest}} on {{date}} ({{count}})",
      };
      expect(renderDigest(quiet, [], CONTEXT)).toEqual({
        text: "Nothing open for open-tasks on 2026-01-09 (0)",
      });
    });

    it("fills {{count}}, {{date}} and {{digest}} in the title, also as the fallback text", () => {
      const titled = { ...openTasks, title: "{{digest}}: {{count}} on {{ date }}" };
      const message = renderDigest(titled, rows, CONTEXT)!;
      expect(message.cardsV2![0]!.card.header).toEqual({ title: "open-tasks: 5 on 2026-01-09" });
      expect(message.fallbackText).toBe("open-tasks: 5 on 2026-01-09");
      expect(message.cardsV2![0]!.cardId).toBe("digest-open-tasks");
    });

    it("shows one line per row: the lead column as text, the others under it", () => {
      const sections = sectionsOf(renderDigest(openTasks, rows, CONTEXT));
      expect(sections).toHaveLength(2);
      expect(sections[0]!.header).toBeUndefined();
      expect(decorated(sections[0]!.widgets)).toEqual([
        {
          text: "Rotate on-call 🔁",
          bottomLabel: "Owner: ana@example.com · Due: 12/30/2025 10:00:00",
          wrapText: true,
        },
        {
          text: "Order coffee ☕",
          bottomLabel: "Owner: chloé@example.com · Due: 1/6/2026 8:30:00",
          wrapText: true,
        },
        {
          text: "Renew the SSL certificate",
          bottomLabel: "Owner: ana@example.com · Due: 1/9/2026 17:00:00",
          wrapText: true,
        },
        {
          text: "打印机卡纸 🖨️",
          bottomLabel: "Owner: wei.zhang@example.com · Due: 1/12/2026 9:00:00",
          wrapText: true,
        },
        {
          text: "Ship the Q1 report 📊",
          bottomLabel: "Owner: Bob@example.com · Due: 1/15/2026 12:00:00",
          wrapText: true,
        },
      ]);
      expect(sections[1]!.widgets).toEqual([
        {
          buttonList: {
            buttons: [{ text: "Open the sheet", onClick: { openLink: { url: SHEET_URL } } }],
          },
        },
      ]);
    });

    it("leaves empty columns out of the line, and shows a dash for an empty lead", () => {
      const row: DigestRow = {
        row: 9,
        values: { ID: "T-7", Task: "", Owner: "", Status: "Open", Due: "1/20/2026" },
      };
      const [line] = decorated(sectionsOf(renderDigest(openTasks, [row], CONTEXT))[0]!.widgets);
      expect(line).toEqual({ text: "—", bottomLabel: "Due: 1/20/2026", wrapText: true });
    });

    it('groups rows in sections headed "Group (n)", in order of first appearance', () => {
      const byOwner = { ...openTasks, groupBy: "Owner" };
      // Sorted by due: ana (T-5), chloé, ana (T-1), wei, Bob.
      const sections = sectionsOf(renderDigest(byOwner, rows, CONTEXT));
      expect(sections.map((s) => s.header)).toEqual([
        "ana@example.com (2)",
        "chloé@example.com (1)",
        "wei.zhang@example.com (1)",
        "Bob@example.com (1)",
        undefined,
      ]);
      expect(decorated(sections[0]!.widgets).map((w) => w.text)).toEqual([
        "Rotate on-call 🔁",
        "Renew the SSL certificate",
      ]);
      expect(sections[4]!.widgets).toEqual([
        {
          buttonList: {
            buttons: [{ text: "Open the sheet", onClick: { openLink: { url: SHEET_URL } } }],
          },
        },
      ]);
    });

    it('puts rows with an empty group value under "(none)"', () => {
      const tasks = manyTasks(3, 2).map((row, i) =>
        i === 1 ? { ...row, values: { ...row.values, Owner: "" } } : row,
      );
      const sections = sectionsOf(renderDigest({ ...openTasks, groupBy: "Owner" }, tasks, CONTEXT));
      expect(sections.map((s) => s.header)).toEqual([
        "owner0@example.com (2)",
        "(none) (1)",
        undefined,
      ]);
    });

    it("shows at most `limit` rows across groups, counts the rest, and keeps full group totals", () => {
      const tasks = manyTasks(7, 2); // owner0: T-1, 3, 5, 7; owner1: T-2, 4, 6
      const limited = { ...openTasks, groupBy: "Owner", limit: 3 };
      const sections = sectionsOf(renderDigest(limited, tasks, CONTEXT));
      expect(sections.map((s) => s.header)).toEqual([
        "owner0@example.com (4)",
        "owner1@example.com (3)",
        undefined,
      ]);
      expect(decorated(sections[0]!.widgets).map((w) => w.text)).toEqual([
        "Task number 1",
        "Task number 3",
      ]);
      expect(decorated(sections[1]!.widgets).map((w) => w.text)).toEqual(["Task number 2"]);
      expect(sections[2]!.widgets).toEqual([
        { textParagraph: { text: "…and 4 more" } },
        {
          buttonList: {
            buttons: [{ text: "Open the sheet", onClick: { openLink: { url: SHEET_URL } } }],
          },
        },
      ]);
    });

    it("leaves out a group none of whose rows fit in the limit", () => {
      const tasks = manyTasks(3, 3);
      const sections = sectionsOf(
        renderDigest({ ...openTasks, groupBy: "Owner", limit: 2 }, tasks, CONTEXT),
      );
      expect(sections.map((s) => s.header)).toEqual([
        "owner0@example.com (1)",
        "owner1@example.com (1)",
        undefined,
      ]);
      expect((sections[2]!.widgets[0] as TextParagraphWidget).textParagraph.text).toBe(
        "…and 1 more",
      );
    });

    it(`shows ${DEFAULT_DIGEST_LIMIT} rows by default`, () => {
      const sections = sectionsOf(renderDigest(openTasks, manyTasks(30, 1), CONTEXT));
      expect(decorated(sections[0]!.widgets)).toHaveLength(DEFAULT_DIGEST_LIMIT);
      expect(sections[1]!.widgets[0]).toEqual({ textParagraph: { text: "…and 5 more" } });
    });

    it("stays within Chat's 100 widgets at the largest limit with many groups", () => {
      const tasks = manyTasks(500, 60);
      for (const limit of [MAX_DIGEST_LIMIT, 1000]) {
        const message = renderDigest({ ...openTasks, groupBy: "Owner", limit }, tasks, CONTEXT);
        const sections = sectionsOf(message);
        const widgets = sections.flatMap((s) => s.widgets);
        expect(widgets.length).toBeLessThanOrEqual(100);
        expect(decorated(widgets)).toHaveLength(MAX_DIGEST_LIMIT);
        expect(sections.filter((s) => s.header !== undefined)).toHaveLength(60);
        expect(widgets).toContainEqual({ textParagraph: { text: "…and 420 more" } });
        const button = widgets.find((w): w is ButtonListWidget => "buttonList" in w);
        expect(button?.buttonList.buttons[0]!.onClick.openLink.url).toBe(SHEET_URL);
        expect(JSON.stringify(message).length).toBeLessThan(32_000);
      }
    });

    it("neutralises cell values: no mention of everyone, no live link, no markup", () => {
      const evil: DigestRow = {
        row: 2,
        values: {
          ID: "T-9",
          Task: "<users/all> https://evil.example",
          Owner: "<b>mallory</b>@example.com",
          Status: '[click](https://evil.example) & "more"',
          Due: "1/9/2026",
        },
      };
      const card = renderDigest({ ...openTasks, groupBy: "Status" }, [evil], CONTEXT)!;
      const [section] = sectionsOf(card);
      expect(section!.header).toBe(
        `[click]${ZWSP}(https:${ZWSP}//evil.${ZWSP}example) &amp; &quot;more&quot; (1)`,
      );
      expect(decorated(section!.widgets)).toEqual([
        {
          text: `&lt;users/all&gt; https:${ZWSP}//evil.${ZWSP}example`,
          bottomLabel: "Owner: &lt;b&gt;mallory&lt;/b&gt;@example.com · Due: 1/9/2026",
          wrapText: true,
        },
      ]);
      const json = JSON.stringify(card);
      expect(json).not.toContain("<users/all>");
      expect(json).not.toContain("https://evil.example");

      const text = renderDigest({ ...openTasks, format: "text" }, [evil], CONTEXT)!.text!;
      expect(text).not.toContain("<users/all>");
      expect(text).not.toContain("https://evil.example");
      expect(text).toContain(`<${ZWSP}users/all> https:${ZWSP}//evil.${ZWSP}example`);
    });

    it("as text: a bold title, one bullet per row, group headers and the rest as a link", () => {
      const asText = { ...openTasks, format: "text" as const, groupBy: "Owner", limit: 4 };
      // Latest due first: Bob, wei, ana (T-1), chloé; ana's T-5 is the one left over.
      const message = renderDigest(asText, [...rows].reverse(), CONTEXT);
      expect(message).toEqual({
        text: [
          "*5 open tasks · 2026-01-09*",
          "",
          "*Bob@example.com* (1)",
          "• Ship the Q1 report 📊 — Owner: Bob@example.com · Due: 1/15/2026 12:00:00",
          "",
          "*wei.zhang@example.com* (1)",
          "• 打印机卡纸 🖨️ — Owner: wei.zhang@example.com · Due: 1/12/2026 9:00:00",
          "",
          "*ana@example.com* (2)",
          "• Renew the SSL certificate — Owner: ana@example.com · Due: 1/9/2026 17:00:00",
          "",
          "*chloé@example.com* (1)",
          "• Order coffee ☕ — Owner: chloé@example.com · Due: 1/6/2026 8:30:00",
          "",
          `…and 1 more: ${SHEET_URL}`,
        ].join("\n"),
      });
    });

    it("as text without groups or a rest: just the title and the bullets", () => {
      const asText = { ...openTasks, format: "text" as const, columns: ["Task"] };
      expect(renderDigest(asText, rows.slice(0, 2), CONTEXT)).toEqual({
        text: "*2 open tasks · 2026-01-09*\n• Rotate on-call 🔁\n• Order coffee ☕",
      });
    });
  });
});

class FakeDocument implements LiveDocument {
  sheets: Record<string, string[][]> = {
    Tasks: [TASK_HEADERS],
    "Form Responses 1": [RESPONSE_HEADERS],
  };
  headers(sheet: string, headerRow: number): string[] | null {
    const cells = this.sheets[sheet];
    return cells === undefined ? null : (cells[headerRow - 1] ?? []);
  }
  formQuestions(): string[] | null {
    return null;
  }
  property(name: string): string | null {
    return name === "CHAT_WEBHOOK_URL"
      ? "https://chat.googleapis.com/v1/spaces/AAAAx1y2z3/messages?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=FAKEtoken-for-tests1%3D"
      : null;
  }
}

function withDigests(...digests: DigestDefinition[]): Config {
  return {
    delivery: { requestIds: false },
    editRules: [],
    formRules: [],
    changeRules: [],
    digests,
  };
}

function problemsOf(...digests: DigestDefinition[]): string[] {
  return validateConfig(withDigests(...digests), new FakeDocument());
}

describe("validateConfig with digests", () => {
  const full: DigestDefinition = {
    ...openTasks,
    title: "{{digest}}: {{count}} open on {{date}}",
    whenEmpty: "Nothing open on {{date}}",
    threadKey: "{{digest}}-{{date}}",
    filters: [{ column: "Status", isNot: ["Done"], matches: "^(Open|Blocked)$" }],
    groupBy: "Owner",
    sortBy: { column: "Due" },
    limit: MAX_DIGEST_LIMIT,
  };
  const tasksHeaders = TASK_HEADERS.join(", ");

  it("a valid digest, or several, has no problem", () => {
    expect(
      problemsOf(full, newResponses, {
        ...openTasks,
        name: "weekly",
        limit: 1,
        schedule: { every: "week", weekDay: "MONDAY", atHour: 0 },
      }),
    ).toEqual([]);
  });

  it("an unknown sheet", () => {
    expect(problemsOf({ ...openTasks, sheet: "Taks" })).toEqual([
      'digest "open-tasks": there is no sheet named "Taks"',
    ]);
  });

  it("an unknown column, wherever it is named", () => {
    const broken: DigestDefinition = {
      ...full,
      columns: ["Task", "Assignee"],
      filters: [{ column: "State", is: "Open" }],
      groupBy: "Team",
      sortBy: { column: "Deadline" },
    };
    expect(problemsOf(broken)).toEqual([
      `digest "open-tasks": columns names "Assignee", which is not a header of sheet "Tasks" (headers: ${tasksHeaders})`,
      `digest "open-tasks": filters names "State", which is not a header of sheet "Tasks" (headers: ${tasksHeaders})`,
      `digest "open-tasks": groupBy names "Team", which is not a header of sheet "Tasks" (headers: ${tasksHeaders})`,
      `digest "open-tasks": sortBy names "Deadline", which is not a header of sheet "Tasks" (headers: ${tasksHeaders})`,
    ]);
    expect(
      problemsOf({ ...newResponses, since: { newRows: true, keyColumn: "Submitted at" } }),
    ).toEqual([
      `digest "new-access-requests": since.keyColumn names "Submitted at", which is not a header of sheet "Form Responses 1" (headers: ${RESPONSE_HEADERS.join(", ")})`,
    ]);
  });

  it("a schedule Apps Script cannot run", () => {
    expect(
      problemsOf(
        { ...openTasks, name: "every-3h", schedule: { every: "hours", hours: 3 as 4 } },
        { ...openTasks, name: "at-24", schedule: { every: "day", atHour: 24 } },
        { ...openTasks, name: "half-past", schedule: { every: "day", atHour: 9.5 } },
        {
          ...openTasks,
          name: "funday",
          schedule: { every: "week", weekDay: "FUNDAY" as "MONDAY", atHour: 9 },
        },
      ),
    ).toEqual([
      'digest "every-3h": schedule.hours must be 1, 2, 4, 6, 8 or 12',
      'digest "at-24": schedule.atHour must be a whole hour from 0 to 23',
      'digest "half-past": schedule.atHour must be a whole hour from 0 to 23',
      'digest "funday": schedule.weekDay must be one of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY',
    ]);
  });

  it(`a limit outside 1 to ${MAX_DIGEST_LIMIT}`, () => {
    const problem = `limit must be a whole number from 1 to ${MAX_DIGEST_LIMIT}`;
    expect(
      problemsOf(
        { ...openTasks, name: "zero", limit: 0 },
        { ...openTasks, name: "too-many", limit: MAX_DIGEST_LIMIT + 1 },
        { ...openTasks, name: "fraction", limit: 2.5 },
      ),
    ).toEqual([
      `digest "zero": ${problem}`,
      `digest "too-many": ${problem}`,
      `digest "fraction": ${problem}`,
    ]);
  });

  it("an unknown placeholder in the title, whenEmpty or threadKey", () => {
    const known = DIGEST_TEMPLATE_NAMES.join(", ");
    expect(
      problemsOf({
        ...openTasks,
        title: "{{Count}} open tasks",
        whenEmpty: "Nothing for {{Owner}}",
        threadKey: "digest-{{week}}",
      }),
    ).toEqual([
      `digest "open-tasks": title uses {{Count}}, which is not one of: ${known}`,
      `digest "open-tasks": whenEmpty uses {{Owner}}, which is not one of: ${known}`,
      `digest "open-tasks": threadKey uses {{week}}, which is not one of: ${known}`,
    ]);
  });

  it("an invalid filter regular expression", () => {
    const problems = problemsOf({
      ...openTasks,
      filters: [{ column: "Status", matches: "^(Open|Blocked" }],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^digest "open-tasks": a filter's matches is not a valid regular expression: /,
    );
  });

  it("an empty title or no columns", () => {
    expect(problemsOf({ ...openTasks, title: "  ", columns: [] })).toEqual([
      'digest "open-tasks": its title is empty',
      'digest "open-tasks": columns lists no column to show',
    ]);
  });

  it("a digest's name is unique among all rules", () => {
    expect(problemsOf(openTasks, { ...newResponses, name: "open-tasks" })).toEqual([
      'digest "open-tasks": another rule has the same name',
    ]);
  });
});
