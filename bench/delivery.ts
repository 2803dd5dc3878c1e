// A burst of events, each its own trigger execution, delivered two ways in the same emulated world:
// the quickstart's way (one UrlFetchApp.fetch per event, no error handling: the baseline) and this
// project's outbox. Counts come from the emulator; they carry over to real Apps Script.
import type { ExecutionResult } from "../emulator/gas/runtime/host";
import type { LatencyProfileName } from "../emulator/gas/runtime/latency";
import { createLocalWorld, type LocalWorld } from "../emulator/local-world";
import { quotaUse, type QuotaUse } from "./quota-share";

// What Google's quickstart does, as a user would paste it.
const QUICKSTART = `
function onEvent(e) {
  var url = PropertiesService.getScriptProperties().getProperty("CHAT_WEBHOOK_URL");
  UrlFetchApp.fetch(url, {
    method: "post",
    contentType: "application/json; charset=UTF-8",
    payload: JSON.stringify({ text: e.text }),
  });
}
`;

const OUTBOX_HANDLER = `
function onEvent(e) {
  notify(e.text);
}
`;

export interface DeliveryFigures {
  readonly name: string;
  readonly events: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly callsPerEvent: number;
  readonly callsPerDelivered: number;
  readonly triggerRuntimeMs: number;
  readonly status429: number;
  /** Virtual time the event's own execution took, on average: what notify() costs its caller. */
  readonly callerMs: number;
  /** Virtual time from the first event to the last message delivered. */
  readonly spanMs: number;
  readonly quota: QuotaUse;
}

function totalCalls(executions: readonly ExecutionResult[]): number {
  return executions.reduce((sum, e) => sum + Object.values(e.calls).reduce((a, b) => a + b, 0), 0);
}

function runBurst(
  name: string,
  world: LocalWorld,
  events: number,
  gapMs: number,
  faults: boolean,
): DeliveryFigures {
  world.connectWebhook("AAAAbench");
  if (faults)
    world.chat.injectFaults("AAAAbench", [{ delayMs: 0 }, { status: 503 }, { network: "Timeout" }]);
  const texts = Array.from({ length: events }, (_, i) => `event ${i + 1}`);
  const startedAt = world.clock.now();
  const eventRuns: ExecutionResult[] = [];
  for (const text of texts) {
    eventRuns.push(world.project.run("onEvent", { text }, { kind: "trigger" }));
    world.project.advance(gapMs);
  }
  world.project.runUntilIdle({ maxMs: 24 * 60 * 60_000 });
  // A request that carried several waiting events joined their lines.
  const received = world.chat.messages("AAAAbench").flatMap((m) => (m.text ?? "").split("\n"));
  const unique = new Set(received);
  const executions = world.project.executions;
  const triggerRuntimeMs = executions
    .filter((e) => e.kind === "trigger")
    .reduce((sum, e) => sum + (e.endedAt - e.startedAt), 0);
  const lastDelivery = Math.max(
    startedAt,
    ...world.chat.messages("AAAAbench").map((m) => m.createTime),
  );
  return {
    name,
    events,
    callerMs: eventRuns.reduce((sum, e) => sum + e.endedAt - e.startedAt, 0) / events,
    spanMs: lastDelivery - startedAt,
    quota: quotaUse(world.project),
    delivered: unique.size,
    lost: texts.filter((t) => !unique.has(t)).length,
    duplicates: received.length - unique.size,
    callsPerEvent: totalCalls(eventRuns) / events,
    callsPerDelivered: totalCalls(executions) / Math.max(1, unique.size),
    triggerRuntimeMs,
    status429: world.chat
      .requests("AAAAbench")
      .filter((r) => r.answer.kind === "response" && r.answer.status === 429).length,
  };
}

/** Both ways on the same burst; the first row is the baseline. */
export function deliveryBenchmark(
  events = 30,
  gapMs = 200,
  faults = true,
  latency: LatencyProfileName = "typical",
): DeliveryFigures[] {
  // Chat answers in 300 ms, a typical round trip from Apps Script, under either profile.
  const common = { chatLatencyMs: 300, ...(latency === "zero" ? { latency } : {}) };
  const quickstart = createLocalWorld({ code: QUICKSTART, ...common });
  const outbox = createLocalWorld({ userCode: [OUTBOX_HANDLER], ...common });
  return [
    runBurst("quickstart (one fetch per event)", quickstart, events, gapMs, faults),
    runBurst("outbox (this project)", outbox, events, gapMs, faults),
  ];
}
