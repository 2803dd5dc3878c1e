import {
  parseWebhookUrl,
  redactSecrets,
  redactWebhookUrl,
  WebhookUrlError,
  withReplyOption,
  withRequestId,
} from "../../src/chat/webhook-url";

const KEY = "AIzaSy-FAKE-test-key-not-a-real-key-000";
const TOKEN = "FAKEtoken-for-tests-only-not-a-secret-00000%3D";
const URL = `https://chat.googleapis.com/v1/spaces/AAAAbCdEfGh/messages?key=${KEY}&token=${TOKEN}`;
const SOURCE = "Script Property CHAT_WEBHOOK_URL";

function errorOf(url: string): WebhookUrlError {
  try {
    parseWebhookUrl(url, SOURCE);
  } catch (error) {
    if (error instanceof WebhookUrlError) return error;
    throw error;
  }
  throw new Error(`parseWebhookUrl accepted ${redactWebhookUrl(url)}`);
}

describe("webhook-url", () => {
  describe("parseWebhookUrl", () => {
    test("accepts a webhook URL as Chat shows it and finds the space", () => {
      expect(parseWebhookUrl(URL, SOURCE)).toEqual({ url: URL, space: "AAAAbCdEfGh" });
    });

    test("trims what pasting brings along and keeps extra parameters", () => {
      const withExtra = `${URL}&messageReplyOption=REPLY_MESSAGE_OR_FAIL`;
      expect(parseWebhookUrl(`  ${withExtra}\n`, SOURCE).url).toBe(withExtra);
    });

    test.each([
      ["", "it is empty"],
      [`http://chat.googleapis.com/v1/spaces/AAA/messages?key=${KEY}&token=${TOKEN}`, "http://"],
      [`https://chat.googleapis.com.evil.example/v1/spaces/AAA/messages?token=${TOKEN}`, "start"],
      [`https://${TOKEN}@chat.googleapis.com/v1/spaces/AAA/messages?key=${KEY}`, "start"],
      [`https://chat.googleapis.com/v1/spaces/AAA/members?key=${KEY}&token=${TOKEN}`, "path"],
      [`https://chat.googleapis.com/v1/spaces/AAA/messages/x?key=${KEY}&token=${TOKEN}`, "path"],
      [`https://chat.googleapis.com/v1/spaces/AAA/messages?key=${KEY}`, "no token="],
      [`https://chat.googleapis.com/v1/spaces/AAA/messages?token=${TOKEN}`, "no key="],
      [
        `https://chat.googleapis.com/v1/spaces/AAA/messages?key=${KEY}&token=`,
        "token= parameter is empty",
      ],
      [`${URL}&token=${TOKEN}`, "more than one token="],
      [`${URL.slice(0, 60)} ${URL.slice(60)}`, "spaces or line breaks"],
      [`${URL}#${TOKEN}`, "fragment"],
    ])("rejects %#, saying what is wrong and never quoting the secrets", (url, problem) => {
      const error = errorOf(url);
      expect(error.message).toContain(SOURCE);
      expect(error.message).toContain(problem);
      expect(error.message).toContain(
        "copy it again from the space's Apps & integrations > Webhooks",
      );
      expect(error.source).toBe(SOURCE);
      for (const secret of [TOKEN, KEY, "FAKEtoken-for-test", decodeURIComponent(TOKEN)]) {
        expect(error.message).not.toContain(secret);
      }
    });

    test("the error for a wrong prefix shows the expected start", () => {
      expect(errorOf(`https://example.com/hook?token=${TOKEN}`).message).toBe(
        "Script Property CHAT_WEBHOOK_URL is not a usable Chat webhook URL: it must start with " +
          "https://chat.googleapis.com/v1/spaces/ — copy it again from the space's " +
          "Apps & integrations > Webhooks",
      );
    });
  });

  describe("redactWebhookUrl", () => {
    test("hides key and token and keeps the rest byte for byte", () => {
      expect(redactWebhookUrl(`${URL}&messageReplyOption=REPLY_MESSAGE_OR_FAIL`)).toBe(
        "https://chat.googleapis.com/v1/spaces/AAAAbCdEfGh/messages?key=REDACTED&token=REDACTED" +
          "&messageReplyOption=REPLY_MESSAGE_OR_FAIL",
      );
    });

    test("takes any string without throwing", () => {
      expect(redactWebhookUrl("")).toBe("");
      expect(redactWebhookUrl("not a url")).toBe("not a url");
      expect(redactWebhookUrl("token=")).toBe("token=");
      expect(redactWebhookUrl("?token=abc")).toBe("?token=REDACTED");
    });
  });

  describe("redactSecrets", () => {
    test("hides the URL in UrlFetchApp's error messages", () => {
      const message = `Exception: Address unavailable: ${URL}`;
      expect(redactSecrets(message)).toBe(
        "Exception: Address unavailable: " +
          "https://chat.googleapis.com/v1/spaces/AAAAbCdEfGh/messages?key=REDACTED&token=REDACTED",
      );
    });

    test.each([
      ["a JSON string", JSON.stringify({ url: URL })],
      ["a JSON field", `{"token": "${decodeURIComponent(TOKEN)}", "key":"${KEY}"}`],
      ["JSON-escaped separators", `"${URL.replace("&", "\\u0026").replace(/=/g, "\\u003d")}"`],
      ["a percent-encoded URL", `?continue=${encodeURIComponent(URL)}`],
      ["upper case", `KEY=${KEY} TOKEN=${TOKEN}`],
      ["quoted values", `token='${TOKEN}' key="${KEY}"`],
      ["in parentheses", `(see ${URL})`],
      ["a token followed by a line break", `token=${TOKEN}\nnext line`],
      ["an access token", `access_token=${TOKEN}`],
    ])("hides secrets in %s", (_name, text) => {
      const redacted = redactSecrets(text);
      for (const secret of [TOKEN, KEY, "FAKEtoken-for-test", decodeURIComponent(TOKEN)]) {
        expect(redacted).not.toContain(secret);
      }
      expect(redacted).toContain("REDACTED");
    });

    test("leaves text without secrets alone", () => {
      const text =
        'Chat answered 400 INVALID_ARGUMENT: Invalid JSON payload received. "threadKey":"row-12"';
      expect(redactSecrets(text)).toBe(text);
      expect(redactSecrets("monkey=banana&threadKey=row-12")).toBe(
        "monkey=banana&threadKey=row-12",
      );
    });
  });

  describe("withReplyOption", () => {
    test("appends the option and leaves the token byte-identical", () => {
      expect(withReplyOption(URL, "fallbackToNewThread")).toBe(
        `${URL}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
      );
      expect(withReplyOption(URL, "replyOrFail")).toBe(
        `${URL}&messageReplyOption=REPLY_MESSAGE_OR_FAIL`,
      );
    });

    test("replaces an existing option wherever it is, and removes it for none", () => {
      const withOption = `https://chat.googleapis.com/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_OR_FAIL&key=${KEY}&token=${TOKEN}`;
      const base = `https://chat.googleapis.com/v1/spaces/AAA/messages?key=${KEY}&token=${TOKEN}`;
      expect(withReplyOption(withOption, "fallbackToNewThread")).toBe(
        `${base}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
      );
      expect(withReplyOption(withOption)).toBe(base);
    });

    test("adds a query to a URL without one", () => {
      expect(
        withReplyOption("https://chat.googleapis.com/v1/spaces/AAA/messages", "replyOrFail"),
      ).toBe(
        "https://chat.googleapis.com/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_OR_FAIL",
      );
    });
  });

  describe("withRequestId", () => {
    test("appends an encoded requestId and keeps the rest", () => {
      expect(withRequestId(URL, "entry 7/2")).toBe(`${URL}&requestId=entry%207%2F2`);
      expect(withRequestId(`${URL}&requestId=old`, "new")).toBe(`${URL}&requestId=new`);
    });
  });
});
