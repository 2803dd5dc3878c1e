import { fakeHost } from "../../doubles/fake-host";
import {
  createFormApp,
  type FormFixture,
  type FormResponse,
} from "../../../emulator/gas/documents/form";
import {
  createSpreadsheetApp,
  type Range,
  type Spreadsheet,
} from "../../../emulator/gas/documents/spreadsheet";

const REQUEST_FORM: FormFixture = {
  id: "1RequestFormId",
  title: "Access request",
  collectsEmail: true,
  linkedSheet: "Form Responses 1",
  items: [
    { title: "Name", type: "TEXT" },
    { title: "Why", type: "PARAGRAPH_TEXT" },
    { title: "Team", type: "MULTIPLE_CHOICE", choices: ["Ops", "開発チーム"] },
    { title: "Systems", type: "CHECKBOX", choices: ["Chat", "Drive", "Sheets"] },
    { title: "Urgency", type: "SCALE" },
    { title: "Start", type: "DATE" },
  ],
};

function setUp(fixture: FormFixture = REQUEST_FORM) {
  const fake = fakeHost(Date.UTC(2026, 0, 5, 8, 0, 0));
  const sheets = createSpreadsheetApp(
    { id: "1ResponsesSheetId", sheets: { Notes: [] } },
    fake.host,
  );
  const forms = createFormApp(fixture, fake.host, sheets.spreadsheet);
  return { ...fake, sheets, forms };
}

