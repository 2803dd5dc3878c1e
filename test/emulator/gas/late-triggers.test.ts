import { TriggerRegistry, TYPICAL_LATENESS } from "../../../emulator/gas/runtime/triggers";
import { createLocalWorld } from "../../../emulator/local-world";
import { projectOf, START } from "./project-fixture";

function lateness(late: ConstructorParameters<typeof TriggerRegistry>[0], count: number): number[] {
  const registry = new TriggerRegistry(late);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const record = registry.add(
      {
        handler: "h",
        owner: "owner@example.com",
        eventType: "CLOCK",
        source: "CLOCK",
        sourceId: null,
        schedule: { kind: "once", at: START + 60_000 },
      },
      START,
    );
    if (typeof record === "string") throw new Error(record);
    out.push(record.nextAt! - (START + 60_000));
    registry.remove(record.uid);
  }
  return out;
}

describe("late one-shot triggers", () => {
  it("fire never early, often tens of seconds late, capped, the same for the same seed", () => {
    const late = lateness({ ...TYPICAL_LATENESS, seed: 3 }, 2_000);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...late)).toBeLessThanOrEqual(TYPICAL_LATENESS.maxMs);
    expect(Math.max(...late)).toBeGreaterThan(60_000);
    const mean = late.reduce((a, b) => a + b, 0) / late.length;
    expect(mean).toBeGreaterThan(15_000);
    expect(mean).toBeLessThan(25_000);
    expect(late.filter((ms) => ms >= 10_000).length).toBeGreaterThan(late.length / 2);
    expect(lateness({ ...TYPICAL_LATENESS, seed: 3 }, 2_000)).toEqual(late);
    expect(lateness({ ...TYPICAL_LATENESS, seed: 4 }, 2_000)).not.toEqual(late);
  });

  it("fire exactly on time when lateness is off, as loadProject does by default", () => {
    expect(lateness(false, 10)).toEqual(Array(10).fill(0));
    const { project } = projectOf(`
      function arm() { ScriptApp.newTrigger("fired").timeBased().after(60000).create(); }
      function fired() {}`);
    project.run("arm");
    const [run] = project.advance(10 * 60_000);
    expect(run!.startedAt).toBe(START + 60_000);
  });

  it("are late by default in a local world, and on time with lateOneShots: false", () => {
    const code = `
      function arm() { ScriptApp.newTrigger("fired").timeBased().after(60000).create(); }
      function fired() {}`;
    const starts = [undefined, false as const].map((lateOneShots) => {
      const w = createLocalWorld({
        code,
        latency: "zero",
        ...(lateOneShots === false ? { lateOneShots } : {}),
      });
      const start = w.clock.now();
      w.project.run("arm");
      return w.project.runUntilIdle()[0]!.startedAt - start;
    });
    expect(starts[0]).toBeGreaterThan(60_000);
    expect(starts[1]).toBe(60_000);
  });
});
