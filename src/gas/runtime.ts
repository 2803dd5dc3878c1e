// Clock, logger and the running account over Apps Script services (Script Properties: storage.ts).
import { redactWebhookValues } from "../chat/webhook-url";
import type { Clock, Logger } from "../ports";

export function appsScriptClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms) => Utilities.sleep(Math.max(0, Math.round(ms))),
  };
}

/**
 * console goes to Cloud Logging (exceptionLogging: STACKDRIVER) with its level. Every line is
 * redacted once more here, the last point before it leaves the script: by pattern, and by the
 * values of the webhook URLs in `webhookUrls` (those this execution sent to).
 */
export function consoleLogger(webhookUrls: Iterable<string> = []): Logger {
  const redact = (message: string) => redactWebhookValues(message, [...webhookUrls]);
  return {
    info: (message) => console.info(redact(message)),
    warn: (message) => console.warn(redact(message)),
    error: (message) => console.error(redact(message)),
  };
}

/** The account this execution runs as and the script's time zone, for setup() and teardown(). */
export function scriptAccount(): { user: string; timeZone: string } {
  return { user: Session.getEffectiveUser().getEmail(), timeZone: Session.getScriptTimeZone() };
}
