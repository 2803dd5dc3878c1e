// The emulated Chat space over real HTTP on loopback. startChatServer runs the server in a worker
// thread; the main thread talks to it synchronously (as UrlFetchApp does) through SyncHttpClient,
// both for webhook requests (loopbackTransport) and for the control API (createWebhook, messages...).

import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { VirtualClock } from "../../clock";
import type { ChatTransport, WireAnswer, WireRequest } from "../../transport";
import type { BusySpace, ChatQuota, UnknownKeyMode } from "../space/chat-emulator";
import type { ChatFault, NetworkFailure } from "../space/chat-faults";
import type {
  ChatCounters,
  ChatThread,
  CreatedWebhook,
  RecordedRequest,
  StoredMessage,
} from "../space/chat-records";
import {
  ELAPSED_HEADER,
  NETWORK_ERROR_HEADER,
  NETWORK_ERROR_STATUS,
  type ChatServerWorkerData,
} from "./chat-server-worker";
import { SyncHttpClient } from "./sync-http-client";
import type { HttpOutcome } from "./sync-http-protocol";
import { waitForSignal } from "./thread-signal";
import { CHAT_ORIGIN } from "../space/webhook-url";
import { bundleWorkerCode } from "./worker-bundle";

export interface ChatServerOptions {
  /** The world's clock; the server reads the same time through its shared memory. */
  readonly clock: VirtualClock;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly seed?: number;
  readonly quota?: Partial<ChatQuota>;
  readonly latencyMs?: number;
  readonly honourRequestIds?: boolean;
  readonly replyOrFailUnknownKey?: UnknownKeyMode;
  /** Real time to wait for the server before throwing (default 30 s). */
  readonly timeoutMs?: number;
  /** Keep the process alive while the server runs, for `npm start` (default false). */
  readonly keepProcessAlive?: boolean;
}

/** Headers that belong to the HTTP connection, not to Chat's answer; the in-process route has none. */
const CONNECTION_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "date",
  "content-length",
]);

export class ChatServer {
  /** http://127.0.0.1:PORT, where https://chat.googleapis.com is served. */
  readonly origin: string;
  private closed = false;

  constructor(
    readonly port: number,
    private readonly worker: Worker,
    private readonly client: SyncHttpClient,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
  }

  /** Sends a request meant for https://chat.googleapis.com to this server, path and query byte-exact. */
  send(request: WireRequest): WireAnswer {
    if (!request.url.startsWith(`${CHAT_ORIGIN}/`)) {
      throw new Error(
        `the loopback Chat server only serves ${CHAT_ORIGIN}/, not ${request.url.split("?")[0]}`,
      );
    }
    const outcome = this.client.request({
      method: request.method,
      url: `${this.origin}${request.url.slice(CHAT_ORIGIN.length)}`,
      headers: request.headers,
      body: request.body,
    });
    if (outcome.kind === "network-error") {
      return { kind: "network-error", error: outcome.error, elapsedMs: 0 };
    }
    const elapsedMs = Number(outcome.headers[ELAPSED_HEADER] ?? "0");
    const networkError = outcome.headers[NETWORK_ERROR_HEADER];
    if (outcome.status === NETWORK_ERROR_STATUS && networkError !== undefined) {
      return { kind: "network-error", error: networkError as NetworkFailure, elapsedMs };
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(outcome.headers)) {
      if (name !== ELAPSED_HEADER && !CONNECTION_HEADERS.has(name)) headers[name] = value;
    }
    return { kind: "response", status: outcome.status, headers, body: outcome.body, elapsedMs };
  }

  /** A raw request to this server (any path), for tests of the page and the wire. */
  fetch(
    method: string,
    path: string,
    body = "",
    headers: Record<string, string> = {},
  ): HttpOutcome {
    return this.client.request({ method, url: `${this.origin}${path}`, headers, body });
  }

  createWebhook(space: string, options: { name?: string } = {}): CreatedWebhook {
    return this.control("POST", "/_emulator/webhooks", { space, ...options }) as CreatedWebhook;
  }

  deleteWebhook(url: string): void {
    this.control("POST", "/_emulator/webhooks/delete", { url });
  }

