import type { ChatMessage, DecoratedTextWidget } from "../../src/chat/message";
import type { EditContext } from "../../src/rules/config-types";
import {
  renderMarkdownText,
  renderMessage,
  renderText,
  renderThreadKey,
  type TemplateData,
} from "../../src/rules/render";

const Z = "\u200B";
const URL = "https://docs.google.com/spreadsheets/d/1AbCdEf/edit#gid=0&range=A3";

function data(fields: Record<string, string>, builtIn: Record<string, string | undefined> = {}) {
  const value: TemplateData = {
    builtIn: { url: URL, sheet: "Tasks", row: "3", ...builtIn },
    fields: new Map(Object.entries(fields)),
    url: URL,
    linkLabel: "Open the row",
  };
  return value;
}

const task = data({
  ID: "T-2",
  Task: "打印机卡纸 🖨️",
  Owner: "wei.zhang@example.com",
  Status: "Blocked",
  Due: "2026-01-12",
});

const context: EditContext = {
  sheet: "Tasks",
  row: 3,
  values: { ID: "T-2", Task: "打印机卡纸 🖨️", Status: "Blocked" },
  old: "Open",
  new: "Blocked",
  url: URL,
  user: "ana@example.com",
};

function widgetsOf(message: ChatMessage | null) {
  return message?.cardsV2?.[0]?.card.sections.map((section) => section.widgets) ?? [];
}

function fieldLines(message: ChatMessage | null) {
  return (widgetsOf(message)[0] ?? []).map((widget) => {
    const { topLabel, text } = (widget as DecoratedTextWidget).decoratedText;
    return [topLabel, text];
  });
}

