import { VirtualClock } from "../../../emulator/clock";
import type { HostServices } from "../../../emulator/gas/runtime/host";
import { createUi } from "../../../emulator/gas/documents/ui";

function setUp() {
  const calls: string[] = [];
  const host: HostServices = {
    count: (name) => {
      calls.push(name);
    },
    fire: () => [],
    clock: new VirtualClock(),
    timeZone: "America/New_York",
    user: "owner@example.com",
    inExecution: () => true,
  };
  return { calls, ...createUi(host) };
}

describe("emulated Ui", () => {
  test("menus added to the UI are recorded as data", () => {
    const { ui, menus, calls } = setUp();
    const triggers = ui
      .createMenu("Triggers")
      .addItem("Install", "setup")
      .addItem("Remove", "teardown");
    ui.createMenu("Chat notifications")
      .addItem("Set webhook…", "setWebhook")
      .addItem("Send a test message", "sendTestMessage")
      .addSeparator()
      .addSubMenu(triggers)
      .addToUi();
    expect(menus).toEqual([
      {
        title: "Chat notifications",
        entries: [
          { kind: "item", caption: "Set webhook…", functionName: "setWebhook" },
          { kind: "item", caption: "Send a test message", functionName: "sendTestMessage" },
          { kind: "separator" },
          {
            kind: "subMenu",
            title: "Triggers",
            entries: [
              { kind: "item", caption: "Install", functionName: "setup" },
              { kind: "item", caption: "Remove", functionName: "teardown" },
            ],
          },
        ],
      },
    ]);
    expect(calls.filter((c) => c === "Menu.addItem")).toHaveLength(4);
    expect(calls).toContain("Menu.addToUi");

    // onOpen runs again when the file is reopened: the menu is replaced, not doubled.
    ui.createMenu("Chat notifications").addItem("Show status", "showStatus").addToUi();
    expect(menus.map((m) => [m.title, m.entries.length])).toEqual([["Chat notifications", 1]]);
  });

  test("alerts take each overload and get the queued answer, or are closed", () => {
    const { ui, alerts, answerNextAlert } = setUp();
    expect(ui.alert("Webhook saved.")).toBe(ui.Button.CLOSE);
    answerNextAlert("YES");
    expect(ui.alert("Remove all triggers?", ui.ButtonSet.YES_NO)).toBe(ui.Button.YES);
    answerNextAlert("CANCEL");
    expect(ui.alert("Status", "3 messages queued", ui.ButtonSet.OK_CANCEL)).toBe("CANCEL");
    expect(alerts).toEqual([
      { title: "", message: "Webhook saved.", buttons: "OK", answer: "CLOSE" },
      { title: "", message: "Remove all triggers?", buttons: "YES_NO", answer: "YES" },
      { title: "Status", message: "3 messages queued", buttons: "OK_CANCEL", answer: "CANCEL" },
    ]);
    answerNextAlert("YES");
    expect(() => ui.alert("Saved.")).toThrow("is not a button of this dialog");
    expect(() => ui.alert(42 as unknown as string)).toThrow(
      "The parameters (number) don't match the method signature for Ui.alert.",
    );
  });

  test("prompts return the queued text and button", () => {
    const { ui, prompts, answerNextPrompt, calls } = setUp();
    answerNextPrompt("https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t%3D");
    const first = ui.prompt("Set webhook", "Paste the webhook URL", ui.ButtonSet.OK_CANCEL);
    expect(first.getResponseText()).toBe(
      "https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t%3D",
    );
    expect(first.getSelectedButton()).toBe(ui.Button.OK);
    answerNextPrompt("ignored", "CANCEL");
    expect(ui.prompt("Name?", ui.ButtonSet.OK_CANCEL).getSelectedButton()).toBe("CANCEL");
    const closed = ui.prompt("Anything else?");
    expect([closed.getResponseText(), closed.getSelectedButton()]).toEqual(["", "CLOSE"]);
    expect(prompts.map((p) => [p.title, p.message, p.buttons, p.answer.button])).toEqual([
      ["Set webhook", "Paste the webhook URL", "OK_CANCEL", "OK"],
      ["", "Name?", "OK_CANCEL", "CANCEL"],
      ["", "Anything else?", "OK", "CLOSE"],
    ]);
    expect(calls.filter((c) => c.startsWith("Ui.") || c.startsWith("PromptResponse."))).toEqual([
      "Ui.prompt",
      "PromptResponse.getResponseText",
      "PromptResponse.getSelectedButton",
      "Ui.prompt",
      "PromptResponse.getSelectedButton",
      "Ui.prompt",
      "PromptResponse.getResponseText",
      "PromptResponse.getSelectedButton",
    ]);
  });
});
