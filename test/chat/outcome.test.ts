import type { HttpAnswer } from "../../src/ports";
import { classifyAnswer, parseChatError, parseRetryAfter } from "../../src/chat/outcome";

const NOW = Date.parse("2025-03-10T09:00:00Z");
const TOKEN = "FAKEtoken-for-tests-only-not-a-secret-00000%3D";

function response(status: number, body: string, headers: Record<string, string> = {}): HttpAnswer {
  return { kind: "response", status, body, headers };
}

const GOOGLE_502 = `<!DOCTYPE html>
<html lang=en>
  <meta charset=utf-8>
  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">
  <title>Error 502 (Server Error)!!1</title>
  <style>
    *{margin:0;padding:0}html,code{font:15px/22px arial,sans-serif}
  </style>
  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>
  <p><b>502.</b> <ins>That’s an error.</ins>
  <p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>`;

const API_KEY_INVALID = JSON.stringify({
  error: {
    code: 400,
    message: "API key not valid. Please pass a valid API key.",
    status: "INVALID_ARGUMENT",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "API_KEY_INVALID",
        domain: "googleapis.com",
        metadata: { service: "chat.googleapis.com" },
      },
      {
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        locale: "en-US",
        message: "API key not valid. Please pass a valid API key.",
      },
    ],
  },
});

