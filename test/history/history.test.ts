import { OutboxView } from "../../src/delivery/outbox-store";
import type { OutboxEntry } from "../../src/delivery/outbox-types";
import type { DeliveryReport } from "../../src/delivery/deliver";
import { toNotification } from "../../src/delivery/notification";
import {
  acceptedRows,
  coalescedUpdate,
  HistoryRecorder,
  outcomeUpdates,
  type HistoryLog,
  type HistoryRow,
  type HistoryUpdate,
} from "../../src/history/history";

const TOKEN = "FAKEtoken-for-tests1%3D";
const url = (space: string) =>
  `https://chat.googleapis.com/v1/spaces/${space}/messages?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=${TOKEN}`;
const PROPERTIES = { CHAT_WEBHOOK_URL: url("AAAAteam"), CHAT_WEBHOOK_URL_OPS: url("AAAAops") };

function entry(id: string): OutboxEntry {
  return {
    id,
    webhook: null,
    message: { text: "x" },
    threadKey: null,
    replyOption: null,
    partsThreadKey: `${id}-p`,
    createdAt: 0,
    dedupeKey: null,
    coalesce: null,
    partsSent: 0,
    attempts: 1,
    firstAttemptAt: 0,
    nextAttemptAt: 5_000,
    leaseUntil: null,
    lastError: "503 UNAVAILABLE: try later",
  };
}

/** Properties holding e2 queued (retrying) and e3 as a dead letter. */
function outboxProperties(): Record<string, string> {
  const view = new OutboxView(PROPERTIES);
  view.putEntry(entry("e2"));
  view.putDeadLetter({ entry: entry("e3"), reason: "403 PERMISSION_DENIED", deadAt: 1 });
  return { ...PROPERTIES, ...view.changes().write };
}

const items = [
  { rule: "task-status", notification: toNotification("a", { threadKey: "task-T-1" }) },
  { notification: toNotification("b") },
  { rule: "ops", notification: toNotification("c", { webhook: "OPS" }) },
  { rule: "form", notification: toNotification("d"), dedupeKey: "k" },
  {
    rule: "reply",
    notification: toNotification("e", { threadKey: "t", replyOption: "replyOrFail" }),
  },
];

const report: DeliveryReport = {
  accepted: [
    { kind: "queued", id: "e1" },
    { kind: "queued", id: "e2" },
    { kind: "queued", id: "e3" },
    { kind: "duplicate", dedupeKey: "k" },
    { kind: "queued", id: "e4" },
  ],
  outcomes: { e1: "delivered", e2: "retrying", e3: "dead-letter", e4: "not-sent-no-thread" },
  rounds: 1,
  requests: 4,
};

describe("the history's rows", () => {
  it("gives each accepted notification its rule, space, thread key, outcome and reason", () => {
    const rows = acceptedRows(items, report, 1_000, outboxProperties());
    expect(
      rows.map((r) => [r.id, r.rule, r.space, r.threadKey, r.outcome, r.reason, r.deliveredAt]),
    ).toEqual([
      ["e1", "task-status", "spaces/AAAAteam", "task-T-1", "delivered", "", 1_000],
      ["e2", "notify()", "spaces/AAAAteam", "", "retrying", "503 UNAVAILABLE: try later", null],
      ["e3", "ops", "spaces/AAAAops", "", "dead letter", "403 PERMISSION_DENIED", null],
      ["", "form", "spaces/AAAAteam", "", "duplicate", expect.stringMatching(/dedupe key/), null],
      ["e4", "reply", "spaces/AAAAteam", "t", "dropped", expect.stringMatching(/no thread/), null],
    ]);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });

  it("turns a drain's outcomes into updates, and says when a burst carried a row", () => {
    expect(outcomeUpdates({ ...report, accepted: [] }, 2_000, null)[0]).toEqual({
      id: "e1",
      outcome: "delivered",
      reason: "",
      deliveredAt: 2_000,
    });
    const properties = outboxProperties();
    expect(coalescedUpdate("e2", properties)).toBeNull(); // still queued
    expect(coalescedUpdate("e3", properties)).toBeNull(); // a dead letter
    expect(coalescedUpdate("e9", properties)?.outcome).toBe("coalesced");
  });

  it("writes an execution's history once per kind, and a failing log never throws", () => {
    const writes: string[] = [];
    const log: HistoryLog = {
      append: (rows: readonly HistoryRow[]) => writes.push(`append ${rows.length}`),
      update: (updates: readonly HistoryUpdate[]) => writes.push(`update ${updates.length}`),
    };
    const recorder = new HistoryRecorder(
      log,
      () => 0,
      () => PROPERTIES,
    );
    const first = { ...report, accepted: report.accepted.slice(0, 1), outcomes: {} };
    const second = { ...report, accepted: report.accepted.slice(1, 2), outcomes: {} };
    recorder.accepted(items.slice(0, 1), first);
    recorder.accepted(items.slice(1, 2), second);
    recorder.drained({ ...report, accepted: [], outcomes: { e1: "delivered" } });
    recorder.flush(() => undefined);
    recorder.flush(() => undefined);
    expect(writes).toEqual(["append 2", "update 1"]);

    const errors: string[] = [];
    const broken = new HistoryRecorder(
      {
        append: () => {
          throw new Error("sheet is gone");
        },
        update: () => undefined,
      },
      () => 0,
      () => PROPERTIES,
    );
    broken.accepted(items.slice(0, 1), first);
    broken.flush((message) => errors.push(message));
    expect(errors).toEqual(["The Chat log sheet could not be written: sheet is gone"]);
  });

  it("updates the rows of older entries that a new notification's round sent along", () => {
    const appended: HistoryRow[] = [];
    const updated: HistoryUpdate[] = [];
    const recorder = new HistoryRecorder(
      { append: (rows) => appended.push(...rows), update: (updates) => updated.push(...updates) },
      () => 7,
      () => PROPERTIES,
    );
    recorder.accepted(items.slice(0, 1), {
      accepted: [{ kind: "queued", id: "e5" }],
      outcomes: { e5: "delivered", e1: "delivered" },
      rounds: 1,
      requests: 2,
    });
    recorder.flush(() => undefined);
    expect(appended.map((r) => [r.id, r.outcome])).toEqual([["e5", "delivered"]]);
    expect(updated).toEqual([{ id: "e1", outcome: "delivered", reason: "", deliveredAt: 7 }]);
  });
});
