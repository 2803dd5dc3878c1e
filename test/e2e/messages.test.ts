// What a space reads when messages carry users' text: notify(), form and edit rules, from
// dist/Code.js in the emulator.
import { ACCESS_FORM, teamSpreadsheet } from "../../emulator/samples";
import { buildWithConfig } from "../../scripts/build-variant";
import { cardsOf, valueOf, world } from "./world";

function formWorld() {
  const w = world({
    distDir: buildWithConfig("test/fixtures/configs/messages.ts"),
    spreadsheet: teamSpreadsheet(),
    form: ACCESS_FORM,
  });
  w.connectWebhook("AAAAcards");
  w.connectWebhook("AAAAphone", "PHONE");
  w.connectWebhook("AAAAplain", "PLAIN");
  valueOf(w.project.run("setup"));
  return w;
}

const USER_CODE = `
function fromACell(e) {
  return notify(e.message);
}
function written(e) {
  return notify(e.message, { trustedText: true });
}
function markdown(e) {
  return notify(e.message, { format: "markdown", trustedText: e.trusted });
}
`;

/** A host name Chat could link: two labels joined by a dot with nothing between. */
const BARE_HOST = /[a-z0-9-]\.[a-z]{2,}/i;

describe("messages end to end", () => {
  describe("neutralisation", () => {
    it("breaks bare hosts and removes reordering controls in untrusted text and fallback", () => {
      const w = world({ userCode: [USER_CODE] });
      w.connectWebhook("AAAAteam");
      valueOf(
        w.project.run("fromACell", { message: "Reset at www.evil.example/login \u202Efdp.exe" }),
      );
      w.clock.advance(2000);
      const card = {
        cardId: "c",
        card: { sections: [{ widgets: [{ textParagraph: { text: "x" } }] }] },
      };
      valueOf(
        w.project.run("fromACell", {
          message: { cardsV2: [card], fallbackText: "evil.example/pay <users/all>" },
        }),
      );
      const [text, cardMessage] = w.chat.messages("AAAAteam");
      expect(text!.text).not.toMatch(BARE_HOST);
      expect(text!.text).not.toContain("\u202E");
      expect(text!.text!.replace(/\u200B/g, "")).toBe("Reset at www.evil.example/login fdp.exe");
      expect(cardMessage!.fallbackText).not.toMatch(BARE_HOST);
      expect(cardMessage!.fallbackText).not.toContain("<users/all>");
    });

    it("keeps the author's own text as written", () => {
      const w = world({ userCode: [USER_CODE] });
      w.connectWebhook("AAAAteam");
      const text = "<users/all> see <https://status.example.com|status> or www.example.com";
      valueOf(w.project.run("written", { message: text }));
      expect(w.chat.messages("AAAAteam")[0]!.text).toBe(text);
    });
  });

  describe("phone-readable cards", () => {
    it.each([
      ["a 6,000-character answer", "a".repeat(6000)],
      ["4,000 emoji", "🚨".repeat(4000)],
    ])("a card whose title holds %s is delivered, cut with an ellipsis", (_what, why) => {
      const w = formWorld();
      w.project.form!.submit({ Name: "Mei", Team: "Ops", Why: why }, { email: "mei@example.com" });
      w.project.runUntilIdle({ maxMs: 60 * 60_000 });
      const [message] = w.chat.messages("AAAAcards");
      const header = cardsOf(message!)[0]!.card.header!;
      expect(header.title).toMatch(/^Request: .+…$/u);
      expect(header.title.length).toBeLessThanOrEqual(200);
      expect(message!.fallbackText).toMatch(/^Request: .+…$/u);
      // The answer is still there in full, in the card's fields.
      expect(JSON.stringify(cardsOf(message!))).toContain(why);
      expect(valueOf(w.project.run("showStatus"))).toContain("Dead letters: 0");
    });

    it("text+card puts the title in the text the phone shows, text is text alone", () => {
      const w = formWorld();
      w.project.form!.submit(
        { Name: "Mei", Team: "Ops", Why: "audit" },
        { email: "m@example.com" },
      );
      w.project.runUntilIdle({ maxMs: 60 * 60_000 });
      const [phone] = w.chat.messages("AAAAphone");
      expect(phone!.text).toBe("*Request from Mei*");
      expect(cardsOf(phone!)[0]!.card.header).toBeUndefined();
      const [plain] = w.chat.messages("AAAAplain");
      expect(plain!.text).toMatch(/^\*Request from Mei\*\nTeam: Ops\n<https:\/\/docs\.google/);
      expect(plain!.cardsV2).toBeUndefined();
      // A card-only message still has notification text: its title.
      expect(w.chat.messages("AAAAcards")[0]!.fallbackText).toBe("Request: audit");
    });
  });

  describe("Markdown", () => {
    it("notify converts the author's Markdown to Chat's syntax, links kept", () => {
      const w = world({ userCode: [USER_CODE] });
      w.connectWebhook("AAAAteam");
      const md =
        "# Deploy v2.3\n\nShipped **today**, see [the notes](https://ci.example/n):\n\n- faster\n- `safer`";
      valueOf(w.project.run("markdown", { message: md, trusted: true }));
      expect(w.chat.messages("AAAAteam")[0]!.text).toBe(
        "*Deploy v2.3*\n\nShipped *today*, see <https://ci.example/n|the notes>:\n\n• faster\n• `safer`",
      );
    });

    it("untrusted Markdown is formatted but links and mentions nothing", () => {
      const w = world({ userCode: [USER_CODE] });
      w.connectWebhook("AAAAteam");
      const md = "**Pay** [here](https://evil.example/pay) <users/all>";
      valueOf(w.project.run("markdown", { message: md, trusted: false }));
      const text = w.chat.messages("AAAAteam")[0]!.text!;
      expect(text).toMatch(/^\*Pay\* here \(/);
      expect(text).not.toMatch(/<users|<http|:\/\/|evil\.example/);
    });

    it("a rule's Markdown template reads as Chat text, cell values inert", () => {
      const w = formWorld();
      w.project.spreadsheet!.edit({
        sheet: "Tasks",
        range: "B3",
        values: "**Fix** [it](https://evil.example)",
      });
      w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "Done" });
      w.project.runUntilIdle({ maxMs: 60 * 60_000 });
      const [message] = w.chat.messages("AAAAcards");
      const Z = "\u200B";
      expect(message!.text).toBe(
        `*${"**Fix** [it]" + Z + "(https:" + Z + "//evil." + Z + "example)"}*\n*Status*: Blocked → Done\n\n` +
          "• owner: ana@example.com\n" +
          "• <https://docs.google.com/spreadsheets/d/1TeamTasksSpreadsheetId/edit#gid=0&range=3:3|open the row>",
      );
    });
  });
});
