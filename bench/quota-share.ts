// Each daily quota's share that a benchmark's run used, for both account kinds: the run's use is
// the same whatever the account, only the daily allowance differs (emulator/gas/runtime/quotas.ts).
import type { ExecutionResult } from "../emulator/gas/runtime/host";
import type { EmulatedProject } from "../emulator/gas/runtime/project";
import {
  DAILY_QUOTAS,
  quotaOfCall,
  type AccountKind,
  type QuotaName,
} from "../emulator/gas/runtime/quotas";

const LABELS: Record<QuotaName, string> = {
  propertiesReadWrite: "Properties r/w",
  urlFetchCalls: "UrlFetch calls",
  triggerRuntimeMs: "trigger runtime",
};

export type QuotaUse = Readonly<Record<QuotaName, number>>;

/** What the project's executions used of each quota (the project's user, who owns the triggers). */
export function quotaUse(project: EmulatedProject): QuotaUse {
  const used = Object.fromEntries(project.quotaStatus().map((q) => [q.name, q.used]));
  return used as QuotaUse;
}

function percent(share: number): string {
  if (share === 0) return "0%";
  return share < 0.001 ? `${(share * 100).toFixed(4)}%` : `${(share * 100).toFixed(2)}%`;
}

/** One table column per quota: "consumer / workspace" share of a day, scaled by `per` runs. */
export function quotaColumns(use: QuotaUse, per = 1): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const name of Object.keys(LABELS) as QuotaName[]) {
    const shares = (["consumer", "workspace"] as AccountKind[]).map((kind) =>
      percent((use[name] * per) / DAILY_QUOTAS[kind][name]),
    );
    columns[`${LABELS[name]} (consumer / workspace)`] = shares.join(" / ");
  }
  return columns;
}

/** How many such runs a day each account allows before its first quota runs out. */
export function runsPerDay(use: QuotaUse): string {
  return (["consumer", "workspace"] as AccountKind[])
    .map((kind) => {
      const limits = DAILY_QUOTAS[kind];
      const runs = Math.min(
        ...(Object.keys(limits) as QuotaName[])
          .filter((name) => use[name] > 0)
          .map((name) => Math.floor(limits[name] / use[name])),
      );
      return Number.isFinite(runs) ? runs.toLocaleString("en-US") : "no limit";
    })
    .join(" / ");
}

/** What one execution used of each quota; its time counts as trigger runtime when a trigger ran it. */
export function executionUse(execution: ExecutionResult): QuotaUse {
  let properties = 0;
  let fetches = 0;
  for (const [name, count] of Object.entries(execution.calls)) {
    const quota = quotaOfCall(name);
    if (quota === "propertiesReadWrite") properties += count;
    if (quota === "urlFetchCalls") fetches += count;
  }
  return {
    propertiesReadWrite: properties,
    urlFetchCalls: fetches,
    triggerRuntimeMs: execution.endedAt - execution.startedAt,
  };
}
