// The example digests of src/config.ts on dist/Code.js, over simulated days.
import type { LocalWorld } from "../../emulator/local-world";
import { teamSpreadsheet } from "../../emulator/samples";
import { MAX_REQUEST_BYTES, utf8ByteLength } from "../../src/chat/limits";
import { buildWithConfig } from "../../scripts/build-variant";
import { cardsOf, valueOf, world, teamWorld } from "./world";

function digestWorld(rows = 12): LocalWorld {
  const w = teamWorld(rows);
  valueOf(w.project.run("setup"));
  return w;
}

function cardTitled(w: LocalWorld, prefix: string) {
  return w.chat
    .messages("AAAAteam")
    .filter((m) => cardsOf(m)[0]?.card.header?.title.startsWith(prefix));
}

function names(message: { cardsV2?: readonly unknown[] }): string[] {
  return cardsOf(message)[0]!.card.sections.flatMap((s) =>
    s.widgets.flatMap((w) => ("decoratedText" in w ? [w.decoratedText.text] : [])),
  );
}

describe("digests end to end", () => {
  it("sends the new-requests digest once a day at 9 for a week, each request exactly once", () => {
    const w = digestWorld();
    // Monday 08:00 UTC. Requests arrive at 10:00 and 16:00 each day; digests run between 9 and 10.
    const submitted: string[][] = [];
    for (let day = 0; day < 7; day++) {
      const today: string[] = [];
      for (const hour of [10, 16]) {
        w.project.advanceTo(Date.UTC(2026, 0, 5 + day, hour, 0, 0));
        const name = `Person ${day}-${hour}`;
        w.project.form!.submit(
          { Name: name, Team: "Ops", Systems: ["Chat"], Why: "work" },
          { email: "p@example.com" },
        );
        today.push(name);
      }
      submitted.push(today);
    }
    w.project.advanceTo(Date.UTC(2026, 0, 12, 10, 0, 0));
    const digests = cardTitled(w, "Access requests since the last digest");
    // Monday 9:00 had nothing new (no message); Tuesday to the next Monday, one each.
    expect(digests).toHaveLength(7);
    digests.forEach((message, day) => {
      expect(names(message)).toEqual(submitted[day]);
      expect(new Date(message.createTime).getUTCHours()).toBe(9);
    });
    const runs = w.project.executions.filter((e) => e.functionName === "runDigests");
    expect(runs).toHaveLength(16); // two digests a day, 8 mornings
    expect(runs.filter((r) => r.error)).toEqual([]);
  });

  it("groups and limits the open-tasks digest within Chat's limits, with 'and N more'", () => {
    const w = digestWorld(1000);
    valueOf(w.project.run("sendDigestsNow", undefined, { kind: "menu" }));
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const [digest] = cardTitled(w, "Open tasks on");
    const card = cardsOf(digest!)[0]!.card;
    expect(card.header?.title).toMatch(/^Open tasks on Mon 5 Jan 2026: 750$/);
    const widgets = card.sections.flatMap((s) => s.widgets);
    expect(widgets.length).toBeLessThanOrEqual(100);
    expect(names(digest!)).toHaveLength(25);
    const groups = card.sections.map((s) => s.header).filter(Boolean);
    expect(groups.length).toBeGreaterThan(1);
    for (const header of groups) expect(header).toMatch(/^[a-z]+@example\.com \(\d+\)$/);
    expect(JSON.stringify(widgets)).toContain("…and 725 more");
    expect(utf8ByteLength(JSON.stringify(digest))).toBeLessThan(MAX_REQUEST_BYTES);
  });

  it("retries a 503 at 9:00 and keeps the window: the requests arrive once, later", () => {
    const w = digestWorld();
    w.project.advanceTo(Date.UTC(2026, 0, 5, 12, 0, 0));
    w.project.form!.submit(
      { Name: "Ana", Team: "Ops", Systems: ["Drive"], Why: "x" },
      { email: "a@example.com" },
    );
    w.project.advanceTo(Date.UTC(2026, 0, 6, 8, 59, 0));
    w.chat.injectFaults("AAAAteam", [{ status: 503 }, { status: 503 }]);
    w.project.advanceTo(Date.UTC(2026, 0, 6, 12, 0, 0));
    const digests = cardTitled(w, "Access requests since the last digest");
    expect(digests.map(names)).toEqual([["Ana"]]);
    // The next morning has nothing new: the window moved on with the accepted message.
    w.project.advanceTo(Date.UTC(2026, 0, 7, 12, 0, 0));
    expect(cardTitled(w, "Access requests since the last digest")).toHaveLength(1);
  });

  it("costs the same Sheets calls for 100,000 rows as for 10", () => {
    const calls = [10, 100_000].map((rows) => {
      const w = digestWorld(rows);
      const run = w.project.run("sendDigestsNow", undefined, { kind: "menu" });
      valueOf(run);
      // The reader, the language, the log and the dialog share one answer in an execution.
      expect(run.calls["SpreadsheetApp.getActiveSpreadsheet"]).toBe(1);
      return Object.entries(run.calls)
        .filter(([name]) => /^(SpreadsheetApp|Spreadsheet|Sheet|Range)\./.test(name))
        .reduce((sum, [, count]) => sum + count, 0);
    });
    expect(calls[1]).toBe(calls[0]);
    // At most 18 for the two digests' reads (per digest: the last row, the header row's 3 calls,
    // one read of the used columns of its window; the sheet's link); 2 read the spreadsheet's locale
    // (the digest's own words and date), 2 look for the rules sheet, and 12 make the log sheet on
    // first use and write its rows once.
    expect(calls[0]).toBeLessThanOrEqual(18 + 2 + 2 + 12);
  });

  it("sends a weekly digest every Monday at 8 for four weeks, with that week's open tasks", () => {
    const w = world({
      distDir: buildWithConfig("test/fixtures/configs/weekly-digest.ts"),
      spreadsheet: teamSpreadsheet(12),
      start: Date.UTC(2026, 0, 4, 12, 0, 0), // a Sunday
    });
    w.connectWebhook("AAAAteam");
    valueOf(w.project.run("setup", undefined, { kind: "menu" }));
    expect(w.project.triggers.map((t) => t.schedule)).toEqual([
      expect.objectContaining({ kind: "weeks", every: 1, hour: 8, isoWeekDay: 1 }),
    ]);
    const openCounts: number[] = [];
    for (let week = 0; week < 4; week++) {
      // Each Wednesday someone finishes one more open task.
      w.project.advanceTo(Date.UTC(2026, 0, 7 + 7 * week, 15, 0, 0));
      const open = w.project
        .spreadsheet!.values("Tasks")
        .findIndex((row, i) => i > 0 && row[3] !== "Done");
      w.project.spreadsheet!.edit({ sheet: "Tasks", range: `D${open + 1}`, values: "Done" });
    }
    w.project.advanceTo(Date.UTC(2026, 1, 2, 12, 0, 0));
    const digests = cardTitled(w, "Open tasks, week of");
    for (const message of digests) {
      const at = new Date(message.createTime);
      expect([at.getUTCDay(), at.getUTCHours()]).toEqual([1, 8]);
      openCounts.push(Number(/: (\d+)$/.exec(cardsOf(message)[0]!.card.header!.title)![1]));
    }
    // Mondays 5, 12, 19 and 26 January and 2 February; one task fewer each week.
    expect(digests.map((m) => new Date(m.createTime).getUTCDate())).toEqual([5, 12, 19, 26, 2]);
    expect(openCounts).toEqual([9, 8, 7, 6, 5]);
  });
});
