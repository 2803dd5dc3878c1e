import { renderCardHtml } from "../../src/preview/card-html";
import { renderChatText } from "../../src/preview/chat-text";
import { safeUrl } from "../../src/preview/html";
import { renderCard, renderWidget } from "../../src/preview/render-card";
import {
  formatTime,
  renderMessage,
  renderMessageBody,
  renderThread,
} from "../../src/preview/render-message";

describe("renderChatText: Chat's text markup", () => {
  it.each([
    ["*bold*", "<b>bold</b>"],
    ["_italic_", "<i>italic</i>"],
    ["~gone~", "<s>gone</s>"],
    ["a `x < y` b", 'a <code class="chat-code">x &lt; y</code> b'],
    ["*bold _and italic_*", "<b>bold <i>and italic</i></b>"],
    ["snake_case_name", "snake_case_name"],
    ["2 * 3 * 4", "2 * 3 * 4"],
    ["* not closed", '<ul class="chat-list"><li>not closed</li></ul>'],
    ["*unclosed", "*unclosed"],
  ])("%j", (text, html) => {
    expect(renderChatText(text)).toBe(html);
  });

  it("draws a code block as typed, markup and all", () => {
    expect(renderChatText("before\n```\n*not bold* <b>\n```\nafter")).toBe(
      'before\n<pre class="chat-pre">*not bold* &lt;b&gt;</pre>after',
    );
    expect(renderChatText("```open only")).toBe("```open only");
  });

  it("links <url|label>, <url> and bare URLs, and mentions users", () => {
    expect(renderChatText("<https://example.com/a?b=1&c=2|the report>")).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">the report</a>',
    );
    expect(renderChatText("see https://example.com/x.")).toContain(
      '<a href="https://example.com/x" target="_blank" rel="noopener noreferrer nofollow">https://example.com/x</a>.',
    );
    expect(renderChatText("hi <users/all> and <users/123>")).toBe(
      'hi <span class="chat-mention" title="users/all">@all</span> and <span class="chat-mention" title="users/123">@123</span>',
    );
  });

  it("nests lists by four spaces and closes them", () => {
    expect(renderChatText("Items:\n* one\n    - inner\n* two\nend")).toBe(
      'Items:<ul class="chat-list"><li>one<ul class="chat-list"><li>inner</li></ul></li><li>two</li></ul>end',
    );
  });

  it("never links unsafe URLs and keeps neutralised markup inert", () => {
    expect(renderChatText("<javascript:alert(1)|click>")).toBe("&lt;javascript:alert(1)|click&gt;");
    expect(renderChatText("<data:text/html,<b>x</b>|x>")).not.toContain("<a");
    // What src/chat/neutralise.ts makes of a cell saying <users/all> or a URL.
    expect(renderChatText("<\u200Busers/all> https:\u200B//evil.example")).toBe(
      "&lt;\u200Busers/all&gt; https:\u200B//evil.example",
    );
  });

  it("escapes every character HTML gives meaning to", () => {
    expect(renderChatText(`<script>alert("x")</script> & 'q'`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;",
    );
  });
});

describe("safeUrl", () => {
  it.each([
    ["https://example.com/x", "link", "https://example.com/x"],
    ["http://example.com", "image", "http://example.com"],
    ["mailto:ana@example.com", "link", "mailto:ana@example.com"],
    ["mailto:ana@example.com", "image", undefined],
    ["javascript:alert(1)", "link", undefined],
    ["JaVaScRiPt:alert(1)", "link", undefined],
    ["java\tscript:alert(1)", "link", undefined],
    ["data:image/png;base64,AAAA", "image", undefined],
    ["//example.com", "link", undefined],
    ["https://", "link", undefined],
  ] as const)("%j as %s -> %j", (url, kind, expected) => {
    expect(safeUrl(url, kind)).toBe(expected);
  });
});

describe("renderCardHtml: the card text subset", () => {
  it("rebuilds the tags Chat supports", () => {
    expect(
      renderCardHtml(
        '<b>b</b><i>i</i><u>u</u><s>s</s><font color="#ea9999">red</font>a<br>b<time>Mon</time>',
      ),
    ).toBe(
      '<b>b</b><i>i</i><u>u</u><s>s</s><font color="#ea9999">red</font>a<br>b<time>Mon</time>',
    );
    expect(renderCardHtml('<a href="https://example.com">x</a>')).toBe(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    );
  });

  it("drops other tags and attributes, keeps entities, closes what is left open", () => {
    expect(renderCardHtml('<b onclick="x()">hi<img src=x onerror=alert(1)>')).toBe("<b>hi</b>");
    expect(renderCardHtml("<script>alert(1)</script>")).toBe("alert(1)");
    expect(renderCardHtml("Tom &amp; Jerry &lt;3 & co")).toBe("Tom &amp; Jerry &lt;3 &amp; co");
    expect(renderCardHtml('<font color="red;background:url(x)">x</font>')).toBe("<font>x</font>");
    expect(renderCardHtml("</b></div>text")).toBe("text");
    expect(renderCardHtml("<b><i>x</b>y")).toBe("<b><i>x</i></b>y");
  });

  it("never links an unsafe href, however it is spelled", () => {
    for (const href of [
      "javascript:alert(1)",
      "jav&#x61;script:alert(1)",
      "javascript&colon;alert(1)",
      " javascript:alert(1)",
    ]) {
      const html = renderCardHtml(`<a href="${href}">x</a>`);
      expect(html).not.toContain("href");
      expect(html).toBe('<span class="chat-unsafe-link">x</span>');
    }
  });
});

