// The functions Apps Script sees: triggers, menus and the editor call them by name. Each turns its
// event into a call of the application (src/app) and shows the report; test/architecture.test.ts
// keeps this file to that.
import {
  createApp,
  HANDLE_CHANGE,
  HANDLE_EDIT,
  HANDLE_FORM_SUBMIT,
  MissingEventError,
  type App,
  type ChatMessage,
  type NotifyOptions,
  type NotifyResult,
  type Texts,
} from "./app";
import { config } from "./config";
import { toChangeEvent, toEditEvent, toFormSubmission, toSheetSubmission } from "./gas/events";
import { appsScriptPorts } from "./gas/ports";
import { spreadsheetReader } from "./gas/sheets";
import {
  addChatMenu,
  ask,
  boundToSpreadsheet,
  confirm,
  containerUi,
  showPage,
  tell,
} from "./gas/ui";

// `global` is the Apps Script global object (esbuild's banner: `var global = this;`); assigning to
// it is what makes gas-entry-generator emit a top-level stub for the function.
declare const global: Record<string, unknown>;

// Made on first use: loading the file must call no service (Apps Script loads it for every
// execution), and one execution needs it once.
let cachedApp: App | undefined;
function app(): App {
  cachedApp ??= createApp(appsScriptPorts(config), config);
  return cachedApp;
}

/** Shows a report's text in a dialog (when there is a UI) and returns it to the caller. */
function shown(title: (texts: Texts) => string, text: string): string {
  tell(() => title(app().texts()), text);
  return text;
}

/** Handlers run by a trigger get its event; run from the editor's Run button, they get none. */
function requireEvent(present: unknown, handler: string, what: string): void {
  if (!present) throw new MissingEventError(handler, what);
}

/**
 * Posts a message to a Chat space. `message` is text or a Chat message object (text, cardsV2,
 * fallbackText). Options: webhook (a NAME, default CHAT_WEBHOOK_URL), threadKey, replyOption,
 * trustedText (default false: mentions and links in the text are neutralised), dedupeKey,
 * coalesce. The message is queued durably and sent at once when Chat's pacing allows; what cannot
 * go now is delivered by the deliverOutbox trigger.
 */
export function notify(message: string | ChatMessage, options?: NotifyOptions): NotifyResult {
  return app().notify(message, options);
}
global.notify = notify;

/** Installable trigger: an edit of the spreadsheet. Costs nothing but two calls off the rules. */
export function handleEdit(e: GoogleAppsScript.Events.SheetsOnEdit): string {
  requireEvent(e?.range, HANDLE_EDIT, "an edit of the spreadsheet");
  const sheet = e.range.getSheet().getName();
  if (!app().isRulesSheet(sheet)) {
    return app().edit(sheet, e.triggerUid, () => toEditEvent(e, sheet)).summary;
  }
  return app().rulesSheetEdited(e.triggerUid, () => {
    const first = e.range.getRow();
    return Array.from({ length: e.range.getNumRows() }, (_, i) => first + i);
  }).summary;
}
global.handleEdit = handleEdit;

/** Installable trigger: a structural change of the spreadsheet (rows inserted, removed...). */
export function handleChange(e: GoogleAppsScript.Events.SheetsOnChange): string {
  requireEvent(e?.changeType, HANDLE_CHANGE, "a change of the spreadsheet");
  return app().change(String(e.changeType), e.triggerUid, () => toChangeEvent(e)).summary;
}
global.handleChange = handleChange;

/** Installable trigger: a form submission, on the form or on the spreadsheet collecting it. */
export function handleFormSubmit(
  e: GoogleAppsScript.Events.FormsOnFormSubmit | GoogleAppsScript.Events.SheetsOnFormSubmit,
): string {
  requireEvent(e && ("response" in e || "range" in e), HANDLE_FORM_SUBMIT, "a form submission");
  return app().formSubmitted(e.triggerUid, () => {
    const fileNames = app().fileNames();
    return "response" in e
      ? toFormSubmission(e, fileNames, app().texts())
      : toSheetSubmission(e, spreadsheetReader(), fileNames, app().texts());
  }).summary;
}
global.handleFormSubmit = handleFormSubmit;

/** Time-driven trigger (one-shot, installed by the outbox itself): delivers what is queued. */
export function deliverOutbox(e?: { triggerUid?: string }): string {
  return app().drain(e?.triggerUid).summary;
}
global.deliverOutbox = deliverOutbox;

