// Builds small emulated projects from hand-written scripts, with a Chat transport that records
// requests and answers from a script of answers.

import { VirtualClock } from "../../../emulator/clock";
import {
  loadProject,
  type EmulatedProject,
  type LoadProjectOptions,
} from "../../../emulator/gas/runtime/project";
import type { WireAnswer, WireRequest } from "../../../emulator/transport";

export const WEBHOOK_URL =
  "https://chat.googleapis.com/v1/spaces/AAAA123/messages?key=KEYKEY&token=SECRET-TOKEN%3D";

/** Monday 5 January 2026, 08:00 UTC. */
export const START = Date.UTC(2026, 0, 5, 8, 0, 0);

export interface RecordingChat {
  readonly requests: WireRequest[];
  /** Answers given in order; when empty, 200 with a Chat message. */
  readonly answers: WireAnswer[];
  readonly transport: (request: WireRequest) => WireAnswer;
}

export function ok(elapsedMs = 300): WireAnswer {
  return {
    kind: "response",
    status: 200,
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: JSON.stringify({
      name: "spaces/AAAA123/messages/M1",
      thread: { name: "spaces/AAAA123/threads/T1" },
    }),
    elapsedMs,
  };
}

export function recordingChat(): RecordingChat {
  const requests: WireRequest[] = [];
  const answers: WireAnswer[] = [];
  return {
    requests,
    answers,
    transport: (request) => {
      requests.push(request);
      return answers.shift() ?? ok();
    },
  };
}

export function projectOf(
  code: string,
  options: Partial<Omit<LoadProjectOptions, "code">> = {},
): { project: EmulatedProject; chat: RecordingChat; clock: VirtualClock } {
  const chat = recordingChat();
  const clock = options.clock ?? new VirtualClock(START);
  const project = loadProject({
    code,
    manifest: { timeZone: "Europe/Paris", urlFetchWhitelist: ["https://chat.googleapis.com/"] },
    clock,
    chat: chat.transport,
    ...options,
  });
  return { project, chat, clock };
}
