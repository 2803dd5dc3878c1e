// The outbox as a hostile tester tries it, on dist/Code.js in the emulator: outages, a full store,
// damaged values, dead triggers, the trigger limit. Each case broke the seed's bundle (set
// FAULT_SUITE_DIST to another build's dist/ to run the suite against it).
import type { LocalWorld } from "../../emulator/local-world";
import { ACCESS_FORM, teamSpreadsheet } from "../../emulator/samples";
import type { ChatFault } from "../../emulator/chat";
import { runUntilDelivered, valueOf, world } from "./world";

const USER_CODE = `
function burst(e) {
  var results = [];
  for (var i = 1; i <= e.count; i++) {
    results.push(notify((e.prefix || "message") + " " + i, e.options || {}));
  }
  return results;
}
function once(e) {
  return notify(e.text, e.options || {});
}
function notifyHoldingLock(e) {
  var lock = LockService.getScriptLock();
  lock.waitLock(1000);
  notify(e.text);
  var held = lock.hasLock();
  lock.releaseLock();
  return held;
}
function fillTriggers(e) {
  for (var i = ScriptApp.getProjectTriggers().length; i < e.count; i++) {
    ScriptApp.newTrigger("noop").timeBased().everyHours(1).create();
  }
}
function deleteTriggersOf(e) {
  ScriptApp.getProjectTriggers().forEach(function (t) {
    if (t.getHandlerFunction() === e.handler) ScriptApp.deleteTrigger(t);
  });
}
function noop() {}
`;

const SPACE = "AAAAteam";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const dist = process.env.FAULT_SUITE_DIST;

function faultWorld(options: Parameters<typeof world>[0] = {}): LocalWorld {
  const w = world({ userCode: [USER_CODE], ...(dist ? { distDir: dist } : {}), ...options });
  w.connectWebhook(SPACE);
  return w;
}

/** The notifications as they arrived: a request that carried several joins their lines. */
function texts(w: LocalWorld): string[] {
  return w.chat.messages(SPACE).flatMap((m) => (m.text ?? m.fallbackText ?? "").split("\n"));
}

function numbered(count: number, prefix = "message"): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
}

function status(w: LocalWorld): string {
  return valueOf(w.project.run("showStatus")) as string;
}

/** Every request to the space answers `fault` for `ms`, then the space recovers. */
function outage(w: LocalWorld, ms: number, fault: ChatFault): void {
  w.chat.injectFaults(
    SPACE,
    Array.from({ length: 20_000 }, () => fault),
  );
  w.project.advance(ms);
  w.chat.clearFaults(SPACE);
}

function outboxKeys(w: LocalWorld, prefix = "chat.outbox.entry."): string[] {
  return w.project.scriptProperties.keys().filter((key) => key.startsWith(prefix));
}

function storeBytes(w: LocalWorld): number {
  return Object.entries(w.project.scriptProperties.toObject()).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
}

describe("outages", () => {
  it("holds a 3-hour 503 outage without Retry-After: 64 messages, 0 dead letters, in order", () => {
    const w = faultWorld();
    w.chat.injectFaults(
      SPACE,
      Array.from({ length: 20_000 }, () => ({ status: 503 as const })),
    );
    valueOf(w.project.run("burst", { count: 64 }));
    w.project.advance(3 * HOUR);
    w.chat.clearFaults(SPACE);
    const recoveredAt = w.clock.now();
    runUntilDelivered(w, 2 * HOUR);
    expect(texts(w)).toEqual(numbered(64));
    expect(status(w)).toMatch(/Dead letters: 0/);
    // Recovery is noticed within the 5-minute backoff cap.
    expect(w.chat.messages(SPACE)[0]!.createTime - recoveredAt).toBeLessThanOrEqual(5 * MINUTE);
  });

  it("holds a 23-hour outage: what was accepted at its start still arrives", () => {
    const w = faultWorld();
    w.chat.injectFaults(
      SPACE,
      Array.from({ length: 20_000 }, () => ({ status: 503 as const })),
    );
    valueOf(w.project.run("burst", { count: 5 }));
    w.project.advance(23 * HOUR);
    w.chat.clearFaults(SPACE);
    runUntilDelivered(w, 2 * HOUR);
    expect(texts(w)).toEqual(numbered(5));
    expect(status(w)).toMatch(/Dead letters: 0/);
  });

  it("does not let Retry-After: 0 burn the retries in a 1-minute 429 storm", () => {
    const w = faultWorld();
    valueOf(w.project.run("burst", { count: 10 }));
    outage(w, MINUTE, { status: 429, retryAfterSeconds: 0 });
    runUntilDelivered(w, 2 * HOUR);
    expect(texts(w)).toEqual(numbered(10));
    expect(status(w)).toMatch(/Dead letters: 0/);
  });

  it("clamps a Retry-After of 3 days: the message goes within 15 minutes of it", () => {
    const w = faultWorld();
    w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 3 * 24 * 3600 }]);
    const start = w.clock.now();
    valueOf(w.project.run("once", { text: "patient" }));
    runUntilDelivered(w, 2 * HOUR);
    expect(texts(w)).toEqual(["patient"]);
    expect(w.chat.messages(SPACE)[0]!.createTime - start).toBeLessThanOrEqual(16 * MINUTE);
  });
});

