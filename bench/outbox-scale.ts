// The outbox at scale, this build against the seed's outbox (commit SEED_COMMIT, built from git
// history in the same run, so the ratios compare two designs under the same emulator): what one
// notify() reads and writes as the queue grows, and what a burst of 1,000 to one space costs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LatencyProfileName } from "../emulator/gas/runtime/latency";
import type { PropertyStore } from "../emulator/gas/services/properties";
import { createLocalWorld, type LocalWorld } from "../emulator/local-world";
import { executionUse, quotaUse, type QuotaUse } from "./quota-share";

/** The seed's outbox: one JSON state read whole by every call. */
export const SEED_COMMIT = "1dd289f";

const ROOT = path.join(__dirname, "..");
export const SPACE = "AAAAbench";

const USER_CODE = `
function queueWhileDown(e) { for (var i = 0; i < e.count; i++) notify("queued " + i + " " + e.pad); }
function one(e) { return notify(e.text); }
function varied(n, words) {
  // A comment cell's words, different in every row (seeded, so each run is the same).
  var seed = n * 2654435761 % 4294967296, out = [];
  for (var k = 0; k < words; k++) {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    out.push(WORDS[seed % WORDS.length]);
  }
  return out.join(" ");
}
var WORDS = ("invoice approved shipment delayed customer asked refund warehouse Lisbon Osaka " +
  "Nairobi budget quarter review pending signature contract renewal laptop replaced printer " +
  "broken meeting moved Tuesday urgent please check numbers column totals mismatch vendor " +
  "onboarding access granted badge parking desk 14B migration finished rollback tested").split(" ");
function fill(e) {
  for (var i = 0; i < e.count; i++) {
    var n = e.from + i;
    var text = e.words ? e.text + " #" + n + " (row " + (n + 2) + "): " + varied(n, e.words) : e.text + " " + n;
    try { notify(text); } catch (error) { return i; }
  }
  return e.count;
}
function burst(e) { for (var i = 1; i <= e.count; i++) notify("burst " + i + " " + e.pad); }
function fillCards(e) {
  for (var i = 0; i < e.count; i++) {
    // Each submission is a different person's: number the title so no two cards are the same.
    var message = JSON.parse(e.card);
    message.cardsV2[0].card.header.title += " #" + (e.from + i);
    try { notify(message); } catch (error) { return i; }
  }
  return e.count;
}
function spread(e) {
  for (var i = 1; i <= e.perSpace; i++) {
    for (var s = 0; s < e.spaces; s++) notify("space " + s + " message " + i, { webhook: "S" + s });
  }
}
`;

