// The sample spreadsheet and form that src/config.ts's example rules are written for; `npm start`,
// the e2e tests and the benchmarks use them.
import type { FormFixture } from "./gas/documents/form";
import type { SpreadsheetFixture } from "./gas/documents/spreadsheet";

export const TASK_HEADERS = ["ID", "Task", "Owner", "Status", "Due", "Notes"];

const OWNERS = ["ana@example.com", "ben@example.com", "chen@example.com", "dara@example.com"];
const STATUSES = ["Open", "In progress", "Blocked", "Done"];

/** Row n of the Tasks sheet (1-based, below the header). */
export function taskRow(n: number): unknown[] {
  return [
    `T-${n}`,
    `Task number ${n}`,
    OWNERS[Math.floor(n / 3) % OWNERS.length],
    STATUSES[n % 4],
    new Date(Date.UTC(2026, 0, 5 + (n % 20), 17, 0, 0)),
    n % 5 === 0 ? "waiting for a part" : "",
  ];
}

/** The team's task sheet, with `rows` tasks, and the sheet that collects the access form. */
export function teamSpreadsheet(rows = 12): SpreadsheetFixture {
  return {
    id: "1TeamTasksSpreadsheetId",
    name: "Team tasks",
    timeZone: "Europe/Paris",
    sheets: {
      Tasks: [TASK_HEADERS, ...Array.from({ length: rows }, (_, i) => taskRow(i + 1))],
      // Linking the form to the spreadsheet made this sheet and its header row.
      "Form Responses 1": [
        [
          "Timestamp",
          "Email Address",
          "Name",
          "Team",
          "Systems",
          "Why",
          "ID photo",
          "Access [Chat]",
          "Access [Drive]",
        ],
      ],
    },
  };
}

export const ACCESS_FORM: FormFixture = {
  id: "1AccessRequestFormId",
  title: "Access request",
  collectsEmail: true,
  linkedSheet: "Form Responses 1",
  items: [
    { title: "Name", type: "TEXT" },
    { title: "Team", type: "MULTIPLE_CHOICE", choices: ["Ops", "Sales", "開発チーム"] },
    { title: "Systems", type: "CHECKBOX", choices: ["Chat", "Drive", "Sheets"] },
    { title: "Why", type: "PARAGRAPH_TEXT" },
    { title: "ID photo", type: "FILE_UPLOAD" },
    { title: "Access", type: "GRID", rows: ["Chat", "Drive"], columns: ["Read", "Write"] },
  ],
};

/** Who is who in Chat, as a team would list it in a "People" sheet (Email, Chat user ID). */
export const PEOPLE_SHEET: unknown[][] = [
  ["Name", "Email", "Chat user ID"],
  ["Ana", "ana@example.com", "users/1001"],
  ["Ben", "ben@example.com", "users/1002"],
  ["Chen", "chen@example.com", "users/1003"],
];
