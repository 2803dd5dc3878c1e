// Sheets and Forms events as the rules see them: plain data, made from Apps Script's event
// objects by src/gas/events.ts.
import type { UploadedFile } from "./form-answers";

export interface EditEvent {
  readonly sheet: string;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
  /** Single-cell edits only: the value before ("" when the cell was empty). */
  readonly oldValue: string | undefined;
  readonly user: string | undefined;
}

export interface FormSubmission {
  readonly source: "form" | "sheet";
  /** The form's title, or the responses sheet's name. */
  readonly form: string;
  /** With source "sheet": the responses sheet and the response's row. */
  readonly sheet?: string;
  readonly row?: number;
  readonly responseId: string;
  readonly timestamp: string;
  readonly email: string | undefined;
  /** Question title and answer as text (see form-answers.ts), in form order. */
  readonly answers: readonly (readonly [string, string])[];
  /** The files of upload questions, by question title. */
  readonly files?: ReadonlyMap<string, readonly UploadedFile[]>;
  readonly url: string;
}

export interface ChangeEvent {
  readonly changeType: string;
  readonly spreadsheet: string;
  readonly url: string;
  readonly user: string | undefined;
}
