// Shared by the e2e tests: a local world around dist/Code.js, and checks every test wants.
import type { ExecutionResult } from "../../emulator/gas/runtime/host";
import type { CardWithId } from "../../src/chat/message";
import type { LocalWorld } from "../../emulator/local-world";

import { createLocalWorld, type LocalWorldOptions } from "../../emulator/local-world";
import { ACCESS_FORM, teamSpreadsheet } from "../../emulator/samples";

export { createLocalWorld as world };

/** The team spreadsheet (`rows` task rows) and the access form, the default webhook to "AAAAteam". */
export function teamWorld(rows = 12, options: LocalWorldOptions = {}): LocalWorld {
  const w = createLocalWorld({ spreadsheet: teamSpreadsheet(rows), form: ACCESS_FORM, ...options });
  w.connectWebhook("AAAAteam");
  return w;
}

/** The execution's value, failing the test with the script's own error when it threw. */
export function valueOf(result: ExecutionResult): unknown {
  if (result.error) throw new Error(`${result.functionName} failed: ${result.error.message}`);
  return result.value;
}

/** Every log line and error of every execution so far, as one string to search. */
export function everythingLogged(w: LocalWorld): string {
  return JSON.stringify(
    w.project.executions.map((e) => ({ logs: e.logs, error: e.error?.message, value: e.value })),
  );
}

/** A stored message's cards, typed as the project builds them. */
export function cardsOf(message: { readonly cardsV2?: readonly unknown[] }): CardWithId[] {
  return (message.cardsV2 ?? []) as CardWithId[];
}

/**
 * Runs triggers until the outbox has none left, or `maxMs` of virtual time has passed: one-shots
 * as they come due, and the outbox's recurring backstop (which runUntilIdle does not wait for).
 */
export function runUntilDelivered(w: LocalWorld, maxMs = 60 * 60_000): void {
  const end = w.clock.now() + maxMs;
  for (;;) {
    w.project.runUntilIdle({ maxMs: Math.max(0, end - w.clock.now()) });
    const waiting = w.project.triggers.some((t) => t.handler === "deliverOutbox");
    if (!waiting || w.clock.now() >= end) return;
    w.project.advanceTo(Math.min(end, w.clock.now() + 5 * 60_000));
  }
}
