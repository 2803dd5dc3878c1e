// `npm run screenshot`: plays `npm start`'s scripted day with the page served, opens the local
// space's page in Debian's Chromium and writes docs/local-space.png, the picture in the README.
import { spawn } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { launchChromium } from "../test/browser/chromium";

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, "docs", "local-space.png");
const PAGE_LINE = /The space's page: (http:\/\/127\.0\.0\.1:\d+\/)/;

/** Starts `npm start -- --serve` and resolves with the page's address once the day has played. */
function startServing(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/start.ts", "--serve"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = PAGE_LINE.exec(output);
      if (match) resolve({ url: match[1]!, stop: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => {
      reject(new Error(`npm start -- --serve ended (${code}) before serving its page:\n${output}`));
    });
  });
}

async function main(): Promise<void> {
  const server = await startServing();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(server.url);
    await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));
    // The team's panel at its first card (a form's access request), which shows the most kinds.
    await page.evaluate(() => {
      const card = document.querySelector('[data-space="AAAAteam"] .chat-thread:has(.chat-card)');
      const body = card?.closest(".panel-body");
      if (card && body) {
        body.scrollTop += card.getBoundingClientRect().top - body.getBoundingClientRect().top - 12;
      }
    });
    mkdirSync(path.dirname(OUT), { recursive: true });
    await page.screenshot({ path: OUT });
    if (browser.problems.length > 0) {
      throw new Error(`the page had problems:\n${browser.problems.join("\n")}`);
    }
    console.log(`${path.relative(ROOT, OUT)}: ${statSync(OUT).size} bytes`);
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
