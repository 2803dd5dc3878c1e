// The example rules of src/config.ts, on dist/Code.js, with the sample spreadsheet and form.
import type { LocalWorld } from "../../emulator/local-world";
import { ACCESS_FORM, teamSpreadsheet } from "../../emulator/samples";
import { buildWithConfig } from "../../scripts/build-variant";
import { cardsOf, valueOf, world, teamWorld } from "./world";

function sheetWorld(rows = 12): LocalWorld {
  const w = teamWorld(rows);
  valueOf(w.project.run("setup", undefined, { kind: "menu" }));
  return w;
}

function texts(w: LocalWorld): string[] {
  return w.chat.messages("AAAAteam").map((m) => m.text ?? m.fallbackText ?? "");
}

function triggerSet(w: LocalWorld): string[] {
  return w.project.triggers.map((t) => `${t.handler} ${t.source} ${t.eventType}`).sort();
}

describe("Sheets and Forms rules end to end", () => {
  it("posts a status change in the row's thread, and the next change of that row replies in it", () => {
    const w = sheetWorld();
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "In progress" });
    w.project.advance(5_000);
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "Done" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const threads = w.chat.threads("AAAAteam");
    expect(threads).toHaveLength(1);
    expect(threads[0]!.threadKey).toBe("task-T-2");
    expect(threads[0]!.messages.map((m) => m.text)).toEqual([
      expect.stringMatching(
        /^📌 \*Task number 2\* \(T-2\): Blocked → In progress · owner ana@example\.com · https:\/\/docs\.google\.com\/spreadsheets\/d\/1TeamTasksSpreadsheetId\/edit#gid=0&range=3:3$/,
      ),
      expect.stringMatching(/In progress → Done/),
    ]);
  });

  it("sends nothing for an edit no rule matches", () => {
    const w = sheetWorld();
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "F4", values: "a note" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(texts(w)).toEqual([]);
    const edit = w.project.executions.find((e) => e.functionName === "handleEdit")!;
    expect(Object.keys(edit.calls).filter((c) => /Properties|UrlFetch/.test(c))).toEqual([]);
  });

  it("sends one message per row of a pasted range", () => {
    const w = sheetWorld();
    w.project.spreadsheet!.edit({
      sheet: "Tasks",
      range: "D2:D6",
      values: [["Done"], ["Done"], ["Done"], ["Done"], ["Done"]],
    });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    // Each row is its own thread; a 429 retried later may reorder rows (never a thread's own).
    expect(
      texts(w)
        .map((t) => t.match(/\(T-\d+\)/)?.[0])
        .sort(),
    ).toEqual(["(T-1)", "(T-2)", "(T-3)", "(T-4)", "(T-5)"]);
  });

  it("posts a card for a blocked task, with values neutralised", () => {
    const w = sheetWorld();
    w.project.spreadsheet!.edit({
      sheet: "Tasks",
      range: "F2",
      values: "<users/all> see <https://evil.example|here>",
    });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D2", values: "Blocked" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const card = w.chat.messages("AAAAteam").find((m) => m.cardsV2)!;
    const json = JSON.stringify(card.cardsV2);
    expect(cardsOf(card)[0]!.card.header?.title).toBe("Blocked: Task number 1");
    expect(json).not.toContain("<users/all>");
    expect(json).not.toContain("https://evil");
    expect(json).toContain("&lt;users/all&gt;");
  });

  it("posts a card with the answers in form order, CJK and emoji kept, mentions and links inert", () => {
    const w = sheetWorld();
    w.project.form!.submit(
      {
        Name: "Zoë 🚀",
        Team: "開発チーム",
        Systems: ["Chat", "Sheets"],
        Why: "<users/all> please approve https://evil.example",
        "ID photo": ["1ZoeIdPhotoFile001"],
        Access: { Chat: "Write", Drive: "Read" },
      },
      { email: "zoe@example.com", firesTwice: true },
    );
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const messages = w.chat.messages("AAAAteam");
    expect(messages).toHaveLength(1); // Sheets fired twice; the dedupe key let one through
    const card = cardsOf(messages[0]!)[0]!.card;
    expect(card.header?.title).toBe("New access request from Zoë 🚀");
    const widgets = card.sections[0]!.widgets.map((w) =>
      "decoratedText" in w ? [w.decoratedText.topLabel, w.decoratedText.text] : [],
    );
    expect(widgets).toEqual([
      ["Name", "Zoë 🚀"],
      ["Team", "開発チーム"],
      ["Systems", "Chat, Sheets"],
      ["Why", "&lt;users/all&gt; please approve https:\u200B//evil.\u200Bexample"],
      ["ID photo", '<a href="https://drive.google.com/open?id=1ZoeIdPhotoFile001">File 1</a>'],
      ["Access", "Chat: Write<br>Drive: Read"],
      ["Email", "zoe@example.com"],
    ]);
  });

  it("installs the triggers the config needs, idempotently, leaving other triggers alone", () => {
    const w = sheetWorld();
    const first = triggerSet(w);
    expect(first).toEqual([
      "handleChange SPREADSHEETS ON_CHANGE",
      "handleEdit SPREADSHEETS ON_EDIT",
      "handleFormSubmit SPREADSHEETS ON_FORM_SUBMIT",
      "runDigests CLOCK CLOCK", // one per digest, both at 9:00
      "runDigests CLOCK CLOCK",
    ]);
    const uids = w.project.triggers.map((t) => t.uid);
    valueOf(w.project.run("setup"));
    expect(w.project.triggers.map((t) => t.uid)).toEqual(uids);
  });

  it("teardown removes exactly this project's triggers", () => {
    const w = world({
      spreadsheet: teamSpreadsheet(),
      form: ACCESS_FORM,
      userCode: [
        `function mine() {} function installMine() { ScriptApp.newTrigger("mine").timeBased().everyHours(1).create(); }`,
      ],
    });
    w.connectWebhook("AAAAteam");
    valueOf(w.project.run("installMine"));
    valueOf(w.project.run("setup"));
    expect(w.project.triggers).toHaveLength(6);
    valueOf(w.project.run("teardown"));
    expect(w.project.triggers.map((t) => t.handler)).toEqual(["mine"]);
  });

  it("refuses to install triggers while the webhook property is missing, saying which", () => {
    const w = world({ spreadsheet: teamSpreadsheet(), form: ACCESS_FORM });
    const result = w.project.run("setup");
    expect(result.error?.message).toMatch(
      /edit rule "task-status": Script Property CHAT_WEBHOOK_URL is not set/,
    );
    expect(result.error?.message).toMatch(
      /form rule "access-request": Script Property CHAT_WEBHOOK_URL is not set/,
    );
    expect(w.project.triggers).toEqual([]);
  });

  it("adds the menu on open", () => {
    const w = sheetWorld();
    w.project.run("onOpen", {}, { kind: "trigger" });
    expect(w.project.ui.menus[0]).toMatchObject({ title: "Chat notifications" });
  });
});

