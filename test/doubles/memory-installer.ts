// The project's installable triggers in memory, as ScriptApp would list them, with every change
// recorded so tests can tell "nothing happened" from "removed and made again".
import type { InstalledTrigger, TriggerPort, TriggerSpec } from "../../src/ports";

export class MemoryInstaller implements TriggerPort {
  triggers: InstalledTrigger[] = [];
  readonly installed: TriggerSpec[] = [];
  readonly removed: string[] = [];
  private seq = 0;

  constructor(existing: Omit<InstalledTrigger, "id">[] = []) {
    for (const trigger of existing) this.triggers.push({ id: `pre-${++this.seq}`, ...trigger });
  }

  all(): InstalledTrigger[] {
    return this.triggers.map((trigger) => ({ ...trigger }));
  }

  list(handler: string): string[] {
    return this.triggers.filter((t) => t.handler === handler).map((t) => t.id);
  }

  /** Setup's tests see a one-shot or a recurring trigger as the clock trigger it is. */
  createOnce(handler: string): string {
    const id = `trigger-${++this.seq}`;
    this.triggers.push({ id, handler, eventType: "CLOCK", source: "CLOCK" });
    return id;
  }

  createEvery(handler: string): string {
    return this.createOnce(handler);
  }

  install(spec: TriggerSpec): string {
    const id = `trigger-${++this.seq}`;
    this.installed.push(spec);
    this.triggers.push({
      id,
      handler: spec.handler,
      eventType: spec.eventType,
      source: spec.source,
    });
    return id;
  }

  delete(id: string): void {
    this.removed.push(id);
    this.triggers = this.triggers.filter((trigger) => trigger.id !== id);
  }
}
