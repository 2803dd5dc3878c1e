// Mentions in a message: the addresses a rule or a caller names, as `<users/ID>` when resolved and
// as plain text when not, at the start of the message's text.
import type { ChatMessage } from "../chat/message";
import { neutraliseText } from "../chat/neutralise";
import { isEmail, normaliseEmail, type MentionResolver, type Resolution } from "./resolve";

/** The email addresses in a text such as "ana@example.com, ben@example.com", in order, once each. */
export function emailsIn(text: string): string[] {
  const found = text
    .split(/[\s,;]+/)
    .map((word) => word.replace(/^[<(\[]+|[>)\].]+$/g, ""))
    .filter(isEmail)
    .map(normaliseEmail);
  return [...new Set(found)];
}

/** `<users/1> <users/2> carol@example.com`: a mention only where the address was resolved. */
export function mentionLine(
  emails: readonly string[],
  resolutions: ReadonlyMap<string, Resolution>,
): string {
  return emails
    .map((email) => {
      const resolution = resolutions.get(normaliseEmail(email));
      return resolution?.kind === "resolved" ? `<${resolution.user}>` : neutraliseText(email);
    })
    .join(" ");
}

/** The message with the mentions first in its text (a card-only message gets its title as text). */
export function withMentions(message: ChatMessage, line: string): ChatMessage {
  if (line === "") return message;
  const text = message.text ?? message.fallbackText ?? "";
  return { ...message, text: text === "" ? line : `${line} ${text}` };
}

/** The emails resolved (when a resolver is at hand) and put at the start of the message. */
export function mentioning(
  message: ChatMessage,
  emails: readonly string[],
  resolver: MentionResolver | undefined,
): ChatMessage {
  if (emails.length === 0) return message;
  const resolutions = resolver?.resolveAll(emails) ?? new Map<string, Resolution>();
  return withMentions(message, mentionLine(emails, resolutions));
}
