// The renderer's HTML in a real Chromium: every markup and widget kind drawn as meant, and a
// hostile corpus that neither runs nor escapes its message's box.
import { renderMessage, renderThread } from "../../src/preview/render-message";
import { escapingBoxes, useChromium, messagesDocument } from "./chromium";
import { EVERY_WIDGET, HOSTILE, MARKUP_TEXT, hostileMessage } from "./fixtures";

jest.setTimeout(60_000);

const meta = { sender: "Chat notifications", time: Date.UTC(2026, 0, 5, 9, 3) };
const chromium = useChromium();

describe("every markup and widget kind", () => {
  const html = renderThread({
    threadKey: "task-T-3",
    messages: [
      { message: { text: MARKUP_TEXT }, meta },
      { message: { text: "A reply with a card", cardsV2: [EVERY_WIDGET] }, meta },
    ],
  });

  it("draws text markup as Chat does", async () => {
    const page = await chromium().newPage();
    await page.setContent(messagesDocument(html));
    const text = page.locator(".chat-text").first();
    const style = (selector: string, property: string) =>
      text
        .locator(selector)
        .first()
        .evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), property);
    expect(Number(await style("b", "font-weight"))).toBeGreaterThanOrEqual(600);
    expect(await style("i", "font-style")).toBe("italic");
    expect(await style("s", "text-decoration-line")).toBe("line-through");
    expect(await style("code", "font-family")).toContain("monospace");
    expect(await text.locator("b i").textContent()).toBe("nested italic");
    expect(
      await text
        .locator("a")
        .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href)),
    ).toEqual([
      "https://example.com/report",
      "https://example.com/plain",
      "https://example.com/bare",
    ]);
    expect(await text.locator(".chat-mention").allTextContents()).toEqual(["@all", "@123456789"]);
    expect(
      await text
        .locator(":scope > ul > li")
        .evaluateAll((items) => items.map((li) => li.firstChild?.textContent)),
    ).toEqual(["first item", "second item"]);
    expect(await text.locator("li > ul > li").textContent()).toBe("nested item");
    expect(await text.locator("pre").textContent()).toBe("a code block with *no* markup <b>");
    expect(await page.locator(".chat-reply-count").textContent()).toBe("1 reply");
    expect(await page.locator(".chat-time").first().textContent()).toBe("9:03 AM");
    expect(await escapingBoxes(page)).toEqual([]);
    await page.close();
  });

  it("draws every card widget, collapses what a section hides, and loads the images", async () => {
    const page = await chromium().newPage();
    await page.setContent(messagesDocument(html));
    const card = page.locator(".chat-card");
    expect(await card.locator(".chat-card-title").textContent()).toBe("Every widget");
    for (const kind of [
      "decoratedText",
      "textParagraph",
      "buttonList",
      "image",
      "divider",
      "grid",
      "columns",
    ]) {
      expect(await card.locator(`.chat-${kind}`).count()).toBeGreaterThan(0);
    }
    const paragraph = card.locator(".chat-textParagraph").first();
    expect(await paragraph.locator("font").evaluate((e) => getComputedStyle(e).color)).toBe(
      "rgb(217, 48, 37)",
    );
    expect(await paragraph.locator("u").textContent()).toBe("under");
    expect(await card.locator(".chat-grid-item").count()).toBe(3);
    const [oak, elm] = await card
      .locator(".chat-grid-item")
      .evaluateAll((items) => items.map((item) => item.getBoundingClientRect().top));
    expect(oak).toBe(elm); // two columns: the first two items side by side
    const hidden = page.getByText("hidden until Show more");
    expect(await hidden.isVisible()).toBe(false);
    await page.getByText("Show more", { exact: true }).click();
    expect(await hidden.isVisible()).toBe(true);
    await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));
    const images = await page.evaluate(() =>
      Array.from(document.images).map((img) => [img.currentSrc, img.naturalWidth]),
    );
    expect(images).toHaveLength(4);
    expect(images.every(([, width]) => width === 1)).toBe(true);
    expect(await escapingBoxes(page)).toEqual([]);
    await page.close();
  });
});

describe("a hostile corpus", () => {
  const html = HOSTILE.map((payload) => renderMessage(hostileMessage(payload), meta)).join("");

  it("runs nothing, links nothing unsafe, and adds no element a message may not have", async () => {
    const page = await chromium().newPage();
    await page.setContent(messagesDocument(html));
    // Hover, click and open everything a person could.
    for (const summary of await page.locator("summary").all()) await summary.click();
    await page.locator("b").first().hover();
    const hrefs = await page
      .locator("a")
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.filter((href) => !/^https?:\/\//.test(href))).toEqual([]);
    const report = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      scripts: document.scripts.length,
      frames: document.querySelectorAll(
        "#messages :is(iframe, object, embed, svg, style, link, meta, base, form, input)",
      ).length,
      inlineHandlers: Array.from(document.querySelectorAll("*")).flatMap((e) =>
        Array.from(e.attributes)
          .filter(
            (a) =>
              a.name.startsWith("on") ||
              (a.name === "style" && !/^background-color: rgb\(/.test(a.value)),
          )
          .map((a) => `${e.tagName}[${a.name}]`),
      ),
      messages: document.querySelectorAll("#messages > .chat-message").length,
    }));
    expect(report).toEqual({
      pwned: undefined,
      scripts: 0,
      frames: 0,
      inlineHandlers: [],
      messages: HOSTILE.length,
    });
    await page.close();
  });

  it("keeps every element inside its message's box, and the page no wider than its body", async () => {
    const page = await chromium().newPage();
    await page.setContent(messagesDocument(html));
    for (const summary of await page.locator("summary").all()) await summary.click();
    expect(await escapingBoxes(page)).toEqual([]);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    // Nothing hostile was fetched either: no image URL in the corpus is a usable one.
    expect(chromium().imageRequests).toEqual([]);
    await page.close();
  });
});

describe("the checks themselves", () => {
  it("see an element out of its box, a console error and a script that ran", async () => {
    const page = await chromium().newPage();
    await page.setContent(
      messagesDocument(
        '<div class="chat-message"><span style="position: relative; left: 3000px">moved</span></div><script>window.__pwned = 1; console.error("boom")</script>',
      ),
    );
    expect(await escapingBoxes(page)).toEqual([expect.stringContaining('<span class=""> at')]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBe(1);
    expect(chromium().problems.splice(0)).toEqual(["console.error: boom"]);
    await page.close();
  });
});
