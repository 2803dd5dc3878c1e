import { markdownToChat } from "../../src/chat/markdown";

const Z = "\u200B";
const trusted = (md: string) => markdownToChat(md, { trusted: true });
const untrusted = (md: string) => markdownToChat(md, { trusted: false });

describe("markdown", () => {
  describe("markdownToChat, the author's text", () => {
    test.each([
      ["# Release 2.3", "*Release 2.3*"],
      ["## Notes **now**", "*Notes now*"],
      ["**bold** and __bold__", "*bold* and *bold*"],
      ["*italic* and _italic_", "_italic_ and _italic_"],
      ["~~gone~~", "~gone~"],
      ["***both***", "_*both*_"],
      ["`a < b` and `x*y`", "`a < b` and `x*y`"],
      ["```js\nconst a = 1 < 2;\n```", "```\nconst a = 1 < 2;\n```"],
      ["[the dashboard](https://status.example.com)", "<https://status.example.com|the dashboard>"],
      ["[a|b>c](https://x.example)", "<https://x.example|a¦b›c>"],
      ["<https://status.example.com>", "https://status.example.com"],
      ["see www.example.com", "see www.example.com"],
      ["![chart](https://img.example/c.png)", "<https://img.example/c.png|chart>"],
      ["- one\n- two", "• one\n• two"],
      ["* one\n* two\n  * deeper", "• one\n• two\n    ◦ deeper"],
      ["3. three\n4. four", "3. three\n4. four"],
      ["- [x] done\n- [ ] todo", "• ☑ done\n• ☐ todo"],
      ["> quoted\n> lines", "> quoted\n> lines"],
      ["Tom &amp; Jerry &lt;3 &#x1F600;", "Tom & Jerry <3 😀"],
      ["\\*not bold\\*", "*not bold*"],
      ["one\n\ntwo", "one\n\ntwo"],
      ["| a | b |\n|---|---|\n| 1 | 2 |", "*a | b*\n1 | 2"],
      ["a\n\n---\n\nb", "a\n\n──────────\n\nb"],
      ["<users/123> ping", "<users/123> ping"],
      ["[ref][1]\n\n[1]: https://r.example", "<https://r.example|ref>"],
    ])("%j -> %j", (markdown, chat) => {
      expect(trusted(markdown)).toBe(chat);
    });

    test("a heading, a list and a paragraph read as one message", () => {
      expect(
        trusted("# Deploy\n\nShipped **v2.3**:\n\n- faster digests\n- [notes](https://n.example)"),
      ).toBe("*Deploy*\n\nShipped *v2.3*:\n\n• faster digests\n• <https://n.example|notes>");
    });
  });

  describe("markdownToChat, text from users", () => {
    test.each([
      [
        "[your invoice](https://evil.example/pay)",
        `your invoice (https:${Z}//evil.${Z}example/pay)`,
      ],
      ["<https://evil.example>", `https:${Z}//evil.${Z}example`],
      ["visit www.evil.example", `visit www.${Z}evil.${Z}example`],
      ["**<users/all>** now", `*<${Z}users/all>* now`],
      ["&lt;users/all&gt;", `<${Z}users/all>`],
      ["`<users/all>`", `\`<${Z}users/all>\``],
      ["# \u202Eexe.pdf", `*exe.${Z}pdf*`],
    ])("%j -> %j", (markdown, chat) => {
      expect(untrusted(markdown)).toBe(chat);
    });

    test("keeps the formatting while nothing links or mentions", () => {
      const out = untrusted("## Hi <users/all>\n\n- [x](http://a.example)\n- **b.example**");
      expect(out).toMatch(/^\*Hi /);
      expect(out).not.toMatch(/<users|<http|\]\(|:\/\/|[a-z]\.[a-z]{2}/);
    });
  });
});
