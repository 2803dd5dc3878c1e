import { parseNotifyArguments } from "../../src/delivery/notification";

const Z = "\u200B";
const CARD = [
  { cardId: "c", card: { sections: [{ widgets: [{ textParagraph: { text: "x" } }] }] } },
];

describe("notification", () => {
  describe("parseNotifyArguments neutralises untrusted text and leaves trusted text alone", () => {
    test.each([
      ["text", { text: "go to www.evil.example" }, { text: `go to www.${Z}evil.${Z}example` }],
      [
        "fallbackText",
        { cardsV2: CARD, fallbackText: "<users/all> evil.example \u202Eexe" },
        { fallbackText: `<${Z}users/all> evil.${Z}example exe` },
      ],
      ["a string", "pay at evil.example/now\u2066", { text: `pay at evil.${Z}example/now` }],
    ])("untrusted %s", (_what, message, expected) => {
      expect(parseNotifyArguments(message).notification.message).toMatchObject(expected);
    });

    test.each([
      ["text", { text: "<users/123> see www.example.com" }],
      ["fallbackText", { cardsV2: CARD, fallbackText: "<users/123> at example.com" }],
      ["a string", "<https://example.com|Dashboard> \u202Bקישור\u202C"],
    ])("trusted %s", (_what, message) => {
      const sent = parseNotifyArguments(message, { trustedText: true }).notification.message;
      const original = typeof message === "string" ? { text: message } : message;
      expect(sent).toEqual(original);
    });
  });

  describe("format: markdown", () => {
    test.each([
      [
        true,
        "**Deploy** of [v2.3](https://ci.example/42)",
        "*Deploy* of <https://ci.example/42|v2.3>",
      ],
      [
        false,
        "**Deploy** of [v2.3](https://evil.example/42) <users/all>",
        `*Deploy* of v2.3 (https:${Z}//evil.${Z}example/42) <${Z}users/all>`,
      ],
    ])("trustedText %s", (trustedText, markdown, chat) => {
      const options = { format: "markdown", trustedText };
      expect(parseNotifyArguments(markdown, options).notification.message).toEqual({ text: chat });
      expect(parseNotifyArguments({ text: markdown }, options).notification.message).toEqual({
        text: chat,
      });
    });

    test("another format is refused with what is accepted", () => {
      expect(() => parseNotifyArguments("x", { format: "html" })).toThrow(
        'notify: options.format must be "markdown"',
      );
    });
  });
});
