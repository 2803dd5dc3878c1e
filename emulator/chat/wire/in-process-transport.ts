// The direct route from the emulated UrlFetchApp to the emulated space: a function call.

import type { ChatTransport } from "../../transport";
import type { ChatEmulator } from "../space/chat-emulator";

export function inProcessTransport(emulator: ChatEmulator): ChatTransport {
  return (request) => emulator.handle(request);
}
