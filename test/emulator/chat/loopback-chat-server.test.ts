import { VirtualClock } from "../../../emulator/clock";
import { ChatEmulator } from "../../../emulator/chat/space/chat-emulator";
import { inProcessTransport } from "../../../emulator/chat/wire/in-process-transport";
import {
  loopbackTransport,
  startChatServer,
  type ChatServer,
} from "../../../emulator/chat/wire/loopback-chat-server";
import type { WireRequest } from "../../../emulator/transport";

const JSON_TYPE = "application/json; charset=UTF-8";

describe("startChatServer and loopbackTransport", () => {
  const clock = new VirtualClock();
  let server: ChatServer;

  beforeAll(() => {
    server = startChatServer({ clock, seed: 42 });
  });

  afterAll(async () => {
    await server.close();
  });

  it("gives the same answers over HTTP as in process, byte for byte", () => {
    const local = new ChatEmulator({ now: () => clock.now(), seed: 42 });
    const routes = [inProcessTransport(local), loopbackTransport(server)];
    const hooks = [local.createWebhook("AAAAsame"), server.createWebhook("AAAAsame")];
    expect(hooks[1]).toEqual(hooks[0]);
    const url = hooks[0]!.url;
    const requests: WireRequest[] = [
      { method: "POST", url, headers: { "content-type": JSON_TYPE }, body: '{"text":"first"}' },
      { method: "POST", url, headers: { "content-type": JSON_TYPE }, body: '{"text":"too soon"}' },
      {
        method: "POST",
        url: `${url}&messageReplyOption=NOPE`,
        headers: { "content-type": JSON_TYPE },
        body: "{}",
      },
      {
        method: "POST",
        url,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: '{"text":"x"}',
      },
      { method: "GET", url, headers: {}, body: "" },
      { method: "POST", url: url.replace("/messages", "/msgs"), headers: {}, body: "" },
    ];
    for (const request of requests) {
      const [inProcess, overHttp] = routes.map((send) => send(request));
      expect(overHttp).toEqual(inProcess);
    }
    expect(server.messages("AAAAsame")).toEqual(local.messages("AAAAsame"));
  });

  it("reads the shared virtual clock: the quota follows the main thread's time", () => {
    const hook = server.createWebhook("AAAAclock");
    const send = loopbackTransport(server);
    const post = (text: string) =>
      send({
        method: "POST",
        url: hook.url,
        headers: { "content-type": JSON_TYPE },
        body: JSON.stringify({ text }),
      });
    expect(post("a")).toMatchObject({ status: 200 });
    expect(post("b")).toMatchObject({ status: 429 });
    clock.advance(1_000);
    expect(post("c")).toMatchObject({ status: 200 });
    expect(server.messages("AAAAclock").map((m) => [m.text, m.createTime])).toEqual([
      ["a", clock.now() - 1_000],
      ["c", clock.now()],
    ]);
    clock.advance(1_000);
  });

  it("carries UTF-8 and the %3D of the token across the wire intact", () => {
    const hook = server.createWebhook("AAAAwire");
    const send = loopbackTransport(server);
    const text = "Zoë's order 注文 #7 ✅ 🎉 %3D & <users/all>";
    const post = (url: string) =>
      send({
        method: "POST",
        url,
        headers: { "content-type": JSON_TYPE },
        body: JSON.stringify({ text }),
      });
    expect(hook.url.endsWith("%3D")).toBe(true);
    expect(post(hook.url)).toMatchObject({ status: 200 });
    clock.advance(1_000);
    expect(post(hook.url.replace(/%3D$/, "%253D"))).toMatchObject({ status: 403 });
    expect(server.messages("AAAAwire").map((m) => m.text)).toEqual([text]);
  });

  it("carries a near-limit card message and reads it back whole", () => {
    const hook = server.createWebhook("AAAAbig");
    const title = "日".repeat(10_000);
    const answer = loopbackTransport(server)({
      method: "POST",
      url: hook.url,
      headers: { "content-type": JSON_TYPE },
      body: JSON.stringify({ cardsV2: [{ cardId: "c", card: { header: { title } } }] }),
    });
    expect(answer).toMatchObject({ status: 200 });
    expect(server.messages("AAAAbig")[0]!.cardsV2![0]!.card.header).toEqual({ title });
  });

  it("makes a space busy over the control API: other apps' writes meet the project's", () => {
    const hook = server.createWebhook("AAAAbusy");
    server.setBusy("AAAAbusy", { otherWritesPerMinute: 30 });
    const send = loopbackTransport(server);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      clock.advance(1_000);
      const answer = send({
        method: "POST",
        url: hook.url,
        headers: { "content-type": JSON_TYPE },
        body: '{"text":"x"}',
      });
      statuses.push(answer.kind === "response" ? answer.status : 0);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
    expect(() => server.setBusy("AAAAbusy", { otherWritesPerMinute: -1 })).toThrow(/0 to 59/);
  });

  it("delivers scripted faults over the wire: errors, delays, network failures and lost answers", () => {
    const hook = server.createWebhook("AAAAfaults");
    server.injectFaults("AAAAfaults", [
      { status: 503, retryAfterSeconds: 3 },
      { delayMs: 1_500 },
      { network: "Timeout" },
      { lostAnswer: true },
    ]);
    const send = loopbackTransport(server);
    const post = () =>
      send({
        method: "POST",
        url: hook.url,
        headers: { "content-type": JSON_TYPE },
        body: '{"text":"x"}',
      });
    const unavailable = post();
    expect(unavailable).toMatchObject({
      kind: "response",
      status: 503,
      headers: { "retry-after": "3" },
    });
    expect(post()).toMatchObject({ kind: "response", status: 200, elapsedMs: 1_500 });
    clock.advance(1_000);
    expect(post()).toEqual({ kind: "network-error", error: "Timeout", elapsedMs: 60_000 });
    expect(post()).toEqual({ kind: "network-error", error: "Address unavailable", elapsedMs: 0 });
    expect(server.messages("AAAAfaults")).toHaveLength(2);
    expect(server.counters("AAAAfaults")).toEqual({
      accepted: 2,
      rejectedByStatus: { 503: 1 },
      networkErrors: 2,
    });
    clock.advance(1_000);
  });

  it("serves a read-only page at / with the messages escaped", () => {
    const hook = server.createWebhook("AAAApage", { name: "Forms" });
    loopbackTransport(server)({
      method: "POST",
      url: hook.url,
      headers: { "content-type": JSON_TYPE },
      body: JSON.stringify({ text: "<img src=x onerror=alert(1)> 注文" }),
    });
    const page = server.page();
    expect(page).toContain("spaces/AAAApage");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt; 注文");
    expect(page).not.toContain("<img");
    const post = server.fetch("POST", "/");
    expect(post).toMatchObject({ kind: "response", status: 404 });
  });

  it("reports control API mistakes as errors that say what to do", () => {
    expect(() => server.messages("AAAAnever")).toThrow(/create a webhook in it first/);
    expect(() => server.injectFaults("AAAAfaults", [{ status: 418 } as never])).toThrow(
      /status must be/,
    );
  });

  it("refuses to carry requests for other hosts", () => {
    expect(() =>
      loopbackTransport(server)({
        method: "POST",
        url: "https://example.com/hook",
        headers: {},
        body: "",
      }),
    ).toThrow(/only serves https:\/\/chat\.googleapis\.com\//);
  });

  it("stops its workers on close; using it afterwards says it is closed", async () => {
    const second = startChatServer({ clock });
    const hook = second.createWebhook("AAAAshort");
    await second.close();
    expect(() => second.messages("AAAAshort")).toThrow(/closed/);
    expect(() =>
      loopbackTransport(second)({ method: "POST", url: hook.url, headers: {}, body: "" }),
    ).toThrow(/closed/);
  });
});