describe("a full store", () => {
  it("sends nothing it could not record when the store is 100 bytes short of full, and once room is made, exactly once", () => {
    const w = faultWorld();
    w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 60 }]);
    valueOf(w.project.run("once", { text: "recorded" }));
    // The user's own properties fill the store to 100 bytes short of 500 KB.
    let i = 0;
    while (500 * 1024 - storeBytes(w) > 9000) {
      w.project.scriptProperties.set(`user.archive.${i++}`, "x".repeat(8000));
    }
    const gap = 500 * 1024 - storeBytes(w) - 100 - `user.archive.${i}`.length;
    w.project.scriptProperties.set(`user.archive.${i}`, "x".repeat(gap));
    w.project.advance(24 * HOUR);
    expect(texts(w).length).toBeLessThanOrEqual(1);
    const full = status(w);
    expect(full).toMatch(/FULL: new notifications are refused/);
    w.project.scriptProperties.delete(`user.archive.${i}`);
    runUntilDelivered(w, HOUR);
    expect(texts(w)).toEqual(["recorded"]);
    expect(status(w)).toMatch(/Delivered: 1,/);
  });

  it("refuses when full with the real cause: counts the dead letters and names redeliverDeadLetters", () => {
    const w = faultWorld();
    w.chat.deleteWebhook(w.project.scriptProperties.get("CHAT_WEBHOOK_URL")!);
    let refused: string | undefined;
    for (let n = 0; n < 400 && refused === undefined; n++) {
      refused = w.project.run("once", { text: `${n} ${"x".repeat(3000)}` }).error?.message;
      w.project.advance(2000);
    }
    expect(refused).toMatch(
      /NOT accepted.*\d+ dead letter\(s\) take \d+ KB.*redeliverDeadLetters\(\)/,
    );
    expect(refused).not.toMatch(/deliverOutbox/);
    expect(status(w)).toMatch(/Script Properties: \d+ KB of 500 KB used/);
  });
});

