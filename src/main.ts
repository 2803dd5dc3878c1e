// The functions Apps Script sees: triggers, menus and the editor call them by name. Each wires the
// Apps Script adapters (src/gas) to the core and does nothing else.
import type { ChatMessage } from "./chat/message";
import { resolveWebhook } from "./chat/webhook-property";
import { toNotification, type NotifyOptions } from "./delivery/notification";
import { sendNow, type SendReport } from "./delivery/send-now";
import { urlFetchHttp } from "./gas/http";
import { appsScriptClock, consoleLogger, scriptProperties } from "./gas/runtime";

// `global` is the Apps Script global object (esbuild's banner: `var global = this;`); assigning to
// it is what makes gas-entry-generator emit a top-level stub for the function.
declare const global: Record<string, unknown>;

function ports() {
  return {
    http: urlFetchHttp(),
    clock: appsScriptClock(),
    random: Math.random,
    logger: consoleLogger(),
  };
}

/**
 * Posts a message to a Chat space. `message` is text or a Chat message object (text, cardsV2,
 * fallbackText). Options: webhook (a NAME, default CHAT_WEBHOOK_URL), threadKey, replyOption,
 * trustedText (default false: mentions and links in the text are neutralised).
 */
export function notify(message: string | ChatMessage, options?: NotifyOptions): SendReport {
  const notification = toNotification(message, options);
  const webhook = resolveWebhook(notification.webhook, scriptProperties());
  return sendNow(ports(), webhook, notification);
}
global.notify = notify;

/** Menu and editor action: proves the default webhook works. */
export function sendTestMessage(): SendReport {
  const report = notify(
    "✅ Test message from your Apps Script project: Chat notifications are set up.",
    { trustedText: true },
  );
  consoleLogger().info("Test message sent to the default webhook (CHAT_WEBHOOK_URL).");
  return report;
}
global.sendTestMessage = sendTestMessage;
