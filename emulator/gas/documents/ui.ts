// The user interface of a Sheets or Forms editor (Ui): custom menus and modal alert/prompt dialogs.
// No one sits at the emulator, so menus are recorded as data and dialogs are answered from a queue
// the test or `npm start` fills; a dialog nobody answered counts as closed (Button.CLOSE). HTML
// dialogs and sidebars (showModalDialog...) are recorded with their HTML, for tests to open.

import type { HostServices } from "../runtime/host";
import { HtmlOutput } from "../services/html-service";
import { gasException, signatureMismatch } from "../runtime/exception";
import { countedMethods } from "../runtime/counted";

export type ButtonName = "CLOSE" | "OK" | "CANCEL" | "YES" | "NO";
export type ButtonSetName = "OK" | "OK_CANCEL" | "YES_NO" | "YES_NO_CANCEL";

const BUTTON = {
  CLOSE: "CLOSE",
  OK: "OK",
  CANCEL: "CANCEL",
  YES: "YES",
  NO: "NO",
} as const satisfies Record<ButtonName, ButtonName>;

const BUTTON_SET = {
  OK: "OK",
  OK_CANCEL: "OK_CANCEL",
  YES_NO: "YES_NO",
  YES_NO_CANCEL: "YES_NO_CANCEL",
} as const satisfies Record<ButtonSetName, ButtonSetName>;

const BUTTONS_OF: Record<ButtonSetName, readonly ButtonName[]> = {
  OK: ["OK"],
  OK_CANCEL: ["OK", "CANCEL"],
  YES_NO: ["YES", "NO"],
  YES_NO_CANCEL: ["YES", "NO", "CANCEL"],
};

export type MenuEntry =
  | { kind: "item"; caption: string; functionName: string }
  | { kind: "separator" }
  | { kind: "subMenu"; title: string; entries: MenuEntry[] };

/** A menu as the user would see it in the menu bar after addToUi(). */
export interface MenuRecord {
  title: string;
  entries: MenuEntry[];
}

export interface AlertRecord {
  title: string;
  message: string;
  buttons: ButtonSetName;
  answer: ButtonName;
}

/** An HtmlService dialog or sidebar as the script showed it. */
export interface HtmlDialogRecord {
  kind: "modal" | "modeless" | "sidebar";
  /** The dialog's title: showModalDialog's argument, or the HtmlOutput's title for a sidebar. */
  title: string;
  html: string;
  width: number;
  height: number;
}

export interface PromptRecord {
  title: string;
  message: string;
  buttons: ButtonSetName;
  answer: { text: string; button: ButtonName };
}

export class Menu {
  readonly #count: HostServices["count"];
  readonly #title: string;
  readonly #entries: MenuEntry[] = [];
  readonly #install: (menu: MenuRecord) => void;

  constructor(count: HostServices["count"], title: string, install: (menu: MenuRecord) => void) {
    this.#count = count;
    this.#title = title;
    this.#install = install;
  }

  addItem(caption: string, functionName: string): Menu {
    if (typeof caption !== "string" || typeof functionName !== "string") {
      throw signatureMismatch("Ui.Menu.addItem", [caption, functionName]);
    }
    this.#entries.push({ kind: "item", caption, functionName });
    return this;
  }

  addSeparator(): Menu {
    this.#entries.push({ kind: "separator" });
    return this;
  }

  addSubMenu(menu: Menu): Menu {
    if (!(menu instanceof Menu)) {
      throw signatureMismatch("Ui.Menu.addSubMenu", [menu]);
    }
    this.#entries.push({ kind: "subMenu", ...menu.#snapshot() });
    return this;
  }

  addToUi(): void {
    this.#install(this.#snapshot());
  }

  toString(): string {
    return "Menu";
  }

  #snapshot(): MenuRecord {
    return { title: this.#title, entries: structuredClone(this.#entries) };
  }

  static {
    countedMethods(this, (self) => ({ count: (name) => self.#count(name), typeName: "Menu" }));
  }
}

export class PromptResponse {
  readonly #count: HostServices["count"];
  readonly #text: string;
  readonly #button: ButtonName;

  constructor(count: HostServices["count"], text: string, button: ButtonName) {
    this.#count = count;
    this.#text = text;
    this.#button = button;
  }

  getResponseText(): string {
    return this.#text;
  }

  getSelectedButton(): ButtonName {
    return this.#button;
  }

  toString(): string {
    return "PromptResponse";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#count(name),
      typeName: "PromptResponse",
    }));
  }
}

interface DialogArguments {
  title: string;
  message: string;
  buttons: ButtonSetName;
}

function isButtonSet(value: unknown): value is ButtonSetName {
  return typeof value === "string" && value in BUTTONS_OF;
}

/** Reads the overloads (prompt), (prompt, buttons) and (title, prompt, buttons). */
function dialogArguments(method: string, args: readonly unknown[]): DialogArguments {
  const [first, second, third] = args;
  if (args.length === 1 && typeof first === "string") {
    return { title: "", message: first, buttons: "OK" };
  }
  if (args.length === 2 && typeof first === "string" && isButtonSet(second)) {
    return { title: "", message: first, buttons: second };
  }
  if (
    args.length === 3 &&
    typeof first === "string" &&
    typeof second === "string" &&
    isButtonSet(third)
  ) {
    return { title: first, message: second, buttons: third };
  }
  throw signatureMismatch(`Ui.${method}`, args);
}