/**
 * Time-driven trigger of every digest: the trigger's id says which digest is due, so two digests
 * on one schedule each run once.
 */
export function runDigests(e?: { triggerUid?: string }): string {
  return app().digestsDue(e?.triggerUid).summary;
}
global.runDigests = runDigests;

/** Menu: sends every digest now, as its trigger would (new-rows digests move their cursor). */
export function sendDigestsNow(): string {
  return shown((t) => t.dialog.digests, app().allDigestsNow().summary);
}
global.sendDigestsNow = sendDigestsNow;

/** Menu: what each rule would send for the selected rows (in a form: its latest response); sends nothing. */
export function previewSelectedRows(): string {
  return showPage(app().previewSelection());
}
global.previewSelectedRows = previewSelectedRows;

/** Menu: what each digest would send if it ran now; sends nothing and moves no cursor. */
export function previewDigests(): string {
  return showPage(app().previewDigests());
}
global.previewDigests = previewDigests;

/**
 * Checks the config and the rules sheet against this spreadsheet or form, then installs exactly
 * the triggers they need.
 */
export function setup(): string {
  return shown((t) => t.dialog.setup, app().setup().summary);
}
global.setup = setup;

/** Menu: makes the rules sheet (dropdowns, a warning-only protection), then the triggers it needs. */
export function createRulesSheetFromMenu(): string {
  return shown((t) => t.dialog.rulesSheet, app().createRulesSheet().summary);
}
global.createRulesSheetFromMenu = createRulesSheetFromMenu;

/** Menu: checks every row of the rules sheet, flags problems on their cells, and reports them. */
export function checkRulesSheet(): string {
  return shown((t) => t.dialog.rulesSheet, app().checkRulesSheet().summary);
}
global.checkRulesSheet = checkRulesSheet;

/** Menu: shows what the selected rules row would post for the last row of its sheet; sends it if asked. */
export function testSelectedRule(): string {
  const test = app().testSelectedRule();
  if (test.kind === "not-sendable") return shown((t) => t.menu.testRule, test.summary);
  const title = app().texts().menu.testRule;
  return confirm(title, `${test.summary}\n\nSend it to Chat now?`)
    ? test.send().summary
    : test.summary;
}
global.testSelectedRule = testSelectedRule;

/** Removes this project's triggers, and only those. */
export function teardown(): string {
  return shown((t) => t.dialog.setup, app().teardown().summary);
}
global.teardown = teardown;

/** Simple trigger: the "Chat notifications" menu, in Sheets or in Forms. */
export function onOpen(): void {
  const ui = containerUi();
  if (ui) addChatMenu(ui, app().texts(), boundToSpreadsheet());
}
global.onOpen = onOpen;

/** Menu: asks for the default webhook's URL, checks it, stores it, and sends a test message. */
export function setWebhookUrl(): string {
  const pasted = ask(app().texts().webhookPrompt.title, app().texts().webhookPrompt.prompt);
  if (pasted === null) return "cancelled";
  const saved = app().saveWebhookUrl(pasted);
  return shown((t) => (saved.kind === "saved" ? t.dialog.saved : t.dialog.notSaved), saved.summary);
}
global.setWebhookUrl = setWebhookUrl;

/** Menu and editor action: the queue, dead letters and webhook health, as text. */
export function showStatus(): string {
  return shown((t) => t.dialog.status, app().status().summary);
}
global.showStatus = showStatus;

/** Queues every dead letter again (after fixing what killed them), then delivers. */
export function redeliverDeadLetters(): string {
  return app().redeliver().summary;
}
global.redeliverDeadLetters = redeliverDeadLetters;

/**
 * Menu: what each address resolves to (a Chat user and where from, or why not), read afresh.
 * `emails` from the editor; from the menu, asked for.
 */
export function checkMentions(emails?: string): string {
  const asked =
    emails ?? ask(app().texts().mentionsPrompt.title, app().texts().mentionsPrompt.prompt);
  if (asked === null) return "cancelled";
  return shown((t) => t.dialog.mentions, app().checkMentions(asked).summary);
}
global.checkMentions = checkMentions;

/** Menu and editor action: proves the default webhook works. */
export function sendTestMessage(): NotifyResult {
  return app().sendTestMessage();
}
global.sendTestMessage = sendTestMessage;
