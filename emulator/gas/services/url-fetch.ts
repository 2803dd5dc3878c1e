// UrlFetchApp: synchronous HTTP as Apps Script does it. Requests for https://chat.googleapis.com/
// go to the emulated Chat space through the transport; nothing else is reachable. The manifest's
// urlFetchWhitelist is enforced; network failures throw with the full URL, even with
// muteHttpExceptions, as Apps Script's do.

import type { ChatTransport, WireAnswer, WireRequest } from "../../transport";
import { counted } from "../runtime/counted";
import type { Execution } from "../runtime/execution";
import type { CountCall } from "../runtime/host";
import { toSignedBytes, fromBytes, createBlob } from "../runtime/bytes";

export const CHAT_ORIGIN = "https://chat.googleapis.com/";

/** Apps Script's User-Agent for UrlFetchApp (the project id part is left out). */
export const USER_AGENT = "Mozilla/5.0 (compatible; Google-Apps-Script)";

/** How much of the body Apps Script quotes in "Request failed" errors (approximate). */
const TRUNCATED_BODY_CHARS = 200;

export interface FetchParams {
  method?: string;
  contentType?: string;
  headers?: Record<string, string>;
  payload?: string | Record<string, unknown> | number[];
  muteHttpExceptions?: boolean;
}

export interface FetchRequest extends FetchParams {
  url: string;
}

export interface UrlFetchScope {
  readonly execution: Execution;
  readonly chat: ChatTransport;
  readonly whitelist?: readonly string[];
}

export function isAllowedByWhitelist(
  url: string,
  whitelist: readonly string[] | undefined,
): boolean {
  if (whitelist === undefined) return true;
  return whitelist.some((prefix) => {
    const wildcard = /^https:\/\/\*\.(.*)$/.exec(prefix);
    if (!wildcard) return url.startsWith(prefix);
    // "https://*.example.com/" matches subdomains of example.com.
    const rest = wildcard[1] as string;
    const match = /^https:\/\/([^/]+)(\/.*)?$/.exec(url);
    if (!match) return false;
    const host = match[1] as string;
    const domain = rest.slice(0, rest.indexOf("/"));
    return (
      host.endsWith(`.${domain}`) && `${match[2] ?? "/"}`.startsWith(rest.slice(rest.indexOf("/")))
    );
  });
}

function toWireRequest(request: FetchRequest): WireRequest {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  for (const [name, value] of Object.entries(request.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  let body = "";
  const payload = request.payload;
  if (typeof payload === "string") body = payload;
  else if (Array.isArray(payload)) body = fromBytes(payload).toString("utf8");
  else if (payload !== undefined && payload !== null) {
    body = Object.entries(payload)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join("&");
  }
  if (request.contentType !== undefined) headers["content-type"] = String(request.contentType);
  else if (payload !== undefined && headers["content-type"] === undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  return { method: String(request.method ?? "get").toUpperCase(), url: request.url, headers, body };
}

function originOf(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url);
  return match ? (match[1] as string) : url;
}

export function createUrlFetchApp(scope: UrlFetchScope) {
  const { execution } = scope;
  const count = (name: string) => execution.count(name);

  const normalise = (urlOrRequest: string | FetchRequest, params?: FetchParams): FetchRequest => {
    const request: FetchRequest =
      typeof urlOrRequest === "string"
        ? { ...(params ?? {}), url: urlOrRequest }
        : { ...urlOrRequest };
    request.url = String(request.url);
    if (!isAllowedByWhitelist(request.url, scope.whitelist)) {
      execution.fail(
        `UrlFetchApp refused ${request.url}: it matches no prefix of urlFetchWhitelist in appsscript.json`,
      );
    }
    return request;
  };

  // The emulated world has one reachable host; anything else fails the way an unknown host does.
  // The answer's time is Chat's (the world sets it), varied by the project's latency jitter.
  const send = (request: FetchRequest): WireAnswer => {
    if (!request.url.startsWith(CHAT_ORIGIN))
      return { kind: "network-error", error: "DNS error", elapsedMs: 0 };
    const answer = scope.chat(toWireRequest(request));
    return answer.kind === "response"
      ? { ...answer, elapsedMs: execution.chatAnswerTime(answer.elapsedMs) }
      : answer;
  };

  const respond = (request: FetchRequest, answer: WireAnswer) => {
    if (answer.kind === "network-error") return execution.fail(`${answer.error}: ${request.url}`);
    if (answer.status >= 400 && !request.muteHttpExceptions) {
      const body =
        answer.body.length > TRUNCATED_BODY_CHARS
          ? `${answer.body.slice(0, TRUNCATED_BODY_CHARS)}...`
          : answer.body;
      return execution.fail(
        `Request failed for ${originOf(request.url)} returned code ${answer.status}. Truncated server response: ${body} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return httpResponse(count, answer);
  };

  return counted(count, "UrlFetchApp", {
    fetch(url: string, params?: FetchParams) {
      const request = normalise(url, params);
      const answer = send(request);
      execution.spend(answer.elapsedMs);
      return respond(request, answer);
    },
    fetchAll(requests: (string | FetchRequest)[]) {
      const normalised = requests.map((request) => normalise(request));
      // Each request of the batch is one UrlFetch call of the daily quota.
      execution.useQuota("urlFetchCalls", normalised.length);
      // In parallel: every request leaves at the same virtual time; the call lasts as the longest.
      const answers = normalised.map(send);
      execution.spend(Math.max(0, ...answers.map((answer) => answer.elapsedMs)));
      const failure = answers.findIndex((answer) => answer.kind === "network-error");
      if (failure !== -1)
        respond(normalised[failure] as FetchRequest, answers[failure] as WireAnswer);
      return answers.map((answer, i) => respond(normalised[i] as FetchRequest, answer));
    },
    getRequest(url: string, params?: FetchParams) {
      const wire = toWireRequest(normalise(url, params));
      return {
        url: wire.url,
        method: wire.method.toLowerCase(),
        headers: wire.headers,
        payload: wire.body,
      };
    },
  });
}

function httpResponse(count: CountCall, answer: Extract<WireAnswer, { kind: "response" }>) {
  return counted(count, "HTTPResponse", {
    getResponseCode: () => answer.status,
    getContentText: (_charset?: string) => answer.body,
    getContent: () => toSignedBytes(Buffer.from(answer.body, "utf8")),
    getHeaders: () => ({ ...answer.headers }),
    getAllHeaders: () => ({ ...answer.headers }),
    getBlob: () =>
      createBlob(count, Buffer.from(answer.body, "utf8"), answer.headers["content-type"] ?? null),
  });
}
