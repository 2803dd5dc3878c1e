// The project's triggers on dist/Code.js where Apps Script bites: a second editor (triggers belong
// to the account that made them), the 20-trigger limit, and a change of the script's time zone.
import type { LocalWorld } from "../../emulator/local-world";
import { buildWithConfig } from "../../scripts/build-variant";
import { valueOf, world, teamWorld } from "./world";

const OWNER = "owner@example.com";
const BOB = "bob@example.com";

function sheetWorld(options: Parameters<typeof world>[0] = {}): LocalWorld {
  return teamWorld(12, options);
}

function setup(w: LocalWorld, as = OWNER): string {
  return valueOf(w.project.run("setup", undefined, { kind: "menu", as })) as string;
}

function texts(w: LocalWorld): string[] {
  return w.chat.messages("AAAAteam").map((m) => m.text ?? cardTitle(m) ?? "");
}

function cardTitle(m: { cardsV2?: readonly unknown[] }): string | undefined {
  return (m.cardsV2?.[0] as { card?: { header?: { title?: string } } } | undefined)?.card?.header
    ?.title;
}

describe("a second editor", () => {
  it("cannot see the first editor's triggers, so their setup installs a second set", () => {
    const w = sheetWorld();
    setup(w);
    const first = w.project.triggers.length;
    setup(w, BOB);
    const owners = w.project.triggers.map((t) => t.owner);
    expect(owners.filter((o) => o === BOB)).toHaveLength(first);
    expect(owners.filter((o) => o === OWNER)).toHaveLength(first);
  });

  it("is told that their setup replaces the first editor's registration", () => {
    const w = sheetWorld();
    expect(setup(w)).not.toMatch(/replace/);
    expect(setup(w, BOB)).toMatch(
      /These triggers replace the ones owner@example\.com registered: theirs stay installed under their account but do nothing now; owner@example\.com can remove them with teardown\(\)/,
    );
  });

  it("running setup never makes an edit rule post twice", () => {
    const w = sheetWorld();
    setup(w);
    setup(w, BOB);
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "In progress" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(texts(w)).toEqual([expect.stringMatching(/T-2.*Blocked → In progress/)]);
    const edits = w.project.executions.filter((e) => e.functionName === "handleEdit");
    expect(edits.map((e) => e.value)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/not one of the set bob@example\.com registered/),
      ]),
    );
  });

  it("never doubles a change rule, a form rule or a digest either", () => {
    const w = sheetWorld();
    setup(w);
    setup(w, BOB);
    w.project.spreadsheet!.removeRows("Tasks", 5, 1);
    w.project.form!.submit(
      { Name: "Zoë", Team: "Ops", Systems: ["Chat"], Why: "rota" },
      { email: "zoe@example.com" },
    );
    w.project.advanceTo(Date.UTC(2026, 0, 6, 10, 0, 0));
    const all = texts(w);
    expect(new Set(all).size).toBe(all.length);
    // Monday's and Tuesday's 9:00 digests, once each.
    expect(all.filter((t) => /^Open tasks on/.test(t))).toHaveLength(2);
    const failed = w.project.executions.filter((e) => e.error);
    expect(failed).toEqual([]);
  });

  it("after the first editor's teardown, the second editor's set still works alone", () => {
    const w = sheetWorld();
    setup(w);
    setup(w, BOB);
    valueOf(w.project.run("teardown", undefined, { kind: "menu", as: OWNER }));
    expect(w.project.triggers.every((t) => t.owner === BOB)).toBe(true);
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "Done" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(texts(w)).toEqual([expect.stringMatching(/T-2.*→ Done/)]);
  });
});

describe("the 20-trigger limit", () => {
  it("refuses a config that leaves no room for the outbox's two triggers, saying how many fit", () => {
    const w = sheetWorld({ distDir: buildWithConfig("test/fixtures/configs/many-digests.ts") });
    const result = w.project.run("setup", undefined, { kind: "menu" });
    expect(result.error?.message).toMatch(
      /plus 2 kept free for the outbox's deliverOutbox triggers; Apps Script allows 20 per user per script, so at most 18/,
    );
    expect(w.project.triggers).toEqual([]);
  });
});

describe("a change of the script's time zone", () => {
  it("makes setup install the clock triggers again, so digests follow the new zone", () => {
    const w = sheetWorld();
    setup(w);
    w.project.setTimeZone("America/New_York");
    const summary = setup(w);
    expect(summary).toMatch(/time zone changed from Etc\/UTC to America\/New_York/);
    const clocks = w.project.triggers.filter((t) => t.source === "CLOCK");
    // The example's two digests, both at 9.
    expect(clocks.map((t) => t.schedule)).toEqual([
      expect.objectContaining({ kind: "days", hour: 9, timeZone: "America/New_York" }),
      expect.objectContaining({ kind: "days", hour: 9, timeZone: "America/New_York" }),
    ]);
    w.project.advanceTo(Date.UTC(2026, 0, 6, 16, 0, 0));
    const digests = w.chat
      .messages("AAAAteam")
      .filter((m) => /^Open tasks on/.test(cardTitle(m) ?? ""));
    // 9:xx in New York is 14:xx UTC, on Monday and Tuesday.
    expect(digests.map((m) => new Date(m.createTime).getUTCHours())).toEqual([14, 14]);
  });
});
