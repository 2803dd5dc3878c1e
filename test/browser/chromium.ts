// Debian's Chromium, driven by playwright-core, for the tests that need a real browser: the
// renderer's output, the local space's page and the preview dialog. Nothing is downloaded: the
// browser is /usr/bin/chromium (.ci/run installs it), with a fresh profile per launch and Chromium's
// own network traffic turned off. Every request that is not to 127.0.0.1 is answered here (images
// get a 1x1 PNG) or refused and recorded, so no test touches the internet. Console errors, page
// errors and refused requests are collected for the test to check.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHAT_CSS } from "../../src/preview/render-message";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The smallest valid PNG: one transparent pixel.
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

export interface BrowserSession {
  readonly context: BrowserContext;
  /** console.error lines, uncaught page errors and refused requests, in order. */
  readonly problems: string[];
  /** Requests for images outside loopback, answered with a pixel. */
  readonly imageRequests: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium), as .ci/run ` +
        "does, or set CHROMIUM_PATH",
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), "chat-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1000, height: 800 },
  });
  const problems: string[] = [];
  const imageRequests: string[] = [];
  await context.route("**/*", async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "about:") {
      await route.continue();
    } else if (request.resourceType() === "image") {
      imageRequests.push(request.url());
      await route.fulfill({ status: 200, contentType: "image/png", body: PIXEL });
    } else {
      problems.push(`refused a request outside loopback: ${request.method()} ${request.url()}`);
      await route.abort();
    }
  });
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  };
  context.on("page", watch);
  for (const page of context.pages()) watch(page);
  return {
    context,
    problems,
    imageRequests,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page holding rendered messages with the renderer's CSS, and a flag injected code would set. */
export function messagesDocument(bodyHtml: string, width = 640): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><style>${CHAT_CSS}
body { margin: 0; padding: 16px; width: ${width}px; }
</style></head><body><main id="messages">${bodyHtml}</main></body></html>`;
}

/** Boxes of elements that stick out of the message that holds them (more than half a pixel). */
export async function escapingBoxes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const message of Array.from(document.querySelectorAll(".chat-message"))) {
      const box = message.getBoundingClientRect();
      for (const element of Array.from(message.querySelectorAll("*"))) {
        const inner = element.getBoundingClientRect();
        if (inner.width === 0 && inner.height === 0) continue;
        if (
          inner.left < box.left - 0.5 ||
          inner.right > box.right + 0.5 ||
          inner.top < box.top - 0.5 ||
          inner.bottom > box.bottom + 0.5
        ) {
          out.push(
            `<${element.tagName.toLowerCase()} class="${element.className}"> at ` +
              `${Math.round(inner.left)}..${Math.round(inner.right)} x ${Math.round(inner.top)}..${Math.round(inner.bottom)} ` +
              `outside ${Math.round(box.left)}..${Math.round(box.right)} x ${Math.round(box.top)}..${Math.round(box.bottom)}`,
          );
        }
      }
    }
    return out;
  });
}

/**
 * One Chromium for a test file: launched before its tests, closed after them. Any console error,
 * page error or request outside loopback fails the test that caused it.
 */
export function useChromium(): () => BrowserSession {
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    session = await launchChromium();
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(() => {
    const problems = session?.problems.splice(0) ?? [];
    session?.imageRequests.splice(0);
    expect(problems).toEqual([]);
  });
  return () => {
    if (session === undefined)
      throw new Error("Chromium is not running: call useChromium() at the top of the file");
    return session;
  };
}
