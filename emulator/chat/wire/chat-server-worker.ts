// The loopback Chat server, run in a worker thread: node:http on 127.0.0.1 serving the webhook
// endpoint, the control API and the HTML page, over its own ChatEmulator that reads the shared
// virtual clock. It lives in a worker because the main thread blocks in synchronous fetches.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { workerData, type MessagePort } from "node:worker_threads";
import { VirtualClock } from "../../clock";
import type { WireRequest } from "../../transport";
import { ChatEmulator, type ChatQuota, type UnknownKeyMode } from "../space/chat-emulator";
import { handleControlRequest, isControlPath } from "./control-api";
import { raiseSignal } from "./thread-signal";
import { CHAT_ORIGIN } from "../space/webhook-url";

export interface ChatServerWorkerData {
  readonly clock: SharedArrayBuffer;
  readonly port: number;
  readonly seed?: number;
  readonly quota?: Partial<ChatQuota>;
  readonly latencyMs?: number;
  readonly honourRequestIds?: boolean;
  readonly replyOrFailUnknownKey?: UnknownKeyMode;
  /** Int32 cell raised to 1 once `readyPort` holds {port} or {error}. */
  readonly ready: SharedArrayBuffer;
  readonly readyPort: MessagePort;
}

/** Emulator metadata on the wire, which loopbackTransport turns back into a WireAnswer. */
export const ELAPSED_HEADER = "x-emulator-elapsed-ms";
export const NETWORK_ERROR_HEADER = "x-emulator-network-error";
/** Status of an answer that stands for a network failure (Chat never answers 599). */
export const NETWORK_ERROR_STATUS = 599;

export function runChatServerWorker(): void {
  const data = workerData as ChatServerWorkerData;
  const clock = new VirtualClock(data.clock);
  const emulator = new ChatEmulator({
    now: () => clock.now(),
    ...(data.seed === undefined ? {} : { seed: data.seed }),
    ...(data.quota === undefined ? {} : { quota: data.quota }),
    ...(data.latencyMs === undefined ? {} : { latencyMs: data.latencyMs }),
    ...(data.honourRequestIds ? { honourRequestIds: true } : {}),
    ...(data.replyOrFailUnknownKey === undefined
      ? {}
      : { replyOrFailUnknownKey: data.replyOrFailUnknownKey }),
  });
  const ready = new Int32Array(data.ready);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => serve(emulator, req, res, Buffer.concat(chunks).toString("utf8")));
  });
  server.on("error", (error) => {
    data.readyPort.postMessage({ error: error.message });
    raiseSignal(ready, 1);
  });
  server.listen(data.port, "127.0.0.1", () => {
    data.readyPort.postMessage({ port: (server.address() as AddressInfo).port });
    raiseSignal(ready, 1);
  });
}

function serve(
  emulator: ChatEmulator,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
): void {
  const rawTarget = req.url ?? "/";
  const method = req.method ?? "GET";
  if (isControlPath(rawTarget.split("?")[0]!)) {
    const answer = handleControlRequest(emulator, method, rawTarget, body);
    res.writeHead(answer.status, { "content-type": answer.contentType });
    res.end(answer.body);
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  // req.url is the request target exactly as sent, so the query string reaches handle byte-exact.
  const request: WireRequest = { method, url: `${CHAT_ORIGIN}${rawTarget}`, headers, body };
  const answer = emulator.handle(request);
  if (answer.kind === "network-error") {
    res.writeHead(NETWORK_ERROR_STATUS, {
      [NETWORK_ERROR_HEADER]: answer.error,
      [ELAPSED_HEADER]: String(answer.elapsedMs),
    });
    res.end();
    return;
  }
  res.writeHead(answer.status, { ...answer.headers, [ELAPSED_HEADER]: String(answer.elapsedMs) });
  res.end(answer.body);
}
