// What the person is looking at when they choose "Preview for the selected rows": the selected
// ranges of the active sheet, or in a form-bound script the form's latest response.
import type { PreviewTarget } from "../preview/preview";
import { toFormSubmission } from "./events";
import { activeSpreadsheet } from "./sheets";

export function activePreviewTarget(): PreviewTarget {
  const spreadsheet = activeSpreadsheet();
  if (spreadsheet) {
    const list = spreadsheet.getActiveRangeList();
    const active = spreadsheet.getActiveRange();
    const ranges = list ? list.getRanges() : active ? [active] : [];
    return {
      kind: "rows",
      sheet: (ranges[0]?.getSheet() ?? spreadsheet.getActiveSheet()).getName(),
      ranges: ranges.map((range) => ({
        firstRow: range.getRow(),
        lastRow: range.getLastRow(),
        firstColumn: range.getColumn(),
        lastColumn: range.getLastColumn(),
      })),
    };
  }
  const form = FormApp.getActiveForm();
  const responses = form.getResponses();
  const latest = responses[responses.length - 1];
  return {
    kind: "response",
    submission:
      latest === undefined
        ? null
        : toFormSubmission({
            source: form,
            response: latest,
          } as GoogleAppsScript.Events.FormsOnFormSubmit),
  };
}