describe("render", () => {
  describe("renderMessage: a text template", () => {
    test("renders the text, with the row's fields and the built-ins", () => {
      expect(
        renderMessage(
          "📌 *{{Task}}* ({{ID}}) is {{Status}} · row {{row}} of {{sheet}}",
          context,
          task,
          "c",
        ),
      ).toEqual({ text: "📌 *打印机卡纸 🖨️* (T-2) is Blocked · row 3 of Tasks" });
    });

    test("a built-in wins over a field of the same name", () => {
      const clash = data({ sheet: "a column called sheet" });
      expect(renderMessage("{{sheet}}", context, clash, "c")).toEqual({ text: "Tasks" });
    });
  });

  describe("renderMessage: a card", () => {
    test("shows every field in sheet order by default, with a title, subtitle and link", () => {
      const message = renderMessage(
        { card: { title: "Blocked: {{Task}}", subtitle: "{{ID}} · {{Owner}}" } },
        context,
        task,
        "task-blocked-3",
      );
      expect(message).toEqual({
        cardsV2: [
          {
            cardId: "task-blocked-3",
            card: {
              header: { title: "Blocked: 打印机卡纸 🖨️", subtitle: "T-2 · wei.zhang@example.com" },
              sections: [
                {
                  widgets: [
                    { decoratedText: { topLabel: "ID", text: "T-2", wrapText: true } },
                    { decoratedText: { topLabel: "Task", text: "打印机卡纸 🖨️", wrapText: true } },
                    {
                      decoratedText: {
                        topLabel: "Owner",
                        text: "wei.zhang@example.com",
                        wrapText: true,
                      },
                    },
                    { decoratedText: { topLabel: "Status", text: "Blocked", wrapText: true } },
                    { decoratedText: { topLabel: "Due", text: "2026-01-12", wrapText: true } },
                  ],
                },
                {
                  widgets: [
                    {
                      buttonList: {
                        buttons: [{ text: "Open the row", onClick: { openLink: { url: URL } } }],
                      },
                    },
                  ],
                },
              ],
            },
          },
        ],
        fallbackText: "Blocked: 打印机卡纸 🖨️",
      });
    });

    test("explicit fields are shown in the order given", () => {
      const message = renderMessage(
        { card: { title: "{{Task}}", fields: ["Due", "Owner"] } },
        context,
        task,
        "c",
      );
      expect(fieldLines(message)).toEqual([
        ["Due", "2026-01-12"],
        ["Owner", "wei.zhang@example.com"],
      ]);
    });

    test("an empty value shows a dash, so the line is not blank", () => {
      const message = renderMessage(
        { card: { title: "{{Task}}", fields: ["Status", "Notes"] } },
        context,
        data({ Status: "", Notes: "" }),
        "c",
      );
      expect(fieldLines(message)).toEqual([
        ["Status", "—"],
        ["Notes", "—"],
      ]);
    });

    test("cell values are HTML-escaped and cannot make a link, in fields and in the title", () => {
      const hostile = data({
        Task: '<a href="https://evil.example">Pay</a> & <users/all>',
        "<b>Owner</b>": "ana@example.com",
      });
      const message = renderMessage({ card: { title: "New: {{Task}}" } }, context, hostile, "c");
      const escaped = `&lt;a href=&quot;https:${Z}//evil.${Z}example&quot;&gt;Pay&lt;/a&gt; &amp; &lt;users/all&gt;`;
      expect(fieldLines(message)).toEqual([
        ["Task", escaped],
        ["&lt;b&gt;Owner&lt;/b&gt;", "ana@example.com"],
      ]);
      expect(message?.cardsV2?.[0]?.card.header?.title).toBe(`New: ${escaped}`);
      // The fallback is plain Chat text: neutralised as text, not escaped as HTML.
      expect(message?.fallbackText).toBe(
        `New: <${Z}a href="https:${Z}//evil.${Z}example">Pay<${Z}/a> & <${Z}users/all>`,
      );
    });

    test("the title template's own markup is the author's and kept", () => {
      const message = renderMessage(
        { card: { title: "<b>Blocked</b> {{ID}}" } },
        context,
        task,
        "c",
      );
      expect(message?.cardsV2?.[0]?.card.header?.title).toBe("<b>Blocked</b> T-2");
    });

    test("linkButton: false leaves the button out", () => {
      const message = renderMessage(
        { card: { title: "{{Task}}", linkButton: false } },
        context,
        task,
        "c",
      );
      expect(widgetsOf(message)).toHaveLength(1);
      expect(JSON.stringify(message)).not.toContain("buttonList");
    });

    test("no url, no button", () => {
      const noUrl: TemplateData = { ...task, url: "" };
      const message = renderMessage({ card: { title: "{{Task}}" } }, context, noUrl, "c");
      expect(widgetsOf(message)).toHaveLength(1);
    });
  });

  describe("renderMessage: notification styles of a card", () => {
    const spec = {
      card: { title: "Blocked: {{Task}}", subtitle: "{{ID}}", fields: ["Owner", "Due"] },
    };
    const hostile = data({ Task: "<users/all> www.evil.example", ID: "T-9", Owner: "", Due: "x" });

    test.each([
      [
        "text",
        {
          text:
            "*Blocked: 打印机卡纸 🖨️*\nT-2\nOwner: wei.zhang@example.com\nDue: 2026-01-12\n" +
            `<${URL}|Open the row>`,
        },
      ],
      ["text+card", { text: "*Blocked: 打印机卡纸 🖨️*\nT-2" }],
    ] as const)("%s puts the title (the notification) in the text", (style, expected) => {
      const message = renderMessage(spec, context, task, "c", { notification: style });
      expect(message).toMatchObject(expected);
      expect(message!.fallbackText).toBeUndefined();
    });

    test("text+card keeps the fields and the button in a card without a repeated header", () => {
      const message = renderMessage(spec, context, task, "c", { notification: "text+card" });
      expect(message!.cardsV2![0]!.card.header).toBeUndefined();
      expect(fieldLines(message)).toEqual([
        ["Owner", "wei.zhang@example.com"],
        ["Due", "2026-01-12"],
      ]);
      expect(widgetsOf(message)[1]).toEqual([
        {
          buttonList: { buttons: [{ text: "Open the row", onClick: { openLink: { url: URL } } }] },
        },
      ]);
    });

    test.each(["card", "text", "text+card"] as const)(
      "%s neutralises the values and shows a dash for an empty one",
      (style) => {
        const message = renderMessage(spec, context, hostile, "c", { notification: style });
        const all = JSON.stringify(message);
        expect(all).not.toContain("<users/all>");
        expect(all).not.toContain("www.evil");
        if (style === "text") expect(message!.text).toContain("Owner: —");
      },
    );
  });

  describe("renderMarkdownText", () => {
    test("converts the author's Markdown and keeps {{url}} a link", () => {
      expect(
        renderMarkdownText("## {{Task}}\n**Owner**: {{Owner}} · [open the row]({{url}})", task),
      ).toBe(`*打印机卡纸 🖨️*\n*Owner*: wei.zhang@example.com · <${URL}|open the row>`);
    });

    test.each([
      ["**bold** [x](https://evil.example)", `**bold** [x]${Z}(https:${Z}//evil.${Z}example)`],
      ["# not a heading", "# not a heading"],
      ["<users/all>", `<${Z}users/all>`],
      ["- not a list", "- not a list"],
    ])("a value %j adds no Markdown and stays inert", (value, shown) => {
      const hostile = data({ Task: value });
      expect(renderMarkdownText("Task: _{{Task}}_", hostile)).toBe(`Task: _${shown}_`);
    });

    test("a rule with format markdown renders its text template so", () => {
      expect(
        renderMessage("**{{ID}}** is {{Status}}", context, task, "c", { format: "markdown" }),
      ).toEqual({ text: "*T-2* is Blocked" });
      expect(renderMessage("**{{ID}}**", context, task, "c")).toEqual({ text: "**T-2**" });
    });
  });

  describe("fields that are links we built (form uploads)", () => {
    const upload = {
      ...data({ Receipt: "evil.pdf", Lines: "Speed: Good\nPrice: Poor" }),
      links: new Map([
        [
          "Receipt",
          [{ url: "https://drive.google.com/open?id=1AbCdEfGhIj", label: "<users/all> a|b.pdf" }],
        ],
      ]),
    };

    test("a text template shows the link, its label neutralised", () => {
      expect(renderText("Receipt: {{Receipt}}", upload)).toBe(
        `Receipt: <https://drive.google.com/open?id=1AbCdEfGhIj|<${Z}users/all_ a_b.${Z}pdf>`,
      );
    });

    test("a card shows it as a link and lines as <br>", () => {
      const message = renderMessage(
        { card: { title: "t", fields: ["Receipt", "Lines"] } },
        context,
        upload,
        "c",
      );
      expect(fieldLines(message)).toEqual([
        [
          "Receipt",
          `<a href="https://drive.google.com/open?id=1AbCdEfGhIj">&lt;users/all&gt; a|b.${Z}pdf</a>`,
        ],
        ["Lines", "Speed: Good<br>Price: Poor"],
      ]);
    });
  });

  describe("renderMessage: a function", () => {
    test("a string becomes the text", () => {
      const spec = (c: EditContext) => `${c.values.ID} is now ${c.new} (was ${c.old})`;
      expect(renderMessage(spec, context, task, "c")).toEqual({
        text: "T-2 is now Blocked (was Open)",
      });
    });

    test("a ChatMessage is used as it is", () => {
      const own: ChatMessage = { text: "Blocked", fallbackText: "A task is blocked" };
      expect(renderMessage(() => own, context, task, "c")).toBe(own);
    });

    test("null means send nothing", () => {
      expect(renderMessage(() => null, context, task, "c")).toBeNull();
    });

    test("gets the context it was given", () => {
      const spec = jest.fn((_c: EditContext) => null);
      renderMessage(spec, context, task, "c");
      expect(spec).toHaveBeenCalledWith(context);
    });
  });

  describe("renderThreadKey", () => {
    test("undefined without a template", () => {
      expect(renderThreadKey(undefined, task)).toBeUndefined();
    });

    test("uses values as they are: a key is never shown", () => {
      const odd = data({ ID: "<users/all> https://x.example" });
      expect(renderThreadKey("task-{{ID}}", task)).toBe("task-T-2");
      expect(renderThreadKey("task-{{ID}}", odd)).toBe("task-<users/all> https://x.example");
    });
  });

  describe("renderText", () => {
    test("keeps the {{url}} link working but breaks links and mentions from cells", () => {
      const hostile = data({
        Task: "Pay at https://evil.example now <users/all>",
        Owner: "<https://evil.example|ana@example.com>",
      });
      const text = renderText("*{{Task}}* by {{Owner}}: {{url}}", hostile);
      expect(text).toBe(
        `*Pay at https:${Z}//evil.${Z}example now <${Z}users/all>* by ` +
          `<${Z}https:${Z}//evil.${Z}example|ana@example.com>: ${URL}`,
      );
      expect(text).not.toMatch(/<users\/all>|https:\/\/evil/);
      expect(text).toContain(URL);
    });

    test("the template's own mention survives", () => {
      expect(renderText("<users/all> {{Task}} is blocked", task)).toBe(
        "<users/all> 打印机卡纸 🖨️ is blocked",
      );
    });
  });
});
