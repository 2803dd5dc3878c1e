// The "Chat notifications" menu and its dialogs, in Sheets or in Forms.
import type { Texts } from "../i18n/texts";

type Ui = GoogleAppsScript.Base.Ui;

/** The bound document's UI, or null where there is none (triggers, the editor's Run). */
export function containerUi(): Ui | null {
  try {
    return SpreadsheetApp.getActiveSpreadsheet() ? SpreadsheetApp.getUi() : FormApp.getUi();
  } catch {
    return null;
  }
}

export function addChatMenu(ui: Ui, texts: Texts): void {
  const { menu } = texts;
  ui.createMenu(menu.title)
    .addItem(menu.setWebhook, "setWebhookUrl")
    .addItem(menu.sendTest, "sendTestMessage")
    .addSeparator()
    .addItem(menu.sendDigests, "sendDigestsNow")
    .addSeparator()
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
