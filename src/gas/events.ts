// Apps Script's trigger event objects -> the plain events the rules take.
import type { SheetReader } from "../ports";
import type { ChangeEvent, EditEvent, FormSubmission } from "../rules/events";
import {
  filesByQuestion,
  readableAnswer,
  type AnswerWords,
  type FileNameReader,
  type RawAnswer,
} from "../rules/form-answers";
import { sheetRowSubmission } from "../rules/sheet-submission";

export type { FileNameReader };

type Edit = GoogleAppsScript.Events.SheetsOnEdit;
type Change = GoogleAppsScript.Events.SheetsOnChange;
type FormsSubmit = GoogleAppsScript.Events.FormsOnFormSubmit;
type SheetsSubmit = GoogleAppsScript.Events.SheetsOnFormSubmit;

function userEmail(user: GoogleAppsScript.Base.User | undefined): string | undefined {
  try {
    return user?.getEmail() || undefined;
  } catch {
    return undefined;
  }
}

/** `sheet` is the edited sheet's name, which the caller read to see whether any rule cares. */
export function toEditEvent(e: Edit, sheet: string): EditEvent {
  const range = e.range;
  const firstRow = range.getRow();
  const firstColumn = range.getColumn();
  const rows = range.getNumRows();
  const columns = range.getNumColumns();
  const single = rows === 1 && columns === 1;
  return {
    sheet,
    firstRow,
    lastRow: firstRow + rows - 1,
    firstColumn,
    lastColumn: firstColumn + columns - 1,
    // Apps Script leaves oldValue out when the cell was empty.
    oldValue: single ? (e.oldValue === undefined ? "" : String(e.oldValue)) : undefined,
    user: userEmail(e.user),
  };
}

export function toChangeEvent(e: Change): ChangeEvent {
  const spreadsheet = (e.source ??
    SpreadsheetApp.getActiveSpreadsheet()) as GoogleAppsScript.Spreadsheet.Spreadsheet;
  return {
    changeType: String(e.changeType),
    spreadsheet: spreadsheet.getName(),
    url: spreadsheet.getUrl(),
    user: userEmail(e.user),
  };
}

/** What FormApp says of one answer, with what its type needs to be read (a grid's rows...). */
function rawAnswer(itemResponse: GoogleAppsScript.Forms.ItemResponse): RawAnswer {
  const item = itemResponse.getItem();
  const type = String(item.getType());
  const response = itemResponse.getResponse() as string | string[] | string[][];
  switch (type) {
    case "GRID":
      return { type, rows: item.asGridItem().getRows(), response: response as string[] };
    case "CHECKBOX_GRID":
      return { type, rows: item.asCheckboxGridItem().getRows(), response: response as string[][] };
    case "SCALE":
      return { type, response: String(response), upperBound: item.asScaleItem().getUpperBound() };
    default:
      return { type, response: response as string | string[] };
  }
}

/** Forms onFormSubmit on the form itself: e.response. */
export function toFormSubmission(
  e: FormsSubmit,
  fileName?: FileNameReader,
  words?: AnswerWords,
): FormSubmission {
  const form = e.source;
  const response = e.response;
  const id = response.getId();
  const answers = response.getItemResponses().map((itemResponse) => ({
    title: itemResponse.getItem().getTitle(),
    answer: readableAnswer(rawAnswer(itemResponse), words, fileName),
  }));
  return {
    source: "form",
    form: form.getTitle(),
    responseId: id,
    timestamp: Utilities.formatDate(
      response.getTimestamp(),
      Session.getScriptTimeZone(),
      "yyyy-MM-dd HH:mm",
    ),
    email: response.getRespondentEmail() || undefined,
    answers: answers.map(({ title, answer }) => [title, answer.text] as const),
    files: filesByQuestion(answers),
    // The form's own responses view, for people who can edit the form: an edit-response link
    // would let anyone in the space change the answers.
    url: `${form.getEditUrl().replace(/\/edit.*$/, "")}/edit#response=${id}`,
  };
}

/** Sheets onFormSubmit on the spreadsheet that collects the responses: a new row. */
export function toSheetSubmission(
  e: SheetsSubmit,
  reader: SheetReader,
  fileName?: FileNameReader,
  words?: AnswerWords,
): FormSubmission | null {
  return sheetRowSubmission(
    reader,
    e.range.getSheet().getName(),
    e.range.getRow(),
    fileName,
    words,
  );
}
