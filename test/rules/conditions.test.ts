import { conditionProblem, matchesCondition } from "../../src/rules/conditions";
import type { CellChange } from "../../src/rules/config-types";

const row = { ID: "T-7", Task: "Renew the SSL certificate", Owner: "ana@example.com" };

/** A single-cell edit (old known) or, with old undefined, a paste. */
function change(old: string | undefined, next: string): CellChange {
  return { old, new: next, row: { ...row, Status: next } };
}

describe("conditions", () => {
  describe("matchesCondition: no condition means any change", () => {
    test("a changed value matches", () => {
      expect(matchesCondition(undefined, change("Open", "Done"))).toBe(true);
    });

    test("retyping the same value, even in other case or with spaces, does not", () => {
      expect(matchesCondition(undefined, change("Done", "Done"))).toBe(false);
      expect(matchesCondition(undefined, change("done ", " DONE"))).toBe(false);
    });

    test("a paste (old value unknown) matches", () => {
      expect(matchesCondition(undefined, change(undefined, "Done"))).toBe(true);
    });
  });

  describe("matchesCondition: becomes", () => {
    const becomesDone = { becomes: "Done" };

    test("matches when the new value is the one watched for and the old one was not", () => {
      expect(matchesCondition(becomesDone, change("Open", "Done"))).toBe(true);
      expect(matchesCondition(becomesDone, change("", "Done"))).toBe(true);
    });

    test("compares trimmed and ignoring case", () => {
      expect(matchesCondition(becomesDone, change("Open", "  done "))).toBe(true);
      expect(matchesCondition(becomesDone, change("Open", "DONE"))).toBe(true);
    });

    test("does not match when it already was that value (a retype in other case)", () => {
      expect(matchesCondition(becomesDone, change("done", "Done"))).toBe(false);
      expect(matchesCondition(becomesDone, change("Done ", "DONE"))).toBe(false);
    });

    test("does not match other values", () => {
      expect(matchesCondition(becomesDone, change("Open", "Blocked"))).toBe(false);
      expect(matchesCondition(becomesDone, change("Open", "Done soon"))).toBe(false);
    });

    test("with the old value unknown (a paste), matches on the new value alone", () => {
      expect(matchesCondition(becomesDone, change(undefined, "Done"))).toBe(true);
      expect(matchesCondition(becomesDone, change(undefined, "Open"))).toBe(false);
    });

    test("a list accepts any of its values, and a move between two of them is not a match", () => {
      const closed = { becomes: ["Done", "Cancelled", "完了"] };
      expect(matchesCondition(closed, change("Open", "cancelled"))).toBe(true);
      expect(matchesCondition(closed, change("Open", "完了"))).toBe(true);
      expect(matchesCondition(closed, change("Done", "Cancelled"))).toBe(false);
      expect(matchesCondition(closed, change("Open", "Blocked"))).toBe(false);
    });
  });

  describe("matchesCondition: from / to", () => {
    test("from and to both have to hold", () => {
      const reopened = { from: "Done", to: ["Open", "In progress"] };
      expect(matchesCondition(reopened, change("Done", "Open"))).toBe(true);
      expect(matchesCondition(reopened, change(" done", "in progress "))).toBe(true);
      expect(matchesCondition(reopened, change("Blocked", "Open"))).toBe(false);
      expect(matchesCondition(reopened, change("Done", "Blocked"))).toBe(false);
    });

    test("only to: any old value, but not the same one again", () => {
      const toBlocked = { to: "Blocked" };
      expect(matchesCondition(toBlocked, change("Open", "Blocked"))).toBe(true);
      expect(matchesCondition(toBlocked, change(undefined, "Blocked"))).toBe(true);
      expect(matchesCondition(toBlocked, change("blocked", "Blocked"))).toBe(false);
    });

    test("only from: any new value", () => {
      const leftOpen = { from: "Open" };
      expect(matchesCondition(leftOpen, change("Open", "Done"))).toBe(true);
      expect(matchesCondition(leftOpen, change("Open", ""))).toBe(true);
      expect(matchesCondition(leftOpen, change("Done", "Open"))).toBe(false);
    });

    test("from cannot hold when the old value is unknown (a paste)", () => {
      expect(matchesCondition({ from: "Open", to: "Done" }, change(undefined, "Done"))).toBe(false);
    });

    test("neither from nor to: any real change", () => {
      expect(matchesCondition({}, change("Open", "Done"))).toBe(true);
      expect(matchesCondition({}, change("Open", "open"))).toBe(false);
    });
  });

  describe("matchesCondition: matches", () => {
    test("tests the new value against the regular expression", () => {
      const late = { matches: "^(Blocked|Late)$" };
      expect(matchesCondition(late, change("Open", "Late"))).toBe(true);
      expect(matchesCondition(late, change("Open", "Blocked"))).toBe(true);
      expect(matchesCondition(late, change("Open", "late"))).toBe(false);
      expect(matchesCondition(late, change("Open", "Not late"))).toBe(false);
    });

    test("uses the flags", () => {
      const late = { matches: "^(blocked|late)$", flags: "i" };
      expect(matchesCondition(late, change("Open", "LATE"))).toBe(true);
    });

    test("the same source with and without flags are different expressions", () => {
      expect(matchesCondition({ matches: "^done$", flags: "i" }, change("", "Done"))).toBe(true);
      expect(matchesCondition({ matches: "^done$" }, change("", "Done"))).toBe(false);
    });

    test("works with CJK and emoji", () => {
      expect(matchesCondition({ matches: "完了|✅", flags: "u" }, change("", "✅ 完了"))).toBe(
        true,
      );
    });

    // A global or sticky RegExp is stateful: the cached one keeps lastIndex from the previous
    // test(), so the same value alternately matches and does not.
    it("gives the same answer for the same value every time, even with the g flag", () => {
      const urgent = { matches: "urgent", flags: "gi" };
      const answers = [1, 2, 3].map(() => matchesCondition(urgent, change("", "URGENT")));
      expect(answers).toEqual([true, true, true]);
    });
  });

  describe("matchesCondition: isFilled", () => {
    test("the cell was empty and now has a value", () => {
      expect(matchesCondition({ isFilled: true }, change("", "2026-01-09"))).toBe(true);
      expect(matchesCondition({ isFilled: true }, change("   ", "ana@example.com"))).toBe(true);
    });

    test("changing or clearing a value is not filling it", () => {
      expect(matchesCondition({ isFilled: true }, change("2026-01-09", "2026-01-10"))).toBe(false);
      expect(matchesCondition({ isFilled: true }, change("2026-01-09", ""))).toBe(false);
      expect(matchesCondition({ isFilled: true }, change("", "  "))).toBe(false);
    });
  });

  describe("matchesCondition: a function", () => {
    test("decides alone, and sees the old value, the new value and the row", () => {
      const seen: CellChange[] = [];
      const anasTasks = (c: CellChange) => {
        seen.push(c);
        return c.row.Owner === "ana@example.com" && c.new === "Done";
      };
      const edit = change("Open", "Done");
      expect(matchesCondition(anasTasks, edit)).toBe(true);
      expect(seen).toEqual([edit]);
      expect(matchesCondition(anasTasks, change("Done", "Open"))).toBe(false);
      // Not filtered by "changed at all": the function is full control.
      expect(matchesCondition(() => true, change("Done", "Done"))).toBe(true);
    });
  });

  describe("conditionProblem", () => {
    test("usable conditions have no problem", () => {
      expect(conditionProblem(undefined)).toBeUndefined();
      expect(conditionProblem(() => true)).toBeUndefined();
      expect(conditionProblem({ becomes: "Done" })).toBeUndefined();
      expect(conditionProblem({ becomes: ["Done", "完了"] })).toBeUndefined();
      expect(conditionProblem({ from: "Open" })).toBeUndefined();
      expect(conditionProblem({ to: "Done" })).toBeUndefined();
      expect(conditionProblem({ matches: "^T-\\d+$", flags: "i" })).toBeUndefined();
      expect(conditionProblem({ isFilled: true })).toBeUndefined();
    });

    test("an invalid regular expression is reported with the engine's reason", () => {
      const problem = conditionProblem({ matches: "^(Blocked|Late$" });
      expect(problem).toMatch(/^when\.matches is not a valid regular expression: /);
      expect(problem).toMatch(/Unterminated group/i);
    });

    test("invalid flags are reported too", () => {
      expect(conditionProblem({ matches: "done", flags: "q" })).toMatch(
        /^when\.matches is not a valid regular expression/,
      );
    });

    test("becomes with no value is reported", () => {
      expect(conditionProblem({ becomes: [] })).toBe("when.becomes lists no value");
    });

    test("an empty object says what to watch for", () => {
      expect(conditionProblem({})).toBe(
        "when has none of becomes, from/to, matches, isFilled: say what to watch for",
      );
    });
  });
});