/** Builds the seed's dist/ from git history once; null when the history is not there. */
let seedDist: string | null | undefined;
export function seedBuild(): string | null {
  if (seedDist !== undefined) return seedDist;
  try {
    const dir = mkdtempSync(path.join(tmpdir(), "seed-outbox-"));
    const archive = execFileSync("git", ["archive", SEED_COMMIT], {
      cwd: ROOT,
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    execFileSync(process.execPath, ["esbuild.config.mjs"], { cwd: dir, stdio: "ignore" });
    seedDist = path.join(dir, "dist");
  } catch {
    seedDist = null;
  }
  return seedDist;
}

/** Counts the bytes every Properties read and write moves (getProperty, getProperties, set...). */
function meter(store: PropertyStore): { read: number; written: number } {
  const bytes = { read: 0, written: 0 };
  const size = (key: string, value: string | null | undefined) =>
    value == null ? 0 : Buffer.byteLength(key) + Buffer.byteLength(value);
  const get = store.get.bind(store);
  const toObject = store.toObject.bind(store);
  const replace = store.replace.bind(store);
  store.get = (key) => {
    const value = get(key);
    bytes.read += size(key, value);
    return value;
  };
  store.toObject = () => {
    const all = toObject();
    for (const [key, value] of Object.entries(all)) bytes.read += size(key, value);
    return all;
  };
  store.replace = (next) => {
    const before = toObject();
    for (const [key, value] of next) if (before[key] !== value) bytes.written += size(key, value);
    return replace(next);
  };
  return bytes;
}

/** A world on `distDir` (default this build) with the bench's user functions, webhook to SPACE. */
export function benchWorld(
  distDir: string | undefined,
  latency: LatencyProfileName,
  chatLatencyMs?: number,
): LocalWorld {
  const w = createLocalWorld({
    userCode: [USER_CODE],
    latency,
    ...(distDir ? { distDir } : {}),
    ...(chatLatencyMs === undefined ? {} : { chatLatencyMs }),
  });
  w.connectWebhook(SPACE);
  return w;
}

/**
 * Runs triggers until no deliverOutbox trigger is left or `maxMs` has passed: one-shots as they
 * come due, and the recurring backstop, which runUntilIdle does not wait for.
 */
export function deliverAll(w: LocalWorld, maxMs: number): void {
  const end = w.clock.now() + maxMs;
  for (;;) {
    w.project.runUntilIdle({ maxMs: Math.max(0, end - w.clock.now()) });
    if (!w.project.triggers.some((t) => t.handler === "deliverOutbox")) return;
    if (w.clock.now() >= end) return;
    w.project.advance(5 * 60_000);
  }
}

/** The notifications as they arrived: a request that carried several joined their lines. */
export function deliveredLines(w: LocalWorld, space: string): string[] {
  return w.chat.messages(space).flatMap((m) => (m.text ?? "").split("\n"));
}

export function count429(w: LocalWorld, space: string): number {
  return w.chat
    .requests(space)
    .filter((r) => r.answer.kind === "response" && r.answer.status === 429).length;
}

/** Properties calls of every execution so far, the user's and the triggers'. */
export function propertiesCalls(w: LocalWorld): number {
  return w.project.executions.reduce((sum, e) => sum + executionUse(e).propertiesReadWrite, 0);
}

export function triggerRuntime(w: LocalWorld): number {
  return w.project.executions
    .filter((e) => e.kind === "trigger")
    .reduce((sum, e) => sum + (e.endedAt - e.startedAt), 0);
}

export interface EnqueueFigures {
  readonly queued: number;
  readonly readKB: number;
  readonly writtenKB: number;
  readonly calls: number;
}

/** One notify() with `queued` notifications waiting (Chat down), bytes and calls. */
export function enqueueCost(
  distDir: string | undefined,
  queued: number,
  latency: LatencyProfileName,
): EnqueueFigures {
  const w = benchWorld(distDir, latency);
  // The outbox has run before: its state exists, as on any day but the first.
  w.project.run("one", { text: "warm-up" });
  w.project.advance(60_000);
  w.chat.injectFaults(
    SPACE,
    Array.from({ length: 5000 }, () => ({ status: 503 as const })),
  );
  // Typical rule texts: about 120 characters each.
  if (queued > 0) w.project.run("queueWhileDown", { count: queued, pad: "x".repeat(100) });
  const bytes = meter(w.project.scriptProperties);
  const result = w.project.run("one", { text: "one more" });
  return {
    queued,
    readKB: bytes.read / 1024,
    writtenKB: bytes.written / 1024,
    calls: Object.values(result.calls).reduce((a, b) => a + b, 0),
  };
}

export interface BurstFigures {
  readonly delivered: number;
  readonly requests: number;
  readonly status429: number;
  /** From the start of the producing execution to the last delivery. */
  readonly spanMs: number;
  /** The producing execution's own time: the user's loop of notify() calls. */
  readonly producerMs: number;
  /**
   * From the end of the producer (its last accepted notification) to the last delivery: an
   * execution runs to its end before any trigger fires, so this is the delivery phase.
   */
  readonly afterAcceptMs: number;
  readonly triggerRuntimeMs: number;
  readonly propertiesCallsPerNotification: number;
  readonly quota: QuotaUse;
}

/** 1,000 notifications to one space from one execution, then delivery to the end. */
export function burstCost(
  distDir: string | undefined,
  count: number,
  latency: LatencyProfileName,
): BurstFigures {
  const w = benchWorld(distDir, latency);
  const producer = w.project.run("burst", { count, pad: "x".repeat(100) });
  deliverAll(w, 24 * 60 * 60_000);
  const lastDelivery = w.chat.messages(SPACE).at(-1)?.createTime ?? producer.endedAt;
  return {
    delivered: new Set(deliveredLines(w, SPACE)).size,
    requests: w.chat.requests(SPACE).length,
    status429: count429(w, SPACE),
    spanMs: lastDelivery - producer.startedAt,
    producerMs: producer.endedAt - producer.startedAt,
    afterAcceptMs: lastDelivery - producer.endedAt,
    triggerRuntimeMs: triggerRuntime(w),
    propertiesCallsPerNotification: propertiesCalls(w) / count,
    quota: quotaUse(w.project),
  };
}

/** A notification to fill the store with: rule text, or a card message as the form rule posts it. */
/** A text (with `words`: followed by that many words that differ per notification), or a card. */
export type Filler = { readonly text: string; readonly words?: number } | { readonly card: object };

/**
 * How many notifications like `filler` the store holds while Chat is down (calls cost nothing
 * here), counting no further than `ceiling` (the bench's time): `reached` says it got there.
 */
export function capacity(
  distDir: string | undefined,
  filler: Filler,
  ceiling = Number.POSITIVE_INFINITY,
): { held: number; reached: boolean } {
  const w = benchWorld(distDir, "zero");
  w.chat.injectFaults(
    SPACE,
    Array.from({ length: 10 }, () => ({ status: 503 as const, retryAfterSeconds: 86_400 })),
  );
  const [fn, input] =
    "text" in filler
      ? ["fill", { text: filler.text, words: filler.words ?? 0 }]
      : ["fillCards", { card: JSON.stringify(filler.card) }];
  let held = 0;
  for (;;) {
    const count = Math.min(250, ceiling - held);
    if (count <= 0) return { held, reached: true };
    const result = w.project.run(fn, { count, from: held, ...input });
    const added = typeof result.value === "number" ? result.value : 0;
    held += added;
    if (added < count) return { held, reached: false };
  }
}
