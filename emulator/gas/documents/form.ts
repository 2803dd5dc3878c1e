// FormApp for a form and its responses, and the host's hand on the form: a respondent submitting
// it. A submission fires the form's installable onFormSubmit triggers and, when the form sends its
// responses to a sheet, writes the row there and fires the spreadsheet's, with the event objects of
// https://developers.google.com/apps-script/guides/triggers/events

import { createHash } from "node:crypto";
import type { ExecutionResult, HostServices } from "../runtime/host";
import { instantOf } from "./sheets/time-zone";
import type { CellValue } from "./sheets/cell-values";
import { gasException, signatureMismatch } from "../runtime/exception";
import type { SpreadsheetHandle } from "./spreadsheet";
import { createUi, type Ui, type UiHandle } from "./ui";
import { countedMethods } from "../runtime/counted";

export type FormItemType =
  | "TEXT"
  | "PARAGRAPH_TEXT"
  | "MULTIPLE_CHOICE"
  | "CHECKBOX"
  | "LIST"
  | "SCALE"
  | "DATE"
  | "DATETIME"
  | "TIME"
  | "GRID"
  | "CHECKBOX_GRID"
  | "FILE_UPLOAD";

export interface FormItemFixture {
  title: string;
  type: FormItemType;
  /** The options of MULTIPLE_CHOICE, CHECKBOX and LIST items; answers must be among them. */
  choices?: string[];
  /** GRID and CHECKBOX_GRID: the row labels and the column choices. */
  rows?: string[];
  columns?: string[];
  /** SCALE: the bounds (default 1 to 5). */
  lowerBound?: number;
  upperBound?: number;
}

/**
 * An answer as a respondent gives it: text, a list (CHECKBOX; FILE_UPLOAD: the uploaded files'
 * Drive ids), or for a grid the choice (CHECKBOX_GRID: the choices) of each row answered.
 */
export type SubmittedAnswer = string | string[] | Record<string, string | string[]>;

export interface FormFixture {
  id?: string;
  title: string;
  items: FormItemFixture[];
  collectsEmail?: boolean;
  /** The sheet (in the spreadsheet given to createFormApp) that collects responses. */
  linkedSheet?: string;
}

export interface SubmitOptions {
  /** The respondent's email; required when the form collects emails. */
  email?: string;
  /** Fires the spreadsheet's onFormSubmit twice for this one submission, as Sheets has been seen to. */
  firesTwice?: boolean;
}

export interface Submission {
  responseId: string;
  /** The executions the submission started: the form's triggers, then the spreadsheet's. */
  results: ExecutionResult[];
}

/** The host's hand on the form. Not visible to scripts. */
export interface FormHandle {
  readonly id: string;
  /** A respondent submits: answers by item title; a CHECKBOX takes a list; "" or [] skips an item. */
  submit(answers: Record<string, SubmittedAnswer>, options?: SubmitOptions): Submission;
}

export interface FormAppOptions {
  /** The Ui FormApp.getUi() returns; shared with SpreadsheetApp when both exist. */
  ui?: UiHandle;
  /** False for a script not bound to the form: getActiveForm() then returns null. */
  boundToForm?: boolean;
}

export interface FormAppEmulation {
  /** The FormApp global. */
  service: FormService;
  form: FormHandle;
  ui: UiHandle;
}

/** FormApp.ItemType: every type Forms has, though the emulator builds only those of FormItemType. */
const ITEM_TYPE = Object.freeze(
  Object.fromEntries(
    [
      "CHECKBOX",
      "CHECKBOX_GRID",
      "DATE",
      "DATETIME",
      "DURATION",
      "FILE_UPLOAD",
      "GRID",
      "IMAGE",
      "LIST",
      "MULTIPLE_CHOICE",
      "PAGE_BREAK",
      "PARAGRAPH_TEXT",
      "RATING",
      "SCALE",
      "SECTION_HEADER",
      "TEXT",
      "TIME",
      "VIDEO",
    ].map((name) => [name, name]),
  ),
);

const DESTINATION_TYPE = Object.freeze({ SPREADSHEET: "SPREADSHEET" });

/** What ItemResponse.getResponse() returns: a grid's unanswered rows are null. */
type StoredAnswer = string | string[] | (string | null)[] | (string[] | null)[];

interface StoredResponse {
  id: string;
  timestamp: number;
  email: string;
  /** Answered items only, in form order. */
  answers: { itemIndex: number; response: StoredAnswer }[];
}

