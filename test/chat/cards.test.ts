import {
  buttonList,
  card,
  cardHeader,
  cardSection,
  cardWithId,
  decoratedText,
  divider,
  image,
  linkButton,
  textParagraph,
} from "../../src/chat/cards";

describe("cards", () => {
  test("a form-answers card serialises to the JSON Chat expects", () => {
    const built = cardWithId(
      "form-response",
      card(
        [
          cardSection(
            [
              decoratedText("Ada Lovelace", { topLabel: "Name" }),
              decoratedText("Printer on floor 2 is jammed", {
                topLabel: "Issue",
                bottomLabel: "Priority: high",
                button: linkButton("Open", "https://docs.google.com/spreadsheets/d/abc/edit"),
              }),
            ],
            { header: "Answers", collapsible: true },
          ),
          cardSection([
            divider(),
            textParagraph("<b>3</b> open requests"),
            image("https://example.com/chart.png", "Open requests this week"),
            buttonList([linkButton("Sheet", "https://docs.google.com/spreadsheets/d/abc")]),
          ]),
        ],
        cardHeader("New request", {
          subtitle: "Facilities form",
          imageUrl: "https://example.com/icon.png",
          imageType: "CIRCLE",
        }),
      ),
    );

    expect(JSON.parse(JSON.stringify(built))).toStrictEqual({
      cardId: "form-response",
      card: {
        header: {
          title: "New request",
          subtitle: "Facilities form",
          imageUrl: "https://example.com/icon.png",
          imageType: "CIRCLE",
        },
        sections: [
          {
            header: "Answers",
            collapsible: true,
            widgets: [
              { decoratedText: { topLabel: "Name", text: "Ada Lovelace", wrapText: true } },
              {
                decoratedText: {
                  topLabel: "Issue",
                  text: "Printer on floor 2 is jammed",
                  bottomLabel: "Priority: high",
                  wrapText: true,
                  button: {
                    text: "Open",
                    onClick: {
                      openLink: { url: "https://docs.google.com/spreadsheets/d/abc/edit" },
                    },
                  },
                },
              },
            ],
          },
          {
            widgets: [
              { divider: {} },
              { textParagraph: { text: "<b>3</b> open requests" } },
              {
                image: {
                  imageUrl: "https://example.com/chart.png",
                  altText: "Open requests this week",
                },
              },
              {
                buttonList: {
                  buttons: [
                    {
                      text: "Sheet",
                      onClick: { openLink: { url: "https://docs.google.com/spreadsheets/d/abc" } },
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    });
  });

  test("optional fields left out are absent, not undefined", () => {
    const header = cardHeader("Digest");
    const section = cardSection([decoratedText("x")]);
    expect(Object.keys(header)).toEqual(["title"]);
    expect(Object.keys(section)).toEqual(["widgets"]);
    expect(Object.keys(card([section]))).toEqual(["sections"]);
    expect(decoratedText("x")).toStrictEqual({ decoratedText: { text: "x", wrapText: true } });
  });

  test("builders keep text as given: neutralising is the caller's choice", () => {
    expect(textParagraph("<users/all>")).toStrictEqual({ textParagraph: { text: "<users/all>" } });
  });
});
