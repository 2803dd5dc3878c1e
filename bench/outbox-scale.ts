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
import { quotaUse, type QuotaUse } from "./quota-share";

/** The seed's outbox: one JSON state read whole by every call. */
export const SEED_COMMIT = "1dd289f";

const ROOT = path.join(__dirname, "..");
const SPACE = "AAAAbench";

const USER_CODE = `
function queueWhileDown(e) { for (var i = 0; i < e.count; i++) notify("queued " + i + " " + e.pad); }
function one(e) { return notify(e.text); }
function fill(e) {
  for (var i = 0; i < e.count; i++) {
    try { notify(e.text + " " + (e.from + i)); } catch (error) { return i; }
  }
  return e.count;
}
function burst(e) { for (var i = 1; i <= e.count; i++) notify("burst " + i + " " + e.pad); }
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

function benchWorld(distDir: string | undefined, latency: LatencyProfileName): LocalWorld {
  const w = createLocalWorld({ userCode: [USER_CODE], latency, ...(distDir ? { distDir } : {}) });
  w.connectWebhook(SPACE);
  return w;
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
  readonly spanMs: number;
  readonly triggerRuntimeMs: number;
  readonly quota: QuotaUse;
}

/** 1,000 notifications to one space from one execution, then delivery to the end. */
export function burstCost(
  distDir: string | undefined,
  count: number,
  latency: LatencyProfileName,
): BurstFigures {
  const w = benchWorld(distDir, latency);
  const start = w.clock.now();
  w.project.run("burst", { count, pad: "x".repeat(100) });
  const end = start + 24 * 60 * 60_000;
  for (;;) {
    w.project.runUntilIdle({ maxMs: Math.max(0, end - w.clock.now()) });
    if (!w.project.triggers.some((t) => t.handler === "deliverOutbox")) break;
    if (w.clock.now() >= end) break;
    w.project.advance(5 * 60_000);
  }
  const messages = w.chat.messages(SPACE);
  const delivered = new Set(messages.flatMap((m) => (m.text ?? "").split("\n"))).size;
  const requests = w.chat.requests(SPACE);
  const triggerRuntimeMs = w.project.executions
    .filter((e) => e.kind === "trigger")
    .reduce((sum, e) => sum + (e.endedAt - e.startedAt), 0);
  return {
    delivered,
    requests: requests.length,
    status429: requests.filter((r) => r.answer.kind === "response" && r.answer.status === 429)
      .length,
    spanMs: (messages.at(-1)?.createTime ?? start) - start,
    triggerRuntimeMs,
    quota: quotaUse(w.project),
  };
}

/** How many notifications of `text` the store holds while Chat is down (calls cost nothing here). */
export function capacity(distDir: string | undefined, text: string): number {
  const w = benchWorld(distDir, "zero");
  w.chat.injectFaults(
    SPACE,
    Array.from({ length: 10 }, () => ({ status: 503 as const, retryAfterSeconds: 86_400 })),
  );
  let held = 0;
  for (;;) {
    const result = w.project.run("fill", { count: 250, from: held, text });
    const added = typeof result.value === "number" ? result.value : 0;
    held += added;
    if (added < 250) return held;
  }
}
