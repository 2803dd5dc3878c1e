// The worker side of SyncHttpClient: performs each HTTP request with node:http and posts the
// outcome back, then signals the blocked main thread.

import { request as httpRequest } from "node:http";
import { workerData } from "node:worker_threads";
import type { NetworkFailure } from "../space/chat-faults";
import type {
  ExchangeMessage,
  HttpExchange,
  HttpOutcome,
  OutcomeMessage,
  SyncHttpWorkerData,
} from "./sync-http-protocol";
import { raiseSignal } from "./thread-signal";

export function runSyncHttpWorker(): void {
  const data = workerData as SyncHttpWorkerData;
  const cell = new Int32Array(data.signal);
  data.port.on("message", (message: ExchangeMessage) => {
    void perform(message.exchange, data.requestTimeoutMs).then((outcome) => {
      const answer: OutcomeMessage = { id: message.id, outcome };
      data.port.postMessage(answer);
      raiseSignal(cell, message.id);
    });
  });
}

function perform(exchange: HttpExchange, timeoutMs: number): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const url = new URL(exchange.url);
    const body = Buffer.from(exchange.body, "utf8");
    const pathAndQuery = exchange.url.slice(url.origin.length) || "/";
    let settled = false;
    const settle = (outcome: HttpOutcome) => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    let req;
    try {
      req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: exchange.method,
        path: pathAndQuery,
        headers: { ...exchange.headers, "content-length": String(body.length) },
        timeout: timeoutMs,
      });
    } catch (error) {
      settle(networkError("Address unavailable", error));
      return;
    }
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
        }
        settle({
          kind: "response",
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
      });
      res.on("error", (error) => settle(networkError("Address unavailable", error)));
    });
    req.on("timeout", () => {
      settle(networkError("Timeout", new Error(`no answer within ${timeoutMs} ms`)));
      req.destroy();
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      settle(networkError(error.code === "ENOTFOUND" ? "DNS error" : "Address unavailable", error));
    });
    req.end(body);
  });
}

function networkError(error: NetworkFailure, cause: unknown): HttpOutcome {
  return {
    kind: "network-error",
    error,
    detail: cause instanceof Error ? cause.message : String(cause),
  };
}
