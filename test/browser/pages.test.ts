// The local space's page (as `npm start -- --serve` serves it) and the preview dialog's HTML (as
// the bundle hands it to HtmlService), in a real Chromium.
import { VirtualClock } from "../../emulator/clock";
import { startChatServer, type ChatServer } from "../../emulator/chat/wire/loopback-chat-server";
import { createLocalWorld } from "../../emulator/local-world";
import { ACCESS_FORM, teamSpreadsheet } from "../../emulator/samples";
import { escapingBoxes, useChromium } from "./chromium";
import { EVERY_WIDGET, HOSTILE, MARKUP_TEXT } from "./fixtures";

jest.setTimeout(60_000);

const chromium = useChromium();

describe("the local space's page", () => {
  const clock = new VirtualClock();
  let server: ChatServer;
  let team: string;

  beforeAll(() => {
    server = startChatServer({ clock });
    team = server.createWebhook("AAAAteam", { name: "Team bot" }).url;
  });

  afterAll(async () => {
    await server?.close();
  });

  function post(url: string, message: object): void {
    clock.advance(1_000); // the space takes one message a second
    const answer = server.send({
      method: "POST",
      url,
      headers: { "content-type": "application/json; charset=UTF-8" },
      body: JSON.stringify(message),
    });
    if (answer.kind !== "response" || answer.status !== 200) {
      throw new Error(`the space refused a message: ${JSON.stringify(answer)}`);
    }
  }

  it("draws the space with the renderer, then updates it in place, keeping the scroll", async () => {
    post(team, { text: MARKUP_TEXT });
    post(team, { cardsV2: [EVERY_WIDGET] });
    for (let i = 1; i <= 30; i++) post(team, { text: `Imported order #${1000 + i}` });
    const page = await chromium().newPage();
    await page.goto(`${server.origin}/`);
    const body = page.locator('section[data-space="AAAAteam"] .panel-body');
    expect(await body.locator(".chat-card").count()).toBe(1);
    expect(await body.locator(".chat-mention").count()).toBe(2);
    // Starts at the newest message; the person scrolls up to read.
    const start = await body.evaluate((e) => ({
      top: e.scrollTop,
      max: e.scrollHeight - e.clientHeight,
    }));
    expect(start.max).toBeGreaterThan(200);
    expect(start.top).toBe(start.max);
    await body.evaluate((e) => {
      e.scrollTop = 150;
      (window as unknown as { loadedOnce: boolean }).loadedOnce = true;
    });

    post(team, { text: "*arrived while reading*" });
    await body.getByText("arrived while reading").waitFor({ timeout: 10_000 });
    expect(await body.evaluate((e) => e.scrollTop)).toBe(150);
    // Not reloaded: the page's own state survived the update.
    expect(
      await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce),
    ).toBe(true);

    // At the end, the panel follows new messages.
    await body.evaluate((e) => {
      e.scrollTop = e.scrollHeight;
    });
    post(team, { text: "the newest" });
    await body.getByText("the newest").waitFor({ timeout: 10_000 });
    expect(await body.evaluate((e) => e.scrollHeight - e.clientHeight - e.scrollTop)).toBeLessThan(
      5,
    );
    await page.close();
  });

  it("adds a panel for a new space, and stays inside the boxes with hostile text", async () => {
    const page = await chromium().newPage();
    await page.goto(`${server.origin}/`);
    const oncall = server.createWebhook("AAAAoncall", { name: "<img src=x onerror=alert(1)>" }).url;
    for (const payload of HOSTILE.slice(0, 6)) post(oncall, { text: payload });
    const panel = page.locator('section[data-space="AAAAoncall"]');
    await panel.locator(".chat-message").nth(5).waitFor({ timeout: 10_000 });
    expect(await page.locator("section.panel").count()).toBe(2);
    expect(await panel.locator("h2").textContent()).toBe("spaces/AAAAoncall");
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
    ).toBeUndefined();
    expect(await panel.locator("img").count()).toBe(0);
    expect(await escapingBoxes(page)).toEqual([]);
    await page.close();
  });
});

describe("the preview dialog", () => {
  it("shows the bundle's preview of hostile rows with nothing run and nothing out of its box", async () => {
    const world = createLocalWorld({ spreadsheet: teamSpreadsheet(), form: ACCESS_FORM });
    try {
      world.connectWebhook("AAAAteam");
      const rows = HOSTILE.slice(0, 10);
      rows.forEach((payload, i) => {
        // Task and Notes of T-1..T-10, and a Blocked status so the card rule matches too.
        world.project.spreadsheet!.edit({ sheet: "Tasks", range: `B${i + 2}`, values: payload });
        world.project.spreadsheet!.edit({
          sheet: "Tasks",
          range: `D${i + 2}:F${i + 2}`,
          values: [["Blocked", "", payload]],
        });
      });
      world.project.spreadsheet!.select("Tasks", `A2:F${rows.length + 1}`);
      const result = world.project.run("previewSelectedRows", undefined, { kind: "menu" });
      expect(result.error).toBeUndefined();
      const [dialog] = world.project.ui.htmlDialogs;
      const page = await chromium().newPage();
      await page.setViewportSize({ width: dialog!.width, height: dialog!.height });
      await page.setContent(dialog!.html);
      expect(await page.locator(".preview-item").count()).toBe(2 * rows.length);
      expect(await page.locator(".chat-card").count()).toBe(rows.length);
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
      ).toBeUndefined();
      expect(await page.locator("script, iframe, svg, style:not(head style)").count()).toBe(0);
      expect(await escapingBoxes(page)).toEqual([]);
      const widths = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      await page.close();
    } finally {
      await world.close();
    }
  });
});
