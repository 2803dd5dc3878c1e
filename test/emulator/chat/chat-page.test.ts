import { ChatEmulator } from "../../../emulator/chat/chat-emulator";
import { escapeHtml, renderChatPage } from "../../../emulator/chat/chat-page";

describe("renderChatPage", () => {
  it("lists spaces, threads and messages with everything escaped", () => {
    const chat = new ChatEmulator({ now: () => Date.UTC(2026, 0, 5, 9) });
    const hook = chat.createWebhook("AAAAteam", { name: "<b>Ops</b>" });
    chat.handle({
      method: "POST",
      url: `${hook.url}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: `<script>alert("x")</script> & <users/all>`,
        thread: { threadKey: `row"7'` },
      }),
    });
    const page = renderChatPage(chat);
    expect(page).toContain("spaces/AAAAteam");
    expect(page).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;users/all&gt;",
    );
    expect(page).toContain("&lt;b&gt;Ops&lt;/b&gt;");
    expect(page).toContain("row&quot;7&#39;");
    expect(page).toContain("2026-01-05T09:00:00.000Z");
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<b>Ops");
  });

  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});
