// The loopback server's own routes, next to the webhook endpoint: a JSON control API under
// /_emulator/ (what tests on the main thread call through ChatServer) and the HTML page at /.
// Kept apart from the HTTP plumbing so that routing is plain data in, data out.

import type { ChatEmulator } from "../space/chat-emulator";
import { PAGE_STATE_PATH, renderChatPage, spacePanels } from "../page/chat-page";
import { parseFault } from "../space/chat-faults";

export const CONTROL_PREFIX = "/_emulator/";

export interface ControlAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export function isControlPath(path: string): boolean {
  return path === "/" || path.startsWith(CONTROL_PREFIX);
}

export function handleControlRequest(
  emulator: ChatEmulator,
  method: string,
  path: string,
  body: string,
): ControlAnswer {
  try {
    const answer = route(emulator, method.toUpperCase(), path.split("?")[0]!, body);
    if (answer === undefined) {
      return json(404, {
        error: `no control route ${method} ${path}; see emulator/chat/wire/control-api.ts`,
      });
    }
    return answer;
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function route(
  emulator: ChatEmulator,
  method: string,
  path: string,
  body: string,
): ControlAnswer | undefined {
  if (path === "/" && method === "GET") {
    return { status: 200, contentType: "text/html; charset=utf-8", body: renderChatPage(emulator) };
  }
  if (path === PAGE_STATE_PATH && method === "GET") {
    return json(200, { spaces: spacePanels(emulator) });
  }
  if (path === "/_emulator/webhooks" && method === "POST") {
    const { space, name } = readJsonObject(body);
    if (typeof space !== "string")
      throw new Error('POST /_emulator/webhooks needs {"space": "..."}');
    return json(200, emulator.createWebhook(space, typeof name === "string" ? { name } : {}));
  }
  if (path === "/_emulator/webhooks/delete" && method === "POST") {
    const { url } = readJsonObject(body);
    if (typeof url !== "string")
      throw new Error('POST /_emulator/webhooks/delete needs {"url": "..."}');
    emulator.deleteWebhook(url);
    return json(200, {});
  }
  if (path === "/_emulator/spaces" && method === "GET") return json(200, emulator.spaces());

  const match = /^\/_emulator\/spaces\/([^/]+)\/([a-z]+)$/.exec(path);
  if (match === null) return undefined;
  const space = decodeURIComponent(match[1]!);
  const resource = match[2]!;
  if (resource === "faults" && method === "POST") {
    const { faults } = readJsonObject(body);
    if (!Array.isArray(faults)) throw new Error('POST .../faults needs {"faults": [...]}');
    emulator.injectFaults(space, faults.map(parseFault));
    return json(200, {});
  }
  if (resource === "busy" && method === "POST") {
    const { otherWritesPerMinute } = readJsonObject(body);
    if (typeof otherWritesPerMinute !== "number")
      throw new Error('POST .../busy needs {"otherWritesPerMinute": n}');
    emulator.setBusy(space, { otherWritesPerMinute });
    return json(200, {});
  }
  if (resource === "faults" && method === "DELETE") {
    emulator.clearFaults(space);
    return json(200, {});
  }
  if (method !== "GET") return undefined;
  switch (resource) {
    case "faults":
      return json(200, emulator.pendingFaults(space));
    case "messages":
      return json(200, emulator.messages(space));
    case "threads":
      return json(200, emulator.threads(space));
    case "requests":
      return json(200, emulator.requests(space));
    case "counters":
      return json(200, emulator.counters(space));
    case "webhooks":
      return json(200, emulator.webhooks(space));
    default:
      return undefined;
  }
}

function readJsonObject(body: string): Record<string, unknown> {
  const value: unknown = JSON.parse(body === "" ? "{}" : body);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${body.slice(0, 80)}`);
  }
  return value as Record<string, unknown>;
}

function json(status: number, value: unknown): ControlAnswer {
  return { status, contentType: "application/json; charset=utf-8", body: JSON.stringify(value) };
}
