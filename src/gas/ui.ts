// The "Chat notifications" menu and its dialogs, in Sheets or in Forms.
import type { PreviewPage } from "../preview/preview-page";

type Ui = GoogleAppsScript.Base.Ui;

/** The bound document's UI, or null where there is none (triggers, the editor's Run). */
export function containerUi(): Ui | null {
  // Each try on its own: in a form-bound script the spreadsheet's side fails or finds nothing.
  const editors = [
    () => (SpreadsheetApp.getActiveSpreadsheet() ? SpreadsheetApp.getUi() : null),
    () => (FormApp.getActiveForm() ? FormApp.getUi() : null),
  ];
  for (const editor of editors) {
    try {
      const ui = editor();
      if (ui) return ui;
    } catch {
      // Not this kind of document, or no UI in this execution (a trigger).
    }
  }
  return null;
}

export function addChatMenu(ui: Ui): void {
  ui.createMenu("Chat notifications")
    .addItem("Set webhook URL…", "setWebhookUrl")
    .addItem("Send test message", "sendTestMessage")
    .addSeparator()
    .addItem("Send digests now", "sendDigestsNow")
    .addItem("Preview for the selected rows", "previewSelectedRows")
    .addItem("Preview digests", "previewDigests")
    .addSeparator()
    .addItem("Create the rules sheet", "createRulesSheetFromMenu")
    .addItem("Check the rules sheet", "checkRulesSheet")
    .addItem("Test this rule", "testSelectedRule")
    .addSeparator()
    .addItem("Install or update triggers", "setup")
    .addItem("Remove triggers", "teardown")
    .addSeparator()
    .addItem("Show status", "showStatus")
    .addToUi();
}

/** Shows the text in a dialog when a person is looking; otherwise only the log has it. */
export function tell(title: string, text: string): void {
  const ui = containerUi();
  ui?.alert(title, text, ui.ButtonSet.OK);
}

/** Asks for one line of text; null when the person cancels or closes the dialog. */
export function ask(title: string, prompt: string): string | null {
  const ui = containerUi();
  if (!ui) return null;
  const response = ui.prompt(title, prompt, ui.ButtonSet.OK_CANCEL);
  return response.getSelectedButton() === ui.Button.OK ? response.getResponseText() : null;
}

/** Asks a yes/no question; false when no one is looking or they say no. */
export function confirm(title: string, text: string): boolean {
  const ui = containerUi();
  if (!ui) return false;
  return ui.alert(title, text, ui.ButtonSet.YES_NO) === ui.Button.YES;
}

/** Shows a preview page in a modal dialog, when a person is looking; returns its summary. */
export function showPage(page: PreviewPage): string {
  const ui = containerUi();
  const output = HtmlService.createHtmlOutput(page.html).setWidth(760).setHeight(600);
  ui?.showModalDialog(output, page.title);
  return page.summary;
}
