// The functions Apps Script sees: triggers, menus and the editor call them by name. Each wires the
// Apps Script adapters (src/gas) to the core and does nothing else.
import type { ChatMessage } from "./chat/message";
import { parseWebhookUrl, redactWebhookValues, WebhookUrlError } from "./chat/webhook-url";
import { configuredWebhookUrls, DEFAULT_WEBHOOK_PROPERTY } from "./chat/webhook-property";
import { config } from "./config";
import {
  acceptAndDeliver,
  DEFAULT_DELIVERY_OPTIONS,
  drainOutbox,
  type Accepted,
  type DeliveryOptions,
  type DeliveryPorts,
  type DeliveryReport,
} from "./delivery/deliver";
import { parseNotifyArguments, type NotifyOptions } from "./delivery/notification";
import { notifyResult, type NotifyResult } from "./delivery/notify-result";
import { lazyProperties, OutboxView, withOutbox } from "./delivery/outbox-store";
import { requeueDeadLetters } from "./delivery/settle";
import { describeStatus, outboxStatus } from "./delivery/status";
import { toChangeEvent, toEditEvent, toFormSubmission, toSheetSubmission } from "./gas/events";
import { urlFetchHttp } from "./gas/http";
import { appsScriptClock, consoleLogger, scriptAccount } from "./gas/runtime";
import { documentTexts, todayIn } from "./gas/locale";
import type { Texts } from "./i18n/texts";
import { liveDocument, spreadsheetReader } from "./gas/sheets";
import { scriptLock, scriptPropertyStore } from "./gas/storage";
import { historySheet } from "./gas/history-sheet";
import { rulesSheet, scriptCache } from "./gas/rules-sheet";
import {
  DEFAULT_HISTORY_ROWS,
  DEFAULT_HISTORY_SHEET,
  HistoryRecorder,
  type Named,
} from "./history/history";
import { projectTriggers, registeredTriggers, triggerInstaller } from "./gas/triggers";
import { activePreviewTarget } from "./gas/selection";
import {
  addChatMenu,
  ask,
  boundToSpreadsheet,
  confirm,
  containerUi,
  showPage,
  tell,
} from "./gas/ui";
import { previewDigests as digestsPreview, previewTarget } from "./preview/preview";
import { renderPreviewPage } from "./preview/preview-page";
import { mentionResolver, peopleSheetName } from "./gas/people";
import { driveFileNames } from "./gas/drive";
import { mentioning } from "./mentions/mention-text";
import { describeResolutions } from "./mentions/describe";
import type { MentionResolver } from "./mentions/resolve";
import { changeNotifications, rulesForChange } from "./rules/change-rules";
import { editNotifications, rulesForSheet } from "./rules/edit-rules";
import { formNotifications } from "./rules/form-rules";
import { decodeChunked } from "./delivery/chunked-json";
import type { Config, DigestDefinition } from "./rules/config-types";
import { damagedCursorLines, digestTrigger, runDigest } from "./rules/digest-run";
import { CLOCK_TRIGGERS_KEY, runSetup, runTeardown } from "./rules/setup";
import {
  activeConfig,
  createRulesSheet,
  desiredTriggers,
  refreshRules,
  rulesEdited,
  ruleOfRow,
  rulesSheetName,
  type RulesSource,
} from "./rules/rules-source";
import { previewRule } from "./rules/rule-preview";
import { specKey } from "./rules/trigger-plan";
import {
  ignoredTrigger,
  isRegisteredTrigger,
  readRegistration,
} from "./rules/trigger-registration";

// `global` is the Apps Script global object (esbuild's banner: `var global = this;`); assigning to
// it is what makes gas-entry-generator emit a top-level stub for the function.
declare const global: Record<string, unknown>;

