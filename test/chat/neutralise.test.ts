import { neutraliseCardText, neutraliseText } from "../../src/chat/neutralise";

const Z = "\u200B";

/** What Chat's text syntax would turn into a mention or a link. */
const MENTION_OR_LINK = /<(users\/|https?:|mailto:)|\]\(|[a-z]:\/\//i;
/** A host name a linkifier could pick up: two labels joined by a dot with nothing between. */
const BARE_HOST = /[a-z0-9-]\.[a-z]{2,}/i;
/** Controls that reorder what is read. */
const REORDERING = /[\u202A-\u202E\u2066-\u2069]/;

describe("neutralise", () => {
  describe("neutraliseText", () => {
    test.each([
      ["<users/all>", `<${Z}users/all>`],
      ["Hi <users/123456789>!", `Hi <${Z}users/123456789>!`],
      ["<https://evil.example|click>", `<${Z}https:${Z}//evil.${Z}example|click>`],
      ["<<users/all>>", `<${Z}<${Z}users/all>>`],
      ["&lt;users/all&gt;", `&${Z}lt;users/all&${Z}gt;`],
      ["&#60;users/all>", `&${Z}#60;users/all>`],
      ["[invoice](https://evil.example)", `[invoice]${Z}(https:${Z}//evil.${Z}example)`],
      ["see https://example.com/a?b=c", `see https:${Z}//example.${Z}com/a?b=c`],
      ["www.evil.example/login", `www.${Z}evil.${Z}example/login`],
      ["log in at evil.example/login now", `log in at evil.${Z}example/login now`],
      ["WWW.EVIL.EXAMPLE", `WWW.${Z}EVIL.${Z}EXAMPLE`],
      ["user@evil.example/login", `user@evil.${Z}example/login`],
      ["例子.测试/登录", `例子.${Z}测试/登录`],
      ["sub-domain.evil-site.example", `sub-domain.${Z}evil-site.${Z}example`],
    ])("breaks %j", (input, expected) => {
      const output = neutraliseText(input);
      expect(output).toBe(expected);
      expect(output.replace(/\u200B/g, "")).toBe(input); // still reads the same
    });

    test.each([
      ["invoice\u202Egpj.exe", "invoicegpj.exe"],
      ["\u2066admin\u2069 approved", "admin approved"],
      ["a\u202Ab\u202Bc\u202Cd\u202De\u2067f\u2068g", "abcdefg"],
      ["\u206Ainhibit\uFFF9note\uFFFB", "inhibitnote"],
    ])("removes the reordering controls of %j", (input, expected) => {
      expect(neutraliseText(input)).toBe(expected.replace(/\.exe/, `.${Z}exe`));
      expect(neutraliseText(input)).not.toMatch(REORDERING);
    });

    test("keeps the marks right-to-left text needs", () => {
      const hebrew = "שלום\u200F 42 \u200Eok\u061C";
      expect(neutraliseText(hebrew)).toBe(hebrew);
    });

    test.each([
      "version v2.3 and 1.5 kg",
      "e.g. a list, i.e. this",
      "end of sentence. Next one",
      "Printer jammed 🖨️ 打印机卡纸 — AT&T, 5 > 3, *bold* _it_ ~s~ `code` 👩‍👩‍👧",
      "3.14159 and 10.0.0.1",
      "owner wei.zhang@example.com, chloé@exemple.fr",
    ])("leaves %j untouched", (text) => {
      expect(neutraliseText(text)).toBe(text);
    });

    test("text that already carries zero-width spaces is not broken twice", () => {
      const once = neutraliseText("<users/all> https://x.example [a](b) www.a.example b.example");
      expect(neutraliseText(once)).toBe(once);
      expect(neutraliseText(`<${Z}users/all>`)).toBe(`<${Z}users/all>`);
    });

    test("a hostile mix leaves nothing Chat would turn into a mention, a link or a reordering", () => {
      const hostile =
        "<users/all><users/1>\n<https://a.example|b> [c](http://d.example) mailto:<e@f.example> " +
        "<<<users/all>>> <\u200Cusers/all> www.g.example/x h.example \u202Eexe.pdf";
      const output = neutraliseText(hostile);
      expect(output).not.toMatch(MENTION_OR_LINK);
      // Email addresses are kept whole on purpose.
      expect(output.replace(/[^\s<]+@[^\s>]+/g, "")).not.toMatch(BARE_HOST);
      expect(output).not.toMatch(REORDERING);
    });
  });

  describe("neutraliseCardText", () => {
    test.each([
      [
        '<a href="https://evil.example">Pay</a>',
        `&lt;a href=&quot;https:${Z}//evil.${Z}example&quot;&gt;Pay&lt;/a&gt;`,
      ],
      ["<users/all>", "&lt;users/all&gt;"],
      ["&lt;b&gt;", "&amp;lt;b&amp;gt;"],
      ["Tom & Jerry 🐱 東京", "Tom &amp; Jerry 🐱 東京"],
      ["[here](https://evil.example)", `[here]${Z}(https:${Z}//evil.${Z}example)`],
      ["www.evil.example/login", `www.${Z}evil.${Z}example/login`],
      ["pay at evil.example", `pay at evil.${Z}example`],
      ["name\u202Efdp.exe", `namefdp.${Z}exe`],
    ])("escapes %j", (input, expected) => {
      expect(neutraliseCardText(input)).toBe(expected);
    });

    test("leaves no tag, no entity of the user's, no URL, no host and no reordering", () => {
      const output = neutraliseCardText(
        '<b onclick="x">&amp;</b> <font color="red">ftp://h</font> www.i.example j.example \u2066x\u2069',
      );
      expect(output).not.toMatch(/[<>"]/);
      expect(output).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
      expect(output).not.toContain("://");
      expect(output).not.toMatch(BARE_HOST);
      expect(output).not.toMatch(REORDERING);
    });
  });
});
