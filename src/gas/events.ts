// Apps Script's trigger event objects -> the plain events the rules take.
import type { SheetReader } from "../ports";
import type { ChangeEvent, EditEvent, FormSubmission } from "../rules/events";
import {
  readableAnswer,
  readableSheetAnswers,
  type AnswerWords,
  type RawAnswer,
  type UploadedFile,
} from "../rules/form-answers";

/** An uploaded file's name, where Drive may be read (config.forms.fileNames); else undefined. */
export type FileNameReader = (id: string) => string | undefined;

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

function filesByQuestion(
  answers: readonly { title: string; answer: { files?: readonly UploadedFile[] } }[],
): Map<string, readonly UploadedFile[]> {
  return new Map(
    answers.flatMap(({ title, answer }) => (answer.files ? [[title, answer.files]] : [])),
  );
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
  const sheet = e.range.getSheet().getName();
  const row = e.range.getRow();
  const read = reader.read(sheet, 1, row, 1);
  if (read === null) return null;
  const cells = read.rows[0] ?? [];
  const columns: (readonly [string, string])[] = [];
  let timestamp = "";
  let email: string | undefined;
  read.headers.forEach((header, index) => {
    const value = cells[index] ?? "";
    if (header === "Timestamp") timestamp = value;
    else if (header === "Email Address") email = value || undefined;
    else if (header !== "") columns.push([header, value]);
  });
  const answers = readableSheetAnswers(columns, words, fileName);
  return {
    source: "sheet",
    form: sheet,
    sheet,
    row,
    // The row and its timestamp: the same for both firings of one submission, and never reused.
    responseId: `${sheet}!${row}@${timestamp}`,
    timestamp,
    email,
    answers: answers.map(({ title, answer }) => [title, answer.text] as const),
    files: filesByQuestion(answers),
    url: reader.rowUrl(sheet, row),
  };
}
