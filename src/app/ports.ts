// Everything the application reaches outside itself, in one bundle. src/gas/ports.ts builds it
// over Apps Script; each member is made on first use (loading the script must call no service),
// and once per execution.
import type { DeliveryPorts } from "../delivery/deliver";
import type { HistoryLog } from "../history/history";
import type { Texts } from "../i18n/texts";
import type { MentionResolver } from "../mentions/resolve";
import type { FileNameReader } from "../rules/form-answers";
import type { PropertyReader, SheetReader } from "../ports";
import type { PreviewTarget } from "../preview/preview";
import type { RulesCache, RulesSheet } from "../rules/rules-source";
import type { SetupContext } from "../triggers/setup";
import type { TriggerRegistration } from "../triggers/registration";
import type { LiveDocument } from "../rules/validate";

export interface AppPorts {
  readonly delivery: () => DeliveryPorts;
  readonly reader: () => SheetReader;
  /** The bound document's headers and questions, for checking rules against it. */
  readonly document: (properties: PropertyReader) => LiveDocument;
  readonly rulesSheet: () => RulesSheet;
  readonly rulesCache: () => RulesCache;
  readonly historyLog: (sheet: string, maxRows: number) => HistoryLog;
  /** The project's own words, in the document's language. */
  readonly texts: () => Texts;
  /** Today as the document's people write it, for digest titles. */
  readonly today: () => string;
  /** The configured mention resolver, once per execution. */
  readonly people: () => MentionResolver;
  /** A resolver that reads everything afresh (the "check mentions" action). */
  readonly freshPeople: () => MentionResolver;
  /** Drive file names for upload answers, when the config asks for them. */
  readonly fileNames: () => FileNameReader | undefined;
  /** The triggers the last setup() registered, read without reading the whole store. */
  readonly registration: () => TriggerRegistration | undefined;
  readonly account: () => SetupContext;
  /** What the person has selected, for the rows preview. */
  readonly selection: () => PreviewTarget;
}
