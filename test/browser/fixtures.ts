// Messages for the browser tests: one of every markup and widget kind the renderer draws, and a
// hostile corpus put into every field a message has.

export const MARKUP_TEXT = [
  "*bold* _italic_ ~strike~ `inline code` and *bold _nested italic_*",
  "<https://example.com/report|a labelled link>, <https://example.com/plain> and https://example.com/bare",
  "Mentions: <users/all> and <users/123456789>",
  "* first item",
  "* second item",
  "    - nested item",
  "```",
  "a code block with *no* markup <b>",
  "```",
  "after the block",
].join("\n");

const image = (name: string) => `https://images.example.com/${name}.png`;

export const EVERY_WIDGET = {
  cardId: "every-widget",
  card: {
    header: {
      title: "Every widget",
      subtitle: "header with an image",
      imageUrl: image("header"),
      imageType: "CIRCLE",
    },
    sections: [
      {
        header: "Decorated text and paragraphs",
        widgets: [
          {
            decoratedText: {
              topLabel: "Owner",
              text: "<b>Ana</b> <i>(on call)</i>",
              bottomLabel: "since <u>Monday</u>",
              startIcon: { knownIcon: "PERSON" },
              wrapText: true,
              button: { text: "Open", onClick: { openLink: { url: "https://example.com/row/4" } } },
            },
          },
          {
            textParagraph: {
              text: '<b>bold</b> <i>italic</i> <u>under</u> <s>struck</s> <font color="#d93025">red</font><br><a href="https://example.com">a link</a> <time>Mon, 07/16/2026 11:30 AM</time>',
            },
          },
        ],
      },
      {
        header: "Buttons, image, divider",
        collapsible: true,
        uncollapsibleWidgetsCount: 1,
        widgets: [
          {
            buttonList: {
              buttons: [
                { text: "Filled", onClick: { openLink: { url: "https://example.com/a" } } },
                {
                  text: "Coloured",
                  color: { red: 0.1, green: 0.5, blue: 0.2 },
                  onClick: { openLink: { url: "https://example.com/b" } },
                },
                {
                  text: "Disabled",
                  disabled: true,
                  onClick: { openLink: { url: "https://example.com/c" } },
                },
              ],
            },
          },
          { image: { imageUrl: image("chart"), altText: "a chart" } },
          { divider: {} },
          { textParagraph: { text: "hidden until Show more" } },
        ],
      },
      {
        header: "Grid and columns",
        widgets: [
          {
            grid: {
              title: "Rooms",
              columnCount: 2,
              items: [
                { title: "Oak", subtitle: "6 seats", image: { imageUri: image("oak") } },
                { title: "Elm", subtitle: "12 seats", image: { imageUri: image("elm") } },
                { title: "Ash", subtitle: "4 seats" },
              ],
            },
          },
          {
            columns: {
              columnItems: [
                { widgets: [{ textParagraph: { text: "left column" } }] },
                { widgets: [{ decoratedText: { topLabel: "Right", text: "column" } }] },
              ],
            },
          },
        ],
      },
    ],
  },
};

const LONG_WORD = "A".repeat(4096);
const LONG_URL = `https://example.com/${"x".repeat(3000)}`;

/** Text that tries to run code, load something, or break out of its box. */
export const HOSTILE: readonly string[] = [
  `<script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `<svg onload="window.__pwned='svg'"></svg>`,
  `<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
  `<a href="javascript:window.__pwned='link'">click me</a>`,
  `<a href="jav&#x61;script:window.__pwned='entity'">entity link</a>`,
  `<javascript:window.__pwned='chat-link'|chat link>`,
  `<data:text/html,<script>parent.__pwned='data'</script>|data link>`,
  `<b onmouseover="window.__pwned='attr'">hover</b>`,
  `<font color="red;position:fixed;top:0;left:0;width:100vw;height:100vh">cover</font>`,
  `<style>body{display:none}</style><div style="position:fixed;inset:0">overlay</div>`,
  `</div></div></section></main><div class="chat-message">forged</div>`,
  `<b><i><u><s>never closed`,
  `"'><img src=x onerror=window.__pwned='quote'>`,
  `&lt;script&gt;window.__pwned='entities'&lt;/script&gt;`,
  `*${"_~".repeat(500)}*`,
  LONG_WORD,
  LONG_URL,
  `<${LONG_URL}|${LONG_WORD}>`,
  "Z\u0335\u0336\u0337".repeat(100) + "\u0301".repeat(300),
  "\u202Eevil reversed text\u202C and \u2067isolate",
  "```\n" + "B".repeat(5000) + "\n```",
  "`" + "C".repeat(5000) + "`",
];

/** Each hostile string in every field where a message carries text or a URL. */
export function hostileMessage(payload: string) {
  const link = { openLink: { url: payload } };
  return {
    text: payload,
    cardsV2: [
      {
        cardId: "hostile",
        card: {
          header: { title: payload, subtitle: payload, imageUrl: payload, imageAltText: payload },
          sections: [
            {
              header: payload,
              collapsible: false,
              widgets: [
                {
                  decoratedText: {
                    topLabel: payload,
                    text: payload,
                    bottomLabel: payload,
                    wrapText: false,
                    startIcon: { iconUrl: payload, altText: payload },
                    button: { text: payload, onClick: link },
                  },
                },
                { textParagraph: { text: payload } },
                { buttonList: { buttons: [{ text: payload, onClick: link }] } },
                { image: { imageUrl: payload, altText: payload, onClick: link } },
                {
                  grid: {
                    title: payload,
                    columnCount: 3,
                    items: [{ title: payload, subtitle: payload, image: { imageUri: payload } }],
                  },
                },
                {
                  columns: {
                    columnItems: [
                      { widgets: [{ textParagraph: { text: payload } }] },
                      { widgets: [{ decoratedText: { text: payload } }] },
                    ],
                  },
                },
                { [payload.slice(0, 40)]: {} },
              ],
            },
          ],
        },
      },
    ],
  };
}
