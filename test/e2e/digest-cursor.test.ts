// A damaged digest cursor in dist/Code.js: the digest still runs, says so, and goes on from a good
// cursor the next day.
import { cursorKey } from "../../src/rules/digest-run";
import { everythingLogged, teamWorld, valueOf } from "./world";

const CURSOR = cursorKey("new-requests");

describe("a damaged digest cursor in dist/Code.js", () => {
  it("neither stops the digests nor skips new rows, and says what happened", () => {
    const w = teamWorld();
    valueOf(w.project.run("setup"));
    w.project.form!.submit(
      { Name: "Ana", Team: "Ops", Systems: ["Chat"], Why: "work" },
      { email: "p@example.com" },
    );
    valueOf(w.project.run("sendDigestsNow", undefined, { kind: "menu" }));
    w.project.scriptProperties.set(CURSOR, '{"lastRow": 2, "lastKey": ');
    expect(String(valueOf(w.project.run("showStatus")))).toMatch(
      /Digest "new-requests": its cursor .* is damaged \(it is not JSON\)/,
    );
    w.project.form!.submit(
      { Name: "Ben", Team: "Ops", Systems: ["Chat"], Why: "work" },
      { email: "p@example.com" },
    );

    const summary = String(valueOf(w.project.run("sendDigestsNow", undefined, { kind: "menu" })));
    expect(summary).toMatch(
      /"new-requests": 2 row\(s\), (delivered|queued) \(its cursor.*was damaged: it is not JSON/,
    );
    expect(everythingLogged(w)).toMatch(
      /cursor, Script Property chat\.digest\.new-requests\.cursor, was damaged/,
    );
    expect(JSON.parse(w.project.scriptProperties.get(CURSOR)!)).toMatchObject({ lastRow: 3 });
    expect(String(valueOf(w.project.run("showStatus")))).not.toMatch(/damaged/);

    w.project.form!.submit(
      { Name: "Cy", Team: "Ops", Systems: ["Chat"], Why: "work" },
      { email: "p@example.com" },
    );
    const next = String(valueOf(w.project.run("sendDigestsNow", undefined, { kind: "menu" })));
    expect(next).toMatch(/"new-requests": 1 row\(s\), (delivered|queued)$/m);
  });
});
