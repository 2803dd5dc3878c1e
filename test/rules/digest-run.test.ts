import type { ChatMessage } from "../../src/chat/message";
import { DEFAULT_DELIVERY_OPTIONS } from "../../src/delivery/deliver";
import { OutboxView } from "../../src/delivery/outbox-store";
import { outboxStatus } from "../../src/delivery/status";
import type { DigestDefinition } from "../../src/rules/config-types";
import type { DigestCursor } from "../../src/rules/digest";
import { runDigest } from "../../src/app/digests";
import { cursorKey } from "../../src/rules/digest-run";
import { digestTrigger } from "../../src/triggers/digest-triggers";
import { RUN_DIGESTS } from "../../src/triggers/handlers";
import { RuleError } from "../../src/rules/rule-output";
import { specKey } from "../../src/triggers/plan";
import {
  chatError,
  chatSuccess,
  FakeClock,
  memoryDeliveryPorts,
  MemoryStore,
  runPendingTriggers,
  ScriptedHttp,
  WEBHOOK_A,
} from "../doubles/memory-ports";
import { MemorySheet, TASK_HEADERS, TASK_ROWS } from "../fixtures/tasks-sheet";

const RESPONSES = "Form Responses 1";
const RESPONSE_ROWS: string[][] = [
  ["Timestamp", "Email Address", "Name", "Team"],
  ["1/5/2026 9:12:44", "ana@example.com", "Ana Souza", "Platform"],
  ["1/5/2026 10:03:10", "wei.zhang@example.com", "张伟", "Data"],
  ["1/6/2026 14:55:01", "bob@example.com", "Bob Stone", "Platform"],
];
const DAN = ["1/8/2026 11:47:02", "dan@example.com", "Dan Okafor", "Data"];
const EVE = ["1/8/2026 16:05:30", "eve@example.com", "Eve Adeyemi", "Web"];

const openTasks: DigestDefinition = {
  name: "open-tasks",
  title: "{{count}} open tasks · {{date}}",
  schedule: { every: "day", atHour: 9 },
  sheet: "Tasks",
  filters: [{ column: "Status", is: "Open" }],
  sortBy: { column: "Due" },
  columns: ["Task", "Owner", "Due"],
};

const newRequests: DigestDefinition = {
  name: "new-access-requests",
  title: "New access requests ({{count}})",
  schedule: { every: "hours", hours: 1 },
  sheet: RESPONSES,
  columns: ["Name", "Email Address", "Team"],
  since: { newRows: true, keyColumn: "Timestamp" },
  format: "text",
};

function world() {
  const clock = new FakeClock();
  const store = new MemoryStore();
  store.values.set("CHAT_WEBHOOK_URL", WEBHOOK_A);
  /** The keys of each setMany call, in order. */
  const writes: string[][] = [];
  const setMany = store.setMany.bind(store);
  store.setMany = (values) => {
    writes.push(Object.keys(values));
    setMany(values);
  };
  const http = new ScriptedHttp(clock, () => chatSuccess());
  const ports = memoryDeliveryPorts(clock, store, http, 11);
  const { triggers } = ports;
  const sheet = new MemorySheet({
    Tasks: [TASK_HEADERS, ...TASK_ROWS],
    [RESPONSES]: RESPONSE_ROWS,
  });
  const context = { reader: sheet, ports, options: DEFAULT_DELIVERY_OPTIONS, date: "2026-01-09" };
  return {
    clock,
    store,
    writes,
    http,
    triggers,
    ports,
    sheet,
    // Each run reads the Script Properties afresh, as runDigests does when its trigger fires.
    run: (definition: DigestDefinition) =>
      runDigest(definition, { ...context, properties: store.getAll() }),
    sent: () => http.sent.map((s) => JSON.parse(s.request.body) as ChatMessage),
    cursor: (name: string): DigestCursor | undefined => {
      const stored = store.values.get(cursorKey(name));
      return stored === undefined ? undefined : (JSON.parse(stored) as DigestCursor);
    },
    status: () => outboxStatus(new OutboxView(store.getAll())),
    append: (row: string[]) => sheet.sheets.get(RESPONSES)!.push([...row]),
  };
}

