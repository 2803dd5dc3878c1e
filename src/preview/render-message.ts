// One renderer for what a Chat space shows: a message (text in Chat's markup, then its cards), a
// thread of messages, and the CSS that makes them look close to Chat. Pure string building with no
// Apps Script or DOM global, so the local space's page (Node) and the preview dialog in Sheets and
// Forms (the bundle) draw messages the same way. Every value is escaped or rebuilt; nothing in a
// message can run, load from an unsafe URL, or push the layout past the message's box.
import { renderChatText } from "./chat-text";
import { escapeHtml } from "./html";
import { renderCard } from "./render-card";

/** A message as Chat received it or would receive it; fields of the wrong type are ignored. */
export interface RenderableMessage {
  readonly text?: unknown;
  readonly cardsV2?: unknown;
  readonly cards?: unknown;
}

export interface MessageMeta {
  /** Who posted: the webhook's name, as Chat shows it. */
  readonly sender: string;
  /** Milliseconds since the epoch; omitted for a message not sent yet. */
  readonly time?: number;
  /** IANA zone for the time shown; UTC by default. */
  readonly timeZone?: string;
}

export interface RenderableThread {
  readonly messages: readonly { readonly message: RenderableMessage; readonly meta: MessageMeta }[];
  /** Shown small under the thread, for people checking their thread keys. */
  readonly threadKey?: string;
}

/** The message's content: text first, then each card, as Chat stacks them. */
export function renderMessageBody(message: RenderableMessage): string {
  const parts: string[] = [];
  if (typeof message.text === "string" && message.text !== "") {
    parts.push(`<div class="chat-text">${renderChatText(message.text)}</div>`);
  }
  if (Array.isArray(message.cardsV2)) parts.push(...message.cardsV2.map(renderCard));
  if (Array.isArray(message.cards) && message.cards.length > 0) {
    parts.push('<div class="chat-note">Deprecated v1 cards are not drawn</div>');
  }
  if (parts.length === 0) parts.push('<div class="chat-note">(empty message)</div>');
  return parts.join("");
}

export function formatTime(time: number, timeZone = "UTC"): string {
  try {
    return new Intl.DateTimeFormat("en-US", {
      hour: "numeric",
      minute: "2-digit",
      timeZone,
    }).format(time);
  } catch {
    // An unknown zone: the time in UTC rather than no time.
    return new Date(time).toISOString().slice(11, 16) + " UTC";
  }
}

function avatar(sender: string): string {
  const initial = Array.from(sender.trim())[0] ?? "?";
  return `<div class="chat-avatar" aria-hidden="true">${escapeHtml(initial.toUpperCase())}</div>`;
}

/** A message as a row of the space: avatar, sender, time, then the content. */
export function renderMessage(message: RenderableMessage, meta: MessageMeta): string {
  const time =
    meta.time === undefined
      ? '<span class="chat-time">not sent</span>'
      : `<time class="chat-time" datetime="${new Date(meta.time).toISOString()}">${escapeHtml(formatTime(meta.time, meta.timeZone))}</time>`;
  return (
    `<div class="chat-message">${avatar(meta.sender)}<div class="chat-message-main">` +
    `<div class="chat-message-meta"><span class="chat-sender">${escapeHtml(meta.sender)}</span>` +
    `<span class="chat-app-badge">App</span>${time}</div>` +
    `<div class="chat-message-body">${renderMessageBody(message)}</div></div></div>`
  );
}

/** A thread: its first message, then the replies indented under it, as Chat's in-line threads. */
export function renderThread(thread: RenderableThread): string {
  const [first, ...replies] = thread.messages;
  if (first === undefined) return "";
  const key =
    thread.threadKey === undefined
      ? ""
      : `<div class="chat-thread-key">threadKey ${escapeHtml(thread.threadKey)}</div>`;
  const replyList =
    replies.length === 0
      ? ""
      : `<div class="chat-replies"><div class="chat-reply-count">${replies.length} ${replies.length === 1 ? "reply" : "replies"}</div>` +
        replies.map((reply) => renderMessage(reply.message, reply.meta)).join("") +
        "</div>";
  return `<div class="chat-thread">${renderMessage(first.message, first.meta)}${replyList}${key}</div>`;
}

/**
 * The styles of every class above. Long words break anywhere, media shrink to their box, and
 * every element's min-width is 0 so no flex or grid child can stretch past the message.
 */
