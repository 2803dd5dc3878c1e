// `npm run bench`: every benchmark, each printed as ratios against a baseline measured in the same
// run. Counts (service calls, requests) come from the emulator; virtual time is the emulator's.
import { deliveryBenchmark } from "./delivery";

function ratio(value: number, baseline: number): string {
  if (baseline === 0) return value === 0 ? "=" : "n/a";
  return `${(value / baseline).toFixed(2)}x`;
}

function printDelivery(): void {
  for (const [title, faults] of [
    ["a burst of 30 events, 200 ms apart, Chat answering 503 and timing out once", true],
    ["the same burst, no faults", false],
  ] as const) {
    const [baseline, ...others] = deliveryBenchmark(30, 200, faults);
    console.log(`\nDelivery: ${title}`);
    const rows = [baseline!, ...others].map((f) => ({
      way: f.name,
      delivered: `${f.delivered}/${f.events}`,
      lost: f.lost,
      duplicates: f.duplicates,
      "429s": f.status429,
      "calls/event": `${f.callsPerEvent.toFixed(1)} (${ratio(f.callsPerEvent, baseline!.callsPerEvent)})`,
      "calls/delivered": `${f.callsPerDelivered.toFixed(1)} (${ratio(f.callsPerDelivered, baseline!.callsPerDelivered)})`,
      "trigger runtime": `${(f.triggerRuntimeMs / 1000).toFixed(1)} s (${ratio(f.triggerRuntimeMs, baseline!.triggerRuntimeMs)})`,
    }));
    console.table(rows);
  }
  console.log(
    "Trigger runtime is virtual: fetch round trips (300 ms) and sleeps; service calls are counted, not timed.",
  );
}

printDelivery();
