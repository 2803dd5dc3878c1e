// HttpPort over UrlFetchApp. muteHttpExceptions makes every HTTP status an answer; UrlFetchApp
// still throws on network failures, with the full URL (token included) in the message. Messages
// and bodies are redacted here, by the values of the requests' own key and token, before anything
// can classify, store or log them: an error body may quote the bare token.
import { redactWebhookValues } from "../chat/webhook-url";
import type { HttpAnswer, HttpPort, HttpRequest } from "../ports";

const CONTENT_TYPE = "application/json; charset=UTF-8";

function toFetchRequest(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  return {
    url: request.url,
    method: "post",
    contentType: CONTENT_TYPE,
    payload: request.body,
    headers: { ...request.headers },
    muteHttpExceptions: true,
    followRedirects: false,
  };
}

function toAnswer(
  response: GoogleAppsScript.URL_Fetch.HTTPResponse,
  request: HttpRequest,
): HttpAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getAllHeaders())) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return {
    kind: "response",
    status: response.getResponseCode(),
    body: redactWebhookValues(response.getContentText(), [request.url]),
    headers,
  };
}

function networkError(error: unknown, requests: readonly HttpRequest[]): HttpAnswer {
  const message = error instanceof Error ? error.message : String(error);
  const urls = requests.map((request) => request.url);
  return { kind: "network-error", message: redactWebhookValues(message, urls) };
}

/** `sentTo` collects the URLs requested, so that the logger can redact their key and token too. */
export function urlFetchHttp(sentTo?: Set<string>): HttpPort {
  return {
    fetchAll(requests: readonly HttpRequest[]): HttpAnswer[] {
      if (requests.length === 0) return [];
      for (const request of requests) sentTo?.add(request.url);
      try {
        if (requests.length === 1) {
          const request = requests[0]!;
          return [toAnswer(UrlFetchApp.fetch(request.url, toFetchRequest(request)), request)];
        }
        return UrlFetchApp.fetchAll(requests.map(toFetchRequest)).map((response, index) =>
          toAnswer(response, requests[index]!),
        );
      } catch (error) {
        // fetchAll throws as a whole when one request fails at the network level; which of the
        // others reached Chat is unknown, so every one of them is reported as not answered.
        return requests.map(() => networkError(error, requests));
      }
    },
  };
}
