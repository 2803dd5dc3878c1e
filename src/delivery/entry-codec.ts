// How an entry is stored: short field names, and nothing that holds its default (null, 0, the
// acceptance time), so a small notification takes a small property. Values written by the seed's
// outbox (full names, every field) still read.
import type { OutboxEntry } from "./outbox-types";

const SHORT: Readonly<Record<string, string>> = {
  webhook: "w",
  message: "m",
  threadKey: "t",
  replyOption: "r",
  partsThreadKey: "p",
  createdAt: "c",
  dedupeKey: "d",
  coalesce: "g",
  partsSent: "s",
  attempts: "a",
  firstAttemptAt: "f",
  nextAttemptAt: "n",
  leaseUntil: "l",
  lastError: "e",
  bestEffort: "b",
  batch: "x",
  solo: "o",
};
const LONG = Object.fromEntries(Object.entries(SHORT).map(([long, short]) => [short, long]));

const DEFAULTS: Readonly<Record<string, unknown>> = {
  webhook: null,
  threadKey: null,
  replyOption: null,
  dedupeKey: null,
  coalesce: null,
  partsSent: 0,
  attempts: 0,
  firstAttemptAt: null,
  leaseUntil: null,
  lastError: null,
};

/** The stored form of an entry (its id is the property's name). */
export function encodeEntry(entry: OutboxEntry): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(entry)) {
    if (field === "id" || value === undefined) continue;
    if (field in DEFAULTS && DEFAULTS[field] === value) continue;
    if (field === "nextAttemptAt" && value === entry.createdAt) continue;
    // The parts' thread key is the id and a random suffix: only the suffix is stored.
    if (
      field === "partsThreadKey" &&
      typeof value === "string" &&
      value.startsWith(`${entry.id}-`)
    ) {
      stored.p = value.slice(entry.id.length + 1);
      continue;
    }
    stored[SHORT[field] ?? field] = value;
  }
  return stored;
}

/** The entry as the outbox uses it; checked by shape afterwards (outbox-shapes.ts). */
export function decodeEntry(stored: unknown, id: string): unknown {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return stored;
  const record = stored as Record<string, unknown>;
  // The seed's outbox wrote full names.
  if (!("m" in record)) return record;
  const entry: Record<string, unknown> = { ...DEFAULTS };
  for (const [key, value] of Object.entries(record)) entry[LONG[key] ?? key] = value;
  if (typeof record.p === "string") entry.partsThreadKey = `${id}-${record.p}`;
  if (entry.nextAttemptAt === undefined) entry.nextAttemptAt = entry.createdAt;
  return entry;
}
