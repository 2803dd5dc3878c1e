// An emulated Google Chat: spaces, their incoming webhooks and the messages they receive, judged
// in virtual time. `handle` answers POST /v1/spaces/{space}/messages as Chat does for webhooks;
// the other methods set the scene (webhooks, faults) and read what happened, for tests.

import type { WireAnswer, WireRequest } from "../../transport";
import {
  apiKeyInvalidAnswer,
  badGatewayAnswer,
  badRequestAnswer,
  entityNotFoundAnswer,
  JSON_CONTENT_TYPE,
  permissionDeniedAnswer,
  quotaExhaustedAnswer,
  rpcErrorAnswer,
  unroutedPathAnswer,
} from "./chat-error-answers";
import { URL_FETCH_TIMEOUT_MS, type ChatFault } from "./chat-faults";
import type {
  ChatCounters,
  ChatThread,
  CreatedWebhook,
  MessageReplyOption,
  RecordedRequest,
  StoredMessage,
} from "./chat-records";
import { readMessageBody, type IncomingMessage } from "./message-body";
import { SeededIds } from "./seeded-ids";
import { parseChatRequestTarget, webhookUrl, type ChatRequestTarget } from "./webhook-url";

export interface ChatQuota {
  /** Minimum virtual time between two accepted writes to one space (Chat: 1 per second). */
  readonly minIntervalMs: number;
  /** Accepted writes per space in any 60 s window (Chat: 60). */
  readonly writesPerMinute: number;
}

export const CHAT_QUOTA: ChatQuota = { minIntervalMs: 1_000, writesPerMinute: 60 };

export interface ChatEmulatorOptions {
  /** Virtual time, normally a VirtualClock's `now`. */
  readonly now: () => number;
  /** Seeds webhook keys and tokens and message and thread names (default 1). */
  readonly seed?: number;
  /** Chat's documented per-space quota unless a test needs another. */
  readonly quota?: Partial<ChatQuota>;
  /** Virtual time every answered request takes (default 0). */
  readonly latencyMs?: number;
  /**
   * Answer a repeated `requestId` with the message it created, as Google documents for
   * spaces.messages.create. Whether webhooks honour it is undocumented, so this is off by default.
   */
  readonly honourRequestIds?: boolean;
  /**
   * What REPLY_MESSAGE_OR_FAIL does with a thread key that names no thread: "fail" (404, nothing
   * stored), as the webhook guide says, or "create" (a new thread with that key), as the current
   * MessageReplyOption reference says. Default "fail".
   */
  readonly replyOrFailUnknownKey?: UnknownKeyMode;
}

export type UnknownKeyMode = "fail" | "create";

/** Other apps posting in a space: they use part of its 60 writes a minute, evenly spread. */
export interface BusySpace {
  readonly otherWritesPerMinute: number;
}

interface Webhook {
  readonly name: string;
  readonly space: string;
  readonly token: string;
  readonly url: string;
  deleted: boolean;
}

interface MutableThread {
  readonly name: string;
  readonly threadKey?: string;
  readonly webhookName: string;
  readonly messages: StoredMessage[];
}

interface SpaceState {
  readonly webhooks: Webhook[];
  readonly messages: StoredMessage[];
  readonly threads: Map<string, MutableThread>;
  /** "webhook url \0 thread key" -> thread name: keys are scoped to the sender. */
  readonly threadsByKey: Map<string, string>;
  readonly acceptedWriteTimes: number[];
  /** "webhook url \0 requestId" -> the message that request created. */
  readonly byRequestId: Map<string, StoredMessage>;
  readonly requests: RecordedRequest[];
  readonly faults: ChatFault[];
  busy?: { readonly since: number; readonly everyMs: number };
}

const REPLY_OPTIONS: Readonly<Record<string, MessageReplyOption>> = {
  MESSAGE_REPLY_OPTION_UNSPECIFIED: "MESSAGE_REPLY_OPTION_UNSPECIFIED",
  REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD: "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
  REPLY_MESSAGE_OR_FAIL: "REPLY_MESSAGE_OR_FAIL",
  // Google's JSON binding also takes an enum's number.
  "0": "MESSAGE_REPLY_OPTION_UNSPECIFIED",
  "1": "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
  "2": "REPLY_MESSAGE_OR_FAIL",
};

