import type { PropertyReader } from "../../src/ports";
import { resolveWebhook, webhookPropertyName } from "../../src/chat/webhook-property";

const TOKEN = "FAKEtoken-for-tests-only-not-a-secret-00000%3D";
const URL = `https://chat.googleapis.com/v1/spaces/AAAAbCdEfGh/messages?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=${TOKEN}`;

function properties(values: Record<string, string>): PropertyReader {
  return { get: (name) => values[name] ?? null };
}

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("webhook-property", () => {
  test("webhookPropertyName maps names to Script Properties", () => {
    expect(webhookPropertyName()).toBe("CHAT_WEBHOOK_URL");
    expect(webhookPropertyName("ONCALL")).toBe("CHAT_WEBHOOK_URL_ONCALL");
    expect(webhookPropertyName("TEAM_2")).toBe("CHAT_WEBHOOK_URL_TEAM_2");
  });

  test.each(["oncall", "", "ON-CALL", "ON CALL", "ÉQUIPE"])(
    "webhookPropertyName rejects %j with what to do",
    (name) => {
      expect(messageOf(() => webhookPropertyName(name))).toContain(
        "use capital letters, digits and _ only",
      );
    },
  );

  test("a URL passed as a name by mistake is not quoted back", () => {
    const message = messageOf(() => webhookPropertyName(URL));
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain("FAKEtoken-for-test");
  });

  test("resolveWebhook reads the default and named webhooks", () => {
    const other = URL.replace("AAAAbCdEfGh", "BBBBxYz");
    const store = properties({ CHAT_WEBHOOK_URL: URL, CHAT_WEBHOOK_URL_ONCALL: other });
    expect(resolveWebhook(undefined, store)).toEqual({ url: URL, space: "AAAAbCdEfGh" });
    expect(resolveWebhook("ONCALL", store)).toEqual({ url: other, space: "BBBBxYz" });
  });

  test("an unset or blank property says where to set it", () => {
    const expected =
      "Script Property CHAT_WEBHOOK_URL_ONCALL is not set: set it in Project Settings > " +
      "Script Properties, or use the menu Chat notifications > Set webhook URL";
    expect(messageOf(() => resolveWebhook("ONCALL", properties({})))).toBe(expected);
    expect(
      messageOf(() => resolveWebhook("ONCALL", properties({ CHAT_WEBHOOK_URL_ONCALL: " \n" }))),
    ).toBe(expected);
  });

  test("an invalid URL names the property and hides the token", () => {
    const store = properties({ CHAT_WEBHOOK_URL: URL.replace("https://", "http://") });
    const message = messageOf(() => resolveWebhook(undefined, store));
    expect(message).toContain("Script Property CHAT_WEBHOOK_URL is not a usable Chat webhook URL");
    expect(message).not.toContain(TOKEN);
  });
});
