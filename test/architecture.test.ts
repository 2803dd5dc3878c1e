import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const SRC = path.join(__dirname, "..", "src");

// Apps Script's global services; only the adapters (src/gas) and the entry file may name them.
const APPS_SCRIPT_GLOBALS = [
  "UrlFetchApp",
  "PropertiesService",
  "CacheService",
  "LockService",
  "ScriptApp",
  "SpreadsheetApp",
  "FormApp",
  "Utilities",
  "Session",
  "Logger",
  "HtmlService",
  "ContentService",
  "MailApp",
  "GmailApp",
  "DriveApp",
  "DocumentApp",
  "Browser",
  "GoogleAppsScript",
  "People",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

describe("the core", () => {
  const coreFiles = sourceFiles(SRC).filter((file) => {
    const relative = path.relative(SRC, file);
    return !relative.startsWith(`gas${path.sep}`) && relative !== "main.ts";
  });

  it("has files to check", () => {
    expect(coreFiles.length).toBeGreaterThan(5);
  });

  // A service is used through its members (`UrlFetchApp.fetch`); the port named Logger is not one.
  it.each(APPS_SCRIPT_GLOBALS)("never uses %s outside src/gas and src/main.ts", (name) => {
    const offenders = coreFiles.filter((file) =>
      new RegExp(`(?<![\\w.])${name}\\s*\\.`).test(withoutComments(readFileSync(file, "utf8"))),
    );
    expect(offenders.map((file) => path.relative(SRC, file))).toEqual([]);
  });
});