// Made on first use: loading the file must call no service (Apps Script loads it for every
// execution), and one execution needs them once.
let cachedPorts: DeliveryPorts | undefined;
// The webhook URLs this execution sent to: the logger removes their key and token by value.
const sentTo = new Set<string>();
function deliveryPorts(): DeliveryPorts {
  cachedPorts ??= {
    store: scriptPropertyStore(),
    lock: scriptLock(),
    http: urlFetchHttp(sentTo),
    clock: appsScriptClock(),
    random: Math.random,
    logger: consoleLogger(sentTo),
    triggers: projectTriggers(),
  };
  return cachedPorts;
}

/** delivery.retryHours, kept between 1 hour and a week; unset or not a number: 24 hours. */
function retryDeadlineMs(hours: number | undefined): number {
  if (hours === undefined || !Number.isFinite(hours))
    return DEFAULT_DELIVERY_OPTIONS.policy.deadlineMs;
  return Math.min(168, Math.max(1, hours)) * 3_600_000;
}

let cachedSource: RulesSource | undefined;
function rulesSource(): RulesSource {
  cachedSource ??= {
    config,
    sheet: rulesSheet(rulesSheetName(config)),
    cache: scriptCache(),
    document: () => {
      const properties = deliveryPorts().store.getAll();
      return liveDocument(spreadsheetReader(), { get: (name) => properties[name] ?? null });
    },
  };
  return cachedSource;
}

/** The rules of src/config.ts and the working rows of the rules sheet, read once per execution. */
let cachedRules: Config | undefined;
function rules(): Config {
  cachedRules ??= activeConfig(rulesSource());
  return cachedRules;
}

/** The log sheet's recorder when src/config.ts keeps a history; written once per delivery. */
let cachedHistory: HistoryRecorder | null | undefined;
function history(): HistoryRecorder | null {
  const options = config.history;
  cachedHistory ??= options
    ? new HistoryRecorder(
        historySheet(
          options.sheet ?? DEFAULT_HISTORY_SHEET,
          options.maxRows ?? DEFAULT_HISTORY_ROWS,
        ),
        () => deliveryPorts().clock.now(),
        // Key by key: a notify() must not read the whole store, however long the queue.
        () => lazyProperties(deliveryPorts().store),
      )
    : null;
  return cachedHistory;
}

function writeHistory(): void {
  history()?.flush((message) => deliveryPorts().logger.warn(message));
}

let cachedTexts: Texts | undefined;
/** The project's own words, in the document's language (one Sheets call, unless configured). */
function texts(): Texts {
  cachedTexts ??= documentTexts(config.language);
  return cachedTexts;
}

let cachedPeople: MentionResolver | undefined;
function people(): MentionResolver {
  cachedPeople ??= mentionResolver(config.mentions);
  return cachedPeople;
}

const deliveryOptions: DeliveryOptions = {
  ...DEFAULT_DELIVERY_OPTIONS,
  pacing: { ...DEFAULT_DELIVERY_OPTIONS.pacing, requestIds: config.delivery.requestIds },
  policy: {
    ...DEFAULT_DELIVERY_OPTIONS.policy,
    deadlineMs: retryDeadlineMs(config.delivery.retryHours),
  },
};

function deliver(accepted: readonly Named[]): string {
  if (accepted.length === 0) return "no rule matched";
  const report = acceptAndDeliver(deliveryPorts(), deliveryOptions, accepted);
  history()?.accepted(accepted, report);
  writeHistory();
  const count = (kind: string) => report.accepted.filter((a) => a.kind === kind).length;
  const sent = Object.values(report.outcomes).filter((o) => o === "delivered").length;
  const summary =
    `${count("queued")} notification(s) accepted, ${sent} delivered at once` +
    (count("duplicate") > 0 ? `, ${count("duplicate")} repeat(s) dropped` : "") +
    (count("dropped") > 0 ? `, ${count("dropped")} best-effort dropped` : "") +
    (count("overflow") > 0 ? `, ${count("overflow")} did not fit (summarised)` : "");
  // The others are in; now fail visibly, so Apps Script tells the owner which rule cannot go.
  const refused = report.accepted.flatMap((a) => (a.kind === "refused" ? [a.reason] : []));
  if (refused.length > 0) {
    throw new Error(
      `${summary}; ${refused.length} NOT accepted: ${[...new Set(refused)].join("; ")}`,
    );
  }
  return summary;
}

