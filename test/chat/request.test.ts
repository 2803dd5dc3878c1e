import { cardSection, cardWithId, decoratedText, textParagraph } from "../../src/chat/cards";
import {
  MAX_CARD_WIDGETS,
  MAX_FALLBACK_CHARS,
  MAX_HEADER_CHARS,
  MAX_REQUEST_BYTES,
  MAX_TEXT_CHARS,
} from "../../src/chat/limits";
import type { CardWithId, ChatMessage } from "../../src/chat/message";
import { planRequests, type PlannedRequest } from "../../src/chat/request";
import { parseWebhookUrl } from "../../src/chat/webhook-url";

const URL =
  "https://chat.googleapis.com/v1/spaces/AAAAbCdEfGh/messages" +
  "?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=FAKEtoken-for-tests-only-not-a-secret-00000%3D";
const WEBHOOK = parseWebhookUrl(URL, "test");

function bodyOf(planned: PlannedRequest): ChatMessage {
  return JSON.parse(planned.request.body) as ChatMessage;
}

function expectWithinLimits(plan: PlannedRequest[]): void {
  for (const planned of plan) {
    expect(Buffer.byteLength(planned.request.body, "utf8")).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    const body = bodyOf(planned);
    expect((body.text ?? "").length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    for (const card of body.cardsV2 ?? []) {
      const widgets = card.card.sections.reduce((n, section) => n + section.widgets.length, 0);
      expect(widgets).toBeLessThanOrEqual(MAX_CARD_WIDGETS);
    }
  }
}

/** The text parts put back together, markers removed. */
function textOf(plan: PlannedRequest[]): string {
  return plan
    .map((planned) => bodyOf(planned).text)
    .filter((text): text is string => text !== undefined)
    .map((text) => (plan.length === 1 ? text : text.replace(/\n\(\d+\/\d+\)$/, "")))
    .join("\n");
}

function rowsCard(cardId: string, rows: number, value: string): CardWithId {
  return cardWithId(cardId, {
    header: { title: "New form response" },
    sections: [
      cardSection(
        Array.from({ length: rows }, (_, i) =>
          decoratedText(`${value} ${i}`, { topLabel: `Q${i}` }),
        ),
      ),
    ],
  });
}

const LONG_LINES = Array.from(
  { length: 400 },
  (_, i) => `Row ${i}: 打印机卡纸 🖨️ printer on floor ${i % 7} is jammed`,
).join("\n");

describe("request", () => {
  test("a short text is one request to the URL as it is", () => {
    expect(planRequests(WEBHOOK, { text: "Row 12 is *done*" })).toEqual([
      {
        request: { url: URL, body: '{"text":"Row 12 is *done*"}' },
        part: 1,
        partCount: 1,
        replyOption: undefined,
        threadKey: undefined,
      },
    ]);
  });

  test("a thread key goes in the body, its reply option in the URL", () => {
    const [planned] = planRequests(WEBHOOK, { text: "Status: done" }, { threadKey: "row-12" });
    expect(planned!.request).toEqual({
      url: `${URL}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
      body: '{"text":"Status: done","thread":{"threadKey":"row-12"}}',
    });
    expect(planned!.replyOption).toBe("fallbackToNewThread");
    expect(planned!.threadKey).toBe("row-12");
  });

  test("replyOrFail is passed on; the options' thread key overrides the message's", () => {
    const message: ChatMessage = { text: "x", thread: { threadKey: "from-message" } };
    const [own] = planRequests(WEBHOOK, message, { replyOption: "replyOrFail" });
    expect(own!.request.url).toBe(`${URL}&messageReplyOption=REPLY_MESSAGE_OR_FAIL`);
    expect(bodyOf(own!).thread).toEqual({ threadKey: "from-message" });
    const [overridden] = planRequests(WEBHOOK, message, { threadKey: "row-3" });
    expect(bodyOf(overridden!).thread).toEqual({ threadKey: "row-3" });
  });

  test("a long CJK and emoji text becomes parts in one thread of their own", () => {
    const plan = planRequests(WEBHOOK, { text: LONG_LINES }, { partsThreadKey: "entry-81f3" });
    expect(plan.length).toBeGreaterThan(1);
    expectWithinLimits(plan);
    expect(textOf(plan)).toBe(LONG_LINES);
    plan.forEach((planned, index) => {
      expect(planned.part).toBe(index + 1);
      expect(planned.partCount).toBe(plan.length);
      expect(bodyOf(planned).text).toMatch(new RegExp(`\\n\\(${index + 1}/${plan.length}\\)$`));
      expect(bodyOf(planned).thread).toEqual({ threadKey: "entry-81f3" });
      expect(planned.request.url).toBe(
        `${URL}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
      );
    });
  });

  test("parts of a threaded message go in the caller's thread", () => {
    const plan = planRequests(
      WEBHOOK,
      { text: LONG_LINES },
      { threadKey: "row-7", replyOption: "replyOrFail", partsThreadKey: "entry-1" },
    );
    expect(plan.every((planned) => bodyOf(planned).thread?.threadKey === "row-7")).toBe(true);
    expect(plan.every((planned) => planned.replyOption === "replyOrFail")).toBe(true);
  });

  test("several parts without any thread key are refused, saying what to pass", () => {
    expect(() => planRequests(WEBHOOK, { text: LONG_LINES })).toThrow(/pass a partsThreadKey/);
  });

  test("text that would fit in characters but not in bytes is split further", () => {
    // Control characters are escaped as \u00XX (6 bytes each) and a 4,000-character thread key of
    // them takes 24 KB: 4,096 characters of text cannot ride along.
    const threadKey = "\u0001".repeat(4000);
    const text = Array.from({ length: 300 }, (_, i) => `"${i}" \u0007\u0007 東京`).join("\n");
    const plan = planRequests(WEBHOOK, { text }, { threadKey });
    expect(text.length).toBeLessThan(MAX_TEXT_CHARS);
    expect(plan.length).toBeGreaterThan(1);
    expectWithinLimits(plan);
    expect(textOf(plan)).toBe(text);
  });

  test("a card that fits rides with the last text part", () => {
    const card = rowsCard("answers", 3, "yes");
    const plan = planRequests(
      WEBHOOK,
      { text: LONG_LINES, cardsV2: [card], fallbackText: "New response" },
      { partsThreadKey: "entry-2" },
    );
    expectWithinLimits(plan);
    const last = bodyOf(plan[plan.length - 1]!);
    expect(last.cardsV2).toEqual([card]);
    expect(last.fallbackText).toBe("New response");
    expect(last.text).toMatch(/\(\d+\/\d+\)$/);
    expect(plan.slice(0, -1).every((planned) => bodyOf(planned).cardsV2 === undefined)).toBe(true);
  });

  test("text and a card in one request need no thread", () => {
    const card = rowsCard("answers", 2, "yes");
    const plan = planRequests(WEBHOOK, { text: "New response", cardsV2: [card] });
    expect(plan).toHaveLength(1);
    expect(JSON.parse(plan[0]!.request.body)).toEqual({ text: "New response", cardsV2: [card] });
    expect(plan[0]!.request.url).toBe(URL);
  });

  test("a card too big to ride along gets its own request, trimmed to the limit", () => {
    const card = rowsCard("answers", 90, "長い回答です 😀".repeat(40));
    const plan = planRequests(
      WEBHOOK,
      { text: "New response from Ada", cardsV2: [card] },
      { partsThreadKey: "entry-3" },
    );
    expect(plan).toHaveLength(2);
    expectWithinLimits(plan);
    expect(bodyOf(plan[0]!)).toEqual({
      text: "New response from Ada",
      thread: { threadKey: "entry-3" },
    });
    const cardBody = bodyOf(plan[1]!);
    expect(cardBody.text).toBeUndefined();
    expect(cardBody.fallbackText).toBe("New form response");
    const widgets = cardBody.cardsV2![0]!.card.sections[0]!.widgets;
    expect(widgets[widgets.length - 1]).toEqual(
      textParagraph(`…and ${90 - (widgets.length - 1)} more`),
    );
    // The body is filled: one more widget would not have fitted.
    expect(Buffer.byteLength(plan[1]!.request.body)).toBeGreaterThan(MAX_REQUEST_BYTES - 2000);
  });

  test("a card of more than 100 widgets is trimmed even when small", () => {
    const plan = planRequests(WEBHOOK, { cardsV2: [rowsCard("digest", 150, "ok")] });
    expect(plan).toHaveLength(1);
    expectWithinLimits(plan);
    const widgets = bodyOf(plan[0]!).cardsV2![0]!.card.sections[0]!.widgets;
    expect(widgets[99]).toEqual(textParagraph("…and 51 more"));
  });

  test("several big cards share the request fairly, the small one untouched", () => {
    const small = rowsCard("small", 2, "tiny");
    const cards = [rowsCard("a", 80, "x".repeat(400)), small, rowsCard("b", 80, "y".repeat(400))];
    const plan = planRequests(WEBHOOK, { cardsV2: cards });
    expect(plan).toHaveLength(1);
    expectWithinLimits(plan);
    const sent = bodyOf(plan[0]!).cardsV2!;
    expect(sent.map((card) => card.cardId)).toEqual(["a", "small", "b"]);
    expect(sent[1]).toEqual(small);
    for (const index of [0, 2]) {
      const widgets = sent[index]!.card.sections[0]!.widgets;
      expect(widgets.length).toBeGreaterThan(20);
      expect(widgets[widgets.length - 1]).toHaveProperty("textParagraph");
    }
  });

  test("a card-only message gets a plain, neutralised fallback text", () => {
    const card = cardWithId("c", {
      header: { title: "<b>Alert</b> &lt;users/all&gt; at https://x.example" },
      sections: [cardSection([decoratedText("x")])],
    });
    expect(bodyOf(planRequests(WEBHOOK, { cardsV2: [card] })[0]!).fallbackText).toBe(
      "Alert <\u200Busers/all> at https:\u200B//x.\u200Bexample",
    );
    const headless = cardWithId("d", { sections: [cardSection([decoratedText("x")])] });
    expect(bodyOf(planRequests(WEBHOOK, { cardsV2: [headless] })[0]!).fallbackText).toBe(
      "New card",
    );
    expect(
      bodyOf(planRequests(WEBHOOK, { cardsV2: [headless], fallbackText: "Mine" })[0]!).fallbackText,
    ).toBe("Mine");
  });

  test("request ids are suffixed per part so parts are not taken for duplicates", () => {
    const single = planRequests(WEBHOOK, { text: "x" }, { requestId: "entry-9" });
    expect(single[0]!.request.url).toBe(`${URL}&requestId=entry-9`);
    const parts = planRequests(
      WEBHOOK,
      { text: LONG_LINES },
      { requestId: "entry-9", partsThreadKey: "entry-9" },
    );
    expect(parts[1]!.request.url).toBe(
      `${URL}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&requestId=entry-9-2`,
    );
  });

  test("what Chat would reject is refused with a reason", () => {
    expect(() => planRequests(WEBHOOK, {})).toThrow("A Chat message needs text or cards");
    expect(() => planRequests(WEBHOOK, { text: "" })).toThrow("needs text or cards");
    expect(() => planRequests(WEBHOOK, { text: "x" }, { threadKey: "k".repeat(4001) })).toThrow(
      "The threadKey is 4001 characters; Chat accepts 1 to 4000",
    );
    const hugeHeader = cardWithId("h", {
      header: { title: "t", imageUrl: `https://img.example/${"i".repeat(40_000)}` },
      sections: [cardSection([decoratedText("x")])],
    });
    expect(() => planRequests(WEBHOOK, { cardsV2: [hugeHeader] })).toThrow(
      /Card "h" takes \d+ bytes even without its widgets/,
    );
  });

  test.each([
    ["a 6,000-character answer", "a".repeat(6000)],
    ["4,000 emoji", "🎉".repeat(4000)],
    ["4,000 escaped ampersands", "&amp;".repeat(4000)],
  ])("a card whose title and fallback hold %s is cut, visibly, and sent", (_what, value) => {
    const card = cardWithId("c", {
      header: { title: `New: ${value}`, subtitle: value },
      sections: [cardSection([decoratedText("x")])],
    });
    const [planned, ...more] = planRequests(WEBHOOK, { cardsV2: [card], fallbackText: value });
    expect(more).toEqual([]);
    const body = bodyOf(planned!);
    const header = body.cardsV2![0]!.card.header!;
    expect(header.title.length).toBeLessThanOrEqual(MAX_HEADER_CHARS);
    expect(header.title).toMatch(/^New: .+…$/u);
    expect(header.title).not.toMatch(/&[a-z]*…$/); // no half entity
    expect(header.subtitle!.length).toBeLessThanOrEqual(MAX_HEADER_CHARS);
    expect(body.fallbackText!.length).toBeLessThanOrEqual(MAX_FALLBACK_CHARS);
    expect(body.fallbackText).toMatch(/…$/);
    expect(body.fallbackText).not.toMatch(/[\uD800-\uDBFF]…/); // no half emoji
  });
});
