import { neutraliseCardText, neutraliseText } from "../../src/chat/neutralise";

const Z = "\u200B";

/** What Chat's text syntax would turn into a mention or a link. */
const MENTION_OR_LINK = /<(users\/|https?:|mailto:)|\]\(|[a-z]:\/\//i;

describe("neutralise", () => {
  describe("neutraliseText", () => {
    test.each([
      ["<users/all>", `<${Z}users/all>`],
      ["Hi <users/123456789>!", `Hi <${Z}users/123456789>!`],
      ["<https://evil.example|click>", `<${Z}https:${Z}//evil.example|click>`],
      ["<<users/all>>", `<${Z}<${Z}users/all>>`],
      ["&lt;users/all&gt;", `&${Z}lt;users/all&${Z}gt;`],
      ["&#60;users/all>", `&${Z}#60;users/all>`],
      ["[invoice](https://evil.example)", `[invoice]${Z}(https:${Z}//evil.example)`],
      ["see https://example.com/a?b=c", `see https:${Z}//example.com/a?b=c`],
    ])("breaks %j", (input, expected) => {
      const output = neutraliseText(input);
      expect(output).toBe(expected);
      expect(output.replace(/\u200B/g, "")).toBe(input); // still reads the same
    });

    test("leaves ordinary text, emoji and CJK untouched", () => {
      const text = "Printer jammed 🖨️ 打印机卡纸 — AT&T, 5 > 3, *bold* _it_ ~s~ `code` 👩‍👩‍👧";
      expect(neutraliseText(text)).toBe(text);
    });

    test("text that already carries zero-width spaces is not broken twice", () => {
      const once = neutraliseText("<users/all> https://x.example [a](b)");
      expect(neutraliseText(once)).toBe(once);
      expect(neutraliseText(`<${Z}users/all>`)).toBe(`<${Z}users/all>`);
    });

    test("a hostile mix leaves nothing Chat would turn into a mention or a link", () => {
      const hostile =
        "<users/all><users/1>\n<https://a.example|b> [c](http://d.example) mailto:<e@f.example> " +
        "<<<users/all>>> <\u200Cusers/all>";
      expect(neutraliseText(hostile)).not.toMatch(MENTION_OR_LINK);
    });
  });

  describe("neutraliseCardText", () => {
    test.each([
      [
        '<a href="https://evil.example">Pay</a>',
        `&lt;a href=&quot;https:${Z}//evil.example&quot;&gt;Pay&lt;/a&gt;`,
      ],
      ["<users/all>", "&lt;users/all&gt;"],
      ["&lt;b&gt;", "&amp;lt;b&amp;gt;"],
      ["Tom & Jerry 🐱 東京", "Tom &amp; Jerry 🐱 東京"],
      ["[here](https://evil.example)", `[here]${Z}(https:${Z}//evil.example)`],
    ])("escapes %j", (input, expected) => {
      expect(neutraliseCardText(input)).toBe(expected);
    });

    test("leaves no tag, no entity of the user's and no URL", () => {
      const output = neutraliseCardText(
        '<b onclick="x">&amp;</b> <font color="red">ftp://h</font>',
      );
      expect(output).not.toMatch(/[<>"]/);
      expect(output).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
      expect(output).not.toContain("://");
    });
  });
});