/**
 * Posts a message to a Chat space. `message` is text or a Chat message object (text, cardsV2,
 * fallbackText). Options: webhook (a NAME, default CHAT_WEBHOOK_URL), threadKey, replyOption,
 * trustedText (default false: mentions and links in the text are neutralised), dedupeKey,
 * coalesce. The message is queued durably and sent at once when Chat's pacing allows; what cannot
 * go now is delivered by the deliverOutbox trigger.
 */
export function notify(message: string | ChatMessage, options?: NotifyOptions): NotifyResult {
  const { mentions, ...accepted } = parseNotifyArguments(message, options);
  if (mentions !== undefined) {
    const mentioned = mentioning(accepted.notification.message, mentions, people());
    accepted.notification = { ...accepted.notification, message: mentioned };
  }
  const report = acceptAndDeliver(deliveryPorts(), deliveryOptions, [accepted]);
  history()?.accepted([accepted], report);
  writeHistory();
  return notifyResult(report);
}
global.notify = notify;

/**
 * Why a handler should do nothing: its trigger is not in the set the current setup() registered
 * (another editor's older set), so acting would post twice. Undefined: act.
 */
function notRegistered(handler: string, triggerUid: string | undefined): string | undefined {
  const registration = registeredTriggers();
  return isRegisteredTrigger(registration, triggerUid)
    ? undefined
    : ignoredTrigger(handler, registration!);
}

/** Handlers run by a trigger get its event; run from the editor's Run button, they get none. */
function requireEvent(present: unknown, handler: string, what: string): void {
  if (!present) {
    throw new Error(
      `${handler} runs when a trigger reports ${what}, with the trigger's event; run from the ` +
        "editor it has none. Run setup() to install the triggers, then make a change to try it.",
    );
  }
}

/** Installable trigger: an edit of the spreadsheet. Costs nothing but two calls off the rules. */
export function handleEdit(e: GoogleAppsScript.Events.SheetsOnEdit): string {
  requireEvent(e?.range, "handleEdit", "an edit of the spreadsheet");
  const sheet = e.range.getSheet().getName();
  if (sheet === rulesSheetName(config)) {
    const ignoredEdit = notRegistered("handleEdit", e.triggerUid);
    if (ignoredEdit !== undefined) return ignoredEdit;
    const rows = e.range.getRow();
    const edited = Array.from({ length: e.range.getNumRows() }, (_, i) => rows + i);
    return rulesEdited(
      rulesSource(),
      edited,
      triggerInstaller(),
      deliveryPorts().store,
      scriptAccount(),
    );
  }
  const editRules = rules().editRules;
  if (sheet === peopleSheetName(config.mentions)) {
    // Cached mentions must not outlive a correction of the People sheet.
    const count = people().refreshMapping();
    if (rulesForSheet(editRules, sheet).length === 0) {
      return `${count} address(es) of sheet "${sheet}" read again for mentions`;
    }
  }
  if (rulesForSheet(editRules, sheet).length === 0) return "no rule for this sheet";
  const outcome = editNotifications(
    editRules,
    toEditEvent(e, sheet),
    spreadsheetReader(),
    people(),
    texts,
  );
  if (outcome.accepted.length === 0 && outcome.problems.length === 0) return deliver([]);
  const ignored = notRegistered("handleEdit", e.triggerUid);
  if (ignored !== undefined) return ignored;
  const summary = deliver(outcome.accepted);
  // The other rules' notifications are in; now fail visibly, so Apps Script tells the owner.
  if (outcome.problems.length > 0) {
    throw new Error(`${summary}; but ${outcome.problems.map((p) => p.message).join(" ")}`);
  }
  return summary;
}
global.handleEdit = handleEdit;

