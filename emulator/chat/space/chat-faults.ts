// Faults a test scripts into a space: each request to that space consumes the next one, in order.

/** Apps Script's wording for a failure below HTTP, as UrlFetchApp throws it. */
export type NetworkFailure = "Address unavailable" | "DNS error" | "Timeout";

export type ChatFault =
  /** Answer this error instead of handling the request; nothing is stored. */
  | { readonly status: 500 | 502 | 503 | 504 | 429; readonly retryAfterSeconds?: number }
  /** Handle the request normally, but let it take this long in virtual time. */
  | { readonly delayMs: number }
  /** Fail below HTTP; nothing reaches the space. */
  | { readonly network: NetworkFailure }
  /** The space stores the message, but the answer never reaches the caller. */
  | { readonly lostAnswer: true };

/** UrlFetchApp gives up after about 60 s. */
export const URL_FETCH_TIMEOUT_MS = 60_000;

export function describeFault(fault: ChatFault): string {
  if ("status" in fault) return `status ${fault.status}`;
  if ("delayMs" in fault) return `delay ${fault.delayMs} ms`;
  if ("network" in fault) return `network: ${fault.network}`;
  return "lost answer";
}

/** Checks a fault that arrived as JSON (control API), so a typo fails loudly, not silently. */
export function parseFault(value: unknown): ChatFault {
  const text = JSON.stringify(value);
  if (typeof value !== "object" || value === null)
    throw new Error(`fault ${text} is not an object`);
  const fault = value as Record<string, unknown>;
  if ("status" in fault) {
    if (![500, 502, 503, 504, 429].includes(fault.status as number)) {
      throw new Error(`fault ${text}: status must be 500, 502, 503, 504 or 429`);
    }
    const retry = fault.retryAfterSeconds;
    if (retry !== undefined && !(typeof retry === "number" && retry >= 0)) {
      throw new Error(`fault ${text}: retryAfterSeconds must be a number of seconds >= 0`);
    }
    return retry === undefined
      ? { status: fault.status as 500 }
      : { status: fault.status as 500, retryAfterSeconds: retry };
  }
  if ("delayMs" in fault) {
    if (!(typeof fault.delayMs === "number" && fault.delayMs >= 0)) {
      throw new Error(`fault ${text}: delayMs must be a number of milliseconds >= 0`);
    }
    return { delayMs: fault.delayMs };
  }
  if ("network" in fault) {
    if (!["Address unavailable", "DNS error", "Timeout"].includes(fault.network as string)) {
      throw new Error(
        `fault ${text}: network must be "Address unavailable", "DNS error" or "Timeout"`,
      );
    }
    return { network: fault.network as NetworkFailure };
  }
  if (fault.lostAnswer === true) return { lostAnswer: true };
  throw new Error(`fault ${text} is not one of {status}, {delayMs}, {network}, {lostAnswer: true}`);
}
