// Apps Script's daily quotas, per user and account kind: Properties reads and writes, UrlFetch
// calls and the total runtime of trigger executions. A quota's day starts with its first use and
// ends 24 hours later ("Quotas are per user and reset 24 hours after the first request", [quotas]).
// Past a quota the call throws Apps Script's text for it; trigger executions are refused at start
// once their day's runtime is spent.

import type { VirtualClock } from "../../clock";

export type AccountKind = "consumer" | "workspace";

export type QuotaName = "propertiesReadWrite" | "urlFetchCalls" | "triggerRuntimeMs";

const MINUTE = 60_000;
export const QUOTA_DAY_MS = 24 * 60 * MINUTE;

/** developers.google.com/apps-script/guides/services/quotas, "Current quotas". */
export const DAILY_QUOTAS: Readonly<Record<AccountKind, Readonly<Record<QuotaName, number>>>> = {
  consumer: { propertiesReadWrite: 50_000, urlFetchCalls: 20_000, triggerRuntimeMs: 90 * MINUTE },
  workspace: {
    propertiesReadWrite: 500_000,
    urlFetchCalls: 100_000,
    triggerRuntimeMs: 6 * 60 * MINUTE,
  },
};

/**
 * The texts as public bug reports quote them ([reported]); for Properties no report quotes a daily
 * text, so the urlfetch wording is used with the service's name ([ours]).
 */
export const QUOTA_ERRORS: Readonly<Record<QuotaName, string>> = {
  propertiesReadWrite: "Service invoked too many times for one day: properties.",
  urlFetchCalls: "Service invoked too many times for one day: urlfetch.",
  triggerRuntimeMs: "Service using too much computer time for one day",
};

const PROPERTY_CALL =
  /^Properties\.(getProperty|getProperties|getKeys|setProperty|setProperties|deleteProperty|deleteAllProperties)$/;

/** The quota a counted call uses one of (fetchAll uses one per request, see url-fetch.ts). */
export function quotaOfCall(name: string): QuotaName | undefined {
  if (PROPERTY_CALL.test(name)) return "propertiesReadWrite";
  if (name === "UrlFetchApp.fetch") return "urlFetchCalls";
  return undefined;
}

export interface QuotaStatus {
  readonly name: QuotaName;
  readonly used: number;
  readonly limit: number;
  /** used / limit, 0..1 */
  readonly share: number;
  /** When the current quota day ends (undefined before the first use). */
  readonly resetsAt: number | undefined;
}

interface QuotaDay {
  readonly startedAt: number;
  readonly used: Record<QuotaName, number>;
}

export class DailyQuotas {
  private readonly days = new Map<string, QuotaDay>();

  constructor(
    readonly kind: AccountKind,
    private readonly clock: VirtualClock,
  ) {
    if (!DAILY_QUOTAS[kind]) throw new Error(`unknown account kind ${JSON.stringify(kind)}`);
  }

  get limits(): Readonly<Record<QuotaName, number>> {
    return DAILY_QUOTAS[this.kind];
  }

  /** Uses `amount` of a quota, or returns Apps Script's error text (and uses nothing) past it. */
  use(user: string, quota: QuotaName, amount = 1): string | undefined {
    const day = this.dayOf(user, true)!;
    if (day.used[quota] + amount > this.limits[quota]) return QUOTA_ERRORS[quota];
    day.used[quota] += amount;
    return undefined;
  }

  /** Adds a finished trigger execution's runtime. */
  addTriggerRuntime(user: string, ms: number): void {
    this.dayOf(user, true)!.used.triggerRuntimeMs += ms;
  }

  /** The error a trigger execution of `user` is refused with, when the day's runtime is spent. */
  triggerRefusal(user: string): string | undefined {
    const day = this.dayOf(user, false);
    return day && day.used.triggerRuntimeMs >= this.limits.triggerRuntimeMs
      ? QUOTA_ERRORS.triggerRuntimeMs
      : undefined;
  }

  status(user: string): QuotaStatus[] {
    const day = this.dayOf(user, false);
    return (Object.keys(this.limits) as QuotaName[]).map((name) => {
      const used = day?.used[name] ?? 0;
      const limit = this.limits[name];
      return {
        name,
        used,
        limit,
        share: used / limit,
        resetsAt: day ? day.startedAt + QUOTA_DAY_MS : undefined,
      };
    });
  }

  private dayOf(user: string, start: boolean): QuotaDay | undefined {
    const now = this.clock.now();
    let day = this.days.get(user);
    if (day && now >= day.startedAt + QUOTA_DAY_MS) {
      this.days.delete(user);
      day = undefined;
    }
    if (!day && start) {
      day = {
        startedAt: now,
        used: { propertiesReadWrite: 0, urlFetchCalls: 0, triggerRuntimeMs: 0 },
      };
      this.days.set(user, day);
    }
    return day;
  }
}
