import { HtmlService } from "../../../emulator/gas/services/html-service";
import { createSpreadsheetApp } from "../../../emulator/gas/documents/spreadsheet";
import { createUi } from "../../../emulator/gas/documents/ui";
import { fakeHost } from "../../doubles/fake-host";

function setUp() {
  const { host, calls } = fakeHost(Date.UTC(2026, 0, 5));
  return { calls, host, html: new HtmlService(host.count), ...createUi(host) };
}

describe("emulated HtmlService and HTML dialogs", () => {
  test("a modal dialog is recorded with its HTML, title and size", () => {
    const { ui, html, htmlDialogs, calls } = setUp();
    const output = html.createHtmlOutput("<p>one</p>").append("<p>two</p>").setWidth(800);
    ui.showModalDialog(output, "Preview");
    expect(htmlDialogs).toEqual([
      { kind: "modal", title: "Preview", html: "<p>one</p><p>two</p>", width: 800, height: 400 },
    ]);
    expect(calls).toEqual([
      "HtmlService.createHtmlOutput",
      "HtmlOutput.append",
      "HtmlOutput.setWidth",
      "Ui.showModalDialog",
    ]);
  });

  test("a sidebar takes its title from the output; wrong arguments fail as Apps Script does", () => {
    const { ui, html, htmlDialogs } = setUp();
    ui.showSidebar(html.createHtmlOutput("x").setTitle("Side"));
    expect(htmlDialogs[0]).toMatchObject({ kind: "sidebar", title: "Side", html: "x" });
    expect(() => ui.showModalDialog("<p>raw</p>", "t")).toThrow(
      "The parameters (String,String) don't match the method signature for Ui.showModalDialog.",
    );
    expect(() => html.createHtmlOutput(42)).toThrow("HtmlService.createHtmlOutput");
  });
});

describe("the spreadsheet's selection", () => {
  function sheets() {
    const { host } = setUp();
    return createSpreadsheetApp(
      { sheets: { First: [["a"]], Tasks: [["ID"], ["T-1"], ["T-2"], ["T-3"]] } },
      host,
    );
  }

  test("is A1 of the first sheet until the person selects something", () => {
    const { service } = sheets();
    expect(service.getActiveSheet().getName()).toBe("First");
    expect(service.getActiveRange().getA1Notation()).toBe("A1");
  });

  test("a multi-selection is a RangeList; getActiveRange is its last range", () => {
    const { service, spreadsheet } = sheets();
    spreadsheet.select("Tasks", ["A2:B2", "A4"]);
    const ranges = service.getActiveRangeList().getRanges();
    expect(ranges.map((r) => r.getA1Notation())).toEqual(["A2:B2", "A4"]);
    expect(ranges[0]!.getSheet().getName()).toBe("Tasks");
    expect(service.getActiveRange().getA1Notation()).toBe("A4");
    expect(service.getActiveSpreadsheet().getActiveSheet().getName()).toBe("Tasks");
    expect(() => spreadsheet.select("Nope", "A1")).toThrow('no sheet named "Nope"');
  });
});
