// send(): one message to one Chat space from Node, with the Apps Script side's rules: the same
// argument checks and neutralisation (notify()'s), the same splitting (planRequests), the same
// reading of Chat's answers (classifyAnswer) and the same retry policy (decideRetry), paced per
// space across the process. It waits in place, since a Node process can, instead of queueing.

import type { ChatMessage, ReplyOption } from "../chat/message";
import { classifyAnswer } from "../chat/outcome";
import { planRequests, type PlannedRequest } from "../chat/request";
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from "../chat/retry-policy";
import { redactSecrets } from "../chat/webhook-url";
import { toNotification } from "../delivery/notification";
import type { HttpAnswer, RandomSource } from "../ports";
import { realClock, type AsyncClock } from "./async-clock";
import { postJson } from "./fetch-answer";
import { processPacer, type SpacePacer } from "./pacer";
import { webhookFromEnv, type Environment } from "./webhook-env";

export interface SendOptions {
  /** A webhook NAME: the URL is read from CHAT_WEBHOOK_URL_<NAME>; default CHAT_WEBHOOK_URL. */
  readonly webhook?: string;
  /** Messages with the same key go to the same thread. */
  readonly threadKey?: string;
  /** With a threadKey: reply or start the thread (default), or reply only. */
  readonly replyOption?: ReplyOption;
  /** Text written on purpose may mention and link; default false (text is neutralised). */
  readonly trustedText?: boolean;
  /** "markdown": the text is Markdown, converted to Chat's syntax as notify() does. */
  readonly format?: "markdown";
  /** Send each request once and never retry: for messages that are not critical. */
  readonly bestEffort?: boolean;
  /** The longest the whole send may take, waits and retries included (default 60 s). */
  readonly timeoutMs?: number;
  /** Where the webhook URL is read from; default process.env. */
  readonly env?: Environment;
  /** For tests: time, randomness for backoff jitter, and the pacer shared by sends. */
  readonly clock?: AsyncClock;
  readonly random?: RandomSource;
  readonly pacer?: SpacePacer;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** What became of a send. Every reason is redacted and says what to do. */
export type SendResult =
  | {
      readonly kind: "delivered";
      /** `spaces/S/messages/M`, one per request (a long text takes several). */
      readonly messageNames: readonly string[];
      readonly threadName: string | undefined;
      readonly requests: number;
    }
  | { readonly kind: "not-sent-no-thread"; readonly reason: string; readonly requests: number }
  | {
      readonly kind: "permanent";
      readonly reason: string;
      readonly httpStatus: number;
      readonly requests: number;
    }
  | { readonly kind: "gave-up"; readonly reason: string; readonly requests: number }
  /** Best effort: Chat did not take it and it was not retried. */
  | { readonly kind: "dropped"; readonly reason: string; readonly requests: number }
  /** Nothing was sent: the message, an option or the webhook variable is wrong. */
  | { readonly kind: "invalid"; readonly reason: string; readonly requests: 0 };

/** One request's fate; send() adds the request count. */
type PartResult =
  | { readonly kind: "delivered"; readonly messageName: string; readonly threadName?: string }
  | DistributiveOmit<Exclude<SendResult, { kind: "delivered" } | { kind: "invalid" }>, "requests">;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export async function send(
  message: string | ChatMessage,
  options: SendOptions = {},
): Promise<SendResult> {
  const clock = options.clock ?? realClock;
  const startedAt = clock.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let plan: PlannedRequest[];
  let loopbackOrigin: string | undefined;
  let space: string;
  try {
    if (!(timeoutMs > 0)) throw new Error(`the timeout must be more than 0 ms, not ${timeoutMs}`);
    const notification = toNotification(message, {
      ...(options.threadKey === undefined ? {} : { threadKey: options.threadKey }),
      ...(options.replyOption === undefined ? {} : { replyOption: options.replyOption }),
      ...(options.trustedText === undefined ? {} : { trustedText: options.trustedText }),
      ...(options.format === undefined ? {} : { format: options.format }),
    });
    const resolved = webhookFromEnv(options.env ?? process.env, options.webhook);
    loopbackOrigin = resolved.loopbackOrigin;
    space = resolved.webhook.space;
    plan = planRequests(resolved.webhook, notification.message, {
      ...(notification.threadKey === undefined ? {} : { threadKey: notification.threadKey }),
      ...(notification.replyOption === undefined ? {} : { replyOption: notification.replyOption }),
      partsThreadKey: `chat-notify-${startedAt.toString(36)}-${randomId(options.random)}`,
    });
  } catch (error) {
    if (!(error instanceof Error) || error instanceof TypeError) throw error;
    const reason = redactSecrets(error.message.replace(/^notify: /, ""));
    return { kind: "invalid", reason, requests: 0 };
  }

  const context: PartContext = {
    clock,
    random: options.random ?? Math.random,
    pacer: options.pacer ?? processPacer,
    policy: { ...DEFAULT_RETRY_POLICY, deadlineMs: timeoutMs },
    deadline: startedAt + timeoutMs,
    bestEffort: options.bestEffort === true,
    space,
    loopbackOrigin,
    requests: 0,
  };
  const messageNames: string[] = [];
  let threadName: string | undefined;
  for (const planned of plan) {
    const result = await sendPart(planned, context);
    if (result.kind !== "delivered") {
      const sent = messageNames.length;
      const partial = sent === 0 ? "" : ` (${sent} of ${plan.length} parts were delivered)`;
      return { ...result, reason: `${result.reason}${partial}`, requests: context.requests };
    }
    messageNames.push(result.messageName);
    threadName ??= result.threadName;
  }
  return { kind: "delivered", messageNames, threadName, requests: context.requests };
}

interface PartContext {
  readonly clock: AsyncClock;
  readonly random: RandomSource;
  readonly pacer: SpacePacer;
  readonly policy: RetryPolicy;
  readonly deadline: number;
  readonly bestEffort: boolean;
  readonly space: string;
  readonly loopbackOrigin: string | undefined;
  requests: number;
}

/** One request, retried per the policy until delivered, refused, or out of time. */
async function sendPart(planned: PlannedRequest, context: PartContext): Promise<PartResult> {
  const { clock } = context;
  let attempts = 0;
  let firstAttemptAt: number | undefined;
  let lastReason = "no attempt was made";
  for (;;) {
    if (!(await context.pacer.turn(clock, context.space, context.deadline))) {
      return giveUp(`the space's pacing leaves no turn before the timeout; last: ${lastReason}`);
    }
    firstAttemptAt ??= clock.now();
    const answer: HttpAnswer = await postJson(
      planned.request,
      context.loopbackOrigin,
      clock.timeout(context.deadline - clock.now()),
    );
    context.requests++;
    attempts++;
    const now = clock.now();
    const outcome = classifyAnswer(answer, planned.replyOption, now);
    switch (outcome.kind) {
      case "delivered":
        return {
          kind: "delivered",
          messageName: outcome.messageName,
          ...(outcome.threadName === undefined ? {} : { threadName: outcome.threadName }),
        };
      case "no-thread":
        return { kind: "not-sent-no-thread", reason: outcome.reason };
      case "permanent":
        return {
          kind: "permanent",
          reason: outcome.reason,
          httpStatus: outcome.httpStatus,
        };
      case "retryable": {
        if (context.bestEffort) {
          return {
            kind: "dropped",
            reason: `${outcome.reason}; best effort, so not retried`,
          };
        }
        lastReason = outcome.reason;
        const decision = decideRetry(
          context.policy,
          {
            attempts,
            // The policy's deadline counts from this send's first attempt.
            acceptedAt: firstAttemptAt,
            now,
            ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
          },
          context.random,
        );
        if (decision.kind === "give-up") return giveUp(`${decision.reason}; last: ${lastReason}`);
        // The send's own timeout binds too, whatever the policy's clock started from.
        if (now + decision.delayMs > context.deadline) {
          return giveUp(`the next attempt would come after the timeout; last: ${lastReason}`);
        }
        await clock.sleep(decision.delayMs);
      }
    }
  }
}

function giveUp(reason: string): PartResult {
  return { kind: "gave-up", reason };
}

function randomId(random: RandomSource = Math.random): string {
  return Math.floor(random() * 2 ** 40).toString(36);
}