describe("outcome", () => {
  describe("classifyAnswer", () => {
    test("a 200 Message is delivered", () => {
      const body = JSON.stringify({
        name: "spaces/AAA/messages/BBB.BBB",
        sender: { name: "users/114022495153014004089", displayName: "Ops bot", type: "BOT" },
        createTime: "2025-03-10T09:00:00.123455Z",
        thread: { name: "spaces/AAA/threads/CCC" },
        space: { name: "spaces/AAA" },
      });
      expect(classifyAnswer(response(200, body), undefined, NOW)).toEqual({
        kind: "delivered",
        messageName: "spaces/AAA/messages/BBB.BBB",
        threadName: "spaces/AAA/threads/CCC",
      });
    });

    test("a 200 without thread is still delivered", () => {
      expect(
        classifyAnswer(response(200, '{"name":"spaces/AAA/messages/M"}'), undefined, NOW),
      ).toEqual({ kind: "delivered", messageName: "spaces/AAA/messages/M", threadName: undefined });
    });

    test.each(["", "<html>OK</html>", "{}", '{"name":""}', "[]"])(
      "a 200 with body %j is permanent, not retried into a duplicate",
      (body) => {
        const outcome = classifyAnswer(response(200, body), undefined, NOW);
        expect(outcome).toMatchObject({ kind: "permanent", httpStatus: 200 });
        expect(outcome.kind === "permanent" && outcome.reason).toContain("not sent again");
      },
    );

    test("429 RESOURCE_EXHAUSTED is retryable, honouring Retry-After", () => {
      const body =
        '{\n  "error": {\n    "code": 429,\n    "message": "Resource has been exhausted (e.g. check quota).",\n    "status": "RESOURCE_EXHAUSTED"\n  }\n}\n';
      expect(classifyAnswer(response(429, body, { "retry-after": "30" }), undefined, NOW)).toEqual({
        kind: "retryable",
        reason:
          "Chat answered 429 RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).",
        httpStatus: 429,
        status: {
          code: 429,
          message: "Resource has been exhausted (e.g. check quota).",
          status: "RESOURCE_EXHAUSTED",
        },
        retryAfterMs: 30_000,
      });
    });

    test.each([
      [500, '{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}'],
      [
        503,
        '{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}',
      ],
      [504, '{"error":{"code":504,"message":"Deadline exceeded","status":"DEADLINE_EXCEEDED"}}'],
      [408, ""],
      [409, '{"error":{"code":409,"message":"Aborted","status":"ABORTED"}}'],
      [499, '{"error":{"code":499,"message":"The operation was cancelled.","status":"CANCELLED"}}'],
    ])("%i is retryable", (status, body) => {
      const outcome = classifyAnswer(response(status, body), undefined, NOW);
      expect(outcome).toMatchObject({ kind: "retryable", httpStatus: status });
      expect(outcome).not.toHaveProperty("retryAfterMs");
    });

    test("Google's HTML 502 page is retryable with a readable reason", () => {
      const outcome = classifyAnswer(response(502, GOOGLE_502), undefined, NOW);
      expect(outcome).toEqual({
        kind: "retryable",
        httpStatus: 502,
        reason:
          "Chat answered 502 with: Error 502 (Server Error)!!1 502. That’s an error. The server " +
          "encountered a temporary error and could not complete your request. Please try again in " +
          "30 seconds. That’s all we know.",
      });
    });

    test("a long body is cut to a short excerpt", () => {
      const outcome = classifyAnswer(
        response(503, `<p>${"overloaded ".repeat(100)}</p>`),
        undefined,
        NOW,
      );
      expect(outcome.kind === "retryable" && outcome.reason).toBe(
        `Chat answered 503 with: ${"overloaded ".repeat(18)}ov…`,
      );
    });

    test("a network failure is retryable", () => {
      const answer: HttpAnswer = {
        kind: "network-error",
        message:
          "Exception: Address unavailable: https://chat.googleapis.com/v1/spaces/AAA/messages",
      };
      expect(classifyAnswer(answer, undefined, NOW)).toEqual({
        kind: "retryable",
        reason:
          "Could not reach Chat: Exception: Address unavailable: " +
          "https://chat.googleapis.com/v1/spaces/AAA/messages",
      });
    });

    test("403 PERMISSION_DENIED is permanent and says what to do", () => {
      const body =
        '{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}';
      const outcome = classifyAnswer(response(403, body), undefined, NOW);
      expect(outcome).toEqual({
        kind: "permanent",
        httpStatus: 403,
        status: {
          code: 403,
          message: "The caller does not have permission",
          status: "PERMISSION_DENIED",
        },
        reason:
          "Chat answered 403 PERMISSION_DENIED: The caller does not have permission — the webhook " +
          "URL's token is wrong, or the webhook or its space was deleted: copy the URL again from " +
          "the space's Apps & integrations > Webhooks",
      });
    });

    test("400 API_KEY_INVALID is permanent and keeps the details", () => {
      const outcome = classifyAnswer(response(400, API_KEY_INVALID), undefined, NOW);
      expect(outcome.kind).toBe("permanent");
      if (outcome.kind !== "permanent") return;
      expect(outcome.reason).toMatch(
        /^Chat answered 400 INVALID_ARGUMENT: API key not valid\. Please pass a valid API key\. — /,
      );
      expect(outcome.status?.details?.[0]).toMatchObject({ reason: "API_KEY_INVALID" });
    });

    test.each([400, 401, 404, 413, 501])("%i is permanent", (status) => {
      const outcome = classifyAnswer(response(status, ""), undefined, NOW);
      expect(outcome).toMatchObject({ kind: "permanent", httpStatus: status });
      expect(outcome.kind === "permanent" && outcome.reason).toMatch(
        new RegExp(`^Chat answered ${status} with an empty body`),
      );
    });

    test("404 to a reply-or-fail request means no thread, not a failure", () => {
      const body =
        '{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}';
      expect(classifyAnswer(response(404, body), "replyOrFail", NOW)).toEqual({
        kind: "no-thread",
        reason:
          "Chat answered 404 NOT_FOUND: Requested entity was not found. — no thread has this key, " +
          "so nothing was sent (reply-or-fail)",
      });
      expect(classifyAnswer(response(404, body), "fallbackToNewThread", NOW).kind).toBe(
        "permanent",
      );
      expect(classifyAnswer(response(404, body), undefined, NOW).kind).toBe("permanent");
    });

    test("reasons never carry a token, whatever Chat or the network says", () => {
      const url = `https://chat.googleapis.com/v1/spaces/AAA/messages?key=AIzaSyK&token=${TOKEN}`;
      const answers: HttpAnswer[] = [
        { kind: "network-error", message: `Exception: Timeout: ${url}` },
        response(
          400,
          JSON.stringify({
            error: {
              code: 400,
              message: `Bad URL ${url}`,
              status: "INVALID_ARGUMENT",
              details: [{ url }],
            },
          }),
        ),
        response(503, `<html><body>Unavailable: ${url}</body></html>`),
        response(200, `not json ${url}`),
      ];
      for (const answer of answers) {
        const outcome = classifyAnswer(answer, undefined, NOW);
        expect(JSON.stringify(outcome)).not.toContain("FAKEtoken-for-test");
        expect(JSON.stringify(outcome)).toContain("token=REDACTED");
      }
    });
  });

  describe("parseChatError", () => {
    test("reads the wrapped and the flat forms", () => {
      const status = {
        code: 403,
        message: "The caller does not have permission",
        status: "PERMISSION_DENIED",
      };
      expect(parseChatError(JSON.stringify({ error: status }))).toEqual(status);
      expect(parseChatError(JSON.stringify(status))).toEqual(status);
    });

    test.each(["", "<html></html>", "null", '{"error":"boom"}', '{"error":{"code":"403"}}'])(
      "returns undefined for %j",
      (body) => {
        expect(parseChatError(body)).toBeUndefined();
      },
    );
  });

  describe("parseRetryAfter", () => {
    test("reads seconds and HTTP-dates", () => {
      expect(parseRetryAfter("120", NOW)).toBe(120_000);
      expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
      expect(parseRetryAfter("Mon, 10 Mar 2025 09:01:30 GMT", NOW)).toBe(90_000);
    });

    test("a date in the past means now; nonsense means nothing", () => {
      expect(parseRetryAfter("Mon, 10 Mar 2025 08:00:00 GMT", NOW)).toBe(0);
      expect(parseRetryAfter("soon", NOW)).toBeUndefined();
      expect(parseRetryAfter("-5", NOW)).toBeUndefined();
      expect(parseRetryAfter("", NOW)).toBeUndefined();
    });
  });
});
