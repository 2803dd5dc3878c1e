// The Node library: send() a message to a Chat space, with the Apps Script side's rules.

export { send, DEFAULT_TIMEOUT_MS, type SendOptions, type SendResult } from "./send";
export { SpacePacer } from "./pacer";
export type { ChatMessage, ReplyOption } from "../chat/message";
