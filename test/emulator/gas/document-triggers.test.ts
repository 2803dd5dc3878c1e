import { projectOf } from "./project-fixture";

const script = `
  function setup() {
    var ss = SpreadsheetApp.getActiveSpreadsheet();
    ScriptApp.newTrigger("handleEdit").forSpreadsheet(ss).onEdit().create();
    ScriptApp.newTrigger("handleFormSubmit").forForm(FormApp.openById("${"form-1"}")).onFormSubmit().create();
  }
  function handleEdit(e) {
    return { a1: e.range.getA1Notation(), value: e.value, oldValue: e.oldValue, uid: e.triggerUid,
             sameBook: e.source.getId() === SpreadsheetApp.getActiveSpreadsheet().getId() };
  }
  function handleFormSubmit(e) { return e.response.getId(); }
  function writeFromScript() {
    SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Tasks").getRange("B2").setValue("written by script");
  }`;

describe("document triggers", () => {
  const load = () =>
    projectOf(script, {
      spreadsheet: {
        id: "sheet-1",
        sheets: {
          Tasks: [
            ["Task", "Status"],
            ["Ship it", "open"],
          ],
        },
      },
      form: { id: "form-1", title: "Requests", items: [{ title: "What?", type: "TEXT" }] },
    });

  it("runs an installed onEdit trigger when a person edits the bound spreadsheet", () => {
    const { project } = load();
    expect(project.run("setup").error).toBeUndefined();
    const results = project.spreadsheet!.edit({ sheet: "Tasks", range: "B2", values: "done" });
    const edit = results.find((r) => r.functionName === "handleEdit");
    expect(edit).toMatchObject({
      kind: "trigger",
      value: {
        a1: "B2",
        value: "done",
        oldValue: "open",
        uid: project.triggers[0]!.uid,
        sameBook: true,
      },
    });
    expect(project.triggers[0]).toMatchObject({
      source: "SPREADSHEETS",
      sourceId: "sheet-1",
      firings: 1,
    });
  });

  it("fires nothing when the script itself writes to the sheet", () => {
    const { project } = load();
    project.run("setup");
    project.run("writeFromScript");
    expect(project.executions.map((e) => e.functionName)).toEqual(["setup", "writeFromScript"]);
    expect(project.spreadsheet!.values("Tasks")[1]).toEqual(["Ship it", "written by script"]);
  });

  it("runs an installed form onFormSubmit trigger when a respondent submits", () => {
    const { project } = load();
    project.run("setup");
    const submission = project.form!.submit({ "What?": "A new laptop" });
    expect(submission.results.map((r) => [r.functionName, r.value])).toEqual([
      ["handleFormSubmit", submission.responseId],
    ]);
  });

  it("gives document properties to a script bound to a document", () => {
    const { project } = projectOf(
      `function store() { PropertiesService.getDocumentProperties().setProperty("k", "v");
                          return LockService.getDocumentLock() !== null && CacheService.getDocumentCache() !== null; }`,
      { spreadsheet: { sheets: { Sheet1: [] } } },
    );
    expect(project.run("store").value).toBe(true);
    expect(project.documentProperties?.get("k")).toBe("v");
  });
});
