// The application's ports over Apps Script, each made on first use and kept for the execution:
// loading the file must call no service, and one execution needs each once.
import type { AppPorts } from "../app/ports";
import type { DeliveryPorts } from "../delivery/deliver";
import type { Texts } from "../i18n/texts";
import type { MentionResolver } from "../mentions/resolve";
import type { Config } from "../rules/config-types";
import { rulesSheetName } from "../rules/rules-source";
import { driveFileNames } from "./drive";
import { historySheet } from "./history-sheet";
import { urlFetchHttp } from "./http";
import { documentTexts, todayIn } from "./locale";
import { mentionResolver } from "./people";
import { rulesSheet, scriptCache } from "./rules-sheet";
import { appsScriptClock, consoleLogger, scriptAccount } from "./runtime";
import { activePreviewTarget } from "./selection";
import { liveDocument, spreadsheetReader } from "./sheets";
import { scriptLock, scriptPropertyStore } from "./storage";
import { projectTriggers, registeredTriggers } from "./triggers";

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export function appsScriptPorts(config: Config): AppPorts {
  // The webhook URLs this execution sent to: the logger removes their key and token by value.
  const sentTo = new Set<string>();
  const delivery = once((): DeliveryPorts => ({
    store: scriptPropertyStore(),
    lock: scriptLock(),
    http: urlFetchHttp(sentTo),
    clock: appsScriptClock(),
    random: Math.random,
    logger: consoleLogger(sentTo),
    triggers: projectTriggers(),
  }));
  const texts = once((): Texts => documentTexts(config.language));
  const people = once((): MentionResolver => mentionResolver(config.mentions));
  return {
    delivery,
    reader: spreadsheetReader,
    document: (properties) => liveDocument(spreadsheetReader(), properties),
    rulesSheet: () => rulesSheet(rulesSheetName(config)),
    rulesCache: scriptCache,
    historyLog: historySheet,
    texts,
    today: () => todayIn(texts()),
    people,
    freshPeople: () => mentionResolver(config.mentions),
    fileNames: () => driveFileNames(config.forms?.fileNames),
    registration: registeredTriggers,
    account: scriptAccount,
    selection: activePreviewTarget,
  };
}
