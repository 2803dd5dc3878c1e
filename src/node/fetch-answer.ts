// The HTTP port for Node: one POST on Node's own fetch, read into the core's HttpAnswer.

import type { HttpAnswer, HttpRequest } from "../ports";
import { redactWebhookValues } from "../chat/webhook-url";
import { wireUrl } from "./webhook-env";

export async function postJson(
  request: HttpRequest,
  loopbackOrigin: string | undefined,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  try {
    const response = await fetch(wireUrl(request.url, loopbackOrigin), {
      method: "POST",
      headers: { "content-type": "application/json; charset=UTF-8", ...request.headers },
      body: request.body,
      redirect: "manual",
      signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    // An error body may quote the bare token: nothing downstream sees it.
    const body = redactWebhookValues(await response.text(), [request.url]);
    return { kind: "response", status: response.status, body, headers };
  } catch (error) {
    const message = redactWebhookValues(describeFailure(error), [request.url]);
    return { kind: "network-error", message };
  }
}

/** fetch's own message is "fetch failed"; the cause says what failed (ECONNREFUSED, a timeout...). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError" || error.name === "AbortError") {
    return "no answer before the timeout";
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string"
      ? `${error.message} (${code})`
      : `${error.message}: ${cause.message}`;
  }
  return error.message;
}