export const CHAT_CSS = `
.chat-thread, .chat-thread *, .chat-message, .chat-message * { box-sizing: border-box; min-width: 0; max-width: 100%; }
.chat-thread { background: #fff; border: 1px solid #e0e2e6; border-radius: 12px; margin: 0 0 12px; padding: 12px 12px 8px; }
.chat-message { display: flex; gap: 10px; align-items: flex-start; font: 14px/20px "Google Sans", Roboto, Arial, sans-serif; color: #1f1f1f; overflow-wrap: anywhere; word-break: break-word; padding: 2px 0 6px; }
.chat-avatar { flex: 0 0 32px; width: 32px; height: 32px; border-radius: 50%; background: #0b57d0; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 500; }
.chat-message-main { flex: 1 1 auto; }
.chat-message-meta { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px; margin-bottom: 2px; }
.chat-sender { font-weight: 500; unicode-bidi: isolate; }
.chat-app-badge { font-size: 11px; line-height: 14px; padding: 0 4px; border-radius: 4px; background: #e9eef6; color: #444746; }
.chat-time { font-size: 12px; color: #5e5e5e; }
.chat-text { white-space: pre-wrap; unicode-bidi: plaintext; }
.chat-code { font-family: "Roboto Mono", monospace; font-size: 13px; background: #f1f3f4; border-radius: 4px; padding: 0 3px; }
.chat-pre { font-family: "Roboto Mono", monospace; font-size: 13px; white-space: pre-wrap; background: #f1f3f4; border: 1px solid #e0e2e6; border-radius: 6px; padding: 8px; margin: 4px 0; }
.chat-list { margin: 2px 0; padding-left: 22px; white-space: normal; }
.chat-mention { display: inline-block; background: #d3e3fd; color: #041e49; border-radius: 10px; padding: 0 6px; font-weight: 500; }
.chat-message a { color: #0b57d0; }
.chat-card { border: 1px solid #dadce0; border-radius: 8px; background: #fff; margin: 6px 0; width: 100%; max-width: 520px; overflow-wrap: anywhere; }
.chat-card-header { display: flex; gap: 12px; align-items: center; padding: 12px 16px; border-bottom: 1px solid #e0e2e6; }
.chat-header-image { width: 40px; height: 40px; object-fit: cover; border-radius: 4px; flex: 0 0 40px; }
.chat-circle { border-radius: 50%; }
.chat-card-title { font-size: 16px; line-height: 24px; font-weight: 500; }
.chat-card-subtitle, .chat-label, .chat-section-header, .chat-note { font-size: 12px; line-height: 16px; color: #5e5e5e; }
.chat-section { padding: 8px 16px; }
.chat-section + .chat-section { border-top: 1px solid #e0e2e6; }
.chat-section-header { font-weight: 500; margin-bottom: 4px; }
.chat-widget { margin: 6px 0; }
.chat-decorated { display: flex; gap: 12px; align-items: center; }
.chat-decorated-body { flex: 1 1 auto; }
.chat-nowrap { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.chat-icon { flex: 0 0 auto; width: 24px; height: 24px; font-size: 18px; line-height: 24px; text-align: center; }
.chat-buttons { display: flex; flex-wrap: wrap; gap: 8px; }
.chat-button { display: inline-block; background: #0b57d0; color: #fff; border-radius: 18px; padding: 6px 16px; font-weight: 500; }
.chat-button a { color: inherit; text-decoration: none; }
.chat-button-text { background: transparent; color: #0b57d0; border: 1px solid #747775; }
.chat-button-inert { opacity: 0.6; }
.chat-image { display: block; max-width: 100%; height: auto; border-radius: 4px; }
.chat-image-missing { padding: 12px; background: #f1f3f4; color: #5e5e5e; }
.chat-divider { border: 0; border-top: 1px solid #e0e2e6; margin: 8px 0; }
.chat-grid { display: grid; gap: 8px; }
.chat-grid-1 { grid-template-columns: minmax(0, 1fr); }
.chat-grid-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.chat-grid-3 { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.chat-grid-4 { grid-template-columns: repeat(4, minmax(0, 1fr)); }
.chat-grid-5 { grid-template-columns: repeat(5, minmax(0, 1fr)); }
.chat-grid-6 { grid-template-columns: repeat(6, minmax(0, 1fr)); }
.chat-grid-item { border: 1px solid #e0e2e6; border-radius: 6px; padding: 6px; }
.chat-grid-image { display: block; width: 100%; height: auto; border-radius: 4px; }
.chat-grid-heading, .chat-grid-title { font-weight: 500; }
.chat-columns { display: flex; flex-wrap: wrap; gap: 12px; }
.chat-column { flex: 1 1 0; }
.chat-more summary { color: #0b57d0; cursor: pointer; font-weight: 500; margin: 4px 0; }
.chat-unsupported { font-size: 12px; color: #5e5e5e; border: 1px dashed #c4c7c5; border-radius: 4px; padding: 4px 8px; }
.chat-unsafe-link { text-decoration: underline dotted; }
.chat-replies { margin-left: 42px; border-left: 2px solid #e0e2e6; padding-left: 10px; }
.chat-reply-count { font-size: 12px; color: #0b57d0; font-weight: 500; margin-bottom: 4px; }
.chat-thread-key { font-size: 11px; color: #747775; margin-left: 42px; overflow-wrap: anywhere; }
`;
