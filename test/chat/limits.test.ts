import {
  cardSection,
  cardWithId,
  decoratedText,
  divider,
  textParagraph,
} from "../../src/chat/cards";
import {
  cutWithEllipsis,
  fitCard,
  MAX_CARD_WIDGETS,
  MAX_REQUEST_BYTES,
  MAX_TEXT_CHARS,
  splitText,
  utf8ByteLength,
} from "../../src/chat/limits";
import type { CardWithId, Widget } from "../../src/chat/message";

function bytesOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

function widgetsOf(card: CardWithId): Widget[] {
  return card.card.sections.flatMap((section) => [...section.widgets]);
}

describe("limits", () => {
  test("the limits are Chat's", () => {
    expect([MAX_REQUEST_BYTES, MAX_TEXT_CHARS, MAX_CARD_WIDGETS]).toEqual([32000, 4096, 100]);
  });

  describe("utf8ByteLength", () => {
    test.each([
      ["", 0],
      ["hello", 5],
      ["é", 2],
      ["€", 3],
      ["東京", 6],
      ["😀", 4],
      ["👩‍👩‍👧", 18],
      ["a\u200Bb", 5],
    ])("counts %j as %i bytes, like Node's encoder", (text, bytes) => {
      expect(utf8ByteLength(text)).toBe(bytes);
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, "utf8"));
    });

    test("lone surrogates count 3, as the U+FFFD they are sent as", () => {
      expect(utf8ByteLength("\uD83D")).toBe(3);
      expect(utf8ByteLength("\uDE00x")).toBe(4);
      expect(utf8ByteLength("\uD83D\uD83D\uDE00")).toBe(7);
    });
  });

  describe("splitText", () => {
    test("text within the limit is one part, unchanged, without marker", () => {
      const exactly = "a".repeat(MAX_TEXT_CHARS);
      expect(splitText(exactly)).toEqual([exactly]);
      expect(splitText("short")).toEqual(["short"]);
      expect(splitText("")).toEqual([""]);
    });

    test("one character over the limit makes two marked parts", () => {
      const parts = splitText("a".repeat(MAX_TEXT_CHARS + 1));
      expect(parts).toHaveLength(2);
      expect(parts[0]!.endsWith("\n(1/2)")).toBe(true);
      expect(parts[1]!.endsWith("\n(2/2)")).toBe(true);
      expect(parts.every((part) => part.length <= MAX_TEXT_CHARS)).toBe(true);
    });

    test("splits on line boundaries and loses no line", () => {
      const lines = Array.from({ length: 10 }, (_, i) => `row ${i}: open`);
      // 41 = three lines of 11, two line breaks and "\n(1/4)": the first parts fill it exactly.
      const parts = splitText(lines.join("\n"), 41);
      expect(parts).toEqual([
        "row 0: open\nrow 1: open\nrow 2: open\n(1/4)",
        "row 3: open\nrow 4: open\nrow 5: open\n(2/4)",
        "row 6: open\nrow 7: open\nrow 8: open\n(3/4)",
        "row 9: open\n(4/4)",
      ]);
      expect(parts[0]).toHaveLength(41);
      expect(splitText(lines.join("\n"), 40)).toHaveLength(5);
    });

    test("the marker grows with the part count and still fits", () => {
      const text = Array.from({ length: 300 }, (_, i) => `line ${i}`).join("\n");
      const parts = splitText(text, 30);
      expect(parts.length).toBeGreaterThanOrEqual(100);
      expect(parts.every((part) => part.length <= 30)).toBe(true);
      expect(parts[0]).toMatch(/\n\(1\/\d{3}\)$/);
      expect(parts.map((part) => part.replace(/\n\(\d+\/\d+\)$/, "")).join("\n")).toBe(text);
    });

    test("a long CJK line is cut, nothing lost", () => {
      const text = "東京都の天気は晴れです。".repeat(500);
      const parts = splitText(text);
      expect(parts.length).toBe(2);
      expect(parts.every((part) => part.length <= MAX_TEXT_CHARS)).toBe(true);
      expect(parts.map((part) => part.replace(/\n\(\d\/2\)$/, "")).join("")).toBe(text);
    });

    test("emoji are never cut in half", () => {
      // Odd room (20 - marker 6 = 14) forces a cut that would land inside a surrogate pair.
      const text = "x" + "😀".repeat(20);
      const parts = splitText(text, 20);
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(20);
        expect(part).not.toMatch(
          /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
        );
      }
      expect(parts.map((part) => part.replace(/\n\(\d\/\d\)$/, "")).join("")).toBe(text);
    });

    test("a limit with no room for text is refused", () => {
      expect(() => splitText("abcdefgh", 6)).toThrow(RangeError);
    });
  });

  describe("fitCard", () => {
    const rows = (count: number, text: string): Widget[] =>
      Array.from({ length: count }, (_, i) =>
        decoratedText(`${text} ${i}`, { topLabel: `Row ${i}` }),
      );

    test("a card that fits is returned as it is", () => {
      const card = cardWithId("c", { sections: [cardSection(rows(3, "ok"))] });
      expect(fitCard(card, MAX_REQUEST_BYTES)).toEqual({ kind: "fits", card, removedWidgets: 0 });
    });

    test("trims to the widget limit, ending with '…and N more'", () => {
      const card = cardWithId("c", {
        sections: [cardSection(rows(80, "a")), cardSection(rows(70, "b"), { header: "More" })],
      });
      const result = fitCard(card, 1_000_000);
      if (result.kind !== "fits") throw new Error(result.kind);
      const widgets = widgetsOf(result.card);
      expect(widgets).toHaveLength(MAX_CARD_WIDGETS);
      expect(widgets[98]).toEqual(decoratedText("b 18", { topLabel: "Row 18" }));
      expect(widgets[99]).toEqual(textParagraph("…and 51 more"));
      expect(result.removedWidgets).toBe(51);
      expect(result.card.card.sections[1]!.header).toBe("More");
    });

    test("trims a card of CJK and emoji to a byte budget", () => {
      const card = cardWithId("digest", {
        header: { title: "今日のまとめ 📋" },
        sections: [cardSection(rows(60, "未処理の依頼があります 🔥".repeat(20)))],
      });
      expect(bytesOf(card)).toBeGreaterThan(MAX_REQUEST_BYTES);
      const result = fitCard(card, 20000);
      if (result.kind !== "fits") throw new Error(result.kind);
      expect(bytesOf(result.card)).toBeLessThanOrEqual(20000);
      expect(utf8ByteLength(JSON.stringify(result.card))).toBe(bytesOf(result.card));
      const widgets = widgetsOf(result.card);
      expect(widgets[widgets.length - 1]).toEqual(
        textParagraph(`…and ${result.removedWidgets} more`),
      );
      expect(widgets.length - 1 + result.removedWidgets).toBe(60);
      // One widget fewer would have fitted without the trim: it removed no more than needed.
      const oneMore = fitCard(card, bytesOf(result.card) - 1);
      expect(oneMore.kind === "fits" && oneMore.removedWidgets).toBe(result.removedWidgets + 1);
    });

    test("sections emptied by the trim are dropped", () => {
      const big = "x".repeat(5000);
      const card = cardWithId("c", {
        sections: [cardSection([divider()]), cardSection(rows(10, big), { header: "Rows" })],
      });
      const result = fitCard(card, 1000);
      expect(result).toEqual({
        kind: "fits",
        card: cardWithId("c", {
          sections: [cardSection([divider(), textParagraph("…and 10 more")])],
        }),
        removedWidgets: 10,
      });
    });

    test("a header too big for the budget is reported, not sent", () => {
      const card = cardWithId("c", {
        header: { title: "t".repeat(3000) },
        sections: [cardSection(rows(2, "a"))],
      });
      const result = fitCard(card, 2000);
      expect(result.kind).toBe("too-big");
      expect(result.kind === "too-big" && result.bytes).toBeGreaterThan(3000);
    });
  });

  describe("cutWithEllipsis", () => {
    test.each([
      ["short", 10, {}, "short"],
      ["exactly ten", 11, {}, "exactly ten"],
      ["a longer sentence", 10, {}, "a longer…"],
      ["ab🎉cd", 4, {}, "ab…"], // the emoji's pair would be split: it goes whole
      ["ab👩\u200D👩\u200D👧", 6, {}, "ab👩…"], // no dangling joiner
      ["Tom &amp; Jerry", 8, { html: true }, "Tom…"], // no half entity
      ["see <b>this</b>", 7, { html: true }, "see…"], // no half tag
      ["AT&T is here", 5, {}, "AT&T…"], // plain text keeps its ampersand
    ])("%j in %i units (%j) -> %j", (text, max, options, expected) => {
      const cut = cutWithEllipsis(text, max, options);
      expect(cut).toBe(expected);
      expect(cut.length).toBeLessThanOrEqual(max);
    });
  });
});
