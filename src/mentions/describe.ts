// What the menu's "Check mentions" shows: each address, the Chat user it resolves to and where
// from, or why it stays text.
import type { MentionConfig } from "../rules/config-types";
import { emailsIn } from "./mention-text";
import { DEFAULT_MENTION_SETTINGS, type MentionResolver } from "./resolve";

export function describeResolutions(
  text: string,
  resolver: MentionResolver,
  config: MentionConfig = {},
): string {
  const emails = emailsIn(text);
  const sources = [
    `sheet "${config.sheet ?? DEFAULT_MENTION_SETTINGS.sheet}"`,
    `Script Property ${config.property ?? DEFAULT_MENTION_SETTINGS.property}`,
    ...(config.directory ? ["the directory"] : []),
  ].join(", ");
  if (emails.length === 0) return `No email address in "${text}". Looked up in: ${sources}.`;
  const resolutions = resolver.resolveAll(emails, { fresh: true });
  const lines = emails.map((email) => {
    const r = resolutions.get(email)!;
    return r.kind === "resolved"
      ? `${email} → <${r.user}> (from the ${r.source})`
      : `${email} → shown as text: ${r.reason}`;
  });
  return [...lines, `Looked up in: ${sources}.`].join("\n");
}
