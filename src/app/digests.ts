// Runs a digest: its draft (src/rules/digest-run.ts) goes to the outbox with the cursor to store,
// and both are committed together, so a failed run repeats its window and the window's dedupe key
// keeps a repeated run from sending it twice.
import {
  acceptAndDeliver,
  type Accepted,
  type DeliveryOptions,
  type DeliveryPorts,
  type DeliveryReport,
} from "../delivery/deliver";
import type { DigestDefinition } from "../rules/config-types";
import { draftDigest, type DigestReading } from "../rules/digest-run";

export interface DigestRunContext extends DigestReading {
  readonly ports: DeliveryPorts;
  readonly options: DeliveryOptions;
  /** Told what was accepted and how it went (the history). */
  readonly record?: (items: readonly Accepted[], report: DeliveryReport) => void;
}

export function runDigest(definition: DigestDefinition, context: DigestRunContext): string {
  const draft = draftDigest(definition, context);
  const { note } = draft;
  if (note !== "") context.ports.logger.warn(`digest "${definition.name}"${note}`);
  if (draft.kind === "nothing") {
    // Nothing to say; rows filtered out are still behind the cursor now.
    if (definition.since) context.ports.store.setMany(draft.nextCursor);
    return `digest "${definition.name}": nothing to send${note}`;
  }
  const report = acceptAndDeliver(
    context.ports,
    context.options,
    // A digest is a summary already: it goes alone, not batched with other messages.
    [{ ...draft.accepted, batch: false }],
    draft.nextCursor,
  );
  context.record?.([draft.accepted], report);
  const [acceptance] = report.accepted;
  return acceptance?.kind === "duplicate"
    ? `digest "${definition.name}": this window was already sent${note}`
    : `digest "${definition.name}": ${draft.rowCount} row(s), ${acceptance?.kind === "queued" ? (report.outcomes[acceptance.id] ?? "queued") : acceptance?.kind}${note}`;
}
