// dist/Code.js with a webhook URL that would fail every message: refused up front, saying why.
import { everythingLogged, world } from "./world";

const USER_CODE = `function ping() { return notify("hello"); }`;

describe("webhook URL validation in dist/Code.js", () => {
  it.each([
    ["messageReplyOption=REPLY_MESSAGE_OR_FAIL", /REPLY_MESSAGE_OR_FAIL/],
    ["utm_source=mail", /parameter "utm_source" that webhook URLs do not have/],
  ])("refuses a URL with %s before queueing anything", (extra, reason) => {
    const w = world({ userCode: [USER_CODE] });
    const hook = w.connectWebhook("AAAAteam");
    w.project.scriptProperties.set("CHAT_WEBHOOK_URL", `${hook.url}&${extra}`);
    const result = w.project.run("ping");
    expect(result.error?.message).toMatch(reason);
    expect(w.chat.requests("AAAAteam")).toHaveLength(0);
    expect(everythingLogged(w)).not.toContain(hook.key);
  });

  it("sends with a URL that carries the default reply option, as if it had none", () => {
    const w = world({ userCode: [USER_CODE] });
    const hook = w.connectWebhook("AAAAteam");
    w.project.scriptProperties.set(
      "CHAT_WEBHOOK_URL",
      `${hook.url}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
    );
    expect(w.project.run("ping").value).toMatchObject({ status: "delivered" });
    expect(w.chat.messages("AAAAteam")[0]?.messageReplyOption).toBeUndefined();
  });
});
