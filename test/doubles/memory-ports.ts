// In-memory ports for unit tests of the core: no Apps Script, no mocks of globals.
import type {
  Clock,
  HttpAnswer,
  HttpPort,
  HttpRequest,
  KeyValueStore,
  Logger,
  ScriptLock,
  InstalledTrigger,
  TriggerPort,
  TriggerSpec,
} from "../../src/ports";

import { seededRandom } from "../../emulator/seeded-random";
import { drainOutbox, type DeliveryOptions, type DeliveryPorts } from "../../src/delivery/deliver";

export { seededRandom };

export class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, string>();
  calls = { get: 0, getAll: 0, setMany: 0, delete: 0 };

  get(key: string): string | null {
    this.calls.get++;
    return this.values.get(key) ?? null;
  }

  getAll(): Record<string, string> {
    this.calls.getAll++;
    return Object.fromEntries(this.values);
  }

  setMany(values: Readonly<Record<string, string>>): void {
    this.calls.setMany++;
    const next = new Map(this.values);
    for (const [key, value] of Object.entries(values)) {
      if (value.length > 9 * 1024) throw new Error(`value of ${key} over 9 KB`);
      next.set(key, value);
    }
    // Apps Script's 500 KB per store: all or nothing, as one setProperties call.
    let bytes = 0;
    for (const [key, value] of next) bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    if (bytes > 500 * 1024) {
      throw new Error(
        "You have exceeded the property storage quota. Please remove some properties and try again.",
      );
    }
    for (const [key, value] of next) this.values.set(key, value);
  }

  delete(keys: readonly string[]): void {
    this.calls.delete += keys.length;
    for (const key of keys) this.values.delete(key);
  }
}

export class FakeClock implements Clock {
  constructor(public time = Date.UTC(2026, 0, 5, 9, 0, 0)) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): void {
    this.time += ms;
  }
}

export const noLock: ScriptLock = { withLock: (_timeout, action) => action() };

export class RecordingLogger implements Logger {
  readonly lines: { level: "info" | "warn" | "error"; message: string }[] = [];
  info(message: string): void {
    this.lines.push({ level: "info", message });
  }
  warn(message: string): void {
    this.lines.push({ level: "warn", message });
  }
  error(message: string): void {
    this.lines.push({ level: "error", message });
  }
}

export class FakeTriggers implements TriggerPort {
  /** When each trigger fires; a trigger setup() installs (install) never fires here. */
  readonly pending = new Map<string, { handler: string; at: number; everyMs?: number }>();
  private seq = 0;
  constructor(private readonly clock: Clock) {}
  all(): InstalledTrigger[] {
    return [...this.pending].map(([id, { handler }]) => ({
      id,
      handler,
      eventType: "CLOCK",
      source: "CLOCK",
    }));
  }
  install(spec: TriggerSpec): string {
    const id = `trigger-${++this.seq}`;
    this.pending.set(id, { handler: spec.handler, at: Number.POSITIVE_INFINITY });
    return id;
  }
  list(handler: string): string[] {
    return [...this.pending].filter(([, t]) => t.handler === handler).map(([id]) => id);
  }
  createOnce(handler: string, afterMs: number): string {
    const id = `trigger-${++this.seq}`;
    this.pending.set(id, { handler, at: this.clock.now() + afterMs });
    return id;
  }
  createEvery(handler: string, minutes: number): string {
    const id = `trigger-${++this.seq}`;
    const everyMs = minutes * 60_000;
    this.pending.set(id, { handler, at: this.clock.now() + everyMs, everyMs });
    return id;
  }
  delete(id: string): void {
    this.pending.delete(id);
  }
}

export type Responder = (request: HttpRequest, now: number) => HttpAnswer;

/** An HTTP port that answers with `respond` and records every request with its time. */
export class ScriptedHttp implements HttpPort {
  readonly sent: { request: HttpRequest; at: number }[] = [];
  constructor(
    private readonly clock: Clock,
    public respond: Responder,
  ) {}
  fetchAll(requests: readonly HttpRequest[]): HttpAnswer[] {
    return requests.map((request) => {
      this.sent.push({ request, at: this.clock.now() });
      return this.respond(request, this.clock.now());
    });
  }
}

let messageSeq = 0;
export function chatSuccess(space = "AAAA"): HttpAnswer {
  messageSeq++;
  return {
    kind: "response",
    status: 200,
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: JSON.stringify({
      name: `spaces/${space}/messages/m${messageSeq}.m${messageSeq}`,
      thread: { name: `spaces/${space}/threads/t${messageSeq}` },
    }),
  };
}

export function chatError(
  status: number,
  name: string,
  message: string,
  headers: Record<string, string> = {},
): HttpAnswer {
  return {
    kind: "response",
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
    body: JSON.stringify({ error: { code: status, message, status: name } }),
  };
}

export const WEBHOOK_A =
  "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=AIzaSy-FAKE-key-A-aaaaaaaaaaaaaaaaaaaaaa&token=FAKEtokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D";
export const WEBHOOK_B =
  "https://chat.googleapis.com/v1/spaces/BBBB/messages?key=AIzaSy-FAKE-key-B-bbbbbbbbbbbbbbbbbbbbbb&token=FAKEtokenBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB%3D";

export type MemoryDeliveryPorts = DeliveryPorts & {
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  readonly triggers: FakeTriggers;
};

/** The outbox's ports in memory, around a store, an HTTP double and a clock the test holds. */
/**
 * The store as one execution reaches it. The outbox remembers, per store object, what this
 * execution wrote (its last page, whether it sent at once): a new object is a new execution.
 * Calls go to `store` when made, so a test may replace its methods.
 */
export function executionStore(store: KeyValueStore): KeyValueStore {
  return {
    get: (key) => store.get(key),
    getAll: () => store.getAll(),
    setMany: (values) => store.setMany(values),
    delete: (keys) => store.delete(keys),
  };
}

/**
 * Ports over `store`. By default every use of `ports.store` is an execution of its own (a call
 * of notify, a trigger); `oneExecution` makes them all one execution, as a loop of notify() calls.
 */
export function memoryDeliveryPorts(
  clock: FakeClock,
  store: MemoryStore,
  http: ScriptedHttp,
  seed: number,
  { oneExecution = false }: { oneExecution?: boolean } = {},
): MemoryDeliveryPorts {
  const shared = executionStore(store);
  return {
    get store() {
      return oneExecution ? shared : executionStore(store);
    },
    lock: noLock,
    http,
    clock,
    random: seededRandom(seed),
    logger: new RecordingLogger(),
    triggers: new FakeTriggers(clock),
  };
}

/** Runs the pending deliverOutbox trigger as Apps Script would, at its time, until none is left. */
export function runPendingTriggers(
  ports: MemoryDeliveryPorts,
  options: DeliveryOptions,
  limit = 20,
): void {
  for (let i = 0; i < limit; i++) {
    const next = [...ports.triggers.pending]
      .filter(([, t]) => Number.isFinite(t.at))
      .sort(([, a], [, b]) => a.at - b.at)[0];
    if (!next) break;
    const [id, trigger] = next;
    ports.clock.time = Math.max(ports.clock.time, trigger.at);
    // A one-shot fires once (Apps Script keeps listing it; the outbox deletes it); a recurring
    // trigger comes round again.
    if (trigger.everyMs === undefined) trigger.at = Number.POSITIVE_INFINITY;
    else trigger.at += trigger.everyMs;
    drainOutbox(ports, options, id);
  }
}
