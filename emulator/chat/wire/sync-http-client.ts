// Synchronous HTTP for the main thread: each request is handed to a worker, and the main thread
// blocks on Atomics.wait until the worker has posted the outcome, which it then takes with
// receiveMessageOnPort. Answers of any size pass intact; a real-time timeout keeps a dead worker
// from hanging a test run.

import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from "node:worker_threads";
import type {
  ExchangeMessage,
  HttpExchange,
  HttpOutcome,
  OutcomeMessage,
} from "./sync-http-protocol";
import { waitForSignal } from "./thread-signal";
import { bundleWorkerCode } from "./worker-bundle";

export interface SyncHttpClientOptions {
  /** Real time to wait for an answer before throwing (default 30 s). */
  readonly timeoutMs?: number;
  /** Keep the process alive while the client is open (default false). */
  readonly keepProcessAlive?: boolean;
}

export class SyncHttpClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly cell = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  private readonly timeoutMs: number;
  private nextId = 1;
  private closed = false;

  constructor(options: SyncHttpClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.worker = new Worker(bundleWorkerCode("./sync-http-worker", "runSyncHttpWorker"), {
      eval: true,
      workerData: {
        signal: this.cell.buffer,
        port: channel.port2,
        requestTimeoutMs: this.timeoutMs,
      },
      transferList: [channel.port2],
    });
    if (!options.keepProcessAlive) {
      this.worker.unref();
      this.port.unref();
    }
  }

  request(exchange: HttpExchange): HttpOutcome {
    if (this.closed)
      throw new Error(`SyncHttpClient is closed; cannot ${exchange.method} ${exchange.url}`);
    const id = this.nextId++;
    const message: ExchangeMessage = { id, exchange };
    this.port.postMessage(message);
    if (!waitForSignal(this.cell, id, this.timeoutMs + 1_000)) {
      throw new Error(
        `no answer from the HTTP worker within ${this.timeoutMs} ms for ${exchange.method} ${exchange.url}: ` +
          "the loopback server or its worker may have died; restart it",
      );
    }
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received === undefined)
        throw new Error(`HTTP worker signalled answer ${id} but posted none`);
      const answer = received.message as OutcomeMessage;
      if (answer.id === id) return answer.outcome;
      // An answer to an earlier request that timed out: drop it.
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    await this.worker.terminate();
  }
}
