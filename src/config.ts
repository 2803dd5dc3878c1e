// Your rules: what in the spreadsheet or form tells whom, with which message. Edit, then
// `npm run push` and run setup() (menu Chat notifications > Install or update triggers), which
// checks every name below against the live spreadsheet or form before installing anything.
//
// Templates: {{Header Name}} is any column of the row as the sheet displays it; edit rules also
// have {{old}}, {{new}}, {{change}} ("old → new", or just the new value when the old one is
// unknown or empty), {{sheet}}, {{row}}, {{url}} (a link to the row) and {{user}}; form rules
// have each question's title, {{form}}, {{email}}, {{timestamp}}, {{url}}, {{responseId}}; change
// rules {{changeType}}, {{spreadsheet}}, {{url}}, {{user}}. Values from cells and answers are
// neutralised (they cannot mention anyone or make a link); the template's own text is kept, so
// *bold*, _italic_ and <users/all> written here work. A message can also be a card
// ({ card: { title, subtitle?, fields? } }) or a function (context) => message | null, whose
// result is sent as it is: pass values from the context through neutraliseText (src/chat/neutralise)
// yourself.
//
// webhook: a NAME whose URL is Script Property CHAT_WEBHOOK_URL_<NAME>; omitted: CHAT_WEBHOOK_URL.
import type { Config } from "./rules/config-types";

export const config: Config = {
  delivery: {
    // Send a requestId so Chat can drop a repeat after a lost answer. Google documents it for Chat
    // apps, not for incoming webhooks: turn it on only once you know your webhooks honour it.
    requestIds: false,
  },
  // The project's own words (menu, buttons, digest dates): "en" or "zh-TW"; omitted, they follow
  // the spreadsheet's locale. Templates below are yours and are never translated.
  // language: "zh-TW",
  // How `mention` addresses become Chat users: a "People" sheet (Email, Chat user ID), Script
  // Property CHAT_USER_IDS, and with directory: true the Workspace directory (adds a scope).
  mentions: { directory: false, cacheMinutes: 60 },
  // Uploaded files by name instead of "File 1" (DriveApp; adds the drive.readonly scope).
  forms: { fileNames: false },

  editRules: [
    {
      name: "task-status",
      sheet: "Tasks",
      column: "Status",
      // Any change of Status; other conditions: { becomes: "Done" }, { from: "Open", to: "Done" },
      // { matches: "^(Blocked|Late)$" }, { isFilled: true }, or (change) => boolean.
      message: "📌 *{{Task}}* ({{ID}}): {{change}} · owner {{Owner}} · {{url}}",
      // One thread per task, across days: every update of task T-7 lands in the thread "task-T-7".
      threadKey: "task-{{ID}}",
    },
    {
      name: "task-blocked",
      sheet: "Tasks",
      column: "Status",
      when: { becomes: "Blocked" },
      webhook: undefined, // e.g. "ONCALL" for Script Property CHAT_WEBHOOK_URL_ONCALL
      message: {
        card: {
          title: "Blocked: {{Task}}",
          subtitle: "{{ID}} · {{Owner}}",
          fields: ["Due", "Notes"],
        },
      },
      // @mentions the owner, resolved through the "People" sheet (Email, Chat user ID), Script
      // Property CHAT_USER_IDS or, with mentions: { directory: true }, the Workspace directory.
      mention: "{{Owner}}",
      threadKey: "task-{{ID}}",
    },
  ],

  formRules: [
    {
      name: "access-request",
      // "sheet": responses collected in this spreadsheet; "form": the script is bound to the form.
      source: "sheet",
      sheet: "Form Responses 1",
      message: { card: { title: "New access request from {{Name}}", subtitle: "{{timestamp}}" } },
    },
  ],

  changeRules: [
    {
      name: "rows-removed",
      changeTypes: ["REMOVE_ROW"],
      message: "🗑️ Rows were removed from {{spreadsheet}} ({{user}}): {{url}}",
    },
  ],

  // Scheduled messages, each on its own time-driven trigger (installed by setup()). Schedules are in
  // the script's time zone (appsscript.json): { every: "day", atHour: 9 } runs between 9 and 10,
  // { every: "week", weekDay: "MONDAY", atHour: 8 }, { every: "hours", hours: 4 }.
  digests: [
    {
      name: "open-tasks",
      title: "Open tasks on {{date}}: {{count}}",
      schedule: { every: "day", atHour: 9 },
      sheet: "Tasks",
      filters: [{ column: "Status", isNot: "Done" }],
      groupBy: "Owner",
      sortBy: { column: "Due" },
      columns: ["Task", "ID", "Status", "Due"],
      limit: 25,
    },
    {
      name: "new-requests",
      title: "Access requests since the last digest: {{count}}",
      schedule: { every: "day", atHour: 9 },
      sheet: "Form Responses 1",
      // Only rows added since the last digest that was sent; Timestamp finds the last one seen.
      since: { newRows: true, keyColumn: "Timestamp" },
      columns: ["Name", "Team", "Systems", "Why"],
    },
  ],

  // Rules can also be rows of a sheet (menu: Create the rules sheet), for the people who own the
  // spreadsheet. Their templates' own text cannot mention everyone or add a link unless
  // trustTemplates is true; placeholders ({{url}} links the row) and *bold* work either way.
  sheetRules: { sheet: "Chat rules", trustTemplates: false },

  // One row per notification in this sheet (made on first use): accepted when, rule, space,
  // thread key, outcome and reason, delivered when. Remove to keep no history.
  history: { sheet: "Chat log", maxRows: 500 },
};
