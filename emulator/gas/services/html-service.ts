// HtmlService, as far as a script needs it to show a dialog: createHtmlOutput(html) and the
// HtmlOutput's content, title and size. What Ui.showModalDialog() and friends then show is
// recorded by ui.ts as data (the HTML, the title, the size) for tests to read or open in a browser.

import type { HostServices } from "../runtime/host";
import { signatureMismatch } from "../runtime/exception";
import { countedMethods } from "../runtime/counted";

// HtmlService's documented defaults for a dialog's size.
const DEFAULT_WIDTH = 600;
const DEFAULT_HEIGHT = 400;

export class HtmlOutput {
  readonly #count: HostServices["count"];
  #content: string;
  #title = "";
  #width = DEFAULT_WIDTH;
  #height = DEFAULT_HEIGHT;

  constructor(count: HostServices["count"], content: string) {
    this.#count = count;
    this.#content = content;
  }

  getContent(): string {
    return this.#content;
  }

  setContent(content: string): HtmlOutput {
    if (typeof content !== "string") throw signatureMismatch("HtmlOutput.setContent", [content]);
    this.#content = content;
    return this;
  }

  append(addedContent: string): HtmlOutput {
    if (typeof addedContent !== "string") {
      throw signatureMismatch("HtmlOutput.append", [addedContent]);
    }
    this.#content += addedContent;
    return this;
  }

  getTitle(): string {
    return this.#title;
  }

  setTitle(title: string): HtmlOutput {
    if (typeof title !== "string") throw signatureMismatch("HtmlOutput.setTitle", [title]);
    this.#title = title;
    return this;
  }

  getWidth(): number {
    return this.#width;
  }

  setWidth(width: number): HtmlOutput {
    if (!Number.isInteger(width)) throw signatureMismatch("HtmlOutput.setWidth", [width]);
    this.#width = width;
    return this;
  }

  getHeight(): number {
    return this.#height;
  }

  setHeight(height: number): HtmlOutput {
    if (!Number.isInteger(height)) throw signatureMismatch("HtmlOutput.setHeight", [height]);
    this.#height = height;
    return this;
  }

  /** What a dialog shows, read by Ui without counting calls the script did not make. */
  snapshot(): { html: string; title: string; width: number; height: number } {
    return { html: this.#content, title: this.#title, width: this.#width, height: this.#height };
  }

  toString(): string {
    return "HtmlOutput";
  }

  static {
    countedMethods(
      this,
      (self) => ({ count: (name) => self.#count(name), typeName: "HtmlOutput" }),
      ["snapshot"],
    );
  }
}

export class HtmlService {
  readonly #count: HostServices["count"];

  constructor(count: HostServices["count"]) {
    this.#count = count;
  }

  createHtmlOutput(html: unknown = ""): HtmlOutput {
    if (typeof html !== "string") throw signatureMismatch("HtmlService.createHtmlOutput", [html]);
    return new HtmlOutput(this.#count, html);
  }

  toString(): string {
    return "HtmlService";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#count(name),
      typeName: "HtmlService",
    }));
  }
}
