// notify() from dist/Code.js, in the emulated Apps Script runtime, against the emulated Chat space:
// the user's own script file calls it, as it would in their project.
import type { LocalWorldOptions } from "../../emulator/local-world";
import { everythingLogged, valueOf, world } from "./world";

const USER_CODE = `
function announceDeploy() {
  return notify("Deploy *v2.3* finished", { trustedText: true });
}
function ticketUpdate(e) {
  return notify(e.text, { threadKey: e.key, replyOption: e.replyOption });
}
function fromACell(e) {
  return notify(e.text);
}
function toNamedWebhook() {
  return notify("on call: disk full", { webhook: "ONCALL" });
}
`;

function userWorld(options: LocalWorldOptions = {}) {
  return world({ userCode: [USER_CODE], ...options });
}

describe("notify() end to end, in process", () => {
  it("posts the text to the space of CHAT_WEBHOOK_URL", () => {
    const w = userWorld();
    w.connectWebhook("AAAAteam");
    expect(valueOf(w.project.run("announceDeploy"))).toEqual({
      id: "e000000001",
      status: "delivered",
    });
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual(["Deploy *v2.3* finished"]);
  });

  it("threads by key with the reply option in the URL, and replyOrFail without a thread sends nothing (Chat as the webhook guide says)", () => {
    const w = userWorld();
    w.connectWebhook("AAAAteam");
    w.project.run("ticketUpdate", { text: "T-1 opened", key: "ticket-1" });
    w.clock.advance(2000);
    w.project.run("ticketUpdate", { text: "T-1 closed", key: "ticket-1" });
    w.clock.advance(2000);
    const orphan = valueOf(
      w.project.run("ticketUpdate", {
        text: "T-9 note",
        key: "ticket-9",
        replyOption: "replyOrFail",
      }),
    );
    expect(orphan).toEqual({ id: "e000000003", status: "not-sent-no-thread" });
    const threads = w.chat.threads("AAAAteam");
    expect(threads).toHaveLength(1);
    expect(threads[0]!.threadKey).toBe("ticket-1");
    expect(threads[0]!.messages.map((m) => [m.text, m.messageReplyOption])).toEqual([
      ["T-1 opened", "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"],
      ["T-1 closed", "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"],
    ]);
  });

  it("with Chat as the API reference says, replyOrFail without a thread starts one: the message is delivered", () => {
    const w = userWorld({ replyOrFailUnknownKey: "create" });
    w.connectWebhook("AAAAteam");
    const orphan = valueOf(
      w.project.run("ticketUpdate", {
        text: "T-9 note",
        key: "ticket-9",
        replyOption: "replyOrFail",
      }),
    );
    expect(orphan).toEqual({ id: "e000000001", status: "delivered" });
    w.clock.advance(2000);
    w.project.run("ticketUpdate", {
      text: "T-9 more",
      key: "ticket-9",
      replyOption: "replyOrFail",
    });
    expect(w.chat.threads("AAAAteam").map((t) => [t.threadKey, t.messages.length])).toEqual([
      ["ticket-9", 2],
    ]);
    expect(valueOf(w.project.run("showStatus"))).toMatch(/not sent \(no thread\): 0/);
  });

  it("neutralises mentions and links in untrusted text", () => {
    const w = userWorld();
    w.connectWebhook("AAAAteam");
    w.project.run("fromACell", { text: "<users/all> see <https://evil.example|this>" });
    const [message] = w.chat.messages("AAAAteam");
    expect(message!.text).not.toContain("<users/all>");
    expect(message!.text).not.toMatch(/<https:/);
  });

  it("retries a 503 and ends with one message", () => {
    const w = userWorld();
    w.connectWebhook("AAAAteam");
    w.chat.injectFaults("AAAAteam", [{ status: 503 }]);
    expect(valueOf(w.project.run("announceDeploy"))).toEqual({
      id: "e000000001",
      status: "retrying",
    });
    w.project.runUntilIdle({ maxMs: 10 * 60_000 });
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual(["Deploy *v2.3* finished"]);
    expect(w.chat.requests("AAAAteam").map((r) => r.answer)).toEqual([
      { kind: "response", status: 503 },
      { kind: "response", status: 200 },
    ]);
  });

  it("does not retry a 400", () => {
    const w = userWorld();
    const webhook = w.connectWebhook("AAAAteam");
    // A key Chat does not know: 400 API_KEY_INVALID.
    w.project.scriptProperties.set(
      "CHAT_WEBHOOK_URL",
      webhook.url.replace(/key=[^&]+/, "key=AIzaSyWrongKey"),
    );
    expect(valueOf(w.project.run("announceDeploy"))).toMatchObject({ status: "dead-letter" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(w.chat.requests("AAAAteam")).toHaveLength(1);
  });

  it("refuses a webhook URL that is not Chat's, naming the property, before any request", () => {
    const w = userWorld();
    w.connectWebhook("AAAAteam");
    w.project.scriptProperties.set(
      "CHAT_WEBHOOK_URL_ONCALL",
      "https://example.com/v1/spaces/AAAAteam/messages?key=k&token=secret-token%3D",
    );
    const result = w.project.run("toNamedWebhook");
    expect(result.error?.message).toContain("Script Property CHAT_WEBHOOK_URL_ONCALL");
    expect(result.error?.message).not.toContain("secret-token");
    expect(result.calls["UrlFetchApp.fetch"]).toBeUndefined();
  });

  it("tells which property to set when the webhook is missing", () => {
    const w = userWorld();
    const result = w.project.run("toNamedWebhook");
    expect(result.error?.message).toMatch(
      /Script Property CHAT_WEBHOOK_URL_ONCALL is not set: set it in Project Settings > Script Properties/,
    );
  });

  it("loads the bundle without calling any service", () => {
    const w = userWorld();
    const result = w.project.run("showStatus");
    // showStatus itself reads the properties once and the user's locale (its report's language)
    // once; loading the bundle adds nothing.
    expect(result.calls).toEqual({
      "PropertiesService.getScriptProperties": 1,
      "Properties.getProperties": 1,
      "Session.getActiveUserLocale": 1,
    });
  });

  it("never logs a webhook key or token, whatever goes wrong", () => {
    const w = userWorld();
    const webhook = w.connectWebhook("AAAAteam");
    w.chat.injectFaults("AAAAteam", [
      { network: "Address unavailable" },
      { network: "DNS error" },
      { network: "Timeout" },
      { status: 500 },
      { status: 429 },
    ]);
    w.project.run("announceDeploy");
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    w.chat.deleteWebhook(webhook.url);
    w.project.run("announceDeploy");
    w.project.run("showStatus");
    const logged = everythingLogged(w);
    expect(logged).toContain("Address unavailable");
    expect(logged).not.toContain(webhook.token);
    expect(logged).not.toContain(encodeURIComponent(webhook.token));
    expect(logged).not.toContain(webhook.key);
  });
});

describe("notify() end to end, over HTTP on loopback", () => {
  it("sends the same request on the wire: headers, UTF-8 body, query string with %3D intact", async () => {
    const w = userWorld({ route: "loopback" });
    try {
      const webhook = w.connectWebhook("AAAAwire");
      expect(webhook.url).toMatch(/%3D$/);
      w.project.run("fromACell", { text: "Größe 数据 🚀" });
      w.clock.advance(2000);
      w.project.run("ticketUpdate", { text: "threaded", key: "k-1" });
      const messages = w.chat.messages("AAAAwire");
      expect(messages.map((m) => m.text)).toEqual(["Größe 数据 🚀", "threaded"]);
      expect(messages[1]!.messageReplyOption).toBe("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
    } finally {
      await w.close();
    }
  });
});