describe("damaged values", () => {
  /** A waiting message "first", the damage, then "second". */
  function damaged(damage: (w: LocalWorld) => void) {
    const w = faultWorld();
    w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 60 }]);
    valueOf(w.project.run("once", { text: "first" }));
    damage(w);
    const second = w.project.run("once", { text: "second" });
    runUntilDelivered(w, 6 * HOUR);
    return { w, second };
  }

  const stateOf = (w: LocalWorld) => w.project.scriptProperties.get("chat.outbox.state")!;
  const setStateField = (w: LocalWorld, field: string, value: unknown) => {
    const [count, json] = stateOf(w).split(/\|(.*)/s);
    const state = JSON.parse(json!);
    state[field] = value;
    w.project.scriptProperties.set("chat.outbox.state", `${count}|${JSON.stringify(state)}`);
  };

  it.each([
    [
      "the state cut short",
      (w: LocalWorld) =>
        w.project.scriptProperties.set("chat.outbox.state", stateOf(w).slice(0, 20)),
    ],
    [
      "the state deleted",
      (w: LocalWorld) => w.project.scriptProperties.delete("chat.outbox.state"),
    ],
    ["stats set to null", (w: LocalWorld) => setStateField(w, "stats", null)],
    ["webhooks set to null", (w: LocalWorld) => setStateField(w, "webhooks", null)],
    ["nextSeq put back to 1", (w: LocalWorld) => setStateField(w, "nextSeq", 1)],
  ])(
    "with %s, no waiting message is overwritten or repeated, and every function runs",
    (_, damage) => {
      const { w, second } = damaged(damage);
      expect(second.error).toBeUndefined();
      expect([...texts(w)].sort()).toEqual(["first", "second"]);
      expect(status(w)).toMatch(/Queued: 0/);
      expect(w.project.run("redeliverDeadLetters").error).toBeUndefined();
    },
  );

  it("with a page copied by hand under a second name, its entry is sent once and the queue empties", () => {
    const { w } = damaged((w) => {
      const [key] = outboxKeys(w, "chat.outbox.page.");
      w.project.scriptProperties.set(`${key}-copy`, w.project.scriptProperties.get(key!)!);
    });
    expect(texts(w).filter((t) => t === "first")).toHaveLength(1);
    expect(texts(w).filter((t) => t === "second")).toHaveLength(1);
    expect(outboxKeys(w, "chat.outbox.page.")).toEqual([]);
  });

  it("with an entry stored alone copied under a second id, each is sent once and the queue empties", () => {
    const { w } = damaged((w) => {
      const [key] = outboxKeys(w, "chat.outbox.page.");
      const [member] = JSON.parse(w.project.scriptProperties.get(key!)!) as { i: string }[];
      const { i: _, ...fields } = member!;
      w.project.scriptProperties.set("chat.outbox.entry.e000000077", `1|${JSON.stringify(fields)}`);
    });
    expect(texts(w).filter((t) => t === "first")).toHaveLength(2);
    expect(texts(w).filter((t) => t === "second")).toHaveLength(1);
    expect(outboxKeys(w)).toEqual([]);
    expect(outboxKeys(w, "chat.outbox.page.")).toEqual([]);
  });

  it.each([
    ["a value that is not a page", "z!!!", "not a readable page of outbox entries"],
    [
      "an entry whose message is null",
      JSON.stringify([{ i: "e000000001", m: null, c: 1, p: "x" }]),
      'entry e000000001: field "message" is missing or of the wrong type',
    ],
    [
      "an entry without an id",
      JSON.stringify([{ m: { text: "x" } }]),
      "an entry without an outbox id",
    ],
  ])(
    "sets aside a page holding %s, lists it with a repair hint, and delivers the rest",
    (_, value, problem) => {
      let page = "";
      const { w, second } = damaged((w) => {
        page = outboxKeys(w, "chat.outbox.page.")[0]!;
        w.project.scriptProperties.set(page, value);
      });
      expect(second.error).toBeUndefined();
      expect(texts(w)).toEqual(["second"]);
      const text = status(w);
      expect(text).toContain(`Damaged outbox properties, set aside`);
      expect(text).toContain(`  ${page}: ${problem}`);
      expect(text).toMatch(/mend the value, or delete the property/);
      // What could not be read is kept as it was, for a person to look at.
      expect(w.project.scriptProperties.get(page)).toBe(value);
    },
  );

  it("sets aside an entry stored alone with a value that is not JSON, and delivers the rest", () => {
    const { w, second } = damaged((w) => {
      w.project.scriptProperties.set("chat.outbox.entry.e000000050", "1|{not json");
    });
    expect(second.error).toBeUndefined();
    expect([...texts(w)].sort()).toEqual(["first", "second"]);
    expect(status(w)).toMatch(
      /chat\.outbox\.entry\.e000000050: a piece is missing or it is not JSON/,
    );
  });

  it("sets aside a dead letter whose entry is null: status and redelivery still work", () => {
    const { w } = damaged((w) => {
      w.project.scriptProperties.set(
        "chat.outbox.dead.e000000050",
        `1|${JSON.stringify({ entry: null, reason: "x", deadAt: 1 })}`,
      );
    });
    expect([...texts(w)].sort()).toEqual(["first", "second"]);
    expect(status(w)).toMatch(/chat\.outbox\.dead\.e000000050: its entry: not an object/);
    expect(w.project.run("redeliverDeadLetters").error).toBeUndefined();
    expect(w.project.run("deliverOutbox").error).toBeUndefined();
  });
});

describe("triggers", () => {
  it("delivers a message whose notify() died during its own request, within minutes, once", () => {
    const w = faultWorld();
    const start = w.clock.now();
    w.project.killAt("UrlFetchApp.fetch", 1);
    const killed = w.project.run("once", { text: "survivor" });
    expect(killed.error?.message).toMatch(/Exceeded maximum execution time/);
    runUntilDelivered(w, HOUR);
    expect(texts(w)).toEqual(["survivor"]);
    // The backstop's 5 minutes, and the calls' own time.
    expect(w.chat.messages(SPACE)[0]!.createTime - start).toBeLessThanOrEqual(6 * MINUTE);
  });

  it("notices a pending trigger deleted by hand", () => {
    const w = faultWorld();
    w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 60 }]);
    valueOf(w.project.run("once", { text: "first" }));
    valueOf(w.project.run("deleteTriggersOf", { handler: "deliverOutbox" }));
    valueOf(w.project.run("once", { text: "second" }));
    runUntilDelivered(w, HOUR);
    expect([...texts(w)].sort()).toEqual(["first", "second"]);
  });

  it("strands nothing across teardown() and setup()", () => {
    const w = faultWorld({ spreadsheet: teamSpreadsheet(), form: ACCESS_FORM });
    valueOf(w.project.run("setup", undefined, { kind: "menu" }));
    w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 60 }]);
    valueOf(w.project.run("once", { text: "first" }));
    valueOf(w.project.run("teardown", undefined, { kind: "menu" }));
    valueOf(w.project.run("setup", undefined, { kind: "menu" }));
    valueOf(w.project.run("once", { text: "second" }));
    runUntilDelivered(w, HOUR);
    expect([...texts(w)].sort()).toEqual(["first", "second"]);
  });

  it("at the 20-trigger limit, notify() accepts without throwing, says why, and delivers once a trigger can be made", () => {
    const w = faultWorld();
    valueOf(w.project.run("fillTriggers", { count: 20 }));
    w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 60 }]);
    const first = w.project.run("once", { text: "first" });
    expect(first.error).toBeUndefined();
    expect(first.value).toMatchObject({ status: "retrying" });
    expect(status(w)).toMatch(/No deliverOutbox trigger could be created \(.*too many triggers/i);
    valueOf(w.project.run("deleteTriggersOf", { handler: "noop" }));
    valueOf(w.project.run("once", { text: "second" }));
    runUntilDelivered(w, HOUR);
    expect([...texts(w)].sort()).toEqual(["first", "second"]);
  });
});

