// The "Chat notifications" menu and its dialogs, in Sheets or in Forms.
import type { Texts } from "../i18n/texts";
import type { PreviewPage } from "../preview/preview-page";
import { activeSpreadsheet } from "./sheets";

type Ui = GoogleAppsScript.Base.Ui;

/** The bound document's UI, or null where there is none (triggers, the editor's Run). */
export function containerUi(): Ui | null {
  // Each try on its own: in a form-bound script the spreadsheet's side fails or finds nothing.
  const editors = [
    () => (activeSpreadsheet() ? SpreadsheetApp.getUi() : null),
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

/** A script bound to a form has no spreadsheet (and, in Apps Script, a null active one). */
export function boundToSpreadsheet(): boolean {
  return activeSpreadsheet() !== null;
}

export function addChatMenu(ui: Ui, texts: Texts, rulesSheet: boolean): void {
  const { menu } = texts;
  const built = ui
    .createMenu(menu.title)
    .addItem(menu.setWebhook, "setWebhookUrl")
    .addItem(menu.sendTest, "sendTestMessage")
    .addSeparator()
    .addItem(menu.sendDigests, "sendDigestsNow")
    .addItem(menu.previewRows, "previewSelectedRows")
    .addItem(menu.previewDigests, "previewDigests")
    .addSeparator();
  // The rules sheet lives in the spreadsheet: a form's menu would only offer errors.
  if (rulesSheet) {
    built
      .addItem(menu.createRulesSheet, "createRulesSheetFromMenu")
      .addItem(menu.checkRulesSheet, "checkRulesSheet")
      .addItem(menu.testRule, "testSelectedRule")
      .addSeparator();
  }
  built
    .addItem(menu.setup, "setup")
    .addItem(menu.teardown, "teardown")
    .addSeparator()
    .addItem(menu.status, "showStatus")
    .addItem(menu.checkMentions, "checkMentions")
    .addToUi();
}

/**
 * Shows the text in a dialog when a person is looking; otherwise only the log has it. The title is
 * made only then (finding the document's language costs a call).
 */
export function tell(title: () => string, text: string): void {
  const ui = containerUi();
  ui?.alert(title(), text, ui.ButtonSet.OK);
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
