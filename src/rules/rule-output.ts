// What every rule hands to the outbox, and how a rule reports a problem it meets while running.
import { ChatNotificationsError } from "../errors";
import type { ChatMessage, ReplyOption } from "../chat/message";
import { MAX_THREAD_KEY_CHARS } from "../chat/request";
import type { Accepted } from "../delivery/deliver";
import { toNotification } from "../delivery/notification";

/** A rule cannot run as configured; the message names the rule and says what to fix. */
export class RuleError extends ChatNotificationsError {
  override name = "RuleError";
  readonly code = "RULE_INVALID";
  constructor(rule: string, problem: string) {
    super(
      `Rule "${rule}": ${problem}. Fix the rule (in src/config.ts, or its row of the rules sheet), ` +
        "then run setup() to check it.",
    );
  }
}

/** Chat takes keys of up to 4,000 characters: cut there, never inside an emoji's surrogate pair. */
function cutThreadKey(key: string): string {
  if (key.length <= MAX_THREAD_KEY_CHARS) return key;
  const cut = key.slice(0, MAX_THREAD_KEY_CHARS);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

interface RuleDelivery {
  readonly name: string;
  readonly webhook?: string;
  readonly replyOption?: ReplyOption;
  readonly coalesce?: { readonly after: number };
  readonly bestEffort?: boolean;
  readonly batch?: boolean;
}

/** The rule's message as an outbox item. Values were neutralised when the message was rendered. */
export function ruleAccepted(
  rule: RuleDelivery,
  message: ChatMessage,
  threadKey: string | undefined,
  dedupeKey?: string,
): Accepted & { readonly rule: string } {
  const key = threadKey === undefined || threadKey === "" ? undefined : cutThreadKey(threadKey);
  // A template can render to nothing (a row with empty cells): say so rather than lose the event.
  const empty = !message.cardsV2?.length && (message.text ?? "").trim() === "";
  const sent = empty ? { text: `(rule "${rule.name}": the message rendered empty)` } : message;
  return {
    // The history's Rule column; the outbox ignores it.
    rule: rule.name,
    notification: toNotification(sent, {
      trustedText: true,
      ...(rule.webhook === undefined ? {} : { webhook: rule.webhook }),
      ...(key === undefined ? {} : { threadKey: key }),
      ...(key !== undefined && rule.replyOption !== undefined
        ? { replyOption: rule.replyOption }
        : {}),
    }),
    ...(dedupeKey === undefined ? {} : { dedupeKey }),
    ...(rule.coalesce === undefined
      ? {}
      : { coalesce: { group: rule.name, after: rule.coalesce.after } }),
    ...(rule.bestEffort === true ? { bestEffort: true } : {}),
    ...(rule.batch === false ? { batch: false } : {}),
  };
}
