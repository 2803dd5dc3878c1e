// The emulated Google Chat space: what the runtime, e2e tests, benchmarks and `npm start` import.

export {
  ChatEmulator,
  CHAT_QUOTA,
  type BusySpace,
  type ChatEmulatorOptions,
  type ChatQuota,
  type UnknownKeyMode,
} from "./space/chat-emulator";
export type { ChatFault, NetworkFailure } from "./space/chat-faults";
export type {
  CardWithId,
  ChatCounters,
  ChatThread,
  CreatedWebhook,
  MessageReplyOption,
  RecordedRequest,
  StoredMessage,
} from "./space/chat-records";
export { inProcessTransport } from "./wire/in-process-transport";
export {
  ChatServer,
  loopbackTransport,
  startChatServer,
  type ChatServerOptions,
} from "./wire/loopback-chat-server";
export { renderChatPage } from "./page/chat-page";
