// The emulated Google Chat space: what the runtime, e2e tests, benchmarks and `npm start` import.

export {
  ChatEmulator,
  CHAT_QUOTA,
  type BusySpace,
  type ChatEmulatorOptions,
  type ChatQuota,
  type UnknownKeyMode,
} from "./chat-emulator";
export type { ChatFault, NetworkFailure } from "./chat-faults";
export type {
  CardWithId,
  ChatCounters,
  ChatThread,
  CreatedWebhook,
  MessageReplyOption,
  RecordedRequest,
  StoredMessage,
} from "./chat-records";
export { inProcessTransport } from "./in-process-transport";
export {
  ChatServer,
  loopbackTransport,
  startChatServer,
  type ChatServerOptions,
} from "./loopback-chat-server";
export { renderChatPage } from "./chat-page";
