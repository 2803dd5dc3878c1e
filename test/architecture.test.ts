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

describe("the entry file (src/main.ts)", () => {
  const code = readFileSync(path.join(SRC, "main.ts"), "utf8");

  it("imports only the application, the config and the Apps Script adapters", () => {
    const sources = [...code.matchAll(/^import[^;]*?from "([^"]+)";/gms)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(2);
    expect(sources.filter((s) => !/^\.\/(app(\/.*)?|config|gas\/[\w-]+)$/.test(s!))).toEqual([]);
  });

  // A handler adapts its event and shows the report: a few lines; logic goes to src/app.
  it("keeps every exported function to a few lines", () => {
    const bodies = [...withoutComments(code).matchAll(/^export function (\w+)[\s\S]*?\n}\n/gm)];
    expect(bodies.length).toBeGreaterThan(15);
    const long = bodies
      .map((m) => ({ name: m[1], lines: m[0].trim().split("\n").length - 2 }))
      .filter((f) => f.lines > 10);
    expect(long).toEqual([]);
  });

  it("defines no function of its own but the event check and the report display", () => {
    const helpers = [...code.matchAll(/^function (\w+)/gm)].map((m) => m[1]);
    expect(helpers.sort()).toEqual(["app", "requireEvent", "shown"]);
  });
});

describe("the application (src/app)", () => {
  it("reaches Apps Script only through its ports: no core file imports src/gas", () => {
    const offenders = sourceFiles(SRC).filter((file) => {
      const relative = path.relative(SRC, file);
      if (relative.startsWith(`gas${path.sep}`) || relative === "main.ts") return false;
      return /from "(\.\.?\/)+gas\//.test(readFileSync(file, "utf8"));
    });
    expect(offenders.map((file) => path.relative(SRC, file))).toEqual([]);
  });
});

describe("the rules (src/rules)", () => {
  // Rules return notifications (and a digest its cursor); only the application hands them on.
  it("never deliver: no rule calls the outbox", () => {
    const offenders = sourceFiles(path.join(SRC, "rules")).filter((file) =>
      /\b(acceptAndDeliver|drainOutbox|withOutbox)\b/.test(
        withoutComments(readFileSync(file, "utf8")),
      ),
    );
    expect(offenders.map((file) => path.relative(SRC, file))).toEqual([]);
  });
});

describe("the trigger handlers' names", () => {
  const HANDLERS = [
    "handleEdit",
    "handleChange",
    "handleFormSubmit",
    "runDigests",
    "deliverOutbox",
  ];

  it("are written once, in src/triggers/handlers.ts", () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => path.relative(SRC, file) !== path.join("triggers", "handlers.ts"))
      .filter((file) => {
        const code = withoutComments(readFileSync(file, "utf8"));
        return HANDLERS.some((name) => code.includes(`"${name}"`));
      });
    expect(offenders.map((file) => path.relative(SRC, file))).toEqual([]);
  });
});
