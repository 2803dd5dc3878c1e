// The answers Google's front end and the Chat API give when they refuse a request. Bodies follow
// google.rpc.Status as serialised by Google's JSON APIs: {"error": {"code", "message", "status",
// "details"?}}. The wording is taken from reported real responses where one exists (see README).

import type { WireAnswer } from "../../transport";

export type RpcStatus =
  | "INVALID_ARGUMENT"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "RESOURCE_EXHAUSTED"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "DEADLINE_EXCEEDED";

const HTTP_CODE: Record<RpcStatus, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

export const JSON_CONTENT_TYPE = "application/json; charset=UTF-8";

export function rpcErrorAnswer(
  status: RpcStatus,
  message: string,
  options: { details?: readonly unknown[]; headers?: Record<string, string> } = {},
): WireAnswer {
  const code = HTTP_CODE[status];
  const error =
    options.details === undefined
      ? { code, message, status }
      : { code, message, status, details: options.details };
  return {
    kind: "response",
    status: code,
    headers: { "content-type": JSON_CONTENT_TYPE, ...options.headers },
    body: `${JSON.stringify({ error }, null, 2)}\n`,
    elapsedMs: 0,
  };
}

/** A 400 whose details name the offending field, as Google's JSON binding reports it. */
export function badRequestAnswer(field: string, message: string): WireAnswer {
  return rpcErrorAnswer("INVALID_ARGUMENT", message, {
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field, description: message }],
      },
    ],
  });
}

export function apiKeyInvalidAnswer(): WireAnswer {
  return rpcErrorAnswer("INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", {
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "API_KEY_INVALID",
        domain: "googleapis.com",
        metadata: { service: "chat.googleapis.com" },
      },
    ],
  });
}

export function permissionDeniedAnswer(): WireAnswer {
  return rpcErrorAnswer("PERMISSION_DENIED", "The caller does not have permission");
}

export function entityNotFoundAnswer(): WireAnswer {
  return rpcErrorAnswer("NOT_FOUND", "Requested entity was not found.");
}

export function quotaExhaustedAnswer(headers: Record<string, string> = {}): WireAnswer {
  return rpcErrorAnswer("RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", {
    headers,
  });
}

/** Google's front end answers paths it does not route with a small HTML page, not JSON. */
export function unroutedPathAnswer(): WireAnswer {
  return {
    kind: "response",
    status: 404,
    headers: { "content-type": "text/html; charset=UTF-8" },
    body: "<html><head><title>Not Found</title></head><body><h1>Not Found</h1><h2>Error 404</h2></body></html>\n",
    elapsedMs: 0,
  };
}

/** A 502 comes from Google's front end, before the API: an HTML page, not JSON. */
export function badGatewayAnswer(headers: Record<string, string> = {}): WireAnswer {
  return {
    kind: "response",
    status: 502,
    headers: { "content-type": "text/html; charset=UTF-8", ...headers },
    body:
      "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 502 (Server Error)!!1</title>" +
      "<p><b>502.</b> <ins>That’s an error.</ins><p>The server encountered a temporary error and " +
      "could not complete your request.<p>Please try again in 30 seconds. <ins>That’s all we know.</ins>\n",
    elapsedMs: 0,
  };
}