interface FormState {
  readonly id: string;
  readonly publishedId: string;
  readonly fixture: FormFixture;
  readonly itemIds: number[];
  readonly responses: StoredResponse[];
  readonly destinationId: string | undefined;
  readonly count: (name: string) => void;
  readonly ui: Ui;
  form?: Form;
}

const DEFAULT_FORM_ID = "1EmulatedForm".padEnd(44, "0");

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export class FormService {
  readonly ItemType = ITEM_TYPE;
  readonly DestinationType = DESTINATION_TYPE;
  readonly #state: FormState;
  readonly #bound: boolean;

  constructor(state: FormState, bound: boolean) {
    this.#state = state;
    this.#bound = bound;
  }

  getActiveForm(): Form | null {
    return this.#bound ? this.#state.form! : null;
  }

  openById(id: string): Form {
    if (id !== this.#state.id) {
      throw gasException(
        `Unexpected error while getting the method or property openById on object FormApp.`,
      );
    }
    return this.#state.form!;
  }

  openByUrl(url: string): Form {
    const { id, publishedId } = this.#state;
    if (
      typeof url !== "string" ||
      !(url.includes(`/d/${id}/`) || url.includes(`/d/e/${publishedId}/`))
    ) {
      throw gasException(
        `Unexpected error while getting the method or property openByUrl on object FormApp.`,
      );
    }
    return this.#state.form!;
  }

  getUi(): Ui {
    return this.#state.ui;
  }

  toString(): string {
    return "FormApp";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#state.count(name),
      typeName: "FormApp",
    }));
  }
}

export class Form {
  readonly #state: FormState;

  constructor(state: FormState) {
    this.#state = state;
  }

  getId(): string {
    return this.#state.id;
  }

  getTitle(): string {
    return this.#state.fixture.title;
  }

  getItems(itemType?: string): Item[] {
    return this.#state.fixture.items
      .map((_, index) => new Item(this.#state, index))
      .filter(
        (_, index) => itemType === undefined || this.#state.fixture.items[index]!.type === itemType,
      );
  }

  getItemById(id: number): Item | null {
    const index = this.#state.itemIds.indexOf(id);
    return index < 0 ? null : new Item(this.#state, index);
  }

  getPublishedUrl(): string {
    return `https://docs.google.com/forms/d/e/${this.#state.publishedId}/viewform`;
  }

  getEditUrl(): string {
    return `https://docs.google.com/forms/d/${this.#state.id}/edit`;
  }

  collectsEmail(): boolean {
    return this.#state.fixture.collectsEmail === true;
  }

  getDestinationId(): string {
    return this.#destination();
  }

  getDestinationType(): string {
    this.#destination();
    return DESTINATION_TYPE.SPREADSHEET;
  }

  #destination(): string {
    if (this.#state.destinationId === undefined) {
      throw gasException("This form does not currently have a response destination.");
    }
    return this.#state.destinationId;
  }

  /** All responses, or those submitted at or after `timestamp`, oldest first. */
  getResponses(timestamp?: Date): FormResponse[] {
    const since = timestamp === undefined ? -Infinity : timestamp.getTime();
    return this.#state.responses
      .filter((r) => r.timestamp >= since)
      .map((r) => new FormResponse(this.#state, r));
  }

  getResponse(responseId: string): FormResponse {
    const stored = this.#state.responses.find((r) => r.id === responseId);
    if (!stored) {
      throw gasException(`No response with ID ${responseId} exists for this form.`);
    }
    return new FormResponse(this.#state, stored);
  }

  toString(): string {
    return "Form";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#state.count(name),
      typeName: "Form",
    }));
  }
}

export class Item {
  readonly #state: FormState;
  readonly #index: number;

  constructor(state: FormState, index: number) {
    this.#state = state;
    this.#index = index;
  }

  getId(): number {
    return this.#state.itemIds[this.#index]!;
  }

  getIndex(): number {
    return this.#index;
  }

  getTitle(): string {
    return this.#state.fixture.items[this.#index]!.title;
  }

  getType(): string {
    return this.#state.fixture.items[this.#index]!.type;
  }

  asGridItem(): GridItem {
    return new GridItem(this.#state, this.#as("GRID"), "GridItem");
  }

  asCheckboxGridItem(): GridItem {
    return new GridItem(this.#state, this.#as("CHECKBOX_GRID"), "CheckboxGridItem");
  }

  asScaleItem(): ScaleItem {
    return new ScaleItem(this.#state, this.#as("SCALE"));
  }

  #as(type: FormItemType): FormItemFixture {
    const item = this.#state.fixture.items[this.#index]!;
    // [ours]: Apps Script's wording for a cast to the wrong type is not documented.
    if (item.type !== type)
      throw gasException(`Item "${item.title}" is a ${item.type} item, not ${type}.`);
    return item;
  }

  toString(): string {
    return "Item";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#state.count(name),
      typeName: "Item",
    }));
  }
}

export class GridItem {
  readonly #state: FormState;
  readonly #item: FormItemFixture;
  readonly #name: string;

