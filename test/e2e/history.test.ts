// The history on dist/Code.js: one row per notification in the log sheet, each outcome of a
// fault run recorded, written once per execution, trimmed, and free of webhook tokens.
import type { LocalWorld } from "../../emulator/local-world";
import { teamSpreadsheet } from "../../emulator/samples";
import { HISTORY_HEADERS } from "../../src/history/history";
import { valueOf, world } from "./world";

const USER_CODE = `
function once(e) { return notify(e.text, e.options || {}); }
`;
const LOG = "Chat log";

/** `latency: "zero"` where a test looks at the log between executions, at exact times. */
function logWorld(latency?: "zero"): LocalWorld {
  const w = world({
    spreadsheet: teamSpreadsheet(12),
    userCode: [USER_CODE],
    ...(latency ? { latency } : {}),
  });
  w.connectWebhook("AAAAteam");
  valueOf(w.project.run("setup"));
  return w;
}

/** The log as a person reads it: header first, one row per notification. */
function log(w: LocalWorld): Record<string, string>[] {
  const [header, ...rows] = w.project.spreadsheet!.values(LOG).map((r) => r.map(String));
  expect(header).toEqual([...HISTORY_HEADERS]);
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i] ?? ""])));
}

describe("the history in a log sheet", () => {
  it("records every outcome of a fault run, then the final one of each notification", () => {
    const w = logWorld("zero");
    const ops = w.connectWebhook("AAAAops", "OPS");
    w.chat.injectFaults("AAAAteam", [{ status: 503 }]);
    w.chat.deleteWebhook(ops.url);
    valueOf(w.project.run("once", { text: "retried then delivered" }));
    valueOf(w.project.run("once", { text: "to a deleted webhook", options: { webhook: "OPS" } }));
    valueOf(w.project.run("once", { text: "first", options: { dedupeKey: "k1" } }));
    valueOf(w.project.run("once", { text: "again", options: { dedupeKey: "k1" } }));
    valueOf(
      w.project.run("once", {
        text: "reply to nothing",
        options: { threadKey: "no-such-thread", replyOption: "replyOrFail" },
      }),
    );
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "Done" });
    const early = log(w).map((r) => [r.Rule, r.Outcome]);
    expect(early).toEqual([
      ["notify()", "retrying"],
      ["notify()", "dead letter"], // sent at once: another space
      ["notify()", "queued"],
      ["notify()", "duplicate"],
      ["notify()", "queued"],
      ["task-status", "queued"],
    ]);

    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const rows = log(w);
    expect(rows.map((r) => [r.Rule, r.Space, r["Thread key"], r.Outcome])).toEqual([
      ["notify()", "spaces/AAAAteam", "", "delivered"],
      ["notify()", "spaces/AAAAops", "", "dead letter"],
      ["notify()", "spaces/AAAAteam", "", "delivered"],
      ["notify()", "spaces/AAAAteam", "", "duplicate"],
      ["notify()", "spaces/AAAAteam", "no-such-thread", "dropped"],
      ["task-status", "spaces/AAAAteam", "task-T-2", "delivered"],
    ]);
    expect(rows[1]!.Reason).toMatch(/403|PERMISSION_DENIED|permission/i);
    expect(rows[3]!.Reason).toMatch(/dedupe key/);
    expect(rows[4]!.Reason).toMatch(/no thread/);
    expect(rows.filter((r) => r.Outcome === "delivered").every((r) => r.Delivered !== "")).toBe(
      true,
    );
    expect(rows.every((r) => /^e\d+$|^$/.test(r.Notification ?? ""))).toBe(true);
    const everything = JSON.stringify(w.project.spreadsheet!.values(LOG));
    expect(everything).not.toContain(ops.token);
    expect(everything).not.toContain("token=");
    expect(w.project.spreadsheet!.formats(LOG).protections).toEqual([
      { warningOnly: true, description: expect.any(String) },
    ]);
  });

  it("writes a drain's outcomes in one call however many notifications it settles", () => {
    const w = logWorld();
    w.chat.injectFaults("AAAAteam", [{ status: 503 }, { status: 429 }, { status: 500 }]);
    // Not batched, so the drain takes many rounds.
    for (let i = 1; i <= 30; i++) {
      valueOf(w.project.run("once", { text: `message ${i}`, options: { batch: false } }));
    }
    w.project.runUntilIdle({ maxMs: 6 * 60 * 60_000 });
    expect(w.chat.messages("AAAAteam")).toHaveLength(30);
    expect(log(w).map((r) => r.Outcome)).toEqual(Array(30).fill("delivered"));
    const drains = w.project.executions.filter(
      (e) =>
        e.functionName === "deliverOutbox" &&
        !e.error &&
        (e.calls["UrlFetchApp.fetchAll"] ?? 0) + (e.calls["UrlFetchApp.fetch"] ?? 0) > 0,
    );
    expect(drains.length).toBeGreaterThan(0);
    for (const drain of drains) {
      expect(drain.calls["Range.setValues"]).toBe(1);
      expect(drain.calls["Range.getValues"]).toBe(1);
    }
    // Many rounds (one request a second), one write of their outcomes.
    expect(Math.max(...drains.map((d) => d.calls["UrlFetchApp.fetch"] ?? 0))).toBeGreaterThan(10);
  });

  it("keeps at most the configured number of rows, the newest last", () => {
    const w = logWorld();
    const ids: string[] = [];
    for (let i = 1; i <= 510; i++) {
      ids.push((valueOf(w.project.run("once", { text: `message ${i}` })) as { id: string }).id);
      w.project.advance(1_100);
    }
    expect(log(w).map((r) => r.Notification)).toEqual(ids.slice(10));
  });

  it("marks the notifications a coalesced burst carried as delivered with it", () => {
    const w = logWorld("zero");
    w.chat.injectFaults("AAAAteam", [{ status: 503 }]);
    for (let i = 1; i <= 5; i++) {
      valueOf(
        w.project.run("once", {
          text: `import ${i}`,
          options: { coalesce: { group: "imports", after: 2 } },
        }),
      );
    }
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(w.chat.messages("AAAAteam").map((m) => m.text!.split("\n").length)).toEqual([5]);
    // Retried, then sent with the four behind it: the outbox reports each one it carried.
    expect(log(w).map((r) => r.Outcome)).toEqual(Array(5).fill("delivered"));
  });
  it("writes text from cells as text: a thread key starting with = never becomes a formula", () => {
    const w = logWorld("zero");
    const threadKey = '=IMPORTRANGE("1Other","Secrets!A1")';
    w.chat.injectFaults("AAAAteam", [{ status: 503 }]); // its row is written again when it lands
    valueOf(w.project.run("once", { text: "first", options: { threadKey } }));
    valueOf(w.project.run("once", { text: "second", options: { threadKey: "-1" } }));
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual(["first", "second"]);
    expect(w.project.spreadsheet!.formats(LOG).formulas).toEqual({});
    const rows = log(w);
    expect(rows.map((r) => [r["Thread key"], r.Outcome])).toEqual([
      [threadKey, "delivered"],
      ["-1", "delivered"],
    ]);
  });
});
