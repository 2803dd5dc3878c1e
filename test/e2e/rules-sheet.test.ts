// The rules sheet on dist/Code.js: made from the menu, rules added by writing cells, taking
// effect on the next edit without a redeploy, broken rows flagged while the others work.
import type { LocalWorld } from "../../emulator/local-world";
import { PEOPLE_SHEET, teamSpreadsheet } from "../../emulator/samples";
import { RULE_COLUMNS, type RuleColumn } from "../../src/rules/sheet-rules";
import { cardsOf, valueOf, world, teamWorld } from "./world";

const RULES = "Chat rules";

function rulesWorld(): LocalWorld {
  const w = teamWorld();
  w.connectWebhook("AAAAops", "OPS");
  valueOf(w.project.run("setup", undefined, { kind: "menu" }));
  valueOf(w.project.run("createRulesSheetFromMenu", undefined, { kind: "menu" }));
  return w;
}

/** A person writes (pastes) one rules row. */
function writeRule(w: LocalWorld, row: number, cells: Partial<Record<RuleColumn, string>>) {
  const values = RULE_COLUMNS.map(({ key }) => cells[key] ?? "");
  const last = String.fromCharCode(64 + RULE_COLUMNS.length);
  return w.project.spreadsheet!.edit({
    sheet: RULES,
    range: `A${row}:${last}${row}`,
    values: [values],
  });
}

const shipped = {
  name: "shipped",
  enabled: "TRUE",
  kind: "edit",
  sheet: "Tasks",
  column: "Status",
  condition: "becomes",
  value: "Shipped",
  message: "🚀 {{Task}} shipped <users/all> {{url}}",
  threadKey: "task-{{ID}}",
};

const evening = {
  name: "evening",
  enabled: "TRUE",
  kind: "digest",
  sheet: "Tasks",
  column: "Status",
  condition: "is not",
  value: "Done",
  message: "Still open tonight: {{count}}",
  fields: "Task, Owner",
  schedule: "every day at 18",
};

/** The notes below the header row (the header's notes say what each column takes). */
function problemNotes(w: LocalWorld): Record<string, string> {
  const notes = w.project.spreadsheet!.formats(RULES).notes;
  return Object.fromEntries(Object.entries(notes).filter(([cell]) => !/^[A-Z]1$/.test(cell)));
}

/** Lines of the messages: a request that carried several waiting notifications joined them. */
function lines(w: LocalWorld): string[] {
  return texts(w).flatMap((t) => t.split("\n"));
}

function texts(w: LocalWorld, space = "AAAAteam"): string[] {
  return w.chat.messages(space).map((m) => m.text ?? m.fallbackText ?? "");
}