/** CreateMessageRequest fields and Google's system parameters; others are refused. */
const KNOWN_QUERY_PARAMETERS = new Set([
  "key",
  "token",
  "messageReplyOption",
  "threadKey",
  "requestId",
  "messageId",
  "alt",
  "prettyPrint",
  "fields",
  "quotaUser",
  "$.xgafv",
  "callback",
  "upload_protocol",
  "uploadType",
]);

const SPACE_ID = /^[A-Za-z0-9_-]+$/;

/** Success as webhooks see it: a Message with only its name and its thread's name. */
function messageAnswer(messageName: string, threadName: string): WireAnswer {
  return {
    kind: "response",
    status: 200,
    headers: { "content-type": JSON_CONTENT_TYPE },
    body: `${JSON.stringify({ name: messageName, thread: { name: threadName } }, null, 2)}\n`,
    elapsedMs: 0,
  };
}

type Processed = {
  readonly answer: WireAnswer;
  readonly webhook?: Webhook;
  readonly message?: StoredMessage;
};

export class ChatEmulator {
  private readonly now: () => number;
  private readonly ids: SeededIds;
  private readonly quota: ChatQuota;
  private readonly latencyMs: number;
  private readonly honourRequestIds: boolean;
  private readonly unknownKey: UnknownKeyMode;
  private readonly spaceStates = new Map<string, SpaceState>();
  private webhookCount = 0;
  /** Every webhook URL of Chat carries the same API key; the token is the secret. */
  readonly apiKey: string;

  constructor(options: ChatEmulatorOptions) {
    this.now = options.now;
    this.ids = new SeededIds(options.seed ?? 1);
    this.quota = { ...CHAT_QUOTA, ...options.quota };
    this.latencyMs = options.latencyMs ?? 0;
    this.honourRequestIds = options.honourRequestIds ?? false;
    this.unknownKey = options.replyOrFailUnknownKey ?? "fail";
    if (this.unknownKey !== "fail" && this.unknownKey !== "create") {
      throw new Error(
        `replyOrFailUnknownKey must be "fail" or "create", not ${JSON.stringify(this.unknownKey)}`,
      );
    }
    this.apiKey = this.ids.apiKey();
  }

  createWebhook(space: string, options: { name?: string } = {}): CreatedWebhook {
    if (!SPACE_ID.test(space)) {
      throw new Error(
        `space id ${JSON.stringify(space)} is not valid: use letters, digits, "-" and "_" (e.g. "AAAAteam")`,
      );
    }
    this.webhookCount += 1;
    const name = options.name ?? `Webhook ${this.webhookCount}`;
    const token = this.ids.webhookToken();
    const url = webhookUrl(space, this.apiKey, token);
    this.state(space, { create: true }).webhooks.push({ name, space, token, url, deleted: false });
    return { url, space, key: this.apiKey, token, name };
  }

  /** From now on the webhook answers as a deleted one: 403 PERMISSION_DENIED, like a bad token. */
  deleteWebhook(url: string): void {
    const target = parseChatRequestTarget(url);
    const token = target.params.get("token");
    const webhook =
      target.space === undefined
        ? undefined
        : this.spaceStates.get(target.space)?.webhooks.find((w) => w.token === token);
    if (webhook === undefined) {
      throw new Error(
        "deleteWebhook: no webhook has this URL; pass the url that createWebhook returned",
      );
    }
    webhook.deleted = true;
  }

  injectFaults(space: string, faults: readonly ChatFault[]): void {
    this.state(space, { create: true }).faults.push(...faults);
  }

  /**
   * From now on other apps write to the space `otherWritesPerMinute` times a minute, evenly spaced;
   * their writes count against its quota like the project's. 0 makes it quiet again.
   */
  setBusy(space: string, busy: BusySpace): void {
    const n = busy.otherWritesPerMinute;
    if (!(Number.isInteger(n) && n >= 0 && n < this.quota.writesPerMinute)) {
      throw new Error(
        `otherWritesPerMinute must be a whole number from 0 to ${this.quota.writesPerMinute - 1}, not ${n}`,
      );
    }
    const state = this.state(space, { create: true });
    state.busy = n === 0 ? undefined : { since: this.now(), everyMs: 60_000 / n };
  }

