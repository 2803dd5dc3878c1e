import { decodeEntry, encodeEntry } from "../../src/delivery/entry-codec";
import { checkEntry } from "../../src/delivery/outbox-shapes";
import type { OutboxEntry } from "../../src/delivery/outbox-types";

const ENTRY: OutboxEntry = {
  id: "e000000042",
  webhook: null,
  message: { text: "Task T-7 is done" },
  threadKey: null,
  replyOption: null,
  partsThreadKey: "e000000042-k3j9x0a1",
  createdAt: 1767603600000,
  dedupeKey: null,
  coalesce: null,
  partsSent: 0,
  attempts: 0,
  firstAttemptAt: null,
  nextAttemptAt: 1767603600000,
  leaseUntil: null,
  lastError: null,
};

describe("entry-codec", () => {
  it("stores a fresh entry as its message, its time and its parts key's suffix only", () => {
    expect(encodeEntry(ENTRY)).toEqual({
      m: { text: "Task T-7 is done" },
      p: "k3j9x0a1",
      c: 1767603600000,
    });
    expect(JSON.stringify(encodeEntry(ENTRY)).length).toBeLessThan(
      JSON.stringify(ENTRY).length / 3,
    );
  });

  it("reads back exactly what it stored, retry state and flags included", () => {
    const retried: OutboxEntry = {
      ...ENTRY,
      webhook: "ONCALL",
      threadKey: "task-7",
      replyOption: "replyOrFail",
      attempts: 3,
      firstAttemptAt: 1767603601000,
      nextAttemptAt: 1767603900000,
      leaseUntil: 1767603700000,
      lastError: "Chat answered 503",
      batch: false,
      bestEffort: true,
    };
    for (const entry of [ENTRY, retried]) {
      const read = checkEntry(
        decodeEntry(JSON.parse(JSON.stringify(encodeEntry(entry))), entry.id),
        entry.id,
      );
      expect(read).toEqual({ ok: true, value: entry });
    }
  });

  it("still reads an entry the seed's outbox wrote with every field named in full", () => {
    const { id, ...seed } = ENTRY;
    expect(checkEntry(decodeEntry({ id, ...seed }, id), id)).toEqual({ ok: true, value: ENTRY });
  });
});