describe("rules written in the spreadsheet, end to end", () => {
  it("the menu makes the sheet: headers, dropdowns from what exists, a warning-only protection", () => {
    const w = rulesWorld();
    const [header] = w.project.spreadsheet!.values(RULES);
    expect(header).toEqual(RULE_COLUMNS.map((c) => c.header));
    const formats = w.project.spreadsheet!.formats(RULES);
    expect(formats.protections).toEqual([{ warningOnly: true, description: expect.any(String) }]);
    expect(formats.frozenRows).toBe(1);
    expect(formats.notes.C1).toMatch(/edit, form or digest/);
    expect(formats.validations.B2!.criteria).toBe("CHECKBOX");
    expect(formats.validations.C2!.values).toEqual(["edit", "form", "digest"]);
    expect(formats.validations.D2!.values).toEqual(["Tasks", "Form Responses 1"]);
    expect(formats.validations.E2!.values).toEqual(
      expect.arrayContaining(["Status", "Owner", "Why"]),
    );
    expect(formats.validations.L2!.values).toEqual(["OPS"]);
    expect(formats.validations.C200).toBeDefined();
  });

  it("a rule added by writing cells fires on the next edit, and a change to it takes effect at once", () => {
    const w = rulesWorld();
    writeRule(w, 2, shipped);
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "Shipped" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const first = lines(w).filter((t) => t.startsWith("🚀"));
    expect(first).toEqual([
      expect.stringMatching(
        /^🚀 Task number 2 shipped <\u200Busers\/all> https:\/\/docs\.google\.com\/.*range=3:3$/,
      ),
    ]);

    // Someone changes "Shipped" to "Released" in the sheet: no build, no push.
    w.project.spreadsheet!.edit({ sheet: RULES, range: "G2", values: "Released" });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D4", values: "Shipped" });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D5", values: "Released" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(
      lines(w)
        .filter((t) => t.startsWith("🚀"))
        .map((t) => t.match(/Task number \d+/)?.[0]),
    ).toEqual(["Task number 2", "Task number 4"]);
    // The row's Column dropdown now lists the headers of its sheet.
    expect(w.project.spreadsheet!.formats(RULES).validations.E2!.values).toEqual([
      "ID",
      "Task",
      "Owner",
      "Status",
      "Due",
      "Notes",
    ]);
  });

  it("flags a broken row on its cell while the other rows and the config's rules work", () => {
    const w = rulesWorld();
    writeRule(w, 2, { ...shipped, name: "typo", column: "Stat" });
    writeRule(w, 3, { ...shipped, name: "to-ops", webhook: "OPS", message: "ops: {{Task}}" });
    writeRule(w, 4, { ...shipped, name: "task-status" });
    const report = valueOf(w.project.run("checkRulesSheet", undefined, { kind: "menu" })) as string;
    expect(report).toMatch(/1 rule\(s\) working, 2 with problems/);
    expect(report).toMatch(/Row 2 \(typo\): column "Stat" is not in row 1 of sheet "Tasks"/);
    expect(report).toMatch(/Row 4 \(task-status\): another rule .* is named "task-status"/);
    const formats = w.project.spreadsheet!.formats(RULES);
    expect(problemNotes(w)).toEqual({
      E2: expect.stringMatching(/column "Stat"/),
      A4: expect.stringMatching(/named "task-status"/),
    });
    expect(formats.backgrounds).toEqual({ E2: "#f4cccc", A4: "#f4cccc" });

    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D2", values: "Shipped" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(texts(w, "AAAAops")).toEqual(["ops: Task number 1"]);
    expect(texts(w)).toEqual([
      expect.stringMatching(/^📌 \*Task number 1\* \(T-1\): In progress → Shipped/),
    ]);

    // Fixing the cell clears its flag.
    w.project.spreadsheet!.edit({ sheet: RULES, range: "E2", values: "Status" });
    expect(problemNotes(w)).toEqual({ A4: expect.any(String) });
  });

  it("the Mention column mentions the row's owner from the People sheet or CHAT_USER_IDS, never from cell text", () => {
    const spreadsheet = teamSpreadsheet(12);
    const w = world({
      spreadsheet: { ...spreadsheet, sheets: { ...spreadsheet.sheets, People: PEOPLE_SHEET } },
    });
    w.connectWebhook("AAAAteam");
    w.project.scriptProperties.set("CHAT_USER_IDS", JSON.stringify({ "dara@example.com": "4004" }));
    valueOf(w.project.run("createRulesSheetFromMenu", undefined, { kind: "menu" }));
    writeRule(w, 2, { ...shipped, message: "🚀 {{Task}} shipped", mention: "Owner" });
    // T-1 is ana's (People sheet), T-9 dara's (the property); T-2's owner cell is text.
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "C3", values: "<users/all> users/all" });
    for (const row of [2, 3, 10]) {
      w.project.spreadsheet!.edit({ sheet: "Tasks", range: `D${row}`, values: "Shipped" });
    }
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(
      lines(w)
        .filter((t) => t.includes("🚀"))
        .sort(),
    ).toEqual([
      "<users/1001> 🚀 Task number 1 shipped",
      "<users/4004> 🚀 Task number 9 shipped",
      "🚀 Task number 2 shipped",
    ]);
  });

  it("a template cannot join its own text into a link around a placeholder", () => {
    const w = rulesWorld();
    // Row 3's Notes cell is empty: each piece alone is no link, together they would be.
    writeRule(w, 2, {
      ...shipped,
      message: "see evil{{Notes}}.example/login or evil.{{Notes}}example or {{Notes}}{{Notes}}",
    });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "F3", values: "" });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "Shipped" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const [text] = lines(w).filter((t) => t.startsWith("see"));
    expect(text).not.toMatch(/evil\.example/);
    expect(text!.replace(/\u200B/g, "").trim()).toBe("see evil.example/login or evil.example or");
  });

  it("a card rule's notification text reads as the title does, not as its HTML", () => {
    const w = rulesWorld();
    writeRule(w, 2, { ...shipped, format: "card", message: "🚀 {{Task}} shipped <users/all>" });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "B3", values: "R&D <b>" });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "Shipped" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const card = w.chat.messages("AAAAteam").find((m) => m.cardsV2)!;
    expect(card.fallbackText).toBe("🚀 R&D <\u200Bb> shipped <\u200Busers/all>");
  });

  it("a card digest's title from the sheet is escaped once, in the card and its notification", () => {
    const w = rulesWorld();
    writeRule(w, 2, {
      ...evening,
      message: "R&D open: {{count}} <users/all>",
      format: "card",
      fields: "Task",
    });
    valueOf(w.project.run("sendDigestsNow", undefined, { kind: "menu" }));
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const digest = w.chat
      .messages("AAAAteam")
      .find((m) => cardsOf(m)[0]?.cardId === "digest-evening")!;
    expect(cardsOf(digest)[0]!.card.header!.title).toBe("R&amp;D open: 9 &lt;\u200Busers/all&gt;");
    expect(digest.fallbackText).toBe("R&D open: 9 <\u200Busers/all>");
  });

  it("a digest row gets its trigger at once, from the edit itself", () => {
    const w = rulesWorld();
    const before = w.project.triggers.filter((t) => t.handler === "runDigests").length;
    const [result] = writeRule(w, 2, evening);
    expect(valueOf(result!)).toMatch(/1 installed now/);
    expect(w.project.triggers.filter((t) => t.handler === "runDigests")).toHaveLength(before + 1);
    w.project.advance(24 * 60 * 60_000);
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(texts(w)).toContainEqual(
      expect.stringMatching(
        /^\*Still open tonight: 9\*\n• Task number 1 — Owner: ana@example\.com/,
      ),
    );
  });

  it("an edit outside the rules sheet costs a fixed number of cache calls, the sheet read only once", () => {
    const w = rulesWorld();
    writeRule(w, 2, shipped);
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "F2", values: "note 1" });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "F3", values: "note 2" });
    const edits = w.project.executions.filter((e) => e.functionName === "handleEdit").slice(-2);
    for (const edit of edits) {
      expect(edit.calls["Cache.getAll"]).toBe(1);
      expect(edit.calls["Range.getDisplayValues"] ?? 0).toBeLessThanOrEqual(2);
    }
  });

  it("Test this rule shows what the selected row's rule would post, and sends it only when asked", () => {
    const w = rulesWorld();
    writeRule(w, 2, { ...shipped, format: "card", fields: "Owner, Status" });
    w.project.spreadsheet!.select(RULES, "C2");
    const shown = valueOf(w.project.run("testSelectedRule", undefined, { kind: "menu" })) as string;
    expect(shown).toMatch(
      /^Rule "shipped" for row 13 of "Tasks" \(its last row\)\. Its condition does not hold for "Open"\./,
    );
    expect(shown).toMatch(/\[card\] 🚀 Task number 12 shipped <\u200Busers\/all>/);
    expect(shown).toMatch(/Owner: ana@example\.com\nStatus: Open/);
    expect(w.project.ui.alerts.at(-1)!.buttons).toBe("YES_NO");
    expect(w.chat.messages("AAAAteam")).toEqual([]); // the dialog was closed: nothing sent

    w.project.ui.answerNextAlert("YES");
    const sent = valueOf(w.project.run("testSelectedRule", undefined, { kind: "menu" })) as string;
    expect(sent).toMatch(/1 notification\(s\) accepted, 1 delivered at once$/);
    expect(w.chat.messages("AAAAteam")[0]!.fallbackText).toMatch(/^🚀 Task number 12 shipped/);

    w.project.spreadsheet!.select("Tasks", "A2");
    expect(valueOf(w.project.run("testSelectedRule", undefined, { kind: "menu" }))).toMatch(
      /^Select a rule's row in "Chat rules"/,
    );
  });

  it("Test this rule mentions the owner and uses the document's words, as the real message does", () => {
    const spreadsheet = teamSpreadsheet(12);
    const w = world({
      spreadsheet: {
        ...spreadsheet,
        locale: "zh_TW",
        sheets: { ...spreadsheet.sheets, People: PEOPLE_SHEET },
      },
    });
    w.connectWebhook("AAAAteam");
    valueOf(w.project.run("createRulesSheetFromMenu", undefined, { kind: "menu" }));
    writeRule(w, 2, { ...shipped, format: "card", mention: "Owner" });
    w.project.spreadsheet!.select(RULES, "C2");
    w.project.ui.answerNextAlert("YES");
    const shown = valueOf(w.project.run("testSelectedRule", undefined, { kind: "menu" })) as string;
    expect(shown).toMatch(
      /^規則「shipped」套用於「Tasks」的第 13 列（最後一列）。以「Open」來看，條件不成立。\n\n/,
    );
    for (const english of ['Rule "', "its last row", "Its condition", "does not hold"]) {
      expect(shown).not.toContain(english);
    }
    // Row 13 (T-12) belongs to ana@example.com, users/1001 in the People sheet.
    expect(shown).toMatch(/\n\n<users\/1001> 🚀 Task number 12 shipped/);
    expect(shown).toMatch(/\n\[card\] 🚀 Task number 12 shipped/); // the card, below the text
    expect(shown).toContain("\nOwner: ana@example.com\n");
    const [sent] = w.chat.messages("AAAAteam");
    expect(sent!.text).toMatch(/^<users\/1001> 🚀 Task number 12 shipped/);
    expect(JSON.stringify(sent!.cardsV2)).toContain('"text":"開啟這一列"');
  });

  it("an edit costs the same service calls with 1 or 100 rules in the sheet", () => {
    const costs = [1, 100].map((count) => {
      const w = rulesWorld();
      const last = String.fromCharCode(64 + RULE_COLUMNS.length);
      const rows = Array.from({ length: count }, (_, i) =>
        RULE_COLUMNS.map(({ key }) =>
          key === "name"
            ? `rule-${i}`
            : key === "value" && i > 0
              ? `Status ${i}`
              : ((shipped as Record<string, string>)[key] ?? ""),
        ),
      );
      w.project.spreadsheet!.edit({ sheet: RULES, range: `A2:${last}${count + 1}`, values: rows });
      w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "Shipped" });
      const edit = w.project.executions.filter((e) => e.functionName === "handleEdit").at(-1)!;
      w.project.runUntilIdle({ maxMs: 60 * 60_000 });
      expect(lines(w).filter((t) => t.startsWith("🚀"))).toHaveLength(1);
      return edit.calls;
    });
    expect(costs[1]).toEqual(costs[0]);
  });

  it("a form rule written in the sheet posts a card for each response, with the config's rule", () => {
    const w = rulesWorld();
    writeRule(w, 2, {
      name: "requests-to-ops",
      enabled: "TRUE",
      kind: "form",
      sheet: "Form Responses 1",
      message: "Request from {{Name}} <users/all>",
      format: "card",
      fields: "Team, Why",
      webhook: "OPS",
    });
    w.project.form!.submit(
      { Name: "Zoë", Team: "Ops", Systems: ["Chat"], Why: "on call" },
      { email: "zoe@example.com", firesTwice: true },
    );
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const cards = w.chat.messages("AAAAops");
    expect(cards).toHaveLength(1); // fired twice, sent once
    const card = (cards[0]!.cardsV2 as { card: { header: { title: string } } }[])[0]!.card;
    expect(card.header.title).toBe("Request from Zoë &lt;users/all&gt;");
    expect(w.chat.messages("AAAAteam")).toHaveLength(1); // the config's access-request rule
  });

  it("Test this rule sends a form rule's message as the response itself made it: uploads, grids", () => {
    const w = rulesWorld();
    writeRule(w, 2, {
      name: "requests-to-ops",
      enabled: "TRUE",
      kind: "form",
      sheet: "Form Responses 1",
      message: "Request from {{Name}}",
      format: "card",
      fields: "Why, ID photo, Access",
      webhook: "OPS",
    });
    w.project.form!.submit(
      {
        Name: "Zoë",
        Team: "Ops",
        Systems: ["Chat"],
        Why: "on call",
        "ID photo": ["1IdPhotoOfZoe000000000"],
        Access: { Chat: "Write", Drive: "Read" },
      },
      { email: "zoe@example.com" },
    );
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const [real] = w.chat.messages("AAAAops");
    w.project.spreadsheet!.select(RULES, "A2");
    w.project.ui.answerNextAlert("YES");
    valueOf(w.project.run("testSelectedRule", undefined, { kind: "menu" }));
    const [, tested] = w.chat.messages("AAAAops");
    const widgets = (m: typeof real) => JSON.stringify(cardsOf(m!)[0]!.card.sections);
    expect(widgets(real)).toContain("drive.google.com");
    expect(widgets(tested)).toBe(widgets(real));
  });

  it("Preview for the selected rows shows the sheet's rules beside the config's", () => {
    const w = rulesWorld();
    writeRule(w, 2, { ...shipped, condition: "any change", value: "" });
    w.project.spreadsheet!.select("Tasks", "A3");
    valueOf(w.project.run("previewSelectedRows", undefined, { kind: "menu" }));
    const html = w.project.ui.htmlDialogs.at(-1)!.html;
    expect(html).toContain("<h2>task-status, row 3</h2>");
    expect(html).toContain("<h2>shipped, row 3</h2>");
  });
});