  clearFaults(space: string): void {
    this.state(space).faults.length = 0;
  }

  /** Faults not consumed yet. */
  pendingFaults(space: string): ChatFault[] {
    return [...this.state(space).faults];
  }

  handle(request: WireRequest): WireAnswer {
    const arrival = this.now();
    const target = parseChatRequestTarget(request.url);
    const space = target.space === undefined ? undefined : this.spaceStates.get(target.space);
    if (target.space === undefined || space === undefined) {
      // Unknown spaces have no webhooks, so any token fails; nothing to record there.
      const { answer } = this.process(request, target, undefined, arrival);
      return withElapsed(answer, this.latencyMs);
    }

    const fault = space.faults.shift();
    const record = (processed: Partial<Processed>, answer: WireAnswer): WireAnswer => {
      space.requests.push({
        time: arrival,
        method: request.method,
        space: target.space!,
        ...(processed.webhook === undefined ? {} : { webhookName: processed.webhook.name }),
        answer:
          answer.kind === "response"
            ? { kind: "response", status: answer.status }
            : { kind: "network-error", error: answer.error },
        elapsedMs: answer.elapsedMs,
        ...(processed.message === undefined ? {} : { messageName: processed.message.name }),
        ...(fault === undefined ? {} : { fault }),
      });
      return answer;
    };

    if (fault !== undefined && "status" in fault) {
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined
          ? {}
          : { "retry-after": String(fault.retryAfterSeconds) };
      return record({}, withElapsed(faultAnswer(fault.status, headers), this.latencyMs));
    }
    if (fault !== undefined && "network" in fault) {
      const elapsedMs = fault.network === "Timeout" ? URL_FETCH_TIMEOUT_MS : this.latencyMs;
      return record({}, { kind: "network-error", error: fault.network, elapsedMs });
    }

    const processed = this.process(request, target, space, arrival);
    const delayMs = fault !== undefined && "delayMs" in fault ? fault.delayMs : 0;
    if (fault !== undefined && "lostAnswer" in fault) {
      return record(processed, {
        kind: "network-error",
        error: "Address unavailable",
        elapsedMs: this.latencyMs,
      });
    }
    return record(processed, withElapsed(processed.answer, this.latencyMs + delayMs));
  }

