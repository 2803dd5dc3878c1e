// The project's own words in Traditional Chinese when the spreadsheet's locale is zh_TW, from
// dist/Code.js: the menu, the digest's date, "…and N more" and buttons; templates stay as written.
import type { LocalWorld } from "../../emulator/local-world";
import { ACCESS_FORM, teamSpreadsheet } from "../../emulator/samples";
import { buildWithConfig } from "../../scripts/build-variant";
import { cardsOf, valueOf, world } from "./world";

function localeWorld(locale: string, rows = 40): LocalWorld {
  const w = world({
    spreadsheet: { ...teamSpreadsheet(rows), locale },
    form: ACCESS_FORM,
    start: Date.UTC(2026, 0, 5, 8, 0, 0), // Monday 5 January 2026, 09:00 in Paris
  });
  w.connectWebhook("AAAAteam");
  valueOf(w.project.run("setup"));
  return w;
}

describe("language end to end", () => {
  it("a zh_TW spreadsheet gets the menu in Traditional Chinese", () => {
    const w = localeWorld("zh_TW");
    w.project.run("onOpen", undefined, { kind: "menu" });
    const [menu] = w.project.ui.menus;
    expect(menu!.title).toBe("Chat 通知");
    expect(JSON.stringify(menu!.entries)).toContain("安裝或更新觸發條件");
    expect(JSON.stringify(menu!.entries)).toContain("檢查提及對象…");
  });

  it("a form-bound script's menu follows the user's language and offers no rules-sheet items", () => {
    const w = world({
      distDir: buildWithConfig("test/fixtures/configs/form-bound.ts"),
      form: { ...ACCESS_FORM, linkedSheet: undefined },
      userLocale: "zh-TW",
    });
    w.project.run("onOpen", undefined, { kind: "menu" });
    const [menu] = w.project.ui.menus;
    expect(menu!.title).toBe("Chat 通知");
    const items = menu!.entries.flatMap((e) => (e.kind === "item" ? [e.functionName] : []));
    expect(items).toEqual([
      "setWebhookUrl",
      "sendTestMessage",
      "sendDigestsNow",
      "previewSelectedRows",
      "previewDigests",
      "setup",
      "teardown",
      "showStatus",
      "checkMentions",
    ]);
    expect(JSON.stringify(menu!.entries)).toContain("安裝或更新觸發條件");
  });

  it("a zh-TW digest: the date, the rest and the button in Chinese, the title template as written", () => {
    const w = localeWorld("zh_TW");
    valueOf(w.project.run("sendDigestsNow"));
    const digest = w.chat
      .messages("AAAAteam")
      .map((m) => cardsOf(m)[0]!.card)
      .find((card) => card.header?.title.startsWith("Open tasks"))!;
    expect(digest.header!.title).toBe("Open tasks on 2026年1月5日（週一）: 30");
    const last = JSON.stringify(digest.sections[digest.sections.length - 1]);
    expect(last).toContain("…還有 5 筆");
    expect(last).toContain("開啟工作表");
  });

  it("an edit rule's card button follows the locale; an English sheet stays English", () => {
    for (const [locale, label] of [
      ["zh_TW", "開啟這一列"],
      ["en_US", "Open the row"],
    ] as const) {
      const w = localeWorld(locale, 12);
      w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D2", values: "Blocked" });
      w.project.runUntilIdle({ maxMs: 60 * 60_000 });
      const card = w.chat.messages("AAAAteam").find((m) => m.cardsV2)!;
      expect(JSON.stringify(cardsOf(card))).toContain(`"text":"${label}"`);
    }
  });

  it("config.language overrides the locale, at no Sheets call for it", () => {
    const w = world({
      distDir: buildWithConfig("test/fixtures/configs/chinese.ts"),
      spreadsheet: teamSpreadsheet(4),
    });
    w.connectWebhook("AAAAteam");
    valueOf(w.project.run("setup"));
    const [edit] = w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D2", values: "Done" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(JSON.stringify(cardsOf(w.chat.messages("AAAAteam")[0]!))).toContain("開啟這一列");
    expect(edit!.calls["Spreadsheet.getSpreadsheetLocale"]).toBeUndefined();
  });

  it("a zh_TW spreadsheet's showStatus() report is in Chinese, Chat's answer as Chat gave it", () => {
    const w = localeWorld("zh_TW", 12);
    const url = w.project.scriptProperties.get("CHAT_WEBHOOK_URL")!;
    w.project.scriptProperties.set("CHAT_WEBHOOK_URL", url.replace(/key=[^&]+/, "key=AIzaSyBad"));
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D2", values: "Blocked" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const report = valueOf(w.project.run("showStatus")) as string;
    expect(report).toMatch(/^佇列中：0 則\n已送達：\d+，重試：\d+，/);
    expect(report).toContain("指令碼屬性：已使用 ");
    expect(report).toContain("Webhook default：失敗：Chat answered 400");
    expect(report).toMatch(/無法送達的訊息：2 則\n {2}e\d+ \(default, .*\): Chat answered 400/);
    expect(report).toContain("執行 redeliverDeadLetters() 即可將它們重新排入佇列。");
    for (const english of [
      "Queued",
      "Delivered",
      "retried",
      "Script Properties",
      "ok, last delivery",
      "FAILING",
      "Dead letters",
      "Run redeliverDeadLetters",
      "never",
    ]) {
      expect(report).not.toContain(english);
    }
  });

  it("a zh_TW spreadsheet's setup() and teardown() summaries are in Chinese", () => {
    const w = world({
      spreadsheet: { ...teamSpreadsheet(4), locale: "zh_TW" },
      form: ACCESS_FORM,
    });
    w.connectWebhook("AAAAteam");
    const setup = valueOf(w.project.run("setup")) as string;
    expect(setup).toMatch(/^setup：設定有效；需要 (\d+) 個觸發條件：0 個原已安裝，\1 個剛安裝（/);
    expect(setup).toContain("：試算表編輯時");
    expect(setup).toMatch(/，移除 0 個。$/);
    const again = valueOf(w.project.run("setup")) as string;
    expect(again).toMatch(
      /^setup：設定有效；需要 (\d+) 個觸發條件：\1 個原已安裝，0 個剛安裝，移除 0 個。$/,
    );
    const teardown = valueOf(w.project.run("teardown")) as string;
    expect(teardown).toMatch(/^teardown：已移除 \d+ 個觸發條件；其他函式的觸發條件維持不變。/);
    for (const english of [
      "config is valid",
      "needed",
      "installed",
      "removed",
      "left alone",
      " on edit of ",
    ]) {
      expect(setup + again + teardown).not.toContain(english);
    }
  });
});
