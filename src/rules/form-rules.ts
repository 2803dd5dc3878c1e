// A form submission -> the notifications of the rules for its source. The response id is the
// dedupe key, so Sheets' double onFormSubmit posts one message.
import type { Accepted } from "../delivery/deliver";
import type { FormContext, FormRule } from "./config-types";
import type { FormSubmission } from "./events";
import { mentioning } from "../mentions/mention-text";
import type { MentionResolver } from "../mentions/resolve";
import { mentionedEmails, renderMessage, renderThreadKey, type TemplateData } from "./render";
import { ruleAccepted } from "./rule-output";
import { driveFileUrl, fileLabels } from "./form-answers";
import { ENGLISH, type Texts } from "../i18n/texts";

export const FORM_TEMPLATE_NAMES: readonly string[] = [
  "form",
  "email",
  "timestamp",
  "url",
  "responseUrl",
  "responseId",
];
export const DEFAULT_RESPONSES_SHEET = "Form Responses 1";

export function rulesForSubmission(
  rules: readonly FormRule[],
  submission: FormSubmission,
): FormRule[] {
  return rules.filter(
    (rule) =>
      rule.source === submission.source &&
      (rule.source === "form" || (rule.sheet ?? DEFAULT_RESPONSES_SHEET) === submission.sheet),
  );
}

export function formNotifications(
  rules: readonly FormRule[],
  submission: FormSubmission,
  people?: MentionResolver,
  /** The project's words; asked only when a notification is made (it may cost a call). */
  texts: () => Texts = () => ENGLISH,
): Accepted[] {
  const words = texts();
  const fields = new Map(submission.answers);
  const answers = Object.fromEntries(submission.answers);
  const context: FormContext = {
    form: submission.form,
    answers,
    email: submission.email,
    timestamp: submission.timestamp,
    url: submission.url,
    responseId: submission.responseId,
  };
  const data: TemplateData = {
    builtIn: {
      form: submission.form,
      email: submission.email,
      timestamp: submission.timestamp,
      url: submission.url,
      responseUrl: submission.url,
      responseId: submission.responseId,
    },
    // The respondent's email, unless a question is already called Email.
    fields:
      submission.email === undefined || fields.has("Email")
        ? fields
        : new Map([...fields, ["Email", submission.email]]),
    url: submission.url,
    linkLabel: submission.source === "form" ? words.openResponse : words.openRow,
    links: new Map(
      [...(submission.files ?? [])].map(([title, files]) => [
        title,
        fileLabels(files, words).map(({ file, label }) => ({
          url: driveFileUrl(file.id),
          label,
        })),
      ]),
    ),
  };
  const accepted: Accepted[] = [];
  for (const rule of rulesForSubmission(rules, submission)) {
    const message = renderMessage(rule.message, context, data, `${rule.name}-response`, rule);
    if (message === null) continue;
    const threadKey = renderThreadKey(rule.threadKey, data);
    const dedupeKey = `${rule.name}:${submission.responseId}`;
    const mentioned = mentioning(message, mentionedEmails(rule.mention, data), people);
    accepted.push(ruleAccepted(rule, mentioned, threadKey, dedupeKey));
  }
  return accepted;
}