describe("renderWidget and renderCard", () => {
  it("draws a decoratedText with labels, icon and button", () => {
    const html = renderWidget({
      decoratedText: {
        topLabel: "Owner",
        text: "<b>Ana</b>",
        bottomLabel: "since Monday",
        startIcon: { knownIcon: "PERSON" },
        wrapText: true,
        button: { text: "Open", onClick: { openLink: { url: "https://example.com/row/4" } } },
      },
    });
    expect(html).toContain('<div class="chat-label">Owner</div>');
    expect(html).toContain("<b>Ana</b>");
    expect(html).toContain("since Monday");
    expect(html).toContain("👤");
    expect(html).toContain('href="https://example.com/row/4"');
  });

  it("draws images, grids, columns and dividers; names what it cannot draw", () => {
    expect(
      renderWidget({ image: { imageUrl: "https://example.com/a.png", altText: "A" } }),
    ).toContain('src="https://example.com/a.png" alt="A"');
    expect(renderWidget({ image: { imageUrl: "javascript:x", altText: "A" } })).not.toContain(
      "<img",
    );
    const grid = renderWidget({
      grid: {
        title: "Rooms",
        columnCount: 3,
        items: [
          { title: "Oak", subtitle: "6 seats", image: { imageUri: "https://example.com/o.png" } },
        ],
      },
    });
    expect(grid).toContain('class="chat-grid chat-grid-3"');
    expect(grid).toContain("Oak");
    const columns = renderWidget({
      columns: {
        columnItems: [{ widgets: [{ textParagraph: { text: "left" } }] }, { widgets: [] }],
      },
    });
    expect(columns.match(/class="chat-column"/g)).toHaveLength(2);
    expect(columns).toContain("left");
    expect(renderWidget({ divider: {} })).toContain("<hr");
    expect(renderWidget({ selectionInput: { name: "<x>" } })).toContain(
      "Not drawn here: selectionInput",
    );
  });

  it("puts a collapsible section's hidden widgets behind Show more", () => {
    const html = renderCard({
      card: {
        sections: [
          {
            header: "Details",
            collapsible: true,
            uncollapsibleWidgetsCount: 1,
            widgets: [{ textParagraph: { text: "first" } }, { textParagraph: { text: "second" } }],
          },
        ],
      },
    });
    expect(html).toMatch(/first.*<details class="chat-more"><summary>Show more<\/summary>.*second/);
  });

  it("draws the header with its image and drops sections past 100 widgets, as Chat does", () => {
    const widgets = (n: number) => Array.from({ length: n }, () => ({ divider: {} }));
    const html = renderCard({
      card: {
        header: {
          title: "T <i>",
          subtitle: "S",
          imageUrl: "https://example.com/h.png",
          imageType: "CIRCLE",
        },
        sections: [{ widgets: widgets(60) }, { widgets: widgets(41) }, { widgets: widgets(1) }],
      },
    });
    expect(html).toContain("T &lt;i&gt;");
    expect(html).toContain("chat-header-image chat-circle");
    expect(html.match(/<hr/g)).toHaveLength(60);
    expect(html).toContain("2 section(s) not shown");
  });
});

describe("renderMessage and renderThread", () => {
  const meta = { sender: "Chat <bot>", time: Date.UTC(2026, 0, 5, 9, 3), timeZone: "Europe/Paris" };

  it("puts the text above the cards, with the sender and the time", () => {
    const html = renderMessage(
      {
        text: "*hi*",
        cardsV2: [{ cardId: "c", card: { header: { title: "Card" }, sections: [] } }],
      },
      meta,
    );
    expect(html.indexOf("<b>hi</b>")).toBeLessThan(html.indexOf("Card"));
    expect(html).toContain("Chat &lt;bot&gt;");
    expect(html).toContain('datetime="2026-01-05T09:03:00.000Z">10:03 AM</time>');
  });

  it("says when there is nothing to draw, and ignores fields of the wrong type", () => {
    expect(renderMessageBody({})).toContain("(empty message)");
    expect(renderMessageBody({ text: 42, cardsV2: "x" })).toContain("(empty message)");
    expect(renderMessageBody({ cards: [{}] })).toContain("Deprecated v1 cards");
  });

  it("indents a thread's replies under its first message", () => {
    const html = renderThread({
      threadKey: "task-3",
      messages: [
        { message: { text: "first" }, meta },
        { message: { text: "second" }, meta },
        { message: { text: "third" }, meta },
      ],
    });
    expect(html).toMatch(
      /first.*<div class="chat-replies"><div class="chat-reply-count">2 replies<\/div>.*second.*third/,
    );
    expect(html).toContain("threadKey task-3");
    expect(renderThread({ messages: [] })).toBe("");
  });

  it("formats times in the zone asked for, and in UTC for an unknown zone", () => {
    expect(formatTime(Date.UTC(2026, 0, 5, 17, 30), "UTC")).toBe("5:30 PM");
    expect(formatTime(Date.UTC(2026, 0, 5, 17, 30), "Not/AZone")).toBe("17:30 UTC");
  });
});
