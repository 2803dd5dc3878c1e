import { isAllowedByWhitelist } from "../../../emulator/gas/services/url-fetch";
import { projectOf, START, WEBHOOK_URL } from "./project-fixture";

const post = `
  function post(e) {
    var url = typeof e === "string" ? e : e.url;
    var mute = typeof e === "object" && e.mute;
    var response = UrlFetchApp.fetch(url, {
      method: "post",
      contentType: "application/json; charset=UTF-8",
      headers: { "X-Trace": "abc" },
      payload: JSON.stringify({ text: "hi" }),
      muteHttpExceptions: mute === true,
    });
    return { code: response.getResponseCode(), body: response.getContentText(),
             headers: response.getHeaders(), bytes: response.getContent().length };
  }
  function postAll(urls) {
    return UrlFetchApp.fetchAll(urls.map(function (url) {
      return { url: url, method: "post", contentType: "application/json", payload: "{}", muteHttpExceptions: true };
    })).map(function (r) { return r.getResponseCode(); });
  }`;

describe("UrlFetchApp", () => {
  it("sends Chat requests to the transport with lower-case headers and the byte-exact URL", () => {
    const { project, chat, clock } = projectOf(post);
    const result = project.run("post", WEBHOOK_URL);
    expect(result.error).toBeUndefined();
    expect(chat.requests).toHaveLength(1);
    const request = chat.requests[0]!;
    expect(request.url).toBe(WEBHOOK_URL);
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json; charset=UTF-8");
    expect(request.headers["x-trace"]).toBe("abc");
    expect(request.body).toBe('{"text":"hi"}');
    expect(result.value).toMatchObject({
      code: 200,
      headers: { "content-type": "application/json; charset=UTF-8" },
    });
    expect(clock.now()).toBe(START + 300);
    expect(result.calls).toMatchObject({
      "UrlFetchApp.fetch": 1,
      "HTTPResponse.getResponseCode": 1,
    });
  });

  it("refuses a URL outside the manifest's urlFetchWhitelist before anything is sent", () => {
    const { project, chat } = projectOf(post);
    const result = project.run("post", "https://evil.example.com/collect?token=x");
    expect(result.error?.message).toContain("https://evil.example.com/collect?token=x");
    expect(result.error?.message).toContain("urlFetchWhitelist");
    expect(chat.requests).toHaveLength(0);
  });

  it("throws network errors with the full URL even with muteHttpExceptions", () => {
    const { project, chat } = projectOf(post);
    for (const error of ["Address unavailable", "DNS error", "Timeout"]) {
      chat.answers.push({ kind: "network-error", error, elapsedMs: 1000 });
      const result = project.run("post", { url: WEBHOOK_URL, mute: true });
      expect(result.error?.message).toBe(`${error}: ${WEBHOOK_URL}`);
      expect(result.endedAt - result.startedAt).toBe(1000);
    }
  });

  it("throws Apps Script's 'Request failed' text for an error status unless muted", () => {
    const { project, chat } = projectOf(post);
    const body = JSON.stringify({
      error: { code: 429, message: "Resource has been exhausted", status: "RESOURCE_EXHAUSTED" },
    });
    chat.answers.push({ kind: "response", status: 429, headers: {}, body, elapsedMs: 100 });
    expect(project.run("post", WEBHOOK_URL).error?.message).toBe(
      `Request failed for https://chat.googleapis.com returned code 429. Truncated server response: ${body} (use muteHttpExceptions option to examine full response)`,
    );
    chat.answers.push({ kind: "response", status: 429, headers: {}, body, elapsedMs: 100 });
    expect(project.run("post", { url: WEBHOOK_URL, mute: true }).value).toMatchObject({
      code: 429,
      body,
    });
  });

  it("runs fetchAll requests at the same start time and advances by the longest", () => {
    const seenAt: number[] = [];
    const statuses = [200, 503, 200];
    const { project, clock } = projectOf(post, {
      chat: () => {
        seenAt.push(clock.now());
        const status = statuses.shift() ?? 200;
        return {
          kind: "response",
          status,
          headers: {},
          body: "{}",
          elapsedMs: status === 503 ? 900 : 400,
        };
      },
    });
    const result = project.run("postAll", [WEBHOOK_URL, WEBHOOK_URL, WEBHOOK_URL]);
    expect(result.value).toEqual([200, 503, 200]);
    expect(seenAt).toEqual([START, START, START]);
    expect(clock.now()).toBe(START + 900);
    expect(result.calls["UrlFetchApp.fetchAll"]).toBe(1);
  });

  it("fails a whole fetchAll when one request meets a network error", () => {
    const { project, chat } = projectOf(post);
    chat.answers.push(
      { kind: "response", status: 200, headers: {}, body: "{}", elapsedMs: 10 },
      { kind: "network-error", error: "Address unavailable", elapsedMs: 10 },
    );
    expect(project.run("postAll", [WEBHOOK_URL, WEBHOOK_URL]).error?.message).toBe(
      `Address unavailable: ${WEBHOOK_URL}`,
    );
    expect(chat.requests).toHaveLength(2);
  });

  it("matches whitelist prefixes, including a leading wildcard for subdomains", () => {
    expect(isAllowedByWhitelist(WEBHOOK_URL, ["https://chat.googleapis.com/"])).toBe(true);
    expect(
      isAllowedByWhitelist("https://chat.googleapis.com.evil.com/", [
        "https://chat.googleapis.com/",
      ]),
    ).toBe(false);
    expect(isAllowedByWhitelist("https://a.example.com/x", ["https://*.example.com/"])).toBe(true);
    expect(isAllowedByWhitelist("https://example.org/x", ["https://*.example.com/"])).toBe(false);
    expect(isAllowedByWhitelist("https://anything.test/", undefined)).toBe(true);
  });
});
