// What a service call costs in virtual time. Every counted call advances the clock by its cost
// under a named profile: `zero` (calls are free; unit tests that need exact times) or `typical`
// (the default of e2e tests, benchmarks and npm start). Costs and their sources: emulator/README.md.

import { seededRandom } from "../../seeded-random";

export type LatencyProfileName = "zero" | "typical";

interface CallCost {
  /** Virtual time of the call itself. */
  readonly baseMs: number;
  /** Added per KB (UTF-8) of what the call carries: arguments in, result out. */
  readonly perKbMs?: number;
}

export interface LatencyProfile {
  readonly name: LatencyProfileName;
  /** How long Chat takes to answer a webhook request; a world may set its own. */
  readonly chatAnswerMs: number;
  /** Costs by call name ("Properties.getProperty") or by class ("Range.*"); others cost nothing. */
  readonly costs: Readonly<Record<string, CallCost>>;
}

const PROPERTY_READ: CallCost = { baseMs: 30, perKbMs: 1 };
const PROPERTY_WRITE: CallCost = { baseMs: 60, perKbMs: 2 };
const SHEET_CALL: CallCost = { baseMs: 10 };
// A read of thousands of cells costs about what one cell does (DESIGN.md): flat.
const SHEET_READ: CallCost = { baseMs: 50 };
const SHEET_WRITE: CallCost = { baseMs: 80 };
const TRIGGER_CREATE: CallCost = { baseMs: 500 };

export const LATENCY_PROFILES: Readonly<Record<LatencyProfileName, LatencyProfile>> = {
  zero: { name: "zero", chatAnswerMs: 0, costs: {} },
  typical: {
    name: "typical",
    chatAnswerMs: 300,
    costs: {
      "Properties.getProperty": PROPERTY_READ,
      "Properties.getProperties": PROPERTY_READ,
      "Properties.getKeys": PROPERTY_READ,
      "Properties.setProperty": PROPERTY_WRITE,
      "Properties.setProperties": PROPERTY_WRITE,
      "Properties.deleteProperty": PROPERTY_WRITE,
      "Properties.deleteAllProperties": PROPERTY_WRITE,
      "Lock.tryLock": { baseMs: 40 },
      "Lock.waitLock": { baseMs: 40 },
      "Lock.releaseLock": { baseMs: 20 },
      "ScriptApp.getProjectTriggers": { baseMs: 120 },
      "ScriptApp.deleteTrigger": { baseMs: 250 },
      "TriggerBuilder.create": TRIGGER_CREATE,
      "ClockTriggerBuilder.create": TRIGGER_CREATE,
      "Cache.get": { baseMs: 15 },
      "Cache.getAll": { baseMs: 15 },
      "Cache.put": { baseMs: 20 },
      "Cache.putAll": { baseMs: 20 },
      "Cache.remove": { baseMs: 20 },
      "Cache.removeAll": { baseMs: 20 },
      "SpreadsheetApp.*": SHEET_CALL,
      "Spreadsheet.*": SHEET_CALL,
      "Sheet.*": SHEET_CALL,
      "Range.*": SHEET_CALL,
      "Range.getValues": SHEET_READ,
      "Range.getDisplayValues": SHEET_READ,
      "Range.setValues": SHEET_WRITE,
      "Range.setValue": SHEET_WRITE,
      "FormApp.*": SHEET_CALL,
      "Form.*": SHEET_CALL,
    },
  },
};

export interface LatencyOptions {
  readonly profile?: LatencyProfileName;
  /** Each cost varies by up to this fraction either way (0.3 = ±30%), seeded; default 0. */
  readonly jitter?: number;
  readonly seed?: number;
}

/** Turns a call name and the bytes it carried into virtual milliseconds. */
export class CallCosts {
  readonly profile: LatencyProfile;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: LatencyOptions | LatencyProfileName = "zero") {
    const o = typeof options === "string" ? { profile: options } : options;
    this.profile = LATENCY_PROFILES[o.profile ?? "zero"];
    if (!this.profile) throw new Error(`unknown latency profile ${JSON.stringify(o.profile)}`);
    this.jitter = o.jitter ?? 0;
    if (!(this.jitter >= 0 && this.jitter < 1)) {
      throw new RangeError(`latency jitter must be in [0, 1), not ${o.jitter}`);
    }
    this.random = seededRandom((o.seed ?? 1) ^ 0x5eed);
  }

  private costOf(name: string): CallCost | undefined {
    return this.profile.costs[name] ?? this.profile.costs[`${name.slice(0, name.indexOf("."))}.*`];
  }

  /** The fixed part, paid when the call starts. */
  base(name: string): number {
    const cost = this.costOf(name);
    return cost ? this.vary(cost.baseMs) : 0;
  }

  /** Whether the call has a part that grows with what it carried (measuring that is not free). */
  growsWithBytes(name: string): boolean {
    return (this.costOf(name)?.perKbMs ?? 0) !== 0;
  }

  /** The part that grows with what the call carried, paid when it returns. */
  forBytes(name: string, bytes: number): number {
    const perKb = this.costOf(name)?.perKbMs ?? 0;
    return perKb === 0 || bytes <= 0 ? 0 : this.vary(Math.round((perKb * bytes) / 1024));
  }

  /** A Chat answer time with the same jitter. */
  chatAnswer(ms: number): number {
    return this.vary(ms);
  }

  private vary(ms: number): number {
    if (this.jitter === 0 || ms === 0) return ms;
    return Math.max(0, Math.round(ms * (1 + this.jitter * (2 * this.random() - 1))));
  }
}

/** UTF-8 bytes of what a call carried: strings as they are, other values as JSON. */
export function bytesCarried(values: readonly unknown[]): number {
  let total = 0;
  for (const value of values) {
    if (value === undefined || value === null || typeof value === "function") continue;
    if (typeof value === "string") total += Buffer.byteLength(value, "utf8");
    else {
      try {
        total += Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
      } catch {
        // A value JSON cannot write carries nothing measurable.
      }
    }
  }
  return total;
}
