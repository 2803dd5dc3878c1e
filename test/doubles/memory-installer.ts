// The project's installable triggers in memory, as ScriptApp would list them, with every change
// recorded so tests can tell "nothing happened" from "removed and made again".
import type { InstalledTrigger, TriggerInstaller, TriggerSpec } from "../../src/ports";

export class MemoryInstaller implements TriggerInstaller {
  triggers: InstalledTrigger[] = [];
  readonly installed: TriggerSpec[] = [];
  readonly removed: string[] = [];
  private seq = 0;

  constructor(existing: Omit<InstalledTrigger, "id">[] = []) {
    for (const trigger of existing) this.triggers.push({ id: `pre-${++this.seq}`, ...trigger });
  }

  list(): InstalledTrigger[] {
    return this.triggers.map((trigger) => ({ ...trigger }));
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

  remove(id: string): void {
    this.removed.push(id);
    this.triggers = this.triggers.filter((trigger) => trigger.id !== id);
  }
}
