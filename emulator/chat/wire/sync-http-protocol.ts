// Messages between the main thread and the worker that performs its HTTP requests.

import type { MessagePort } from "node:worker_threads";
import type { WireRequest } from "../../transport";
import type { NetworkFailure } from "../space/chat-faults";

/** A request as the transport received it, its URL rewritten to the loopback server. */
export type HttpExchange = WireRequest;

export type HttpOutcome =
  | {
      readonly kind: "response";
      readonly status: number;
      /** Header names in lower case. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    }
  | {
      readonly kind: "network-error";
      readonly error: NetworkFailure;
      /** Node's own error, for people reading a failure. */
      readonly detail: string;
    };

export interface SyncHttpWorkerData {
  /** Int32 cell: the id of the last answer posted. */
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
  readonly requestTimeoutMs: number;
}

export interface ExchangeMessage {
  readonly id: number;
  readonly exchange: HttpExchange;
}

export interface OutcomeMessage {
  readonly id: number;
  readonly outcome: HttpOutcome;
}
