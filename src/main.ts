// The functions Apps Script sees: triggers, menus and the editor call them by name. Each wires the
// Apps Script adapters (src/gas) to the core and does nothing else.
import type { ChatMessage } from "./chat/message";
import { delivery } from "./config";
import {
  acceptAndDeliver,
  DEFAULT_DELIVERY_OPTIONS,
  drainOutbox,
  type DeliveryOptions,
  type DeliveryPorts,
} from "./delivery/deliver";
import { notifyResult, type NotifyResult } from "./delivery/notify-result";
import { parseNotifyArguments, type NotifyOptions } from "./delivery/notification";
import { OutboxView, withOutbox } from "./delivery/outbox-store";
import { describeStatus, outboxStatus, requeueDeadLetters } from "./delivery/status";
import { urlFetchHttp } from "./gas/http";
import { appsScriptClock, consoleLogger } from "./gas/runtime";
import { projectTriggers, scriptLock, scriptPropertyStore } from "./gas/storage";

// `global` is the Apps Script global object (esbuild's banner: `var global = this;`); assigning to
// it is what makes gas-entry-generator emit a top-level stub for the function.
declare const global: Record<string, unknown>;

// Made on first use: loading the file must call no service (Apps Script loads it for every
// execution), and one execution needs them once.
let cachedPorts: DeliveryPorts | undefined;
function deliveryPorts(): DeliveryPorts {
  cachedPorts ??= {
    store: scriptPropertyStore(),
    lock: scriptLock(),
    http: urlFetchHttp(),
    clock: appsScriptClock(),
    random: Math.random,
    logger: consoleLogger(),
    triggers: projectTriggers(),
  };
  return cachedPorts;
}

const deliveryOptions: DeliveryOptions = {
  ...DEFAULT_DELIVERY_OPTIONS,
  pacing: { ...DEFAULT_DELIVERY_OPTIONS.pacing, requestIds: delivery.requestIds },
};

/**
 * Posts a message to a Chat space. `message` is text or a Chat message object (text, cardsV2,
 * fallbackText). Options: webhook (a NAME, default CHAT_WEBHOOK_URL), threadKey, replyOption,
 * trustedText (default false: mentions and links in the text are neutralised), dedupeKey,
 * coalesce. The message is queued durably and sent at once when Chat's pacing allows; what cannot
 * go now is delivered by the deliverOutbox trigger.
 */
export function notify(message: string | ChatMessage, options?: NotifyOptions): NotifyResult {
  const accepted = parseNotifyArguments(message, options);
  return notifyResult(acceptAndDeliver(deliveryPorts(), deliveryOptions, [accepted]));
}
global.notify = notify;

/** Time-driven trigger (one-shot, installed by the outbox itself): delivers what is queued. */
export function deliverOutbox(e?: { triggerUid?: string }): string {
  const report = drainOutbox(deliveryPorts(), deliveryOptions, e?.triggerUid);
  const summary = `deliverOutbox: ${report.requests} requests in ${report.rounds} rounds`;
  deliveryPorts().logger.info(summary);
  return summary;
}
global.deliverOutbox = deliverOutbox;

/** Menu and editor action: the queue, dead letters and webhook health, as text. */
export function showStatus(): string {
  const text = describeStatus(outboxStatus(new OutboxView(deliveryPorts().store.getAll())));
  deliveryPorts().logger.info(text);
  return text;
}
global.showStatus = showStatus;

/** Queues every dead letter again (after fixing what killed them), then delivers. */
export function redeliverDeadLetters(): string {
  const ports = deliveryPorts();
  const count = withOutbox(ports.store, ports.lock, (view) =>
    requeueDeadLetters(view, ports.clock.now()),
  );
  drainOutbox(ports, deliveryOptions);
  const summary = `${count} dead letters queued again`;
  ports.logger.info(summary);
  return summary;
}
global.redeliverDeadLetters = redeliverDeadLetters;

/** Menu and editor action: proves the default webhook works. */
export function sendTestMessage(): NotifyResult {
  const result = notify("✅ Test message from Apps Script: Chat notifications are set up.", {
    trustedText: true,
  });
  deliveryPorts().logger.info(
    `Test message to the default webhook (CHAT_WEBHOOK_URL): ${result.status}`,
  );
  return result;
}
global.sendTestMessage = sendTestMessage;