describe("one trigger left", () => {
  it("delivers with the one trigger setup() leaves free: the backstop takes it", () => {
    const w = faultWorld();
    valueOf(w.project.run("fillTriggers", { count: 19 }));
    w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 60 }]);
    expect(w.project.run("once", { text: "first" }).error).toBeUndefined();
    expect(w.project.triggers.filter((t) => t.handler === "deliverOutbox")).toHaveLength(1);
    w.project.advance(HOUR);
    expect(texts(w)).toEqual(["first"]);
  });
});

describe("locks and best effort", () => {
  it("notify() leaves the caller's own script lock held", () => {
    const w = faultWorld();
    expect(valueOf(w.project.run("notifyHoldingLock", { text: "locked" }))).toBe(true);
    expect(texts(w)).toEqual(["locked"]);
  });

  it("a best-effort notification during an outage is tried once, never retried, never a dead letter", () => {
    const w = faultWorld();
    w.chat.injectFaults(SPACE, [{ status: 503 }, { status: 503 }]);
    const result = valueOf(w.project.run("once", { text: "fyi", options: { bestEffort: true } }));
    expect(result).toEqual({ id: null, status: "dropped" });
    runUntilDelivered(w, HOUR);
    expect(w.chat.requests(SPACE)).toHaveLength(1);
    const text = status(w);
    expect(text).toMatch(/best effort dropped: 1/);
    expect(text).toMatch(/Dead letters: 0/);
  });

  it("a best-effort notification that cannot go at once is dropped unsent", () => {
    const w = faultWorld();
    w.chat.injectFaults(SPACE, [{ status: 503, retryAfterSeconds: 60 }]);
    valueOf(w.project.run("once", { text: "waiting" }));
    const result = valueOf(w.project.run("once", { text: "fyi", options: { bestEffort: true } }));
    expect(result).toEqual({ id: null, status: "dropped" });
    runUntilDelivered(w, HOUR);
    expect(texts(w)).toEqual(["waiting"]);
    expect(w.chat.requests(SPACE)).toHaveLength(2); // the 503 and the retry: "fyi" never went
    expect(w.project.triggers).toEqual([]);
  });
});

describe("whole events", () => {
  it.each([
    [1000, 0, "all of it"],
    [300, 440, "what fits in a nearly full store, and tells the space about the rest"],
  ])("accepts of a %i-row paste (%i KB of other properties) %s", (rows, fillKB) => {
    const w = faultWorld({ spreadsheet: teamSpreadsheet(rows), form: ACCESS_FORM });
    valueOf(w.project.run("setup", undefined, { kind: "menu" }));
    for (let i = 0; i < fillKB / 8; i++) {
      w.project.scriptProperties.set(`user.archive.${i}`, "x".repeat(8 * 1024));
    }
    const edits = w.project.spreadsheet!.edit({
      sheet: "Tasks",
      range: `D2:D${rows + 1}`,
      values: Array.from({ length: rows }, () => ["Done"]),
    });
    expect(edits.every((e) => e.error === undefined)).toBe(true);
    runUntilDelivered(w, 12 * HOUR);
    const all = texts(w);
    const summary = all.find((t) => /more notification\(s\) did not fit/.test(t));
    const told = all.filter((t) => t.startsWith("📌")).length;
    const overflow = summary ? Number(/(\d+) more/.exec(summary)![1]) : 0;
    // A pasted range has no old values: every row is a change, and each is told or counted.
    expect(told + overflow).toBe(rows);
    if (fillKB === 0) expect(overflow).toBe(0);
    else expect(overflow).toBeGreaterThan(0);
  });
});
