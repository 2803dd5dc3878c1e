// A service's error must be the script's own: Apps Script code tests `e instanceof Error`, and an
// error made in the emulator's (host) realm would fail that test inside the script's realm.
import { projectOf } from "./project-fixture";

// Runs `call` in the script and reports how the script sees what it threw.
const CATCHING = (call: string) => `
  function attempt() {
    try {
      ${call};
      return { thrown: false };
    } catch (e) {
      return { thrown: true, isError: e instanceof Error, name: e.name, message: e.message, details: e.details };
    }
  }`;

describe("errors thrown to the script", () => {
  it.each([
    ["DriveApp (a missing file)", `DriveApp.getFileById("no-such-file")`, "Exception"],
    ["HtmlService (wrong parameters)", `HtmlService.createHtmlOutput(42)`, "Exception"],
    [
      "Utilities (a bad date pattern)",
      `Utilities.formatDate(new Date(), "UTC", "qq")`,
      "Exception",
    ],
    [
      "SpreadsheetApp (a bad A1 range)",
      `SpreadsheetApp.getActive().getSheetByName("Log").getRange("not a range")`,
      "Exception",
    ],
  ])("come from the script's realm: %s", (_, call, name) => {
    const { project } = projectOf(CATCHING(call), {
      spreadsheet: { sheets: { Log: [["a"]] } },
    });
    const result = project.run("attempt");
    expect(result.error).toBeUndefined();
    expect(result.value).toMatchObject({ thrown: true, isError: true, name });
  });

  it("keep an advanced service's own name and fields", () => {
    const { project } = projectOf(
      CATCHING(`People.People.searchDirectoryPeople({ query: "a", readMask: "names" })`),
      {
        manifest: {
          timeZone: "Europe/Paris",
          dependencies: {
            enabledAdvancedServices: [
              { userSymbol: "People", serviceId: "peopleapi", version: "v1" },
            ],
          },
        },
      },
    );
    expect(project.run("attempt").value).toEqual({
      thrown: true,
      isError: true,
      name: "GoogleJsonResponseException",
      message:
        "API call to people.people.searchDirectoryPeople failed with error: Request had insufficient authentication scopes.",
      details: { code: 403, message: "Request had insufficient authentication scopes." },
    });
  });

  it("still fail the execution with the service's message when the script does not catch them", () => {
    const { project } = projectOf(`function open() { DriveApp.getFileById("gone"); }`);
    expect(project.run("open").error?.message).toBe(
      "No item with the given ID could be found. Or you do not have permission to access it.",
    );
  });
});
