// Mentions from dist/Code.js in the emulator: a row's owner, a digest's owners, notify()'s
// mentions, resolved through the People sheet, a Script Property and the emulated directory.
import type { LocalWorld } from "../../emulator/local-world";
import { teamSpreadsheet } from "../../emulator/samples";
import { buildWithConfig } from "../../scripts/build-variant";
import { valueOf, world } from "./world";
import { readFileSync } from "node:fs";
import path from "node:path";

const CONFIG = "test/fixtures/configs/mentions.ts";
const USER_CODE = `
function ping(e) {
  return notify(e.text, { mentions: e.mentions });
}
`;

/** Tasks rows 1-12 belong to ana, ben, chen and dara (see emulator/samples.ts). */
function mentionWorld(): LocalWorld {
  const spreadsheet = teamSpreadsheet(6);
  const w = world({
    distDir: buildWithConfig(CONFIG),
    spreadsheet: {
      ...spreadsheet,
      sheets: {
        ...spreadsheet.sheets,
        People: [
          ["Email", "Chat user ID"],
          ["ana@example.com", "users/1001"],
          ["ben@example.com", "users/all"], // never a mention of everyone
        ],
      },
    },
    directory: [{ id: "2002", emails: ["chen@example.com"], name: "Chen Li" }],
    userCode: [USER_CODE],
  });
  w.connectWebhook("AAAAteam");
  w.project.scriptProperties.set("CHAT_USER_IDS", JSON.stringify({ "dara@example.com": "3003" }));
  valueOf(w.project.run("setup"));
  return w;
}

describe("mentions end to end", () => {
  it("builds the manifest with the directory's scope and service only when the config asks", () => {
    const manifest = JSON.parse(
      readFileSync(path.join(buildWithConfig(CONFIG), "appsscript.json"), "utf8"),
    );
    expect(manifest.oauthScopes).toContain("https://www.googleapis.com/auth/directory.readonly");
    expect(manifest.dependencies.enabledAdvancedServices).toEqual([
      { userSymbol: "People", serviceId: "peopleapi", version: "v1" },
    ]);
    const plain = JSON.parse(
      readFileSync(path.join(__dirname, "..", "..", "dist", "appsscript.json"), "utf8"),
    );
    expect(plain.oauthScopes).not.toContain("https://www.googleapis.com/auth/directory.readonly");
    expect(plain.dependencies).toBeUndefined();
  });

  it("mentions the row's owner, resolved from the People sheet", () => {
    const w = mentionWorld();
    // Row 2 (T-1) belongs to ana@example.com.
    const [edit] = w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D2", values: "Blocked" });
    // The rules and the mentions are looked up in one script cache, opened once.
    expect(edit!.calls["CacheService.getScriptCache"]).toBe(1);
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual([
      "<users/1001> ⛔ *Task number 1* is blocked",
    ]);
  });

  it("an owner the People sheet maps to users/all stays text, and the cell's text never mentions", () => {
    const w = mentionWorld();
    w.project.spreadsheet!.edit({
      sheet: "Tasks",
      range: "C4",
      values: "ben@example.com <users/all>",
    });
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D4", values: "Blocked" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const [message] = w.chat.messages("AAAAteam");
    expect(message!.text).toBe("ben@example.com ⛔ *Task number 3* is blocked");
  });

  it("a correction of the People sheet takes effect on the next message, past the cache", () => {
    const w = mentionWorld();
    const block = (cells: readonly string[]) => {
      for (const cell of cells)
        w.project.spreadsheet!.edit({ sheet: "Tasks", range: cell, values: "Open" });
      for (const cell of cells)
        w.project.spreadsheet!.edit({ sheet: "Tasks", range: cell, values: "Blocked" });
    };
    block(["D2", "D4"]); // ana's T-1, ben's T-3
    w.project.spreadsheet!.edit({ sheet: "People", range: "B2:B3", values: [["1111"], ["1002"]] });
    block(["D2", "D4"]);
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual([
      "<users/1001> ⛔ *Task number 1* is blocked",
      "ben@example.com ⛔ *Task number 3* is blocked",
      "<users/1111> ⛔ *Task number 1* is blocked",
      "<users/1002> ⛔ *Task number 3* is blocked",
    ]);
  });

  it("notify's mentions: sheet, property and directory, a second run served by the cache", () => {
    const w = mentionWorld();
    const run = () =>
      w.project.run("ping", {
        text: "standup in 5",
        mentions: ["ana@example.com", "chen@example.com", "dara@example.com", "zoe@example.com"],
      });
    const first = run();
    valueOf(first);
    w.clock.advance(2000);
    const second = run();
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual([
      "<users/1001> <users/2002> <users/3003> zoe@example.com standup in 5",
      "<users/1001> <users/2002> <users/3003> zoe@example.com standup in 5",
    ]);
    expect(first.calls["People.People.searchDirectoryPeople"]).toBe(2); // chen and zoe
    expect(first.calls["Range.getDisplayValues"]).toBe(1); // the People sheet, once
    expect(second.calls["People.People.searchDirectoryPeople"]).toBeUndefined();
    expect(second.calls["Cache.getAll"]).toBe(1);
    expect(second.calls["Range.getDisplayValues"]).toBeUndefined();
  });

  it("a digest mentions the owners of the rows it shows", () => {
    const w = mentionWorld();
    valueOf(w.project.run("sendDigestsNow"));
    const [digest] = w.chat.messages("AAAAteam");
    // Rows shown (limit 3, not Done): T-1 ana, T-2 ana, T-4 ben.
    expect(digest!.text).toBe("<users/1001> ben@example.com Open tasks: 5");
  });

  it("the menu shows what each address resolves to, and why not", () => {
    const w = mentionWorld();
    const text = valueOf(
      w.project.run(
        "checkMentions",
        "ana@example.com, ben@example.com, chen@example.com, zoe@example.com",
      ),
    );
    expect(text).toBe(
      [
        "ana@example.com → <users/1001> (from the sheet)",
        'ben@example.com → shown as text: sheet "People" gives "users/all", which is not a person\'s id',
        "chen@example.com → <users/2002> (from the directory)",
        "zoe@example.com → shown as text: not found in the directory",
        'Looked up in: sheet "People", Script Property CHAT_USER_IDS, the directory.',
      ].join("\n"),
    );
  });

  it("the preview of a row shows the mention the real message would make", () => {
    const w = mentionWorld();
    // Row 3 is T-2, Blocked, owned by ana@example.com.
    w.project.spreadsheet!.select("Tasks", ["D3"]);
    valueOf(w.project.run("previewSelectedRows", undefined, { kind: "menu" }));
    const [dialog] = w.project.ui.htmlDialogs;
    expect(dialog!.html).toMatch(/class="chat-mention"[^>]*>[^<]*1001/);
    expect(w.chat.spaces().flatMap((space) => w.chat.requests(space))).toEqual([]);
  });
});
