// Triggers belong to the account that made them: what a second editor of the project sees and
// causes, on dist/Code.js.
import type { LocalWorld } from "../../emulator/local-world";
import { ACCESS_FORM, teamSpreadsheet } from "../../emulator/samples";
import { valueOf, world } from "./world";

const BOB = "bob@example.com";

function sheetWorld(): LocalWorld {
  const w = world({ spreadsheet: teamSpreadsheet(12), form: ACCESS_FORM });
  w.connectWebhook("AAAAteam");
  valueOf(w.project.run("setup", undefined, { kind: "menu" }));
  return w;
}

describe("a second editor", () => {
  it("cannot see the first editor's triggers, so their setup installs a second set", () => {
    const w = sheetWorld();
    const first = w.project.triggers.length;
    valueOf(w.project.run("setup", undefined, { kind: "menu", as: BOB }));
    const owners = w.project.triggers.map((t) => t.owner);
    expect(owners.filter((o) => o === BOB)).toHaveLength(first);
    expect(owners.filter((o) => o !== BOB)).toHaveLength(first);
  });

  it.failing("running setup never makes an edit rule post twice (issue 11)", () => {
    const w = sheetWorld();
    valueOf(w.project.run("setup", undefined, { kind: "menu", as: BOB }));
    w.project.spreadsheet!.edit({ sheet: "Tasks", range: "D3", values: "In progress" });
    w.project.runUntilIdle({ maxMs: 60 * 60_000 });
    expect(w.chat.messages("AAAAteam").map((m) => m.text)).toEqual([
      expect.stringMatching(/T-2.*Blocked → In progress/),
    ]);
  });
});