export class Ui {
  readonly Button = BUTTON;
  readonly ButtonSet = BUTTON_SET;
  readonly #count: HostServices["count"];
  readonly #dialogs: UiDialogs;

  constructor(count: HostServices["count"], dialogs: UiDialogs) {
    this.#count = count;
    this.#dialogs = dialogs;
  }

  createMenu(caption: string): Menu {
    if (typeof caption !== "string") {
      throw signatureMismatch("Ui.createMenu", [caption]);
    }
    return new Menu(this.#count, caption, this.#dialogs.installMenu);
  }

  alert(...args: unknown[]): ButtonName {
    return this.#dialogs.alert(dialogArguments("alert", args));
  }

  prompt(...args: unknown[]): PromptResponse {
    const answer = this.#dialogs.prompt(dialogArguments("prompt", args));
    return new PromptResponse(this.#count, answer.text, answer.button);
  }

  showModalDialog(userInterface: unknown, title: unknown): void {
    this.#showHtml("modal", "Ui.showModalDialog", userInterface, title);
  }

  showModelessDialog(userInterface: unknown, title: unknown): void {
    this.#showHtml("modeless", "Ui.showModelessDialog", userInterface, title);
  }

  showSidebar(userInterface: unknown): void {
    if (!(userInterface instanceof HtmlOutput)) {
      throw signatureMismatch("Ui.showSidebar", [userInterface]);
    }
    const shown = userInterface.snapshot();
    this.#dialogs.showHtml({ kind: "sidebar", ...shown });
  }

  #showHtml(kind: "modal" | "modeless", method: string, output: unknown, title: unknown): void {
    if (!(output instanceof HtmlOutput) || typeof title !== "string") {
      throw signatureMismatch(method, [output, title]);
    }
    this.#dialogs.showHtml({ kind, ...output.snapshot(), title });
  }

  toString(): string {
    return "Ui";
  }

  static {
    countedMethods(this, (self) => ({ count: (name) => self.#count(name), typeName: "Ui" }));
  }
}

interface UiDialogs {
  installMenu(menu: MenuRecord): void;
  alert(dialog: DialogArguments): ButtonName;
  prompt(dialog: DialogArguments): { text: string; button: ButtonName };
  showHtml(dialog: HtmlDialogRecord): void;
}

export interface UiHandle {
  /** The script-visible Ui that SpreadsheetApp.getUi() and FormApp.getUi() return. */
  ui: Ui;
  /** Menus added with addToUi(), in order; adding a menu with the same title replaces it. */
  menus: MenuRecord[];
  alerts: AlertRecord[];
  prompts: PromptRecord[];
  /** HTML dialogs and sidebars shown, in order. */
  htmlDialogs: HtmlDialogRecord[];
  /** The answer the next prompt gets: the text typed and the button clicked. */
  answerNextPrompt(text: string, button?: ButtonName): void;
  /** The button the next alert gets. */
  answerNextAlert(button: ButtonName): void;
}

function checkAnswer(kind: string, answer: ButtonName, dialog: DialogArguments): void {
  if (answer !== "CLOSE" && !BUTTONS_OF[dialog.buttons].includes(answer)) {
    throw gasException(
      `The queued ${kind} answer ${answer} is not a button of this dialog ("${dialog.message}" shows ${dialog.buttons}): queue one of ${BUTTONS_OF[dialog.buttons].join(", ")} or CLOSE.`,
    );
  }
}

export function createUi(host: HostServices): UiHandle {
  const menus: MenuRecord[] = [];
  const alerts: AlertRecord[] = [];
  const prompts: PromptRecord[] = [];
  const htmlDialogs: HtmlDialogRecord[] = [];
  const alertAnswers: ButtonName[] = [];
  const promptAnswers: { text: string; button: ButtonName }[] = [];

  const dialogs: UiDialogs = {
    installMenu(menu) {
      const existing = menus.findIndex((m) => m.title === menu.title);
      if (existing >= 0) menus.splice(existing, 1, menu);
      else menus.push(menu);
    },
    alert(dialog) {
      const answer = alertAnswers.shift() ?? "CLOSE";
      checkAnswer("alert", answer, dialog);
      alerts.push({ ...dialog, answer });
      return answer;
    },
    prompt(dialog) {
      const answer = promptAnswers.shift() ?? { text: "", button: "CLOSE" };
      checkAnswer("prompt", answer.button, dialog);
      prompts.push({ ...dialog, answer });
      return answer;
    },
    showHtml(dialog) {
      htmlDialogs.push(dialog);
    },
  };

  return {
    ui: new Ui((name) => host.count(name), dialogs),
    menus,
    alerts,
    prompts,
    htmlDialogs,
    answerNextPrompt(text, button = "OK") {
      promptAnswers.push({ text, button });
    },
    answerNextAlert(button) {
      alertAnswers.push(button);
    },
  };
}
