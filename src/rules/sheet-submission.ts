// A row of a responses sheet as the form submission it records: what the Sheets onFormSubmit
// trigger hands the form rules, and what a preview of a selected response row shows.
import type { SheetReader } from "../ports";
import type { FormSubmission } from "./events";
import {
  filesByQuestion,
  readableSheetAnswers,
  type AnswerWords,
  type FileNameReader,
} from "./form-answers";

export function sheetRowSubmission(
  reader: SheetReader,
  sheet: string,
  row: number,
  fileName?: FileNameReader,
  words?: AnswerWords,
): FormSubmission | null {
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