  constructor(state: FormState, item: FormItemFixture, name: string) {
    this.#state = state;
    this.#item = item;
    this.#name = name;
  }

  getRows(): string[] {
    return [...(this.#item.rows ?? [])];
  }

  getColumns(): string[] {
    return [...(this.#item.columns ?? [])];
  }

  toString(): string {
    return this.#name;
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#state.count(name),
      typeName: self.#name,
    }));
  }
}

export class ScaleItem {
  readonly #state: FormState;
  readonly #item: FormItemFixture;

  constructor(state: FormState, item: FormItemFixture) {
    this.#state = state;
    this.#item = item;
  }

  getLowerBound(): number {
    return this.#item.lowerBound ?? 1;
  }

  getUpperBound(): number {
    return this.#item.upperBound ?? 5;
  }

  toString(): string {
    return "ScaleItem";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#state.count(name),
      typeName: "ScaleItem",
    }));
  }
}

export class FormResponse {
  readonly #state: FormState;
  readonly #stored: StoredResponse;

  constructor(state: FormState, stored: StoredResponse) {
    this.#state = state;
    this.#stored = stored;
  }

  getId(): string {
    return this.#stored.id;
  }

  getTimestamp(): Date {
    return new Date(this.#stored.timestamp);
  }

  /** "" when the form does not collect emails. */
  getRespondentEmail(): string {
    return this.#stored.email;
  }

  getItemResponses(): ItemResponse[] {
    return this.#stored.answers.map(
      (answer) => new ItemResponse(this.#state, answer.itemIndex, answer.response),
    );
  }

  getResponseForItem(item: Item): ItemResponse | null {
    if (!(item instanceof Item))
      throw signatureMismatch("FormApp.FormResponse.getResponseForItem", [item]);
    const index = this.#state.itemIds.indexOf(item.getId());
    const answer = this.#stored.answers.find((a) => a.itemIndex === index);
    return answer ? new ItemResponse(this.#state, answer.itemIndex, answer.response) : null;
  }

  getEditResponseUrl(): string {
    return `https://docs.google.com/forms/d/e/${this.#state.publishedId}/viewform?edit2=${this.#stored.id}`;
  }

  toString(): string {
    return "FormResponse";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#state.count(name),
      typeName: "FormResponse",
    }));
  }
}

export class ItemResponse {
  readonly #state: FormState;
  readonly #itemIndex: number;
  readonly #response: StoredAnswer;

  constructor(state: FormState, itemIndex: number, response: StoredAnswer) {
    this.#state = state;
    this.#itemIndex = itemIndex;
    this.#response = response;
  }

