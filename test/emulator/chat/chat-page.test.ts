import { ChatEmulator } from "../../../emulator/chat/space/chat-emulator";
import { renderChatPage, spacePanels } from "../../../emulator/chat/page/chat-page";
import { handleControlRequest } from "../../../emulator/chat/wire/control-api";

function post(chat: ChatEmulator, url: string, body: object): void {
  chat.handle({
    method: "POST",
    url: `${url}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("the local space's page", () => {
  let now = Date.UTC(2026, 0, 5, 9);
  const chat = new ChatEmulator({ now: () => now });
  const hook = chat.createWebhook("AAAAteam", { name: "<b>Ops</b>" });
  chat.createWebhook("AAAAoncall");
  post(chat, hook.url, {
    text: `*Done*: <script>alert("x")</script> & <users/all>`,
    thread: { threadKey: `row"7'` },
  });
  now += 2000;
  post(chat, hook.url, { text: "second", thread: { threadKey: `row"7'` } });

  it("draws one panel per space, messages through the renderer, everything escaped", () => {
    const page = renderChatPage(chat);
    expect(page.match(/<section class="panel" data-space=/g)).toHaveLength(2);
    expect(page).toContain("spaces/AAAAteam");
    expect(page).toContain("<b>Done</b>: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ");
    expect(page).toContain('<span class="chat-mention" title="users/all">@all</span>');
    expect(page).toContain("&lt;b&gt;Ops&lt;/b&gt;");
    expect(page).toContain("threadKey row&quot;7&#39;");
    expect(page).toContain("1 reply");
    expect(page).toContain('datetime="2026-01-05T09:00:00.000Z">9:00 AM</time>');
    expect(page).not.toContain("<b>Ops");
    expect(page).not.toContain('http-equiv="refresh"');
  });

  it("lets only its own script run", () => {
    const page = renderChatPage(chat);
    const nonce = /script-src 'nonce-([^']+)'/.exec(page)?.[1];
    expect(nonce).toBeDefined();
    expect(page.match(/<script\b[^>]*>/g)).toEqual([`<script nonce="${nonce}">`]);
    expect(renderChatPage(chat)).not.toContain(nonce);
  });

  it("serves each panel's content as JSON for the live updates", () => {
    const answer = handleControlRequest(chat, "GET", "/_emulator/page", "");
    expect(answer.status).toBe(200);
    const state = JSON.parse(answer.body) as { spaces: ReturnType<typeof spacePanels> };
    expect(state.spaces).toEqual(spacePanels(chat));
    expect(state.spaces.map((s) => s.space)).toEqual(["AAAAteam", "AAAAoncall"]);
    expect(state.spaces[0]!.summary).toBe("2 accepted; rejected: none; network errors: 0");
    expect(state.spaces[1]!.html).toContain("No messages yet.");
  });
});
