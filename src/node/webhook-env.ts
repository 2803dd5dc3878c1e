// The webhook URL for Node comes from the environment, never from an argument: a process list
// shows arguments to everyone on the machine. The names are the Script Properties' names.

import { webhookPropertyName } from "../chat/webhook-property";
import { parseWebhookUrl, type WebhookUrl } from "../chat/webhook-url";

export const ALLOW_LOOPBACK_VARIABLE = "CHAT_NOTIFY_ALLOW_LOOPBACK";

const CHAT_ORIGIN = "https://chat.googleapis.com";
const LOOPBACK_ORIGIN = /^http:\/\/127\.0\.0\.1:\d{1,5}(?=\/)/;

export type Environment = Readonly<Record<string, string | undefined>>;

export interface EnvWebhook {
  /** Validated as a Chat URL; a loopback URL is validated with Chat's origin in its place. */
  readonly webhook: WebhookUrl;
  /** Where requests really go when a test allowed a loopback server; undefined for Chat. */
  readonly loopbackOrigin: string | undefined;
}

/** Reads CHAT_WEBHOOK_URL, or CHAT_WEBHOOK_URL_<NAME> for `name`; throws saying what to set. */
export function webhookFromEnv(env: Environment, name: string | undefined): EnvWebhook {
  const variable = webhookPropertyName(name);
  const value = env[variable];
  const source = `environment variable ${variable}`;
  if (value === undefined || value.trim() === "") {
    throw new Error(
      `${source} is not set: set it to the space's webhook URL (Apps & integrations > Webhooks), ` +
        `in CI from a secret; the URL is never taken from an argument`,
    );
  }
  const trimmed = value.trim();
  const loopback = LOOPBACK_ORIGIN.exec(trimmed)?.[0];
  if (loopback === undefined)
    return { webhook: parseWebhookUrl(trimmed, source), loopbackOrigin: undefined };
  if (env[ALLOW_LOOPBACK_VARIABLE] !== "1") {
    throw new Error(
      `${source} points at ${loopback}, a local test server; that is refused unless ` +
        `${ALLOW_LOOPBACK_VARIABLE}=1 is set, which is for tests only`,
    );
  }
  const asChat = parseWebhookUrl(CHAT_ORIGIN + trimmed.slice(loopback.length), source);
  return { webhook: asChat, loopbackOrigin: loopback };
}

/** The URL a request for `chatUrl` is really sent to. */
export function wireUrl(chatUrl: string, loopbackOrigin: string | undefined): string {
  return loopbackOrigin === undefined
    ? chatUrl
    : loopbackOrigin + chatUrl.slice(CHAT_ORIGIN.length);
}
