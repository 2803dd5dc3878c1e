// What a space reads when messages carry users' text: notify(), form and edit rules, from
// dist/Code.js in the emulator.
import { valueOf, world } from "./world";

const USER_CODE = `
function fromACell(e) {
  return notify(e.message);
}
function written(e) {
  return notify(e.message, { trustedText: true });
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
});
