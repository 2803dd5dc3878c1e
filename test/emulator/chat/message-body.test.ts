import { readMessageBody } from "../../../emulator/chat/space/message-body";

const JSON_TYPE = "application/json; charset=UTF-8";

function read(body: unknown) {
  return readMessageBody(JSON_TYPE, typeof body === "string" ? body : JSON.stringify(body));
}

function refusal(body: unknown): { status: number; message: string } {
  const reading = read(body);
  if (reading.ok || reading.answer.kind !== "response") throw new Error("expected a refusal");
  const error = JSON.parse(reading.answer.body).error;
  expect(error.code).toBe(reading.answer.status);
  return { status: reading.answer.status, message: error.message };
}

/** A body of exactly `bytes` UTF-8 bytes: {"text":"日日…x"} with 3-byte CJK characters. */
function cjkBodyOfBytes(bytes: number): string {
  const frame = '{"text":""}'.length;
  const cjk = Math.floor((bytes - frame) / 3);
  const body = `{"text":"${"日".repeat(cjk)}${"x".repeat(bytes - frame - cjk * 3)}"}`;
  expect(Buffer.byteLength(body, "utf8")).toBe(bytes);
  return body;
}

function cardWithWidgets(count: number) {
  const widgets = Array.from({ length: count }, (_, i) => ({ textParagraph: { text: `w${i}` } }));
  return {
    cardsV2: [
      {
        cardId: "answers",
        card: { sections: [{ widgets: widgets.slice(0, 60) }, { widgets: widgets.slice(60) }] },
      },
    ],
  };
}

describe("readMessageBody", () => {
  it("takes text, cardsV2, fallbackText and the thread", () => {
    const reading = read({
      text: "hi",
      cardsV2: [{ cardId: "c", card: { header: { title: "T" } } }],
      fallbackText: "hi (card)",
      thread: { threadKey: "row-7" },
    });
    expect(reading).toEqual({
      ok: true,
      message: {
        text: "hi",
        cardsV2: [{ cardId: "c", card: { header: { title: "T" } } }],
        fallbackText: "hi (card)",
        thread: { threadKey: "row-7" },
        ignoredWidgets: 0,
      },
    });
  });

  it("accepts a 32,000-byte body (CJK in a card) and refuses one byte more", () => {
    // Text alone cannot reach 32,000 bytes (4,096 characters of at most 4 bytes): cards can.
    const card = (bytes: number) => {
      const base = JSON.stringify({ cardsV2: [{ card: { header: { title: "" } } }] });
      const room = bytes - Buffer.byteLength(base, "utf8");
      const title = "日".repeat(Math.floor(room / 3)) + "x".repeat(room % 3);
      const body = JSON.stringify({ cardsV2: [{ card: { header: { title } } }] });
      expect(Buffer.byteLength(body, "utf8")).toBe(bytes);
      return body;
    };
    expect(readMessageBody(JSON_TYPE, card(32_000)).ok).toBe(true);
    const over = readMessageBody(JSON_TYPE, card(32_001));
    expect(over.ok).toBe(false);
    expect(!over.ok && over.answer.kind === "response" && over.answer.status).toBe(400);
  });

  it("counts the size in UTF-8 bytes, not characters", () => {
    const body = cjkBodyOfBytes(32_001);
    expect(body.length).toBeLessThan(32_000);
    expect(refusal(body).message).toMatch(/32001 bytes.*32000 bytes/);
  });

  it("accepts text of 4,096 characters and refuses 4,097 with Chat's reported message", () => {
    expect(read({ text: "a".repeat(4_096) }).ok).toBe(true);
    expect(read({ text: "日".repeat(4_096) }).ok).toBe(true);
    expect(refusal({ text: "a".repeat(4_097) })).toEqual({
      status: 400,
      message: "Message is longer than 4096 characters",
    });
  });

  it("drops the section that takes a card past 100 widgets, and every section after it", () => {
    const hundred = read(cardWithWidgets(100));
    expect(hundred.ok && hundred.message.ignoredWidgets).toBe(0);
    const reading = read(cardWithWidgets(103));
    if (!reading.ok) throw new Error("expected acceptance");
    expect(reading.message.ignoredWidgets).toBe(43);
    const sections = reading.message.cardsV2![0]!.card.sections!;
    expect(sections.map((s) => s.widgets!.length)).toEqual([60]);
    const three = read({
      cardsV2: [
        {
          cardId: "c",
          card: {
            sections: [90, 20, 1].map((n) => ({
              widgets: Array.from({ length: n }, () => ({ textParagraph: { text: "w" } })),
            })),
          },
        },
      ],
    });
    if (!three.ok) throw new Error("expected acceptance");
    expect(three.message.cardsV2![0]!.card.sections!.map((s) => s.widgets!.length)).toEqual([90]);
    expect(three.message.ignoredWidgets).toBe(21);
  });

  it("refuses a card with an empty section, which Google's Section reference forbids", () => {
    const body = {
      cardsV2: [
        {
          cardId: "c",
          card: { sections: [{ widgets: [{ textParagraph: { text: "a" } }] }, { widgets: [] }] },
        },
      ],
    };
    expect(refusal(body)).toEqual({
      status: 400,
      message:
        "Invalid value at 'message.cards_v2[0].card.sections[1].widgets': a section must contain at least one widget.",
    });
  });

  it("accepts markupSyntax, a field of Message", () => {
    expect(read({ text: "*bold*", markupSyntax: "CUSTOM" }).ok).toBe(true);
  });

  it("requires text or cards: an empty message is refused", () => {
    expect(refusal({ text: "" })).toEqual({ status: 400, message: "Message cannot be empty." });
    expect(refusal({ fallbackText: "only fallback" }).message).toBe("Message cannot be empty.");
    expect(refusal({ cardsV2: [] }).message).toBe("Message cannot be empty.");
  });

  it("still accepts deprecated v1 cards, which Chat renders, and keeps them visible", () => {
    const reading = read({
      cards: [{ sections: [{ widgets: [{ textParagraph: { text: "v1" } }] }] }],
    });
    expect(reading.ok && reading.message.cards).toHaveLength(1);
  });

  it("refuses malformed JSON, unknown fields and wrong types with Google's binding messages", () => {
    expect(refusal('{"text": "hi"').message).toBe(
      "Invalid JSON payload received. Unexpected token.",
    );
    expect(refusal({ txt: "hi" }).message).toBe(
      `Invalid JSON payload received. Unknown name "txt" at 'message': Cannot find field.`,
    );
    expect(refusal({ text: "hi", thread: { key: "k" } }).message).toBe(
      `Invalid JSON payload received. Unknown name "key" at 'message.thread': Cannot find field.`,
    );
    expect(refusal({ text: 5 }).message).toBe(`Invalid value at 'message.text' (TYPE_STRING), 5`);
  });

  it("treats null as not set, as proto3 JSON does", () => {
    expect(read({ text: "hi", thread: null, cardsV2: null }).ok).toBe(true);
  });
});
