// A structural change of the spreadsheet (rows inserted or removed...) -> its rules' notifications.
import type { Accepted } from "../delivery/deliver";
import type { ChangeContext, ChangeRule, ChangeType } from "./config-types";
import type { ChangeEvent } from "./events";
import { ENGLISH, type Texts } from "../i18n/texts";
import { mentioning } from "../mentions/mention-text";
import type { MentionResolver } from "../mentions/resolve";
import { mentionedEmails, renderMessage, renderThreadKey, type TemplateData } from "./render";
import { ruleAccepted } from "./rule-output";

export const CHANGE_TEMPLATE_NAMES: readonly string[] = [
  "changeType",
  "spreadsheet",
  "url",
  "user",
];

/** The rules that watch this kind of change; when none, the event need not be read. */
export function rulesForChange(rules: readonly ChangeRule[], changeType: string): ChangeRule[] {
  return rules.filter((rule) => rule.changeTypes.includes(changeType as ChangeType));
}

export function changeNotifications(
  rules: readonly ChangeRule[],
  event: ChangeEvent,
  people?: MentionResolver,
  /** The project's words; asked only when a notification is made (it may cost a call). */
  texts: () => Texts = () => ENGLISH,
): Accepted[] {
  const changeType = event.changeType as ChangeType;
  const context: ChangeContext = {
    changeType,
    spreadsheet: event.spreadsheet,
    url: event.url,
    user: event.user,
  };
  const data: TemplateData = {
    builtIn: { changeType, spreadsheet: event.spreadsheet, url: event.url, user: event.user },
    fields: new Map(),
    url: event.url,
    linkLabel: texts().openSpreadsheet,
  };
  const accepted: Accepted[] = [];
  for (const rule of rulesForChange(rules, changeType)) {
    const message = renderMessage(rule.message, context, data, `${rule.name}-change`, rule);
    if (message === null) continue;
    const threadKey = renderThreadKey(rule.threadKey, data);
    const mentioned = mentioning(message, mentionedEmails(rule.mention, data), people);
    accepted.push(ruleAccepted(rule, mentioned, threadKey));
  }
  return accepted;
}
