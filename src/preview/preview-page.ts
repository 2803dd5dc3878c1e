// A preview as the HTML page of an HtmlService dialog: for each rule or digest, where it would post
// and the message drawn by the same renderer as the local space, or why it would send nothing. The
// page is self-contained (inline CSS, no script) so the bundle stays one Code.js.
import { planRequests } from "../chat/request";
import { webhookPropertyName } from "../chat/webhook-property";
import type { WebhookUrl } from "../chat/webhook-url";
import type { Notification } from "../delivery/notification";
import { escapeHtml } from "./html";
import type { Preview, PreviewItem } from "./preview";
import { CHAT_CSS, renderMessage, renderThread, type RenderableMessage } from "./render-message";

export interface PreviewPage {
  readonly title: string;
  readonly html: string;
  /** One line for the log and the function's return value. */
  readonly summary: string;
}

const SENDER = "Chat notifications";

// The request planner needs a webhook to build URLs; the preview keeps only the bodies it plans,
// sends nothing and shows no URL.
const PREVIEW_WEBHOOK: WebhookUrl = {
  url: "https://chat.googleapis.com/v1/spaces/PREVIEW/messages?key=preview&token=preview",
  space: "PREVIEW",
};

/** The bodies the outbox would post: one, or the parts of a message past Chat's limits. */
function plannedBodies(notification: Notification): RenderableMessage[] | string {
  try {
    return planRequests(PREVIEW_WEBHOOK, notification.message, {
      ...(notification.threadKey === undefined ? {} : { threadKey: notification.threadKey }),
      ...(notification.replyOption === undefined ? {} : { replyOption: notification.replyOption }),
      partsThreadKey: "preview",
    }).map((planned) => JSON.parse(planned.request.body) as RenderableMessage);
  } catch (error) {
    return (error as Error).message;
  }
}

function renderSent(notification: Notification): string {
  const bodies = plannedBodies(notification);
  if (typeof bodies === "string") {
    return `<p class="preview-reason">Cannot be sent as it is: ${escapeHtml(bodies)}</p>`;
  }
  if (bodies.length === 1) return renderMessage(bodies[0]!, { sender: SENDER });
  return (
    `<p class="preview-where">Too long for one message: sent as ${bodies.length} messages in one thread</p>` +
    renderThread({ messages: bodies.map((message) => ({ message, meta: { sender: SENDER } })) })
  );
}

const PAGE_CSS = `
body { margin: 0; padding: 12px 16px; background: #f8fafd; font: 14px/20px "Google Sans", Roboto, Arial, sans-serif; color: #1f1f1f; }
h1 { font-size: 18px; font-weight: 500; margin: 0 0 4px; }
.preview-summary, .preview-note { color: #5e5e5e; font-size: 13px; margin: 0 0 8px; }
.preview-item { background: #fff; border: 1px solid #dadce0; border-left: 4px solid #0b57d0; border-radius: 8px; margin: 10px 0; padding: 10px 12px; min-width: 0; overflow-wrap: anywhere; }
.preview-item.preview-skips { border-left-color: #a8c7fa; }
.preview-item.preview-problem { border-left-color: #b3261e; }
.preview-item h2 { font-size: 14px; font-weight: 500; margin: 0 0 4px; }
.preview-where { font-size: 12px; color: #5e5e5e; margin: 0 0 8px; }
.preview-reason { margin: 0; }
.preview-problem .preview-reason { color: #b3261e; }
`;

function where(item: PreviewItem & { outcome: { kind: "sends" } }): string {
  const { notification, dedupeKey, coalesce } = item.outcome.accepted;
  const parts = [`to ${webhookPropertyName(notification.webhook)}`];
  if (notification.threadKey !== undefined) {
    const option = notification.replyOption === "replyOrFail" ? "reply only" : "reply, or start it";
    parts.push(`thread "${notification.threadKey}" (${option})`);
  }
  if (dedupeKey !== undefined) parts.push("sent once (a repeat is dropped)");
  if (coalesce !== undefined) parts.push(`merged into one message past ${coalesce.after} waiting`);
  return parts.join(" · ");
}

function renderItem(item: PreviewItem): string {
  const title = `<h2>${escapeHtml(item.title)}</h2>`;
  const { outcome } = item;
  if (outcome.kind === "sends") {
    const sends = item as PreviewItem & { outcome: { kind: "sends" } };
    return (
      `<section class="preview-item preview-sends">${title}` +
      `<p class="preview-where">Would post ${escapeHtml(where(sends))}</p>` +
      renderSent(outcome.accepted.notification) +
      "</section>"
    );
  }
  const label = outcome.kind === "problem" ? "Cannot run" : "Sends nothing";
  return (
    `<section class="preview-item preview-${outcome.kind}">${title}` +
    `<p class="preview-reason">${label}: ${escapeHtml(outcome.reason)}</p></section>`
  );
}

export function renderPreviewPage(preview: Preview): PreviewPage {
  const sends = preview.items.filter((item) => item.outcome.kind === "sends").length;
  const summary = `${preview.heading}: ${sends} message(s) would be sent, ${preview.items.length - sends} rule(s) or digest(s) would send nothing. Nothing was sent.`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<base target="_blank">
<style>${PAGE_CSS}${CHAT_CSS}</style>
</head>
<body>
<h1>${escapeHtml(preview.heading)}</h1>
<p class="preview-summary">${sends} message(s) would be sent; nothing has been sent.</p>
${preview.notes.map((note) => `<p class="preview-note">${escapeHtml(note)}</p>`).join("\n")}
${preview.items.map(renderItem).join("\n")}
</body>
</html>
`;
  return { title: "Chat notifications: preview", html, summary };
}