describe("rules from other configs", () => {
  it("posts a card for a form-bound submission, answers in form order", () => {
    const w = world({
      distDir: buildWithConfig("test/fixtures/configs/form-bound.ts"),
      form: { ...ACCESS_FORM, linkedSheet: undefined },
    });
    w.connectWebhook("AAAAteam");
    valueOf(w.project.run("setup"));
    expect(triggerSet(w)).toEqual(["handleFormSubmit FORMS ON_FORM_SUBMIT"]);
    w.project.form!.submit(
      { Name: "李雷", Why: "需要访问 📊", Systems: ["Drive"], Team: "Ops" },
      { email: "li@example.com" },
    );
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const [message] = w.chat.messages("AAAAteam");
    const card = cardsOf(message!)[0]!.card;
    expect(card.header?.title).toBe("Access request: 李雷");
    expect(
      card.sections[0]!.widgets.map((w) => ("decoratedText" in w ? w.decoratedText.topLabel : "")),
    ).toEqual(["Name", "Team", "Systems", "Why", "Email"]);
    expect(JSON.stringify(card)).toContain("需要访问 📊");
  });

  it("sends one coalesced message for a paste of 5 rows when the rule asks for it", () => {
    const w = world({
      distDir: buildWithConfig("test/fixtures/configs/coalescing.ts"),
      spreadsheet: teamSpreadsheet(),
    });
    w.connectWebhook("AAAAteam");
    valueOf(w.project.run("setup"));
    w.project.spreadsheet!.edit({
      sheet: "Tasks",
      range: "D2:D6",
      values: [["Done"], ["Done"], ["Done"], ["Done"], ["Done"]],
    });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    // The five rows arrive in one event, so they are accepted together and go as one message.
    expect(texts(w)).toEqual([
      [1, 2, 3, 4, 5].map((n) => `✅ Task number ${n} (T-${n}) is done`).join("\n"),
    ]);
  });

  it("blocks setup on a broken config, naming every rule and its problem", () => {
    const w = world({
      distDir: buildWithConfig("test/fixtures/configs/broken.ts"),
      spreadsheet: teamSpreadsheet(),
    });
    w.connectWebhook("AAAAteam");
    const result = w.project.run("setup");
    const message = result.error?.message ?? "";
    expect(message).toMatch(/has 6 problems, so no trigger was installed or changed/);
    expect(message).toContain(
      'edit rule "typo-column": column "Stauts" is not in row 1 of sheet "Tasks"',
    );
    expect(message).toContain('edit rule "no-such-sheet": there is no sheet named "Taks"');
    expect(message).toContain(
      'edit rule "bad-template": when.matches is not a valid regular expression',
    );
    expect(message).toContain(
      'edit rule "bad-template": message uses {{Taks}}, which is not one of',
    );
    expect(message).toContain('edit rule "empty": its message is empty');
    expect(message).toContain(
      'edit rule "oncall": Script Property CHAT_WEBHOOK_URL_ONCALL is not set',
    );
    expect(w.project.triggers).toEqual([]);
  });
});