describe("digest-run", () => {
  it("reads only the columns it uses and sends one card through the outbox", () => {
    const w = world();
    expect(w.run(openTasks)).toBe('digest "open-tasks": 3 row(s), delivered');
    // Task, Owner, Due, Status of 5 rows; not ID.
    expect(w.sheet.cellsRead).toBe(5 * 4);
    expect(w.http.sent).toHaveLength(1);
    expect(w.http.sent[0]!.request.url).toContain("/spaces/AAAA/messages");
    const [message] = w.sent();
    const card = message!.cardsV2![0]!;
    expect(card.cardId).toBe("digest-open-tasks");
    expect(card.card.header).toEqual({ title: "3 open tasks · 2026-01-09" });
    const lines = card.card.sections[0]!.widgets.map((w) =>
      "decoratedText" in w ? w.decoratedText.text : null,
    );
    // Open tasks by due date: T-1 (9th), T-3 (15th), T-5 (20th).
    expect(lines).toEqual([
      "Renew the SSL certificate",
      "Ship the Q1 report 📊",
      "Rotate on-call 🔁",
    ]);
    expect(JSON.stringify(card)).toContain(
      "https://docs.google.com/spreadsheets/d/1AbCdEf/edit#gid=0&range=A1",
    );
    expect(w.status()).toMatchObject({ queued: 0, delivered: 1 });
    // A digest of what is open keeps no cursor: it says it all again next time.
    expect(w.cursor("open-tasks")).toBeUndefined();
    w.clock.time += 24 * 60 * 60_000;
    expect(w.run(openTasks)).toBe('digest "open-tasks": 3 row(s), delivered');
    expect(w.http.sent).toHaveLength(2);
  });

  it("sends the digest to its thread, with its thread key filled", () => {
    const w = world();
    w.run({ ...openTasks, threadKey: "{{digest}}-{{date}}" });
    const { request } = w.http.sent[0]!;
    expect(JSON.parse(request.body).thread).toEqual({ threadKey: "open-tasks-2026-01-09" });
  });

  it("sends nothing, and writes nothing, when no row qualifies and there is no whenEmpty", () => {
    const w = world();
    const closed = { ...openTasks, filters: [{ column: "Status", is: "Cancelled" }] };
    expect(w.run(closed)).toBe('digest "open-tasks": nothing to send');
    expect(w.http.sent).toEqual([]);
    expect(w.writes).toEqual([]);
  });

  it("stores a new-rows digest's cursor in the same write that queues the message", () => {
    const w = world();
    expect(w.run(newRequests)).toBe('digest "new-access-requests": 3 row(s), delivered');
    expect(w.sent().map((m) => m.text)).toEqual([
      [
        "*New access requests (3)*",
        "• Ana Souza — Email Address: ana@example.com · Team: Platform",
        "• 张伟 — Email Address: wei.zhang@example.com · Team: Data",
        "• Bob Stone — Email Address: bob@example.com · Team: Platform",
      ].join("\n"),
    ]);
    expect(w.cursor(newRequests.name)).toEqual({ lastRow: 4, lastKey: "1/6/2026 14:55:01" });
    const key = cursorKey(newRequests.name);
    expect(key).toBe("chat.digest.new-access-requests.cursor");
    const withCursor = w.writes.filter((keys) => keys.includes(key));
    expect(withCursor).toHaveLength(1);
    expect(withCursor[0]!.some((k) => k.startsWith("chat.outbox.page."))).toBe(true);
  });

  it("a second run with no new rows sends nothing and keeps the cursor", () => {
    const w = world();
    w.run(newRequests);
    const cursor = w.cursor(newRequests.name);
    expect(w.run(newRequests)).toBe('digest "new-access-requests": nothing to send');
    expect(w.http.sent).toHaveLength(1);
    expect(w.cursor(newRequests.name)).toEqual(cursor);
  });

  it("a run after new rows sends only those", () => {
    const w = world();
    w.run(newRequests);
    w.append(DAN);
    w.append(EVE);
    w.clock.time += 60 * 60_000;
    expect(w.run(newRequests)).toBe('digest "new-access-requests": 2 row(s), delivered');
    expect(w.sent()[1]!.text).toBe(
      [
        "*New access requests (2)*",
        "• Dan Okafor — Email Address: dan@example.com · Team: Data",
        "• Eve Adeyemi — Email Address: eve@example.com · Team: Web",
      ].join("\n"),
    );
    expect(w.cursor(newRequests.name)).toEqual({ lastRow: 6, lastKey: "1/8/2026 16:05:30" });
  });

  it("finds the last-seen row by its key after rows above it were deleted", () => {
    const w = world();
    w.run(newRequests);
    w.sheet.sheets.get(RESPONSES)!.splice(1, 1); // Ana's row goes; Bob moves up to row 3.
    w.append(DAN);
    w.clock.time += 60 * 60_000;
    expect(w.run(newRequests)).toBe('digest "new-access-requests": 1 row(s), delivered');
    expect(w.sent()[1]!.text).toBe(
      "*New access requests (1)*\n• Dan Okafor — Email Address: dan@example.com · Team: Data",
    );
  });

  it("reads cells in proportion to the new rows, not to the sheet's rows", () => {
    const cellsForTenNew = (responses: number) => {
      const w = world();
      for (let i = 0; i < responses; i++) {
        w.append([`1/4/2026 ${i}`, `p${i}@example.com`, `Person ${i}`, "Ops"]);
      }
      w.run(newRequests);
      for (let i = 0; i < 10; i++)
        w.append([`1/9/2026 ${i}`, `n${i}@example.com`, `New ${i}`, "Web"]);
      w.clock.time += 60 * 60_000;
      const before = w.sheet.cellsRead;
      expect(w.run(newRequests)).toBe('digest "new-access-requests": 10 row(s), delivered');
      return w.sheet.cellsRead - before;
    };
    // The cursor's row, to check its key, and the 10 new ones; 4 used columns of 4.
    expect(cellsForTenNew(100)).toBe(11 * 4);
    expect(cellsForTenNew(5_000)).toBe(11 * 4);
  });

  it.each([
    ["not JSON", "{lastRow: 4"],
    ["not an object", "[4]"],
    ["a lastRow that is no row number", JSON.stringify({ lastRow: "4", lastKey: null })],
    ["a negative lastRow", JSON.stringify({ lastRow: -3, lastKey: null })],
    ["a lastKey that is no text", JSON.stringify({ lastRow: 4, lastKey: 17 })],
  ])(
    "survives a damaged cursor (%s): says so, covers the sheet once, then goes on",
    (_what, damaged) => {
      const w = world();
      w.store.values.set(cursorKey(newRequests.name), damaged);
      const summary = w.run(newRequests);
      expect(summary).toMatch(
        /^digest "new-access-requests": 3 row\(s\), delivered \(its cursor, Script Property chat\.digest\.new-access-requests\.cursor, was damaged: /,
      );
      expect(w.ports.logger.lines.filter((l) => l.level === "warn").map((l) => l.message)).toEqual([
        expect.stringMatching(/cursor.*was damaged/),
      ]);
      expect(w.cursor(newRequests.name)).toEqual({ lastRow: 4, lastKey: "1/6/2026 14:55:01" });
      w.append(DAN);
      w.clock.time += 60 * 60_000;
      expect(w.run(newRequests)).toBe('digest "new-access-requests": 1 row(s), delivered');
    },
  );

  it("keeps a cursor small when the key cell is huge, and still finds the row by it", () => {
    const w = world();
    const huge = `${"x".repeat(12_000)} 1/8/2026`;
    w.append([huge, "dan@example.com", "Dan Okafor", "Data"]);
    w.run(newRequests);
    const stored = w.store.values.get(cursorKey(newRequests.name))!;
    expect(stored.length).toBeLessThan(200);
    // Rows above are deleted, so the key must be searched for, by its fingerprint.
    w.sheet.sheets.get(RESPONSES)!.splice(1, 1);
    w.append(EVE);
    w.clock.time += 60 * 60_000;
    expect(w.run(newRequests)).toBe('digest "new-access-requests": 1 row(s), delivered');
    expect(w.sent()[1]!.text).toContain("Eve Adeyemi");
  });

  it("drops a repeated run of the same window as a duplicate", () => {
    const w = world();
    w.run(newRequests);
    const before = w.store.values.get(cursorKey(newRequests.name))!;
    w.append(DAN);
    w.clock.time += 60 * 60_000;
    w.run(newRequests);
    expect(w.http.sent).toHaveLength(2);
    // As if a second run had read the cursor before the first one moved it: same window.
    w.store.values.set(cursorKey(newRequests.name), before);
    w.clock.time += 5 * 60_000;
    expect(w.run(newRequests)).toBe('digest "new-access-requests": this window was already sent');
    expect(w.http.sent).toHaveLength(2);
    expect(w.status().queued).toBe(0);
    // The repeat wrote nothing: the cursor is the one the sent window left (here, as reset).
    expect(w.store.values.get(cursorKey(newRequests.name))).toBe(before);
  });

  it("throws a RuleError naming the digest when its sheet is missing, and writes nothing", () => {
    const w = world();
    const gone = { ...newRequests, sheet: "Form Responses 2" };
    expect(() => w.run(gone)).toThrow(RuleError);
    expect(() => w.run(gone)).toThrow(
      'Rule "new-access-requests": there is no sheet named "Form Responses 2". Fix the rule (in src/config.ts',
    );
    expect(w.writes).toEqual([]);
    expect(w.http.sent).toEqual([]);
  });

  it("moves no cursor when the outbox refuses the message (webhook not set)", () => {
    const w = world();
    w.store.values.delete("CHAT_WEBHOOK_URL");
    expect(() => w.run(newRequests)).toThrow("Script Property CHAT_WEBHOOK_URL is not set");
    expect(w.cursor(newRequests.name)).toBeUndefined();
    expect(w.status().queued).toBe(0);
  });

  it("on a 503, leaves the message queued to retry, with the cursor moved past its window", () => {
    const w = world();
    w.http.respond = () => chatError(503, "UNAVAILABLE", "The service is currently unavailable.");
    expect(w.run(newRequests)).toBe('digest "new-access-requests": 3 row(s), retrying');
    expect(w.status().queued).toBe(1);
    // The retry's one-shot, and the outbox's recurring backstop.
    expect(w.triggers.pending.size).toBe(2);
    expect(w.cursor(newRequests.name)).toEqual({ lastRow: 4, lastKey: "1/6/2026 14:55:01" });
    // The next digest does not repeat the window: the outbox holds it, and delivers it later.
    expect(w.run(newRequests)).toBe('digest "new-access-requests": nothing to send');
    w.http.respond = () => chatSuccess();
    runPendingTriggers(w.ports, DEFAULT_DELIVERY_OPTIONS, 1);
    expect(w.status()).toMatchObject({ queued: 0, delivered: 1 });
    const texts = w.sent().map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe(texts[0]);
    expect(texts[1]).toContain("• Bob Stone");
  });

  // Bug: the dedupe key is the window's row numbers, and rows deleted above shift those. One row
  // deleted and one added within the hour make a window with the same numbers as the last one: the
  // new row is dropped as a "duplicate" while the cursor moves past it, so it is never sent.
  it("sends new rows whose row numbers match an earlier window's", () => {
    const w = world();
    w.run(newRequests); // rows 2-4
    w.append(DAN); // row 5
    w.clock.time += 60 * 60_000;
    w.run(newRequests); // window 5-5
    w.sheet.sheets.get(RESPONSES)!.splice(1, 1); // Dan moves up to row 4
    w.append(EVE); // row 5 again
    w.clock.time += 60 * 60_000;
    expect(w.run(newRequests)).toBe('digest "new-access-requests": 1 row(s), delivered');
    expect(w.sent()[2]?.text).toContain("Eve Adeyemi");
  });

  // Bug: with no new row, every run's window is the same (from the row after the cursor to the
  // last row), so whenEmpty is sent once and then dropped as a duplicate for the 24-hour dedupe
  // window, though the digest asks for it at every run.
  it("sends whenEmpty at every run without new rows", () => {
    const w = world();
    const quiet = { ...newRequests, whenEmpty: "No new access requests" };
    w.run(quiet);
    w.clock.time += 60 * 60_000;
    expect(w.run(quiet)).toBe('digest "new-access-requests": 0 row(s), delivered');
    w.clock.time += 60 * 60_000;
    expect(w.run(quiet)).toBe('digest "new-access-requests": 0 row(s), delivered');
    expect(w.sent().map((m) => m.text)).toEqual([
      expect.stringContaining("New access requests (3)"),
      "No new access requests",
      "No new access requests",
    ]);
  });

  describe("digestTrigger", () => {
    it("is a clock trigger of runDigests, tagged with the digest's name", () => {
      expect(digestTrigger(openTasks)).toEqual({
        handler: RUN_DIGESTS,
        eventType: "CLOCK",
        source: "CLOCK",
        schedule: { every: "day", atHour: 9 },
        tag: "open-tasks",
      });
      expect(RUN_DIGESTS).toBe("runDigests");
    });

    it("gives two digests on one schedule different keys, and one digest the same key", () => {
      const morning = { every: "day", atHour: 9 } as const;
      const a = digestTrigger({ ...openTasks, schedule: morning });
      const b = digestTrigger({ ...newRequests, schedule: morning });
      expect(specKey(a)).not.toBe(specKey(b));
      expect(specKey(a)).toBe(specKey(digestTrigger({ ...openTasks })));
      expect(specKey(a)).not.toBe(
        specKey(digestTrigger({ ...openTasks, schedule: { every: "day", atHour: 10 } })),
      );
    });
  });
});
