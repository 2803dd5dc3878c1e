// Form answers as people read them: uploads as links to the files, grids as "row: answer" lines,
// several ticked boxes as a list, scales against their top, dates written out. Both sources come
// here: a form-bound script's ItemResponses (typed) and a responses sheet's row (displayed text).
import { ENGLISH } from "../i18n/texts";

/** A file uploaded with a response: its Drive id and, where Drive may be read, its name. */
export interface UploadedFile {
  readonly id: string;
  readonly name?: string;
}

/** One answer of a form-bound response, as FormApp gives it. */
export type RawAnswer =
  | { readonly type: "FILE_UPLOAD"; readonly response: readonly string[] }
  | {
      readonly type: "GRID" | "CHECKBOX_GRID";
      readonly rows: readonly string[];
      /** GRID: one choice per row; CHECKBOX_GRID: a list per row; null for a row left blank. */
      readonly response: readonly (string | readonly string[] | null)[];
    }
  | { readonly type: "SCALE"; readonly response: string; readonly upperBound: number }
  | { readonly type: string; readonly response: string | readonly string[] };

/** An uploaded file's name, where Drive may be read (config.forms.fileNames); else undefined. */
export type FileNameReader = (id: string) => string | undefined;

/** The files of the upload questions, by question title. */
export function filesByQuestion(
  answers: readonly { title: string; answer: ReadableAnswer }[],
): Map<string, readonly UploadedFile[]> {
  return new Map(
    answers.flatMap(({ title, answer }) => (answer.files ? [[title, answer.files] as const] : [])),
  );
}

export interface ReadableAnswer {
  readonly text: string;
  readonly files?: readonly UploadedFile[];
}

/** Drive ids are letters, digits, `-` and `_`; anything else is not taken for one. */
const DRIVE_ID = /^[A-Za-z0-9_-]{10,200}$/;
const DRIVE_OPEN_URL = /^https:\/\/drive\.google\.com\/open\?id=([A-Za-z0-9_-]{10,200})$/;

/** The link this project makes for an upload: built from the id, so it can only open Drive. */
export function driveFileUrl(id: string): string {
  return `https://drive.google.com/open?id=${id}`;
}

export interface AnswerWords {
  /** "File 2": the label of an upload whose name cannot be read. */
  readonly file: (n: number) => string;
  /** "January 5, 2026" for 2026-01-05. */
  readonly date: (year: number, month: number, day: number) => string;
}

function list(choices: readonly string[]): string {
  return choices.length > 1 ? choices.map((c) => `• ${c}`).join("\n") : (choices[0] ?? "");
}

function writtenDate(text: string, words: AnswerWords): string {
  return text.replace(/^(\d{4})-(\d{2})-(\d{2})/, (_all, y: string, m: string, d: string) =>
    words.date(Number(y), Number(m), Number(d)),
  );
}

export function fileLabels(
  files: readonly UploadedFile[],
  words: AnswerWords,
): { file: UploadedFile; label: string }[] {
  return files.map((file, index) => ({ file, label: file.name || words.file(index + 1) }));
}

/** A form-bound answer as text (and its files). */
export function readableAnswer(
  answer: RawAnswer,
  words: AnswerWords = ENGLISH,
  fileName: (id: string) => string | undefined = () => undefined,
): ReadableAnswer {
  switch (answer.type) {
    case "FILE_UPLOAD": {
      const ids = (answer.response as readonly string[]).filter((id) => DRIVE_ID.test(id));
      const files = ids.map((id) => {
        const name = fileName(id);
        return name === undefined ? { id } : { id, name };
      });
      return {
        text: fileLabels(files, words)
          .map((f) => f.label)
          .join(", "),
        files,
      };
    }
    case "GRID":
    case "CHECKBOX_GRID": {
      const { rows, response } = answer as Extract<RawAnswer, { rows: readonly string[] }>;
      const lines = rows.flatMap((row, i) => {
        const chosen = response[i];
        if (chosen === null || chosen === undefined || chosen.length === 0) return [];
        return [`${row}: ${typeof chosen === "string" ? chosen : chosen.join(", ")}`];
      });
      return { text: lines.join("\n") };
    }
    case "SCALE": {
      const { response, upperBound } = answer as Extract<RawAnswer, { upperBound: number }>;
      return { text: `${response} / ${upperBound}` };
    }
    case "DATE":
    case "DATETIME":
      return { text: writtenDate(String(answer.response), words) };
    default: {
      const response = answer.response;
      return { text: typeof response === "string" ? response : list(response as string[]) };
    }
  }
}

/**
 * A responses sheet's row: a grid's rows are columns "Question [Row]" (Sheets' naming), joined
 * back into one answer; a cell of nothing but Drive links is an upload. Other cells are kept as
 * displayed (a checkbox answer there is already "A, B": the sheet does not say it is a list).
 */
export function readableSheetAnswers(
  columns: readonly (readonly [string, string])[],
  words: AnswerWords = ENGLISH,
  fileName: (id: string) => string | undefined = () => undefined,
): { title: string; answer: ReadableAnswer }[] {
  const out: { title: string; answer: ReadableAnswer; lines?: string[] }[] = [];
  const grids = new Map<string, { title: string; answer: ReadableAnswer; lines?: string[] }>();
  for (const [header, value] of columns) {
    const grid = /^(.+) \[(.+)\]$/.exec(header);
    if (grid) {
      const [, title, row] = grid as unknown as [string, string, string];
      let entry = grids.get(title);
      if (!entry) {
        entry = { title, answer: { text: "" }, lines: [] };
        grids.set(title, entry);
        out.push(entry);
      }
      if (value !== "") entry.lines!.push(`${row}: ${value}`);
      continue;
    }
    const urls = value === "" ? [] : value.split(/,\s*/);
    const ids = urls.map((url) => DRIVE_OPEN_URL.exec(url)?.[1]);
    if (urls.length > 0 && ids.every((id) => id !== undefined)) {
      out.push({
        title: header,
        answer: readableAnswer({ type: "FILE_UPLOAD", response: ids as string[] }, words, fileName),
      });
    } else {
      out.push({ title: header, answer: { text: value } });
    }
  }
  return out.map((entry) =>
    entry.lines ? { title: entry.title, answer: { text: entry.lines.join("\n") } } : entry,
  );
}
