// Whether an edit matches a rule's condition. Values are compared as the sheet displays them,
// trimmed and ignoring case: "Done", "done " and "DONE" are one status.
import type { CellChange, Condition, Values } from "./config-types";
import { normalise, regExpOf } from "./text-match";

function isOneOf(value: string | undefined, values: Values): boolean {
  const accepted = typeof values === "string" ? [values] : values;
  return accepted.some((candidate) => normalise(candidate) === normalise(value));
}

export function matchesCondition(condition: Condition | undefined, change: CellChange): boolean {
  if (condition === undefined)
    return change.old === undefined || normalise(change.old) !== normalise(change.new);
  if (typeof condition === "function") return condition(change);
  if ("becomes" in condition) {
    return isOneOf(change.new, condition.becomes) && !isOneOf(change.old, condition.becomes);
  }
  if ("matches" in condition) return regExpOf(condition.matches, condition.flags).test(change.new);
  if ("isFilled" in condition) return normalise(change.old) === "" && normalise(change.new) !== "";
  const { from, to } = condition;
  if (change.old !== undefined && normalise(change.old) === normalise(change.new)) return false;
  if (from !== undefined && (change.old === undefined || !isOneOf(change.old, from))) return false;
  if (to !== undefined && !isOneOf(change.new, to)) return false;
  return true;
}

/** A problem with the condition itself, for validation; undefined when it is usable. */
export function conditionProblem(condition: Condition | undefined): string | undefined {
  if (condition === undefined || typeof condition === "function") return undefined;
  if ("matches" in condition) {
    try {
      new RegExp(condition.matches, condition.flags);
    } catch (error) {
      return `when.matches is not a valid regular expression: ${(error as Error).message}`;
    }
    return undefined;
  }
  if ("becomes" in condition) {
    const values = typeof condition.becomes === "string" ? [condition.becomes] : condition.becomes;
    return values.length === 0 ? "when.becomes lists no value" : undefined;
  }
  if ("isFilled" in condition) return undefined;
  if (!("from" in condition) && !("to" in condition)) {
    return "when has none of becomes, from/to, matches, isFilled: say what to watch for";
  }
  return undefined;
}