/** Installable trigger: a structural change of the spreadsheet (rows inserted, removed...). */
export function handleChange(e: GoogleAppsScript.Events.SheetsOnChange): string {
  requireEvent(e?.changeType, "handleChange", "a change of the spreadsheet");
  if (rulesForChange(config.changeRules, String(e.changeType)).length === 0) {
    return "no rule for this change";
  }
  const ignored = notRegistered("handleChange", e.triggerUid);
  if (ignored !== undefined) return ignored;
  return deliver(changeNotifications(config.changeRules, toChangeEvent(e), people(), texts));
}
global.handleChange = handleChange;

/** Installable trigger: a form submission, on the form or on the spreadsheet collecting it. */
export function handleFormSubmit(
  e: GoogleAppsScript.Events.FormsOnFormSubmit | GoogleAppsScript.Events.SheetsOnFormSubmit,
): string {
  requireEvent(e && ("response" in e || "range" in e), "handleFormSubmit", "a form submission");
  const ignored = notRegistered("handleFormSubmit", e.triggerUid);
  if (ignored !== undefined) return ignored;
  const fileNames = driveFileNames(config.forms?.fileNames);
  const submission =
    "response" in e
      ? toFormSubmission(e, fileNames, texts())
      : toSheetSubmission(e, spreadsheetReader(), fileNames, texts());
  if (submission === null) return "the responses sheet is gone";
  return deliver(formNotifications(rules().formRules, submission, people(), texts));
}
global.handleFormSubmit = handleFormSubmit;

/** Time-driven trigger (one-shot, installed by the outbox itself): delivers what is queued. */
export function deliverOutbox(e?: { triggerUid?: string }): string {
  const report = drainOutbox(deliveryPorts(), deliveryOptions, e?.triggerUid);
  history()?.drained(report);
  writeHistory();
  const summary = `deliverOutbox: ${report.requests} requests in ${report.rounds} rounds`;
  deliveryPorts().logger.info(summary);
  return summary;
}
global.deliverOutbox = deliverOutbox;

function digestRun(
  digests: readonly DigestDefinition[],
  properties = deliveryPorts().store.getAll(),
): string[] {
  const context = {
    reader: spreadsheetReader(),
    ports: deliveryPorts(),
    options: deliveryOptions,
    date: todayIn(texts()),
    properties,
    record: (items: readonly Accepted[], report: DeliveryReport) =>
      history()?.accepted(items as Named[], report),
    people: people(),
    texts: texts(),
  };
  const summaries = digests.map((digest) => runDigest(digest, context));
  writeHistory();
  return summaries;
}

/**
 * Time-driven trigger of every digest: the trigger's id says which digest is due, so two digests
 * on one schedule each run once.
 */
export function runDigests(e?: { triggerUid?: string }): string {
  const digests = rules().digests ?? [];
  if (e?.triggerUid === undefined) return digestRun(digests).join("\n");
  const properties = deliveryPorts().store.getAll();
  const registration = readRegistration(properties);
  if (!isRegisteredTrigger(registration, e.triggerUid)) {
    return ignoredTrigger("runDigests", registration!);
  }
  const clockKeys = decodeChunked<Record<string, string>>(properties, CLOCK_TRIGGERS_KEY) ?? {};
  const due = digests.filter((d) => specKey(digestTrigger(d)) === clockKeys[e.triggerUid!]);
  if (due.length === 0) {
    throw new Error(
      `runDigests was started by trigger ${e.triggerUid}, which belongs to no digest of the ` +
        `current config (it changed since setup ran): run setup() to bring the triggers up to date`,
    );
  }
  const summary = digestRun(due, properties).join("\n");
  deliveryPorts().logger.info(summary);
  return summary;
}
global.runDigests = runDigests;

