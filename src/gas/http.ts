// HttpPort over UrlFetchApp. muteHttpExceptions makes every HTTP status an answer; UrlFetchApp
// still throws on network failures, with the full URL (token included) in the message, so the
// message is redacted here, before anything can log it.
import { redactSecrets } from "../chat/webhook-url";
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

function toAnswer(response: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getAllHeaders())) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return {
    kind: "response",
    status: response.getResponseCode(),
    body: response.getContentText(),
    headers,
  };
}

function networkError(error: unknown): HttpAnswer {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "network-error", message: redactSecrets(message) };
}

export function urlFetchHttp(): HttpPort {
  return {
    fetchAll(requests: readonly HttpRequest[]): HttpAnswer[] {
      if (requests.length === 0) return [];
      try {
        if (requests.length === 1) {
          return [toAnswer(UrlFetchApp.fetch(requests[0]!.url, toFetchRequest(requests[0]!)))];
        }
        return UrlFetchApp.fetchAll(requests.map(toFetchRequest)).map(toAnswer);
      } catch (error) {
        // fetchAll throws as a whole when one request fails at the network level; which of the
        // others reached Chat is unknown, so every one of them is reported as not answered.
        return requests.map(() => networkError(error));
      }
    },
  };
}
