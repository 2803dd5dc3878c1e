// Rules for the edit benchmark: `ruleCount` rules on the sample Tasks sheet, of which only the
// first matches the benchmark's edit. The config is compiled into the bundle, so one file per count
// (one-rule.ts, fifty-rules.ts) picks it.
import type { Config, EditRule } from "../../src/rules/config-types";

export function benchConfig(ruleCount: number): Config {
  const editRules: EditRule[] = Array.from({ length: ruleCount }, (_, i) => ({
    name: `rule-${i + 1}`,
    sheet: "Tasks",
    column: i === 0 ? "Status" : ["Owner", "Due", "Notes", "Task"][i % 4]!,
    when: i === 0 ? { becomes: "Done" } : { isFilled: true },
    message: `Rule ${i + 1}: {{Task}} ({{ID}}) {{old}} → {{new}}`,
    threadKey: "task-{{ID}}",
  }));
  return { delivery: { requestIds: false }, editRules, formRules: [], changeRules: [] };
}
