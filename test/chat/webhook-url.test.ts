import {
  parseWebhookUrl,
  redactSecrets,
  redactWebhookUrl,
  redactWebhookValues,
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

    test("trims what pasting brings along", () => {
      expect(parseWebhookUrl(`  ${URL}\n`, SOURCE).url).toBe(URL);
    });

    test("drops a reply option that asks for what each message sets anyway, keeping the rest byte-exact", () => {
      for (const value of [
        "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
        "MESSAGE_REPLY_OPTION_UNSPECIFIED",
      ]) {
        const base = "https://chat.googleapis.com/v1/spaces/AAAAbCdEfGh/messages";
        const pasted = `${base}?messageReplyOption=${value}&key=${KEY}&token=${TOKEN}`;
        expect(parseWebhookUrl(pasted, SOURCE).url).toBe(`${base}?key=${KEY}&token=${TOKEN}`);
      }
    });

    test.each([
      [
        "messageReplyOption=REPLY_MESSAGE_OR_FAIL",
        /REPLY_MESSAGE_OR_FAIL.*refuse every message.*replyOption: "replyOrFail"/,
      ],
      ["messageReplyOption=SOMETIMES", /messageReplyOption "SOMETIMES" is not one Chat knows/],
      ["threadKey=build", /threadKey= parameter, which Chat has deprecated/],
      ["requestId=abc", /parameter "requestId" that webhook URLs do not have/],
      ["foo", /parameter "foo" that webhook URLs do not have/],
    ])("refuses a URL with %s, saying why", (extra, reason) => {
      const error = errorOf(`${URL}&${extra}`);
      expect(error.message).toMatch(reason);
      expect(error.message).not.toContain(KEY);
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

  describe("redactWebhookValues", () => {
    const decodedToken = decodeURIComponent(TOKEN);
    const bareToken = decodedToken.replace(/=+$/, "");
    test.each([
      ["the bare token in prose", `Token ${bareToken} is not valid for this space`],
      ["the decoded token", `bad credential ${decodedToken}.`],
      ["the token as in the URL", `saw ${TOKEN}`],
      ["the token double-encoded", `saw ${encodeURIComponent(TOKEN)}`],
      ["the token with lower-case escapes", `saw ${TOKEN.replace("%3D", "%3d")}`],
      ["an HTML entity for =", `<p>token&#61;${bareToken}&#61;</p>`],
      ["a hex HTML entity", `value="${bareToken}&#x3D;"`],
      ["a JSON escape", `{"message":"${bareToken}\\u003d rejected"}`],
      ["the bare key", `API key ${KEY} not valid`],
      ["the key in JSON", JSON.stringify({ error: { message: `key ${KEY}` } })],
    ])("removes %s", (_what, text) => {
      const redacted = redactWebhookValues(text, [URL]);
      expect(redacted).toContain("REDACTED");
      expect(redacted).not.toContain(bareToken);
      expect(redacted).not.toContain(KEY);
    });

    test("leaves other text alone and knows only the webhooks it is given", () => {
      const other =
        "https://chat.googleapis.com/v1/spaces/B/messages?key=OTHERKEY123&token=OTHERTOKEN456";
      expect(redactWebhookValues("Chat answered 503 UNAVAILABLE", [URL, other])).toBe(
        "Chat answered 503 UNAVAILABLE",
      );
      expect(redactWebhookValues(`${bareToken} and OTHERTOKEN456`, [other])).toBe(
        `${bareToken} and REDACTED`,
      );
    });

    test("still redacts key= and token= by pattern, and never throws on odd input", () => {
      expect(redactWebhookValues("token=abc&x=1", [])).toBe("token=REDACTED&x=1");
      expect(redactWebhookValues("100% sure", ["not a url", "https://x/?token=%E0%A4%A"])).toBe(
        "100% sure",
      );
    });
  });
});
