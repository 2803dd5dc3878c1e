// The public contract of Script Properties: CHAT_WEBHOOK_URL is the default webhook and
// CHAT_WEBHOOK_URL_<NAME> a named one, referred to as NAME in config and notify().

import { ChatNotificationsError } from "../errors";
import type { PropertyReader } from "../ports";
import { parseWebhookUrl, redactSecrets, type WebhookUrl } from "./webhook-url";

export const DEFAULT_WEBHOOK_PROPERTY = "CHAT_WEBHOOK_URL";

const WEBHOOK_NAME = /^[A-Z0-9_]+$/;

/** A webhook name that is not valid, or a webhook property that is not set. */
export class WebhookPropertyError extends ChatNotificationsError {
  override readonly name = "WebhookPropertyError";
  constructor(
    readonly code: "WEBHOOK_NAME_INVALID" | "WEBHOOK_UNSET",
    message: string,
  ) {
    super(message);
  }
}

/** The Script Property holding the webhook called `name`, or the default one. */
export function webhookPropertyName(name?: string): string {
  if (name === undefined) return DEFAULT_WEBHOOK_PROPERTY;
  if (!WEBHOOK_NAME.test(name)) {
    // The name is quoted to help find it, but redacted and cut: a pasted URL may land here.
    const shown = redactSecrets(name).slice(0, 60);
    throw new WebhookPropertyError(
      "WEBHOOK_NAME_INVALID",
      `Webhook name "${shown}" is not valid, so nothing can be sent with it: use capital letters, ` +
        `digits and _ only (e.g. ONCALL for the Script Property ${DEFAULT_WEBHOOK_PROPERTY}_ONCALL), ` +
        `in your config or in the webhook option of notify()`,
    );
  }
  return `${DEFAULT_WEBHOOK_PROPERTY}_${name}`;
}

/** The values of every webhook property among `properties` (all Script Properties, say). */
export function configuredWebhookUrls(properties: Readonly<Record<string, string>>): string[] {
  return Object.entries(properties)
    .filter(
      ([name]) => name === DEFAULT_WEBHOOK_PROPERTY || /^CHAT_WEBHOOK_URL_[A-Z0-9_]+$/.test(name),
    )
    .map(([, url]) => url);
}

/** Reads and validates the webhook called `name` (the default one when undefined). */
export function resolveWebhook(name: string | undefined, properties: PropertyReader): WebhookUrl {
  const property = webhookPropertyName(name);
  const value = properties.get(property);
  if (value === null || value.trim() === "") {
    throw new WebhookPropertyError(
      "WEBHOOK_UNSET",
      `Script Property ${property} is not set: set it in Project Settings > Script Properties, ` +
        `or use the menu Chat notifications > Set webhook URL`,
    );
  }
  return parseWebhookUrl(value, `Script Property ${property}`);
}
