// Delivers one notification within the current execution: plan the requests, send them in order,
// one per second per space, and retry what Chat says to retry while the in-execution budget lasts.
// The outbox (durable queue) is meant to take over from here; this is the honest minimum.
import { classifyAnswer, type SendOutcome } from "../chat/outcome";
import { planRequests } from "../chat/request";
import { decideRetry, type RetryPolicy } from "../chat/retry-policy";
import type { WebhookUrl } from "../chat/webhook-url";
import { redactWebhookUrl } from "../chat/webhook-url";
import type { Clock, HttpPort, Logger, RandomSource } from "../ports";
import type { Notification } from "./notification";

export interface SendPorts {
  readonly http: HttpPort;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
}

/** Chat allows one request per second per space, shared by every webhook of the space. */
export const SPACE_INTERVAL_MS = 1000;

/**
 * Retries within one execution: a few quick attempts that fit well inside Apps Script's 6 minutes.
 * Anything slower belongs to a queue that outlives the execution.
 */
export const IN_EXECUTION_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 16_000,
  maxAttempts: 5,
  deadlineMs: 60_000,
};

export type SendReport =
  | {
      readonly kind: "delivered";
      /** One per part: a long text goes as several messages in one thread. */
      readonly messages: readonly { readonly name: string; readonly thread: string }[];
    }
  | { readonly kind: "no-thread"; readonly reason: string };

export class DeliveryError extends Error {
  override name = "DeliveryError";
}

function newPartsThreadKey(clock: Clock, random: RandomSource): string {
  return `parts-${clock.now().toString(36)}-${Math.floor(random() * 2 ** 48).toString(36)}`;
}

export function sendNow(
  ports: SendPorts,
  webhook: WebhookUrl,
  notification: Notification,
  policy: RetryPolicy = IN_EXECUTION_RETRY_POLICY,
): SendReport {
  const { http, clock, random, logger } = ports;
  const planned = planRequests(webhook, notification.message, {
    threadKey: notification.threadKey,
    replyOption: notification.replyOption,
    partsThreadKey: newPartsThreadKey(clock, random),
  });
  const where = redactWebhookUrl(webhook.url);
  const delivered: { name: string; thread: string }[] = [];
  let lastRequestAt = Number.NEGATIVE_INFINITY;

  for (const part of planned) {
    const firstAttemptAt = clock.now();
    for (let attempts = 1; ; attempts++) {
      const wait = lastRequestAt + SPACE_INTERVAL_MS - clock.now();
      if (wait > 0) clock.sleep(wait);
      lastRequestAt = clock.now();
      const [answer] = http.fetchAll([part.request]);
      const outcome: SendOutcome = classifyAnswer(answer!, part.replyOption, clock.now());
      if (outcome.kind === "delivered") {
        delivered.push({ name: outcome.messageName, thread: outcome.threadName ?? "" });
        break;
      }
      if (outcome.kind === "no-thread") {
        logger.info(`Chat notification not sent to ${where}: ${outcome.reason}`);
        return { kind: "no-thread", reason: outcome.reason };
      }
      if (outcome.kind === "permanent") {
        throw new DeliveryError(`Chat notification not sent to ${where}: ${outcome.reason}`);
      }
      const decision = decideRetry(
        policy,
        {
          attempts,
          firstAttemptAt,
          now: clock.now(),
          ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
        },
        random,
      );
      if (decision.kind === "give-up") {
        throw new DeliveryError(
          `Chat notification not sent to ${where} after ${attempts} attempts: ${outcome.reason} (${decision.reason})`,
        );
      }
      logger.warn(
        `Chat notification to ${where}: ${outcome.reason}; retrying in ${Math.round(decision.delayMs)} ms`,
      );
      clock.sleep(decision.delayMs);
    }
  }
  return { kind: "delivered", messages: delivered };
}