describe("the menu's Set webhook URL", () => {
  it("refuses a URL that is not Chat's, and an http one, without echoing the token", () => {
    const w = world({ spreadsheet: teamSpreadsheet(), form: ACCESS_FORM });
    for (const pasted of [
      "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX",
      "http://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=secret-token%3D",
    ]) {
      w.project.ui.answerNextPrompt(pasted);
      const result = valueOf(w.project.run("setWebhookUrl", undefined, { kind: "menu" })) as string;
      expect(result).toMatch(/The pasted URL/);
      expect(result).not.toContain("secret");
    }
    expect(w.project.scriptProperties.get("CHAT_WEBHOOK_URL")).toBeNull();
    expect(JSON.stringify(w.project.ui.alerts)).not.toContain("secret");
  });

  it("stores a valid URL and the test message arrives", () => {
    const w = world({ spreadsheet: teamSpreadsheet(), form: ACCESS_FORM });
    const webhook = w.chat.createWebhook("AAAAteam");
    w.project.ui.answerNextPrompt(webhook.url);
    const result = valueOf(w.project.run("setWebhookUrl", undefined, { kind: "menu" })) as string;
    expect(result).toBe(
      "Saved as Script Property CHAT_WEBHOOK_URL (space spaces/AAAAteam); test message: delivered.",
    );
    expect(w.project.scriptProperties.get("CHAT_WEBHOOK_URL")).toBe(webhook.url);
    expect(texts(w)).toEqual(["✅ Test message from Apps Script: Chat notifications are set up."]);
    expect(JSON.stringify(w.project.ui.alerts)).not.toContain(webhook.token);
  });
});

describe("handlers run by hand", () => {
  it("explain that they need a trigger's event", () => {
    const w = world({ spreadsheet: teamSpreadsheet(), form: ACCESS_FORM });
    for (const handler of ["handleEdit", "handleChange", "handleFormSubmit"]) {
      expect(w.project.run(handler).error?.message).toMatch(
        new RegExp(
          `^${handler} runs when a trigger reports .*Run setup\\(\\) to install the triggers`,
        ),
      );
    }
  });
});