describe("emulated FormApp", () => {
  test("the form and its items describe themselves", () => {
    const { forms, calls } = setUp();
    const form = forms.service.getActiveForm()!;
    expect(form.getId()).toBe("1RequestFormId");
    expect(form.getTitle()).toBe("Access request");
    expect(form.collectsEmail()).toBe(true);
    expect(form.getDestinationId()).toBe("1ResponsesSheetId");
    expect(form.getEditUrl()).toBe("https://docs.google.com/forms/d/1RequestFormId/edit");
    expect(form.getPublishedUrl()).toMatch(
      /^https:\/\/docs\.google\.com\/forms\/d\/e\/1FAIpQLS[\w-]+\/viewform$/,
    );
    const items = form.getItems();
    expect(items.map((i) => [i.getIndex(), i.getTitle(), i.getType()])).toEqual([
      [0, "Name", "TEXT"],
      [1, "Why", "PARAGRAPH_TEXT"],
      [2, "Team", "MULTIPLE_CHOICE"],
      [3, "Systems", "CHECKBOX"],
      [4, "Urgency", "SCALE"],
      [5, "Start", "DATE"],
    ]);
    const ids = items.map((i) => i.getId());
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(new Set(ids).size).toBe(6);
    expect(items[3]!.getType()).toBe(forms.service.ItemType.CHECKBOX);
    expect(form.getItems(forms.service.ItemType.SCALE).map((i) => i.getTitle())).toEqual([
      "Urgency",
    ]);
    expect(calls.slice(0, 3)).toEqual(["FormApp.getActiveForm", "Form.getId", "Form.getTitle"]);
  });

  test("a form without a destination says so, as Apps Script does", () => {
    const fake = fakeHost(Date.UTC(2026, 0, 5, 8, 0, 0));
    const { service } = createFormApp(
      { title: "Feedback", items: [{ title: "Comment", type: "TEXT" }] },
      fake.host,
    );
    expect(() => service.getActiveForm()!.getDestinationId()).toThrow(
      "This form does not currently have a response destination.",
    );
    expect(() => createFormApp(REQUEST_FORM, fake.host)).toThrow("no spreadsheet was given");
  });

  test("a submission fires the form's trigger with the response, answered items only", () => {
    const { forms, fired } = setUp();
    const { responseId, results } = forms.form.submit(
      { Name: "Ana", Team: "Ops", Systems: ["Chat", "Sheets"], Urgency: "4", Start: "2026-01-12" },
      { email: "ana@example.com" },
    );
    const formEvents = fired.filter((f) => f.source.kind === "FORMS");
    expect(formEvents.map((f) => [f.source.id, f.eventType])).toEqual([
      ["1RequestFormId", "ON_FORM_SUBMIT"],
    ]);
    const event = formEvents[0]!.event;
    expect(Object.keys(event).sort()).toEqual(["authMode", "response", "source", "triggerUid"]);
    expect(event.authMode).toBe("FULL");
    const response = event.response as FormResponse;
    expect(response.getId()).toBe(responseId);
    expect(response.getRespondentEmail()).toBe("ana@example.com");
    expect(response.getTimestamp()).toEqual(new Date(Date.UTC(2026, 0, 5, 8, 0, 0)));
    expect(
      response.getItemResponses().map((r) => [r.getItem().getTitle(), r.getResponse()]),
    ).toEqual([
      ["Name", "Ana"],
      ["Team", "Ops"],
      ["Systems", ["Chat", "Sheets"]],
      ["Urgency", "4"],
      ["Start", "2026-01-12"],
    ]);
    expect(response.getEditResponseUrl()).toContain(`viewform?edit2=${responseId}`);
    expect(results.map((r) => r.functionName)).toEqual([
      "handleFormSubmit (FORMS)",
      "handleFormSubmit (SPREADSHEETS)",
    ]);

    const form = forms.service.getActiveForm()!;
    expect(form.getResponses().map((r) => r.getId())).toEqual([responseId]);
    expect(form.getResponse(responseId).getRespondentEmail()).toBe("ana@example.com");
    expect(() => form.getResponse("2_missing")).toThrow(
      "No response with ID 2_missing exists for this form.",
    );
  });

  test("the responses sheet gets a header on first use, then one row per response", () => {
    const { forms, sheets, fired } = setUp();
    forms.form.submit(
      { Name: "Ana", Systems: ["Chat", "Drive"], Urgency: "5", Start: "2026-01-12" },
      { email: "ana@example.com" },
    );
    const events = fired.filter((f) => f.source.kind === "SPREADSHEETS");
    expect(events.map((f) => [f.source.id, f.eventType])).toEqual([
      ["1ResponsesSheetId", "ON_FORM_SUBMIT"],
    ]);
    const event = events[0]!.event;
    expect(event.namedValues).toEqual({
      Timestamp: ["1/5/2026 3:00:00"],
      "Email Address": ["ana@example.com"],
      Name: ["Ana"],
      Why: [""],
      Team: [""],
      Systems: ["Chat, Drive"],
      Urgency: ["5"],
      Start: ["1/12/2026"],
    });
    expect(event.values).toEqual([
      "1/5/2026 3:00:00",
      "ana@example.com",
      "Ana",
      "",
      "",
      "Chat, Drive",
      "5",
      "1/12/2026",
    ]);
    expect((event.range as Range).getA1Notation()).toBe("A2:H2");
    expect((event.source as Spreadsheet).getId()).toBe("1ResponsesSheetId");

    const [header, row] = sheets.spreadsheet.values("Form Responses 1");
    expect(header).toEqual([
      "Timestamp",
      "Email Address",
      "Name",
      "Why",
      "Team",
      "Systems",
      "Urgency",
      "Start",
    ]);
    expect(row).toEqual([
      new Date(Date.UTC(2026, 0, 5, 8, 0, 0)),
      "ana@example.com",
      "Ana",
      "",
      "",
      "Chat, Drive",
      5,
      new Date(Date.UTC(2026, 0, 12, 5, 0, 0)),
    ]);
    const responses = sheets.service.getActive().getSheetByName("Form Responses 1")!;
    expect(responses.getFrozenRows()).toBe(1);

    forms.form.submit({ Name: "Bo" }, { email: "bo@example.com" });
    expect(sheets.spreadsheet.values("Form Responses 1").map((r) => r[2])).toEqual([
      "Name",
      "Ana",
      "Bo",
    ]);
    expect((fired.at(-1)!.event.range as Range).getA1Notation()).toBe("A3:H3");
  });

  test("firesTwice fires the spreadsheet's trigger twice for one submission", () => {
    const { forms, fired, sheets } = setUp();
    const { results } = forms.form.submit(
      { Name: "Ana" },
      { email: "ana@example.com", firesTwice: true },
    );
    const sheetEvents = fired.filter((f) => f.source.kind === "SPREADSHEETS").map((f) => f.event);
    expect(sheetEvents).toHaveLength(2);
    expect(sheetEvents[0]!.values).toEqual(sheetEvents[1]!.values);
    expect(sheetEvents[0]!.triggerUid).not.toBe(sheetEvents[1]!.triggerUid);
    expect(results).toHaveLength(3);
    expect(sheets.spreadsheet.values("Form Responses 1")).toHaveLength(2);
  });

  test("CJK and emoji answers arrive unchanged everywhere", () => {
    const { forms, fired, sheets } = setUp();
    const why = "急ぎです 🚀 — 締め切りは金曜日 👩🏽‍💻";
    forms.form.submit(
      { Name: "山田 太郎", Why: why, Team: "開発チーム" },
      { email: "taro@example.jp" },
    );
    const response = fired[0]!.event.response as FormResponse;
    expect(response.getItemResponses().map((r) => r.getResponse())).toEqual([
      "山田 太郎",
      why,
      "開発チーム",
    ]);
    expect((fired[1]!.event.namedValues as Record<string, string[]>).Why).toEqual([why]);
    expect(sheets.spreadsheet.values("Form Responses 1")[1]!.slice(2, 5)).toEqual([
      "山田 太郎",
      why,
      "開発チーム",
    ]);
  });

  test("submissions that the form would not accept are refused with the reason", () => {
    const { forms } = setUp();
    expect(() => forms.form.submit({ Nmae: "Ana" }, { email: "a@example.com" })).toThrow(
      'Form "Access request" has no item titled "Nmae"',
    );
    expect(() => forms.form.submit({ Team: "Sales" }, { email: "a@example.com" })).toThrow(
      '"Sales" is not a choice',
    );
    expect(() => forms.form.submit({ Name: "Ana" })).toThrow("collects emails: pass { email }");
    expect(() => forms.form.submit({ Start: "12/1/2026" }, { email: "a@example.com" })).toThrow(
      "YYYY-MM-DD",
    );
    expect(forms.service.getActiveForm()!.getResponses()).toEqual([]);
  });

  test("a form that does not collect emails reports an empty respondent email", () => {
    const fake = fakeHost(Date.UTC(2026, 0, 5, 8, 0, 0));
    const { form, service } = createFormApp(
      { title: "Feedback", items: [{ title: "Comment", type: "TEXT" }] },
      fake.host,
    );
    form.submit({ Comment: "Great" }, { email: "ignored@example.com" });
    expect(service.getActiveForm()!.getResponses()[0]!.getRespondentEmail()).toBe("");
    expect(fake.fired.map((f) => f.source.kind)).toEqual(["FORMS"]);
  });

  describe("grids, uploads, scales and dates", () => {
    const FULL: FormFixture = {
      id: "1FullFormId",
      title: "Full",
      linkedSheet: "Form Responses 1",
      items: [
        { title: "Rate", type: "GRID", rows: ["Speed", "Price"], columns: ["Good", "Poor"] },
        { title: "Slots", type: "CHECKBOX_GRID", rows: ["Mon", "Tue"], columns: ["AM", "PM"] },
        { title: "Files", type: "FILE_UPLOAD" },
        { title: "Score", type: "SCALE", lowerBound: 0, upperBound: 10 },
        { title: "When", type: "DATETIME" },
      ],
    };
    const answers = {
      Rate: { Price: "Poor" },
      Slots: { Mon: ["AM", "PM"] },
      Files: ["1FileIdAAAAAAAA", "1FileIdBBBBBBBB"],
      Score: "10",
      When: "2026-01-05 13:45",
    };

    test("getResponse gives a grid one entry per row (null when blank) and uploads as ids", () => {
      const { forms } = setUp(FULL);
      forms.form.submit(answers);
      const [response] = forms.service.getActiveForm()!.getResponses();
      const items = response!.getItemResponses();
      expect(items.map((i) => [i.getItem().getTitle(), i.getResponse()])).toEqual([
        ["Rate", [null, "Poor"]],
        ["Slots", [["AM", "PM"], null]],
        ["Files", ["1FileIdAAAAAAAA", "1FileIdBBBBBBBB"]],
        ["Score", "10"],
        ["When", "2026-01-05 13:45"],
      ]);
      const [rate, slots, , score] = items.map((i) => i.getItem());
      expect(rate!.asGridItem().getRows()).toEqual(["Speed", "Price"]);
      expect(slots!.asCheckboxGridItem().getColumns()).toEqual(["AM", "PM"]);
      expect([score!.asScaleItem().getLowerBound(), score!.asScaleItem().getUpperBound()]).toEqual([
        0, 10,
      ]);
      expect(() => rate!.asScaleItem()).toThrow('Item "Rate" is a GRID item, not SCALE.');
    });

    test("the responses sheet gets a column per grid row and uploads as Drive links", () => {
      const { forms, sheets } = setUp(FULL);
      forms.form.submit(answers);
      const sheet = sheets.service.getActive().getSheetByName("Form Responses 1")!;
      const [header, row] = sheet.getDataRange().getDisplayValues();
      expect(header).toEqual([
        "Timestamp",
        "Rate [Speed]",
        "Rate [Price]",
        "Slots [Mon]",
        "Slots [Tue]",
        "Files",
        "Score",
        "When",
      ]);
      expect(row!.slice(1)).toEqual([
        "",
        "Poor",
        "AM, PM",
        "",
        "https://drive.google.com/open?id=1FileIdAAAAAAAA, https://drive.google.com/open?id=1FileIdBBBBBBBB",
        "10",
        expect.stringMatching(/^1\/5\/2026 13:45:00$/),
      ]);
    });

    test.each([
      [{ Rate: { Speed: ["Good", "Poor"] } }, "one choice per row"],
      [{ Rate: { Quality: "Good" } }, '"Quality" is not a row'],
      [{ Slots: { Mon: ["Noon"] } }, '"Noon" is not a column'],
      [{ Files: ["../etc/passwd"] }, "a list of Drive file ids"],
      [{ Score: "11" }, "from 0 to 10"],
      [{ When: "2026-01-05" }, "YYYY-MM-DD HH:MM"],
    ])("refuses %j", (bad, message) => {
      const { forms } = setUp(FULL);
      expect(() => forms.form.submit(bad)).toThrow(message);
    });
  });
});
