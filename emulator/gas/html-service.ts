// HtmlService, as far as a script needs it to show a dialog: createHtmlOutput(html) and the
// HtmlOutput's content, title and size. What Ui.showModalDialog() and friends then show is
// recorded by ui.ts as data (the HTML, the title, the size) for tests to read or open in a browser.

import type { HostServices } from "./host";
import { signatureMismatch } from "./sheets/exception";

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
    this.#count("HtmlOutput.getContent");
    return this.#content;
  }

  setContent(content: string): HtmlOutput {
    this.#count("HtmlOutput.setContent");
    if (typeof content !== "string") throw signatureMismatch("HtmlOutput.setContent", [content]);
    this.#content = content;
    return this;
  }

  append(addedContent: string): HtmlOutput {
    this.#count("HtmlOutput.append");
    if (typeof addedContent !== "string") {
      throw signatureMismatch("HtmlOutput.append", [addedContent]);
    }
    this.#content += addedContent;
    return this;
  }

  getTitle(): string {
    this.#count("HtmlOutput.getTitle");
    return this.#title;
  }

  setTitle(title: string): HtmlOutput {
    this.#count("HtmlOutput.setTitle");
    if (typeof title !== "string") throw signatureMismatch("HtmlOutput.setTitle", [title]);
    this.#title = title;
    return this;
  }

  getWidth(): number {
    this.#count("HtmlOutput.getWidth");
    return this.#width;
  }

  setWidth(width: number): HtmlOutput {
    this.#count("HtmlOutput.setWidth");
    if (!Number.isInteger(width)) throw signatureMismatch("HtmlOutput.setWidth", [width]);
    this.#width = width;
    return this;
  }

  getHeight(): number {
    this.#count("HtmlOutput.getHeight");
    return this.#height;
  }

  setHeight(height: number): HtmlOutput {
    this.#count("HtmlOutput.setHeight");
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
}

export class HtmlService {
  readonly #count: HostServices["count"];

  constructor(count: HostServices["count"]) {
    this.#count = count;
  }

  createHtmlOutput(html: unknown = ""): HtmlOutput {
    this.#count("HtmlService.createHtmlOutput");
    if (typeof html !== "string") throw signatureMismatch("HtmlService.createHtmlOutput", [html]);
    return new HtmlOutput(this.#count, html);
  }

  toString(): string {
    return "HtmlService";
  }
}