/** Menu: sends every digest now, as its trigger would (new-rows digests move their cursor). */
export function sendDigestsNow(): string {
  const digests = rules().digests ?? [];
  const summary =
    digests.length === 0
      ? "No digest is configured in src/config.ts."
      : digestRun(digests).join("\n");
  deliveryPorts().logger.info(summary);
  tell(() => texts().dialog.digests, summary);
  return summary;
}
global.sendDigestsNow = sendDigestsNow;

/** Menu: what each rule would send for the selected rows (in a form: its latest response); sends nothing. */
export function previewSelectedRows(): string {
  return showPage(
    renderPreviewPage(
      previewTarget(rules(), activePreviewTarget(), spreadsheetReader(), {
        people: people(),
        texts,
      }),
    ),
  );
}
global.previewSelectedRows = previewSelectedRows;

/** Menu: what each digest would send if it ran now; sends nothing and moves no cursor. */
export function previewDigests(): string {
  const context = {
    reader: spreadsheetReader(),
    date: todayIn(texts()),
    properties: deliveryPorts().store.getAll(),
    people: people(),
    texts: texts(),
  };
  return showPage(renderPreviewPage(digestsPreview(rules().digests ?? [], context)));
}
global.previewDigests = previewDigests;

function installTriggers(): string {
  const ports = deliveryPorts();
  const properties = ports.store.getAll();
  const sheetRules = refreshRules(rulesSource());
  const report = runSetup(
    sheetRules.config,
    liveDocument(spreadsheetReader(), { get: (name) => properties[name] ?? null }),
    triggerInstaller(),
    ports.store,
    desiredTriggers(sheetRules.config, sheetRules.exists),
    scriptAccount(),
  );
  ports.logger.info(report.summary);
  return report.summary;
}

/**
 * Checks the config and the rules sheet against this spreadsheet or form, then installs exactly
 * the triggers they need.
 */
export function setup(): string {
  const summary = installTriggers();
  tell(() => texts().dialog.setup, summary);
  return summary;
}
global.setup = setup;

/** Menu: makes the rules sheet (dropdowns, a warning-only protection), then the triggers it needs. */
export function createRulesSheetFromMenu(): string {
  const properties = deliveryPorts().store.getAll();
  const logSheet = config.history?.sheet ?? DEFAULT_HISTORY_SHEET;
  const created = createRulesSheet(rulesSource(), properties, [logSheet]);
  const summary = `${created}\n${installTriggers()}`;
  tell(() => texts().dialog.rulesSheet, summary);
  return summary;
}
global.createRulesSheetFromMenu = createRulesSheetFromMenu;

/** Menu: checks every row of the rules sheet, flags problems on their cells, and reports them. */
export function checkRulesSheet(): string {
  const summary = refreshRules(rulesSource()).summary;
  deliveryPorts().logger.info(summary);
  tell(() => texts().dialog.rulesSheet, summary);
  return summary;
}
global.checkRulesSheet = checkRulesSheet;

/** Menu: shows what the selected rules row would post for the last row of its sheet; sends it if asked. */
export function testSelectedRule(): string {
  const source = rulesSource();
  const rule = ruleOfRow(source, source.sheet.selectedRow() ?? 0);
  if (typeof rule === "string") {
    tell(() => texts().menu.testRule, rule);
    return rule;
  }
  const preview = previewRule(
    rule,
    spreadsheetReader(),
    todayIn(texts()),
    deliveryPorts().store.getAll(),
    { people: people(), texts, fileNames: driveFileNames(config.forms?.fileNames) },
  );
  if (!preview.accepted) {
    tell(() => texts().menu.testRule, preview.description);
    return preview.description;
  }
  if (!confirm(texts().menu.testRule, `${preview.description}\n\nSend it to Chat now?`)) {
    return preview.description;
  }
  return `${preview.description}\n\n${deliver([preview.accepted])}`;
}
global.testSelectedRule = testSelectedRule;