  getItem(): Item {
    return new Item(this.#state, this.#itemIndex);
  }

  /**
   * A string; a list of the ticked choices (CHECKBOX) or of file ids (FILE_UPLOAD); a list with one
   * entry per row (GRID: the choice, CHECKBOX_GRID: a list; null for a row left blank).
   */
  getResponse(): StoredAnswer {
    return structuredClone(this.#response);
  }

  toString(): string {
    return "ItemResponse";
  }

  static {
    countedMethods(this, (self) => ({
      count: (name) => self.#state.count(name),
      typeName: "ItemResponse",
    }));
  }
}

/** Checks one answer against its item, as the form's own validation would. */
function checkedAnswer(
  formTitle: string,
  item: FormItemFixture,
  answer: SubmittedAnswer,
): StoredAnswer {
  const where = `form "${formTitle}", item "${item.title}" (${item.type})`;
  if (item.type === "GRID" || item.type === "CHECKBOX_GRID") {
    if (typeof answer !== "object" || Array.isArray(answer)) {
      throw new Error(
        `${where}: a grid answer is an object of row -> choice, like { "${item.rows?.[0] ?? "Row 1"}": "${item.columns?.[0] ?? "Column 1"}" }`,
      );
    }
    for (const [row, chosen] of Object.entries(answer)) {
      if (!(item.rows ?? []).includes(row)) throw new Error(`${where}: "${row}" is not a row`);
      const list = Array.isArray(chosen) ? chosen : [chosen];
      if (item.type === "GRID" && Array.isArray(chosen))
        throw new Error(`${where}: one choice per row`);
      const unknown = list.filter((c) => !(item.columns ?? []).includes(c));
      if (unknown.length > 0)
        throw new Error(`${where}: "${unknown.join('", "')}" is not a column`);
    }
    return (item.rows ?? []).map((row) => {
      const chosen = answer[row];
      if (chosen === undefined) return null;
      return item.type === "GRID"
        ? (chosen as string)
        : [...(Array.isArray(chosen) ? chosen : [chosen])];
    }) as StoredAnswer;
  }
  if (typeof answer === "object" && !Array.isArray(answer)) {
    throw new Error(`${where}: only grid items take an object of rows`);
  }
  const list = Array.isArray(answer) ? answer : [answer];
  const takesList = item.type === "CHECKBOX" || item.type === "FILE_UPLOAD";
  if (!takesList && Array.isArray(answer)) {
    throw new Error(`${where}: takes one answer, not a list`);
  }
  if (item.choices && ["MULTIPLE_CHOICE", "CHECKBOX", "LIST"].includes(item.type)) {
    const unknown = list.filter((choice) => !item.choices!.includes(choice));
    if (unknown.length > 0) {
      throw new Error(
        `${where}: "${unknown.join('", "')}" is not a choice; choices are "${item.choices.join('", "')}"`,
      );
    }
  }
  if (item.type === "SCALE") {
    const value = Number(list[0]);
    const [low, high] = [item.lowerBound ?? 1, item.upperBound ?? 5];
    if (!/^\d+$/.test(list[0] ?? "") || value < low || value > high) {
      throw new Error(
        `${where}: a scale answer is a whole number from ${low} to ${high} as text, like "4"`,
      );
    }
  }
  if (item.type === "DATE" && !/^\d{4}-\d{2}-\d{2}$/.test(list[0] ?? "")) {
    throw new Error(`${where}: a date answer is written YYYY-MM-DD, like "2026-01-05"`);
  }
  if (item.type === "DATETIME" && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(list[0] ?? "")) {
    throw new Error(
      `${where}: a date-time answer is written YYYY-MM-DD HH:MM, like "2026-01-05 13:45"`,
    );
  }
  if (item.type === "TIME" && !/^\d{2}:\d{2}$/.test(list[0] ?? "")) {
    throw new Error(`${where}: a time answer is written HH:MM, like "13:45"`);
  }
  if (item.type === "FILE_UPLOAD" && list.some((id) => !/^[A-Za-z0-9_-]{10,}$/.test(id))) {
    throw new Error(`${where}: an upload answer is a list of Drive file ids`);
  }
  return takesList ? [...list] : (answer as string);
}

/**
 * How Forms writes an answer into its responses sheet: one cell, or for a grid one cell per row
 * in columns titled "Question [Row]"; uploads as Drive "open" links.
 */
function sheetColumns(
  item: FormItemFixture,
  response: StoredAnswer | undefined,
  timeZone: string,
): { title: string; value: CellValue }[] {
  if (item.type === "GRID" || item.type === "CHECKBOX_GRID") {
    return (item.rows ?? []).map((row, i) => {
      const chosen = (response as (string | string[] | null)[] | undefined)?.[i];
      const value =
        chosen === null || chosen === undefined
          ? ""
          : Array.isArray(chosen)
            ? chosen.join(", ")
            : chosen;
      return { title: `${item.title} [${row}]`, value };
    });
  }
  if (response === undefined) return [{ title: item.title, value: "" }];
  const value = (): CellValue => {
    if (item.type === "FILE_UPLOAD") {
      return (response as string[])
        .map((id) => `https://drive.google.com/open?id=${id}`)
        .join(", ");
    }
    if (Array.isArray(response)) return response.join(", ");
    if (item.type === "SCALE") return Number(response);
    if (item.type === "DATE" || item.type === "DATETIME") {
      const [date = "", time = "00:00"] = (response as string).split(" ");
      const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
      const [hour = 0, minute = 0] = time.split(":").map(Number);
      return new Date(instantOf({ year, month, day, hour, minute, second: 0 }, timeZone));
    }
    return response as string;
  };
  return [{ title: item.title, value: value() }];
}

export function createFormApp(
  fixture: FormFixture,
  host: HostServices,
  spreadsheet?: SpreadsheetHandle,
  options: FormAppOptions = {},
): FormAppEmulation {
  if (fixture.linkedSheet !== undefined && !spreadsheet) {
    throw new Error(
      `Form "${fixture.title}" sends responses to sheet "${fixture.linkedSheet}", but no spreadsheet was given: pass the spreadsheet handle from createSpreadsheetApp.`,
    );
  }
  const titles = fixture.items.map((item) => item.title);
  const duplicate = titles.find((title, i) => titles.indexOf(title) !== i);
  if (duplicate !== undefined) {
    throw new Error(
      `Form "${fixture.title}" has two items titled "${duplicate}": submit() finds items by title, so make them unique.`,
    );
  }
  const ui = options.ui ?? createUi(host);
  const id = fixture.id ?? DEFAULT_FORM_ID;
  const state: FormState = {
    id,
    publishedId: "1FAIpQLS" + digest(`published:${id}`).toString("base64url").slice(0, 48),
    fixture: structuredClone(fixture),
    // Item ids are large positive integers, stable for a given form.
    itemIds: fixture.items.map(
      (_, i) => 100_000_000 + (digest(`item:${id}:${i}`).readUInt32BE(0) % 2_000_000_000),
    ),
    responses: [],
    destinationId: fixture.linkedSheet === undefined ? undefined : spreadsheet?.id,
    count: (name) => host.count(name),
    ui: ui.ui,
  };
  const form = new Form(state);
  state.form = form;

  const submit = (
    answers: Record<string, SubmittedAnswer>,
    submitOptions: SubmitOptions = {},
  ): Submission => {
    for (const title of Object.keys(answers)) {
      if (!titles.includes(title)) {
        throw new Error(
          `Form "${fixture.title}" has no item titled "${title}": its items are "${titles.join('", "')}".`,
        );
      }
    }
    if (fixture.collectsEmail && !submitOptions.email) {
      throw new Error(`Form "${fixture.title}" collects emails: pass { email } to submit().`);
    }
    const stored: StoredResponse = {
      id:
        "2_ABaOnu" +
        digest(`response:${id}:${state.responses.length}`).toString("base64url").slice(0, 40),
      timestamp: host.clock.now(),
      email: fixture.collectsEmail ? submitOptions.email! : "",
      answers: [],
    };
    fixture.items.forEach((item, itemIndex) => {
      const answer = answers[item.title];
      if (
        answer === undefined ||
        answer === "" ||
        (Array.isArray(answer) && answer.length === 0) ||
        (typeof answer === "object" && !Array.isArray(answer) && Object.keys(answer).length === 0)
      )
        return;
      stored.answers.push({ itemIndex, response: checkedAnswer(fixture.title, item, answer) });
    });
    state.responses.push(stored);

    const results = [
      ...host.fire({ kind: "FORMS", id }, "ON_FORM_SUBMIT", (triggerUid) => ({
        authMode: "FULL",
        response: new FormResponse(state, stored),
        source: form,
        triggerUid,
      })),
    ];

    if (fixture.linkedSheet !== undefined && spreadsheet) {
      const byIndex = new Map(stored.answers.map((a) => [a.itemIndex, a.response]));
      const columns: { title: string; value: CellValue }[] = [
        { title: "Timestamp", value: new Date(stored.timestamp) },
      ];
      if (fixture.collectsEmail) columns.push({ title: "Email Address", value: stored.email });
      fixture.items.forEach((item, index) => {
        columns.push(...sheetColumns(item, byIndex.get(index), spreadsheet.timeZone));
      });
      const row = spreadsheet.writeFormResponse(fixture.linkedSheet, columns);
      const makeEvent = (triggerUid: string): object => ({
        authMode: "FULL",
        namedValues: Object.fromEntries(
          row.header.map((title, i) => [title, [row.values[i] ?? ""]]),
        ),
        range: row.range,
        source: spreadsheet.scriptSpreadsheet,
        triggerUid,
        values: [...row.values],
      });
      const source = { kind: "SPREADSHEETS" as const, id: spreadsheet.id };
      const firings = submitOptions.firesTwice ? 2 : 1;
      for (let i = 0; i < firings; i++)
        results.push(...host.fire(source, "ON_FORM_SUBMIT", makeEvent));
    }
    return { responseId: stored.id, results };
  };

  return { service: new FormService(state, options.boundToForm ?? true), form: { id, submit }, ui };
}
