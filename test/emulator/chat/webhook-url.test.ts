import { parseChatRequestTarget, webhookUrl } from "../../../emulator/chat/space/webhook-url";

describe("parseChatRequestTarget", () => {
  it("finds the space and decodes each query parameter exactly once", () => {
    const target = parseChatRequestTarget(
      "https://chat.googleapis.com/v1/spaces/AAAAteam/messages?key=AIzaSyK&token=abc%3D&messageReplyOption=REPLY_MESSAGE_OR_FAIL",
    );
    expect(target.space).toBe("AAAAteam");
    expect(target.path).toBe("/v1/spaces/AAAAteam/messages");
    expect(Object.fromEntries(target.params)).toEqual({
      key: "AIzaSyK",
      token: "abc=",
      messageReplyOption: "REPLY_MESSAGE_OR_FAIL",
    });
  });

  it("leaves a double-encoded %253D as the literal text %3D", () => {
    expect(
      parseChatRequestTarget("https://x/v1/spaces/S/messages?token=abc%253D").params.get("token"),
    ).toBe("abc%3D");
  });

  it("reports parameters that cannot be decoded instead of guessing", () => {
    const target = parseChatRequestTarget("https://x/v1/spaces/S/messages?token=abc%3&key=k");
    expect(target.undecodable).toEqual(["token"]);
    expect(target.params.get("key")).toBe("k");
  });

  it("has no space for other paths", () => {
    expect(
      parseChatRequestTarget("https://chat.googleapis.com/v1/spaces/S/members?key=k").space,
    ).toBeUndefined();
  });

  it("round-trips the URL that webhookUrl builds", () => {
    const url = webhookUrl("AAAAteam", "AIzaSyK", "tok-_en=");
    expect(url).toBe(
      "https://chat.googleapis.com/v1/spaces/AAAAteam/messages?key=AIzaSyK&token=tok-_en%3D",
    );
    expect(parseChatRequestTarget(url).params.get("token")).toBe("tok-_en=");
  });
});
