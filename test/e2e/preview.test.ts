// "Preview for the selected rows" and "Preview digests" on dist/Code.js: the dialog shows what the
// rules and digests would send, drawn by the renderer, and nothing is queued or sent.
import type { ExecutionResult } from "../../emulator/gas/runtime/host";
import type { LocalWorld } from "../../emulator/local-world";
import { ACCESS_FORM } from "../../emulator/samples";
import { buildWithConfig } from "../../scripts/build-variant";
import { valueOf, world, teamWorld } from "./world";

function sheetWorld(): LocalWorld {
  return teamWorld();
}

/** Service calls that would send or queue something. */
function writes(result: ExecutionResult): string[] {
  return Object.keys(result.calls).filter((name) =>
    /UrlFetchApp|setProperty|setProperties|deleteProperty|deleteAllProperties|newTrigger/.test(
      name,
    ),
  );
}

function properties(w: LocalWorld): Record<string, string | null> {
  const store = w.project.scriptProperties;
  return Object.fromEntries(store.keys().map((key) => [key, store.get(key)]));
}

function previewOf(w: LocalWorld, functionName: string) {
  const before = properties(w);
  const result = w.project.run(functionName, undefined, { kind: "menu" });
  const summary = valueOf(result) as string;
  expect(writes(result)).toEqual([]);
  expect(properties(w)).toEqual(before);
  expect(w.chat.spaces().flatMap((space) => w.chat.requests(space))).toEqual([]);
  const dialogs = w.project.ui.htmlDialogs;
  expect(dialogs).toHaveLength(1);
  expect(dialogs[0]).toMatchObject({ kind: "modal", title: "Chat notifications: preview" });
  return { summary, html: dialogs[0]!.html, calls: result.calls };
}

describe("Preview for the selected rows", () => {
  it("is on the menu next to Preview digests", () => {
    const w = sheetWorld();
    valueOf(w.project.run("onOpen", undefined, { kind: "menu" }));
    const entries = w.project.ui.menus[0]!.entries.filter((e) => e.kind === "item");
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          kind: "item",
          caption: "Preview for the selected rows",
          functionName: "previewSelectedRows",
        },
        { kind: "item", caption: "Preview digests", functionName: "previewDigests" },
      ]),
    );
  });

  it("shows each matching rule's message for the selected rows and why the others send nothing", () => {
    const w = sheetWorld();
    // Rows 3 and 4 are T-2 (Blocked) and T-3 (Done); a Ctrl-click selection of two ranges.
    w.project.spreadsheet!.select("Tasks", ["B3:C3", "A4"]);
    const { summary, html, calls } = previewOf(w, "previewSelectedRows");
    expect(summary).toBe(
      'Preview of 2 selected row(s) of "Tasks": 3 message(s) would be sent, 1 rule(s) or digest(s) would send nothing. Nothing was sent.',
    );
    expect(html).toContain("<h2>task-status, row 3</h2>");
    expect(html).toContain(
      "Would post to CHAT_WEBHOOK_URL · thread &quot;task-T-2&quot; (reply, or start it)",
    );
    // The text rule, drawn: *bold* made bold, the row link linked.
    expect(html).toContain("📌 <b>Task number 2</b> (T-2): Blocked · owner ana@example.com");
    expect(html).toContain(
      'href="https://docs.google.com/spreadsheets/d/1TeamTasksSpreadsheetId/edit#gid=0&amp;range=3:3"',
    );
    // The card rule, drawn as a card.
    expect(html).toContain('<div class="chat-card-title">Blocked: Task number 2</div>');
    expect(html).toContain(
      '<h2>task-blocked, row 4</h2><p class="preview-reason">Sends nothing: Status is &quot;Done&quot;; the rule sends for a value that becomes &quot;Blocked&quot;</p>',
    );
    // The header and the selected span are read once for all the rules.
    expect(calls["Range.getDisplayValues"]).toBe(2);
  });

  it("previews a form response row of the responses sheet with the form rule", () => {
    const w = sheetWorld();
    w.project.form!.submit(
      {
        Name: "Eve",
        Team: "Sales",
        Systems: ["Chat"],
        Why: "<users/all> see https://evil.example",
      },
      { email: "eve@example.com" },
    );
    w.project.runUntilIdle({ maxMs: 60_000 });
    w.project.spreadsheet!.select("Form Responses 1", "A2");
    const { html } = previewOf(w, "previewSelectedRows");
    expect(html).toContain("<h2>access-request, row 2</h2>");
    expect(html).toContain("New access request from Eve");
    // The answer is neutralised as it would be sent: no mention chip, no link.
    expect(html).toContain("&lt;users/all&gt; see https:\u200B//evil.\u200Bexample");
    expect(html).not.toContain('class="chat-mention"');
    expect(html).not.toContain('href="https://evil');
  });

  it("in a form-bound script, previews the latest response", () => {
    const w = world({
      distDir: buildWithConfig("test/fixtures/configs/form-bound.ts"),
      form: { ...ACCESS_FORM, linkedSheet: undefined },
    });
    w.connectWebhook("AAAAteam");
    expect(previewOf(w, "previewSelectedRows").html).toContain("The form has no response yet.");
    w.project.ui.htmlDialogs.length = 0;
    w.project.form!.submit(
      { Name: "Zoë", Team: "Ops", Systems: ["Chat"], Why: "rota" },
      { email: "zoe@example.com" },
    );
    w.project.runUntilIdle({ maxMs: 60_000 });
    const before = w.chat.requests("AAAAteam").length;
    const result = w.project.run("previewSelectedRows", undefined, { kind: "menu" });
    expect(writes(result)).toEqual([]);
    expect(w.chat.requests("AAAAteam")).toHaveLength(before);
    expect(w.project.ui.htmlDialogs[0]!.html).toContain("Access request: Zoë");
  });
});

describe("Preview digests", () => {
  it("shows the digests as they would be sent now, and moves no cursor", () => {
    const w = sheetWorld();
    const { summary, html } = previewOf(w, "previewDigests");
    expect(summary).toContain(
      "1 message(s) would be sent, 1 rule(s) or digest(s) would send nothing",
    );
    expect(html).toMatch(/<h2>digest open-tasks \(9 row\(s\)\)<\/h2>/);
    expect(html).toContain("Open tasks on ");
    expect(html).toContain(
      'digest new-requests</h2><p class="preview-reason">Sends nothing: no new row passes its filters since the last digest sent, and it has no whenEmpty',
    );
  });
});
