// Kills an execution at every service call of notify(), of a drain and of a digest, on dist/Code.js:
// whatever was accepted arrives, nothing is left queued, and a message shows twice only where Chat
// stored it and the answer died with the execution.
import type { ExecutionResult } from "../../emulator/gas/runtime/host";
import type { LocalWorld } from "../../emulator/local-world";
import { ACCESS_FORM, teamSpreadsheet } from "../../emulator/samples";
import { runUntilDelivered, valueOf, world } from "./world";

const USER_CODE = `
function burst(e) {
  for (var i = 1; i <= e.count; i++) notify((e.prefix || "message") + " " + i);
}
function once(e) {
  return notify(e.text);
}
`;

const SPACE = "AAAAteam";
const HOUR = 60 * 60_000;
const dist = process.env.FAULT_SUITE_DIST;

interface Scenario {
  readonly name: string;
  /** The world, up to just before the execution under test. */
  readonly setup: () => LocalWorld;
  /** Runs until the execution under test has ended; returns it. */
  readonly target: (w: LocalWorld) => ExecutionResult;
  /** What must arrive once the dust settles, each found as part of a message. */
  readonly expected: readonly string[];
  /** The first expected text is the target's own: a kill before its acceptance excuses it. */
  readonly ownFirst: boolean;
  /** What runs next in life after the dust settles (a digest's next scheduled run). */
  readonly rerun?: (w: LocalWorld) => void;
}

function baseWorld(options: Parameters<typeof world>[0] = {}): LocalWorld {
  const w = world({ userCode: [USER_CODE], ...(dist ? { distDir: dist } : {}), ...options });
  w.connectWebhook(SPACE);
  return w;
}

function lastRun(w: LocalWorld, functionName: string): ExecutionResult {
  const runs = w.project.executions.filter((e) => e.functionName === functionName);
  return runs.at(-1)!;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: "notify() to an idle space",
    setup: () => baseWorld(),
    target: (w) => w.project.run("once", { text: "killed notify" }),
    expected: ["killed notify"],
    ownFirst: true,
  },
  {
    name: "notify() behind a waiting message",
    setup: () => {
      const w = baseWorld();
      w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 30 }]);
      valueOf(w.project.run("once", { text: "waiting" }));
      return w;
    },
    target: (w) => w.project.run("once", { text: "killed notify" }),
    expected: ["killed notify", "waiting"],
    ownFirst: true,
  },
  {
    name: "a drain of four messages",
    setup: () => {
      const w = baseWorld();
      valueOf(w.project.run("burst", { count: 5 }));
      return w;
    },
    target: (w) => {
      const before = w.project.executions.length;
      while (!w.project.executions.slice(before).some((e) => e.functionName === "deliverOutbox")) {
        w.project.advance(1000);
      }
      return w.project.executions.slice(before).find((e) => e.functionName === "deliverOutbox")!;
    },
    // Message 1 went at once, before the drain.
    expected: ["message 2", "message 3", "message 4", "message 5"],
    ownFirst: false,
  },
  {
    name: "a new-rows digest",
    setup: () => {
      const w = baseWorld({ spreadsheet: teamSpreadsheet(), form: ACCESS_FORM });
      valueOf(w.project.run("setup", undefined, { kind: "menu" }));
      w.project.form!.submit(
        { Name: "Ana", Team: "Ops", Systems: ["Chat"], Why: "on call" },
        { email: "ana@example.com" },
      );
      runUntilDelivered(w, HOUR);
      return w;
    },
    target: (w) => {
      w.project.run("runDigests");
      return lastRun(w, "runDigests");
    },
    // Killed before its message was accepted, the digest keeps its cursor: the next run sends it.
    rerun: (w) => void w.project.run("runDigests"),
    expected: ["Access requests since the last digest"],
    ownFirst: false,
  },
];

/** Every service call of the execution, as (name, nth) points to kill at. */
function killPoints(result: ExecutionResult): [string, number][] {
  return Object.entries(result.calls).flatMap(([name, count]) =>
    Array.from({ length: count }, (_, i) => [name, i + 1] as [string, number]),
  );
}

