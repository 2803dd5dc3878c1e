// The "Chat notifications" menu and its dialogs, in Sheets or in Forms.

type Ui = GoogleAppsScript.Base.Ui;

/** The bound document's UI, or null where there is none (triggers, the editor's Run). */
export function containerUi(): Ui | null {
  try {
    return SpreadsheetApp.getActiveSpreadsheet() ? SpreadsheetApp.getUi() : FormApp.getUi();
  } catch {
    return null;
  }
}

export function addChatMenu(ui: Ui): void {
  ui.createMenu("Chat notifications")
    .addItem("Set webhook URL…", "setWebhookUrl")
    .addItem("Send test message", "sendTestMessage")
    .addSeparator()
    .addItem("Send digests now", "sendDigestsNow")
    .addSeparator()
    .addItem("Install or update triggers", "setup")
    .addItem("Remove triggers", "teardown")
    .addSeparator()
    .addItem("Show status", "showStatus")
    .addItem("Check mentions…", "checkMentions")
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