/** Removes this project's triggers, and only those. */
export function teardown(): string {
  const ports = deliveryPorts();
  let summary = runTeardown(triggerInstaller(), ports.store, scriptAccount());
  const queued = new OutboxView(ports.store.getAll()).queued().length;
  if (queued > 0) {
    summary += ` ${queued} notification(s) are still queued: run deliverOutbox to send them.`;
  }
  ports.logger.info(summary);
  tell(() => texts().dialog.setup, summary);
  return summary;
}
global.teardown = teardown;

/** Simple trigger: the "Chat notifications" menu, in Sheets or in Forms. */
export function onOpen(): void {
  const ui = containerUi();
  if (ui) addChatMenu(ui, texts(), boundToSpreadsheet());
}
global.onOpen = onOpen;

/** Menu: asks for the default webhook's URL, checks it, stores it, and sends a test message. */
export function setWebhookUrl(): string {
  const pasted = ask(texts().webhookPrompt.title, texts().webhookPrompt.prompt);
  if (pasted === null) return "cancelled";
  let space: string;
  try {
    space = parseWebhookUrl(pasted, "The pasted URL").space;
  } catch (error) {
    if (!(error instanceof WebhookUrlError)) throw error;
    tell(() => texts().dialog.notSaved, error.message);
    return error.message;
  }
  deliveryPorts().store.setMany({ [DEFAULT_WEBHOOK_PROPERTY]: pasted.trim() });
  const result = sendTestMessage();
  const summary =
    `Saved as Script Property ${DEFAULT_WEBHOOK_PROPERTY} (space spaces/${space}); ` +
    `test message: ${result.status}.`;
  tell(() => texts().dialog.saved, summary);
  return summary;
}
global.setWebhookUrl = setWebhookUrl;

/** Menu and editor action: the queue, dead letters and webhook health, as text. */
export function showStatus(): string {
  const properties = deliveryPorts().store.getAll();
  // Reasons stored before redaction went by value are cleaned here, by the configured webhooks.
  const described = [
    describeStatus(outboxStatus(new OutboxView(properties))),
    ...damagedCursorLines(config.digests ?? [], properties),
  ].join("\n");
  const text = redactWebhookValues(described, configuredWebhookUrls(properties));
  deliveryPorts().logger.info(text);
  tell(() => texts().dialog.status, text);
  return text;
}
global.showStatus = showStatus;

/** Queues every dead letter again (after fixing what killed them), then delivers. */
export function redeliverDeadLetters(): string {
  const ports = deliveryPorts();
  const count = withOutbox(ports.store, ports.lock, (view) =>
    requeueDeadLetters(view, ports.clock.now()),
  );
  history()?.drained(drainOutbox(ports, deliveryOptions));
  writeHistory();
  const summary = `${count} dead letters queued again`;
  ports.logger.info(summary);
  return summary;
}
global.redeliverDeadLetters = redeliverDeadLetters;

/**
 * Menu: what each address resolves to (a Chat user and where from, or why not), read afresh.
 * `emails` from the editor; from the menu, asked for.
 */
export function checkMentions(emails?: string): string {
  const asked = emails ?? ask(texts().mentionsPrompt.title, texts().mentionsPrompt.prompt);
  if (asked === null) return "cancelled";
  const text = describeResolutions(asked, mentionResolver(config.mentions), config.mentions);
  deliveryPorts().logger.info(text);
  tell(() => texts().dialog.mentions, text);
  return text;
}
global.checkMentions = checkMentions;

/** Menu and editor action: proves the default webhook works. */
export function sendTestMessage(): NotifyResult {
  const result = notify(texts().testMessage, { trustedText: true });
  deliveryPorts().logger.info(
    `Test message to the default webhook (${DEFAULT_WEBHOOK_PROPERTY}): ${result.status}`,
  );
  return result;
}
global.sendTestMessage = sendTestMessage;