  injectFaults(space: string, faults: readonly ChatFault[]): void {
    this.control("POST", `/_emulator/spaces/${encodeURIComponent(space)}/faults`, { faults });
  }

  setBusy(space: string, busy: BusySpace): void {
    this.control("POST", `/_emulator/spaces/${encodeURIComponent(space)}/busy`, { ...busy });
  }

  clearFaults(space: string): void {
    this.control("DELETE", `/_emulator/spaces/${encodeURIComponent(space)}/faults`);
  }

  spaces(): string[] {
    return this.control("GET", "/_emulator/spaces") as string[];
  }

  messages(space: string): StoredMessage[] {
    return this.control(
      "GET",
      `/_emulator/spaces/${encodeURIComponent(space)}/messages`,
    ) as StoredMessage[];
  }

  threads(space: string): ChatThread[] {
    return this.control(
      "GET",
      `/_emulator/spaces/${encodeURIComponent(space)}/threads`,
    ) as ChatThread[];
  }

  requests(space: string): RecordedRequest[] {
    return this.control(
      "GET",
      `/_emulator/spaces/${encodeURIComponent(space)}/requests`,
    ) as RecordedRequest[];
  }

  counters(space: string): ChatCounters {
    return this.control(
      "GET",
      `/_emulator/spaces/${encodeURIComponent(space)}/counters`,
    ) as ChatCounters;
  }

  /** The HTML page served at /. */
  page(): string {
    const outcome = this.fetch("GET", "/");
    if (outcome.kind !== "response")
      throw new Error(`GET ${this.origin}/ failed: ${outcome.detail}`);
    return outcome.body;
  }

  /** Stops the server and both worker threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
    await this.worker.terminate();
  }

  private control(method: string, path: string, value?: unknown): unknown {
    const outcome = this.client.request({
      method,
      url: `${this.origin}${path}`,
      headers: { "content-type": "application/json" },
      body: value === undefined ? "" : JSON.stringify(value),
    });
    if (outcome.kind === "network-error") {
      throw new Error(
        `${method} ${path} on the loopback Chat server failed (${outcome.detail}): is it closed?`,
      );
    }
    const parsed: unknown = JSON.parse(outcome.body);
    if (outcome.status !== 200) {
      throw new Error(`${method} ${path}: ${(parsed as { error?: string }).error ?? outcome.body}`);
    }
    return parsed;
  }
}

/** Starts the loopback Chat server in a worker thread and returns once it listens. */
export function startChatServer(options: ChatServerOptions): ChatServer {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const ready = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const channel = new MessageChannel();
  const workerData: ChatServerWorkerData = {
    clock: options.clock.buffer,
    port: options.port ?? 0,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.quota === undefined ? {} : { quota: options.quota }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.honourRequestIds ? { honourRequestIds: true } : {}),
    ...(options.replyOrFailUnknownKey === undefined
      ? {}
      : { replyOrFailUnknownKey: options.replyOrFailUnknownKey }),
    ready: ready.buffer as SharedArrayBuffer,
    readyPort: channel.port2,
  };
  const worker = new Worker(bundleWorkerCode("./chat-server-worker", "runChatServerWorker"), {
    eval: true,
    workerData,
    transferList: [channel.port2],
  });
  if (!options.keepProcessAlive) worker.unref();
  const started = waitForSignal(ready, 1, timeoutMs);
  const report = receiveMessageOnPort(channel.port1)?.message as
    { port?: number; error?: string } | undefined;
  channel.port1.close();
  if (!started || report?.port === undefined) {
    void worker.terminate();
    throw new Error(
      `the loopback Chat server did not start: ${report?.error ?? `no answer within ${timeoutMs} ms`}` +
        (options.port ? ` (is port ${options.port} free?)` : ""),
    );
  }
  const client = new SyncHttpClient({
    timeoutMs,
    ...(options.keepProcessAlive === undefined
      ? {}
      : { keepProcessAlive: options.keepProcessAlive }),
  });
  return new ChatServer(report.port, worker, client);
}

/** The wire route from the emulated UrlFetchApp to the emulated space. */
export function loopbackTransport(server: ChatServer): ChatTransport {
  return (request) => server.send(request);
}
