// A runtime stand-in for the document services' tests: counts calls, and "runs" one trigger per
// fired event by recording the event and naming the handler after its type.
import { VirtualClock } from "../../emulator/clock";
import type {
  ExecutionResult,
  FiredEventType,
  HostServices,
} from "../../emulator/gas/runtime/host";

export interface Fired {
  source: { kind: string; id: string };
  eventType: FiredEventType;
  event: Record<string, unknown>;
}

const HANDLERS: Record<FiredEventType, string> = {
  ON_EDIT: "handleEdit",
  ON_CHANGE: "handleChange",
  ON_FORM_SUBMIT: "handleFormSubmit",
  ON_OPEN: "onOpen",
};

export function fakeHost(start: number) {
  const calls: string[] = [];
  const fired: Fired[] = [];
  const state = { inExecution: false };
  const host: HostServices = {
    count: (name) => {
      calls.push(name);
    },
    fire: (source, eventType, makeEvent): ExecutionResult[] => {
      const event = makeEvent(`trigger-${fired.length + 1}`) as Record<string, unknown>;
      fired.push({ source, eventType, event });
      return [
        {
          functionName: `${HANDLERS[eventType]} (${source.kind})`,
          kind: "trigger",
          logs: [],
          calls: {},
          startedAt: 0,
          endedAt: 0,
        },
      ];
    },
    clock: new VirtualClock(start),
    timeZone: "America/New_York",
    user: "owner@example.com",
    inExecution: () => state.inExecution,
  };
  return { host, calls, fired, state };
}