  private process(
    request: WireRequest,
    target: ChatRequestTarget,
    space: SpaceState | undefined,
    arrival: number,
  ): Processed {
    if (target.space === undefined) return { answer: unroutedPathAnswer() };
    if (request.method.toUpperCase() === "GET") {
      // GET on this path is spaces.messages.list, which needs OAuth, not a webhook's key.
      return {
        answer: rpcErrorAnswer(
          "UNAUTHENTICATED",
          "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        ),
      };
    }
    if (request.method.toUpperCase() !== "POST") return { answer: unroutedPathAnswer() };

    const key = target.params.get("key");
    if (key === undefined) {
      return {
        answer: rpcErrorAnswer("PERMISSION_DENIED", "The request is missing a valid API key."),
      };
    }
    if (key !== this.apiKey) return { answer: apiKeyInvalidAnswer() };

    const token = target.params.get("token");
    const webhook = space?.webhooks.find((w) => !w.deleted && w.token === token);
    if (space === undefined || webhook === undefined) return { answer: permissionDeniedAnswer() };

    const unknown = [
      ...target.undecodable,
      ...[...target.params.keys()].filter((p) => !KNOWN_QUERY_PARAMETERS.has(p)),
    ];
    if (unknown.length > 0) {
      const name = unknown[0]!;
      return {
        webhook,
        answer: badRequestAnswer(
          "",
          `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`,
        ),
      };
    }
    const rawOption = target.params.get("messageReplyOption");
    const replyOption = rawOption === undefined ? undefined : REPLY_OPTIONS[rawOption];
    if (rawOption !== undefined && replyOption === undefined) {
      const description = `Invalid value at 'message_reply_option' (type.googleapis.com/google.chat.v1.CreateMessageRequest.MessageReplyOption), "${rawOption}"`;
      return { webhook, answer: badRequestAnswer("message_reply_option", description) };
    }

    const requestId = target.params.get("requestId");
    const repeated =
      this.honourRequestIds && requestId !== undefined
        ? space.byRequestId.get(`${webhook.url}\0${requestId}`)
        : undefined;
    if (repeated !== undefined) {
      return { webhook, answer: messageAnswer(repeated.name, repeated.thread.name) };
    }

    if (this.overQuota(space, arrival)) return { webhook, answer: quotaExhaustedAnswer() };

    const reading = readMessageBody(request.headers["content-type"], request.body);
    if (!reading.ok) return { webhook, answer: reading.answer };

    const thread = this.threadFor(space, target, webhook, reading.message, replyOption);
    if (thread === undefined) return { webhook, answer: entityNotFoundAnswer() };

    const message = this.store(
      space,
      target.space,
      webhook,
      reading.message,
      thread,
      replyOption,
      arrival,
    );
    if (this.honourRequestIds && requestId !== undefined) {
      space.byRequestId.set(`${webhook.url}\0${requestId}`, message);
    }
    return { webhook, message, answer: messageAnswer(message.name, thread.name) };
  }

  private overQuota(space: SpaceState, arrival: number): boolean {
    const times = space.acceptedWriteTimes;
    while (times.length > 0 && times[0]! <= arrival - 60_000) times.shift();
    const others = otherWrites(space.busy, arrival);
    const last = Math.max(times[times.length - 1] ?? -Infinity, others.at(-1) ?? -Infinity);
    if (arrival - last < this.quota.minIntervalMs) return true;
    return times.length + others.length >= this.quota.writesPerMinute;
  }

  /**
   * The thread a message goes to: an existing one, a new one, or none (reply-or-fail found no
   * thread). Without messageReplyOption Chat starts a new thread and ignores the thread key, the
   * deprecated `threadKey` query parameter included.
   */
  private threadFor(
    space: SpaceState,
    target: ChatRequestTarget,
    webhook: Webhook,
    message: IncomingMessage,
    replyOption: MessageReplyOption | undefined,
  ): { name: string; threadKey?: string; existing: boolean } | undefined {
    const queryKey = target.params.get("threadKey");
    const threadKey = message.thread?.threadKey ?? (queryKey === "" ? undefined : queryKey);
    const threadName = message.thread?.name;
    // The deprecated threadKey= parameter alone no longer threads: without messageReplyOption
    // every message starts a thread, whatever key it carries.
    const option = replyOption;

    if (option === undefined || option === "MESSAGE_REPLY_OPTION_UNSPECIFIED") {
      return { name: this.newThreadName(target.space!), existing: false };
    }
    const byName =
      threadName !== undefined && space.threads.has(threadName) ? threadName : undefined;
    const byKey =
      threadKey === undefined ? undefined : space.threadsByKey.get(scopedKey(webhook, threadKey));
    const existing = byName ?? byKey;
    if (existing !== undefined) {
      const thread = space.threads.get(existing)!;
      return {
        name: thread.name,
        ...(thread.threadKey === undefined ? {} : { threadKey: thread.threadKey }),
        existing: true,
      };
    }
    if (
      option === "REPLY_MESSAGE_OR_FAIL" &&
      (this.unknownKey === "fail" || threadKey === undefined)
    )
      return undefined;
    return {
      name: this.newThreadName(target.space!),
      ...(threadKey === undefined ? {} : { threadKey }),
      existing: false,
    };
  }

  private store(
    space: SpaceState,
    spaceId: string,
    webhook: Webhook,
    incoming: IncomingMessage,
    thread: { name: string; threadKey?: string; existing: boolean },
    replyOption: MessageReplyOption | undefined,
    arrival: number,
  ): StoredMessage {
    const id = this.ids.resourceId();
    const message: StoredMessage = {
      name: `spaces/${spaceId}/messages/${id}.${id}`,
      space: spaceId,
      ...(incoming.text === undefined ? {} : { text: incoming.text }),
      ...(incoming.cardsV2 === undefined ? {} : { cardsV2: incoming.cardsV2 }),
      ...(incoming.cards === undefined ? {} : { cards: incoming.cards }),
      ...(incoming.fallbackText === undefined ? {} : { fallbackText: incoming.fallbackText }),
      thread: {
        name: thread.name,
        ...(thread.threadKey === undefined ? {} : { threadKey: thread.threadKey }),
      },
      startedThread: !thread.existing,
      webhookName: webhook.name,
      createTime: arrival,
      ...(replyOption === undefined ? {} : { messageReplyOption: replyOption }),
      ignoredWidgets: incoming.ignoredWidgets,
    };
    if (!thread.existing) {
      space.threads.set(thread.name, {
        name: thread.name,
        ...(thread.threadKey === undefined ? {} : { threadKey: thread.threadKey }),
        webhookName: webhook.name,
        messages: [],
      });
      if (thread.threadKey !== undefined) {
        space.threadsByKey.set(scopedKey(webhook, thread.threadKey), thread.name);
      }
    }
    space.threads.get(thread.name)!.messages.push(message);
    space.messages.push(message);
    space.acceptedWriteTimes.push(arrival);
    return message;
  }

  private newThreadName(spaceId: string): string {
    return `spaces/${spaceId}/threads/${this.ids.resourceId()}`;
  }

  /** Spaces that have had a webhook or a fault, in creation order. */
  spaces(): string[] {
    return [...this.spaceStates.keys()];
  }

  webhooks(space: string): Array<{ name: string; deleted: boolean }> {
    return this.state(space).webhooks.map((w) => ({ name: w.name, deleted: w.deleted }));
  }

  messages(space: string): StoredMessage[] {
    return [...this.state(space).messages];
  }

  /** Threads in the order they started, each with its messages in order. */
  threads(space: string): ChatThread[] {
    return [...this.state(space).threads.values()].map((t) => ({
      ...t,
      messages: [...t.messages],
    }));
  }

  requests(space: string): RecordedRequest[] {
    return [...this.state(space).requests];
  }

  counters(space: string): ChatCounters {
    const rejectedByStatus: Record<number, number> = {};
    let networkErrors = 0;
    for (const request of this.state(space).requests) {
      if (request.answer.kind === "network-error") networkErrors += 1;
      else if (request.answer.status !== 200) {
        rejectedByStatus[request.answer.status] =
          (rejectedByStatus[request.answer.status] ?? 0) + 1;
      }
    }
    return { accepted: this.state(space).messages.length, rejectedByStatus, networkErrors };
  }

  private state(space: string, options: { create?: boolean } = {}): SpaceState {
    let state = this.spaceStates.get(space);
    if (state === undefined) {
      if (!options.create) {
        throw new Error(
          `space ${JSON.stringify(space)} is unknown to the emulator: create a webhook in it first (createWebhook)`,
        );
      }
      state = {
        webhooks: [],
        messages: [],
        threads: new Map(),
        threadsByKey: new Map(),
        acceptedWriteTimes: [],
        byRequestId: new Map(),
        requests: [],
        faults: [],
      };
      this.spaceStates.set(space, state);
    }
    return state;
  }
}

/** Other apps' writes in the 60 s before `arrival` (inclusive of arrival), oldest first. */
function otherWrites(busy: SpaceState["busy"], arrival: number): number[] {
  if (busy === undefined) return [];
  const times: number[] = [];
  const first = Math.max(0, Math.ceil((arrival - 60_000 - busy.since) / busy.everyMs));
  for (let k = first; busy.since + k * busy.everyMs <= arrival; k++) {
    const time = busy.since + k * busy.everyMs;
    if (time > arrival - 60_000) times.push(time);
  }
  return times;
}

function scopedKey(webhook: Webhook, threadKey: string): string {
  return `${webhook.url}\u0000${threadKey}`;
}

function withElapsed(answer: WireAnswer, elapsedMs: number): WireAnswer {
  return { ...answer, elapsedMs };
}

function faultAnswer(
  status: 500 | 502 | 503 | 504 | 429,
  headers: Record<string, string>,
): WireAnswer {
  switch (status) {
    case 500:
      return rpcErrorAnswer("INTERNAL", "Internal error encountered.", { headers });
    case 502:
      return badGatewayAnswer(headers);
    case 503:
      return rpcErrorAnswer("UNAVAILABLE", "The service is currently unavailable.", { headers });
    case 504:
      return rpcErrorAnswer(
        "DEADLINE_EXCEEDED",
        "Deadline expired before operation could complete.",
        { headers },
      );
    case 429:
      return quotaExhaustedAnswer(headers);
  }
}
