import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { resolveWebhook, webhookPropertyName } from "../src/chat/webhook-property";
import { parseWebhookUrl } from "../src/chat/webhook-url";
import { planRequests } from "../src/chat/request";
import { resolver } from "../src/delivery/claim";
import { acceptAndDeliver, DEFAULT_DELIVERY_OPTIONS } from "../src/delivery/deliver";
import { toNotification } from "../src/delivery/notification";
import {
  chatSuccess,
  FakeClock,
  memoryDeliveryPorts,
  MemoryStore,
  ScriptedHttp,
} from "./doubles/memory-ports";
import { ChatNotificationsError, isExpectedError, MissingEventError } from "../src/errors";

const SRC = path.join(__dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("the project's errors", () => {
  it("all extend the one base", () => {
    const classes = sourceFiles(SRC).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/class (\w+) extends (\w+)/g)].map((m) => ({
        file: path.relative(SRC, file),
        name: m[1],
        base: m[2],
      })),
    );
    expect(classes.length).toBeGreaterThan(8);
    const offenders = classes.filter(
      (c) =>
        c.name!.endsWith("Error") &&
        c.name !== "ChatNotificationsError" &&
        c.base !== "ChatNotificationsError",
    );
    expect(offenders.map((c) => c.name)).toEqual([]);
  });

  it("a webhook property that is not set: a stable code and what to do", () => {
    const error = thrown(() => resolveWebhook("ONCALL", { get: () => null }));
    expect(isExpectedError(error)).toBe(true);
    expect((error as ChatNotificationsError).code).toBe("WEBHOOK_UNSET");
    expect((error as Error).message).toMatch(/CHAT_WEBHOOK_URL_ONCALL is not set: set it in/);
  });

  it("tells a bad webhook name, a bad URL and an unsendable message apart by code", () => {
    const codes = [
      () => webhookPropertyName("on call"),
      () => parseWebhookUrl("http://example.com", "The pasted URL"),
      () =>
        planRequests({ url: "https://chat.googleapis.com/v1/spaces/A/messages", space: "A" }, {}),
      () => {
        throw new MissingEventError("handleEdit", "an edit");
      },
    ].map((action) => (thrown(action) as ChatNotificationsError).code);
    expect(codes).toEqual([
      "WEBHOOK_NAME_INVALID",
      "WEBHOOK_URL_INVALID",
      "MESSAGE_UNSENDABLE",
      "NO_TRIGGER_EVENT",
    ]);
  });

  it("the outbox's claim path turns an unset webhook into a reason, never a defect", () => {
    const unset = resolver({ get: () => null })("ONCALL");
    expect(unset).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/CHAT_WEBHOOK_URL_ONCALL is not set/),
    });
    const broken = resolver({
      get: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'get')");
      },
    });
    expect(() => broken("ONCALL")).toThrow(TypeError);
  });

  it("notify() to a webhook that is not set throws the webhook's own error", () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(clock, () => chatSuccess());
    const ports = memoryDeliveryPorts(clock, new MemoryStore(), http, 1);
    const item = { notification: toNotification("hi", { webhook: "ONCALL" }) };
    const error = thrown(() => acceptAndDeliver(ports, DEFAULT_DELIVERY_OPTIONS, [item]));
    expect((error as ChatNotificationsError).code).toBe("WEBHOOK_UNSET");
    expect(http.sent).toHaveLength(0);
  });

  it("never counts a programming error as expected", () => {
    expect(isExpectedError(new TypeError("x is undefined"))).toBe(false);
    expect(isExpectedError(new Error("plain"))).toBe(false);
  });
});
