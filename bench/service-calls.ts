// Service calls by service, from an execution's counted calls.
const SPREADSHEET_CLASSES = /^(SpreadsheetApp|Spreadsheet|Sheet|Range)\./;
const PROPERTIES_CLASSES = /^(PropertiesService|Properties)\./;

function sum(calls: Readonly<Record<string, number>>, pattern: RegExp): number {
  return Object.entries(calls)
    .filter(([name]) => pattern.test(name))
    .reduce((total, [, count]) => total + count, 0);
}

/** Calls of SpreadsheetApp and the objects it returns (Spreadsheet, Sheet, Range). */
export function spreadsheetCalls(calls: Readonly<Record<string, number>>): number {
  return sum(calls, SPREADSHEET_CLASSES);
}

/** Calls of PropertiesService and the Properties it returns. */
export function propertiesCalls(calls: Readonly<Record<string, number>>): number {
  return sum(calls, PROPERTIES_CLASSES);
}
