// A read-only HTML view of the emulated spaces for people running `npm start`: threads and their
// messages. Everything shown came from a script or a form respondent, so all of it is escaped.

import type { ChatEmulator } from "./chat-emulator";
import type { StoredMessage } from "./chat-records";

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function renderChatPage(emulator: ChatEmulator): string {
  const spaces = emulator.spaces().map((space) => {
    const counters = emulator.counters(space);
    const rejected = Object.entries(counters.rejectedByStatus)
      .map(([status, count]) => `${count}×${status}`)
      .join(", ");
    const threads = emulator.threads(space).map(
      (thread) => `<section class="thread">
<h3>${escapeHtml(thread.name)}${thread.threadKey === undefined ? "" : ` <small>key ${escapeHtml(thread.threadKey)}</small>`}</h3>
${thread.messages.map(renderMessage).join("\n")}
</section>`,
    );
    return `<article>
<h2>spaces/${escapeHtml(space)}</h2>
<p>${counters.accepted} accepted; rejected: ${escapeHtml(rejected || "none")}; network errors: ${counters.networkErrors}</p>
${threads.join("\n") || "<p>No messages yet.</p>"}
</article>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="2">
<title>Emulated Google Chat</title>
<style>
body { font-family: sans-serif; margin: 2em; }
.thread { border-left: 3px solid #1a73e8; margin: 1em 0; padding-left: 1em; }
.message { margin: 0.5em 0; }
.message pre { white-space: pre-wrap; margin: 0.2em 0; }
small, .meta { color: #666; }
</style>
</head>
<body>
<h1>Emulated Google Chat</h1>
${spaces.join("\n") || "<p>No spaces yet: create a webhook.</p>"}
</body>
</html>
`;
}

function renderMessage(message: StoredMessage): string {
  const cards =
    message.cardsV2 === undefined
      ? ""
      : `<pre>${escapeHtml(JSON.stringify(message.cardsV2, null, 2))}</pre>`;
  return `<div class="message">
<div class="meta">${escapeHtml(message.webhookName)} · ${new Date(message.createTime).toISOString()} · ${escapeHtml(message.name)}</div>
${message.text === undefined ? "" : `<pre>${escapeHtml(message.text)}</pre>`}
${cards}
</div>`;
}