function textOf(message: { text?: string; fallbackText?: string; cardsV2?: readonly unknown[] }) {
  return message.text ?? message.fallbackText ?? JSON.stringify(message.cardsV2);
}

interface Verdict {
  readonly point: string;
  readonly stranded: string[];
  readonly duplicates: string[];
  readonly unexplainedDuplicates: string[];
}

/** Where queued notifications are stored: pages of several, or one alone under its id. */
const isQueueKey = (key: string) =>
  key.startsWith("chat.outbox.page.") || key.startsWith("chat.outbox.entry.");

function killAt(scenario: Scenario, [name, nth]: [string, number]): Verdict {
  const w = scenario.setup();
  const before = new Set(w.chat.messages(SPACE).map((m) => m.name));
  const entries = () => w.project.scriptProperties.keys().filter(isQueueKey);
  const queuedBefore = new Set(entries());
  w.project.killAt(name, nth);
  const killed = scenario.target(w);
  const accepted = entries().some((key) => !queuedBefore.has(key));
  runUntilDelivered(w, 30 * HOUR);
  if (scenario.rerun) {
    scenario.rerun(w);
    runUntilDelivered(w, 30 * HOUR);
  }
  const messages = w.chat.messages(SPACE).filter((m) => !before.has(m.name));
  // Requests that reached Chat during the killed execution: their answers died with it.
  const lostAnswers = new Set(
    w.chat
      .requests(SPACE)
      .filter((r) => r.time >= killed.startedAt && r.time <= killed.endedAt && r.messageName)
      .map((r) => r.messageName!),
  );
  // Only what the scenario is about: a digest's re-run also sends the day's other digest again.
  const relevant = messages.filter((m) =>
    scenario.expected.some((text) => JSON.stringify(m).includes(text)),
  );
  // A request that carried several notifications joined their lines.
  const linesOf = (m: (typeof relevant)[number]) => textOf(m).split("\n");
  const counts = new Map<string, number>();
  for (const m of relevant)
    for (const line of linesOf(m)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([text]) => text);
  const unexplainedDuplicates = duplicates.filter(
    (text) =>
      (counts.get(text) ?? 0) > 2 ||
      !relevant.some((m) => linesOf(m).includes(text) && lostAnswers.has(m.name)),
  );
  const wasKilled = /Exceeded maximum execution time/.test(killed.error?.message ?? "");
  const arrived = (text: string) => relevant.some((m) => JSON.stringify(m).includes(text));
  // Killed before its acceptance was written, the target accepted nothing: its caller saw it fail.
  const mustArrive = scenario.expected.filter(
    (text, i) => i > 0 || !scenario.ownFirst || !wasKilled || accepted || arrived(text),
  );
  const stranded = [
    ...mustArrive.filter((text) => !arrived(text)),
    ...w.project.scriptProperties
      .keys()
      .filter(isQueueKey)
      .map((key) => `left queued: ${key}`),
  ];
  return { point: `${name}#${nth}`, stranded, duplicates, unexplainedDuplicates };
}

describe("kill matrix", () => {
  const totals = { points: 0, stranded: 0, duplicates: 0 };

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "%s: killed at every service call, strands nothing and duplicates only at lost answers",
    (_, scenario) => {
      const clean = scenario.target(scenario.setup());
      expect(clean.error).toBeUndefined();
      const points = killPoints(clean);
      expect(points.length).toBeGreaterThan(3);
      const verdicts = points.map((point) => killAt(scenario, point));
      totals.points += verdicts.length;
      totals.stranded += verdicts.filter((v) => v.stranded.length > 0).length;
      totals.duplicates += verdicts.filter((v) => v.duplicates.length > 0).length;
      expect(verdicts.filter((v) => v.stranded.length > 0)).toEqual([]);
      expect(verdicts.filter((v) => v.unexplainedDuplicates.length > 0)).toEqual([]);
    },
  );

  afterAll(() => {
    // The closing note quotes these.
    console.info(
      `kill matrix: ${totals.points} kill points, ${totals.stranded} stranded, ` +
        `${totals.duplicates} with a duplicate at a lost answer`,
    );
  });
});
