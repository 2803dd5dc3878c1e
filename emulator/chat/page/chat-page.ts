// The local space's page for people running `npm start -- --serve`: one panel per space, its threads
// drawn by the project's own renderer (src/preview), as Chat would show them. The page loads once;
// a small script then fetches GET /_emulator/page every second and replaces only the panels that
// changed, keeping each panel's scroll position (or following new messages when it was at the end).
// A Content-Security-Policy lets only that script run, so a message could not run one even if the
// renderer let markup through.
import { randomBytes } from "node:crypto";
import { escapeHtml } from "../../../src/preview/html";
import { CHAT_CSS, renderThread } from "../../../src/preview/render-message";
import type { ChatEmulator } from "../space/chat-emulator";

export const PAGE_STATE_PATH = "/_emulator/page";
const POLL_MS = 1000;

export interface SpacePanel {
  readonly space: string;
  /** The panel's heading line: counts of accepted and rejected requests. */
  readonly summary: string;
  /** The threads, rendered; replaced as a whole when it changes. */
  readonly html: string;
}

export function spacePanels(emulator: ChatEmulator): SpacePanel[] {
  return emulator.spaces().map((space) => {
    const counters = emulator.counters(space);
    const rejected = Object.entries(counters.rejectedByStatus)
      .map(([status, count]) => `${count}×${status}`)
      .join(", ");
    const threads = emulator.threads(space).map((thread) =>
      renderThread({
        ...(thread.threadKey === undefined ? {} : { threadKey: thread.threadKey }),
        messages: thread.messages.map((message) => ({
          message,
          meta: { sender: message.webhookName, time: message.createTime },
        })),
      }),
    );
    return {
      space,
      summary:
        `${counters.accepted} accepted; rejected: ${rejected || "none"}; ` +
        `network errors: ${counters.networkErrors}`,
      html: threads.join("") || '<p class="empty">No messages yet.</p>',
    };
  });
}

function panel({ space, summary, html }: SpacePanel): string {
  return (
    `<section class="panel" data-space="${escapeHtml(space)}">` +
    `<header><h2>spaces/${escapeHtml(space)}</h2><p class="summary">${escapeHtml(summary)}</p></header>` +
    `<div class="panel-body">${html}</div></section>`
  );
}

// Runs in the browser. Panels are found by their data-space; new spaces get a new panel.
const LIVE_SCRIPT = `
(() => {
  const panels = document.getElementById("panels");
  const status = document.getElementById("live");
  async function refresh() {
    try {
      const answer = await fetch(${JSON.stringify(PAGE_STATE_PATH)}, { cache: "no-store" });
      if (!answer.ok) throw new Error("HTTP " + answer.status);
      const state = await answer.json();
      for (const space of state.spaces) {
        let section = [...panels.querySelectorAll("section.panel")].find((s) => s.dataset.space === space.space);
        if (!section) {
          section = document.createElement("section");
          section.className = "panel";
          section.dataset.space = space.space;
          section.innerHTML = '<header><h2></h2><p class="summary"></p></header><div class="panel-body"></div>';
          section.querySelector("h2").textContent = "spaces/" + space.space;
          panels.querySelector(".no-spaces")?.remove();
          panels.append(section);
        }
        section.querySelector(".summary").textContent = space.summary;
        const body = section.querySelector(".panel-body");
        if (body.dataset.html === space.html) continue;
        const atEnd = body.scrollTop + body.clientHeight >= body.scrollHeight - 4;
        const top = body.scrollTop;
        body.innerHTML = space.html;
        body.dataset.html = space.html;
        body.scrollTop = atEnd ? body.scrollHeight : top;
      }
      status.textContent = "live";
      status.className = "live";
    } catch (error) {
      status.textContent = "not updating: " + error.message;
      status.className = "live stale";
    }
  }
  for (const body of panels.querySelectorAll(".panel-body")) {
    body.dataset.html = body.innerHTML;
    body.scrollTop = body.scrollHeight;
  }
  setInterval(refresh, ${POLL_MS});
})();
`;

const PAGE_CSS = `
body { margin: 0; background: #f0f4f9; font: 14px/20px "Google Sans", Roboto, Arial, sans-serif; color: #1f1f1f; }
.top { display: flex; align-items: baseline; gap: 12px; padding: 12px 20px; }
h1 { font-size: 20px; font-weight: 500; margin: 0; }
.live { font-size: 12px; color: #146c2e; }
.live.stale { color: #b3261e; }
#panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 16px; padding: 0 20px 20px; }
.panel { background: #f8fafd; border: 1px solid #dadce0; border-radius: 16px; display: flex; flex-direction: column; min-width: 0; max-height: calc(100vh - 80px); }
.panel header { padding: 12px 16px 8px; border-bottom: 1px solid #e0e2e6; }
.panel h2 { font-size: 16px; font-weight: 500; margin: 0; overflow-wrap: anywhere; }
.summary { font-size: 12px; color: #5e5e5e; margin: 2px 0 0; }
.panel-body { overflow-y: auto; padding: 12px; min-width: 0; }
.empty, .no-spaces { color: #5e5e5e; }
`;

export function renderChatPage(emulator: ChatEmulator): string {
  const nonce = randomBytes(16).toString("base64");
  const panels = spacePanels(emulator).map(panel).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src http: https:; connect-src 'self'">
<title>Local Google Chat</title>
<style>${PAGE_CSS}${CHAT_CSS}</style>
</head>
<body>
<div class="top"><h1>Local Google Chat</h1><span id="live" class="live">live</span></div>
<main id="panels">
${panels || '<p class="no-spaces">No spaces yet: create a webhook.</p>'}
</main>
<script nonce="${nonce}">${LIVE_SCRIPT}</script>
</body>
</html>
`;
}
