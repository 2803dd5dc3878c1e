// The application: the project's use cases over one ports bundle and the config, built once per
// execution. Each use case returns a report; src/main.ts turns Apps Script events into calls and
// shows the reports' text. Nothing here names an Apps Script global.
import { RulesFailedError } from "../errors";
import type { ChatMessage } from "../chat/message";
import { configuredWebhookUrls, DEFAULT_WEBHOOK_PROPERTY } from "../chat/webhook-property";
import { parseWebhookUrl, redactWebhookValues, WebhookUrlError } from "../chat/webhook-url";
import {
  acceptAndDeliver,
  DEFAULT_DELIVERY_OPTIONS,
  drainOutbox,
  type Accepted,
  type DeliveryOptions,
  type DeliveryReport,
} from "../delivery/deliver";
import { parseNotifyArguments, type NotifyOptions } from "../delivery/notification";
import { notifyResult, type NotifyResult } from "../delivery/notify-result";
import { lazyProperties, OutboxView, withOutbox } from "../delivery/outbox-store";
import { requeueDeadLetters } from "../delivery/settle";
import { describeStatus, outboxStatus } from "../delivery/status";
import {
  DEFAULT_HISTORY_ROWS,
  DEFAULT_HISTORY_SHEET,
  HistoryRecorder,
  type Named,
} from "../history/history";
import type { Texts } from "../i18n/texts";
import { describeResolutions } from "../mentions/describe";
import { mentioning } from "../mentions/mention-text";
import { peopleSheetName } from "../mentions/resolve";
import type { PreviewPage } from "../preview/preview-page";
import { renderPreviewPage } from "../preview/preview-page";
import { previewDigests, previewTarget } from "../preview/preview";
import { changeNotifications, rulesForChange } from "../rules/change-rules";
import type { Config, DigestDefinition } from "../rules/config-types";
import { damagedCursorLines } from "../rules/digest-run";
import { runDigest } from "./digests";
import { editNotifications, rulesForSheet } from "../rules/edit-rules";
import type { ChangeEvent, EditEvent, FormSubmission } from "../rules/events";
import { formNotifications } from "../rules/form-rules";
import { previewRule } from "../rules/rule-preview";
import {
  activeConfig,
  createRulesSheet,
  desiredTriggers,
  refreshRules,
  ruleOfRow,
  rulesEdited,
  rulesSheetName,
  type RulesSource,
} from "../rules/rules-source";
import { runSetup, runTeardown } from "../triggers/setup";
import { ignoredTrigger, isRegisteredTrigger } from "../triggers/registration";
import { dueDigests } from "../triggers/digest-triggers";
import { HANDLE_CHANGE, HANDLE_EDIT, HANDLE_FORM_SUBMIT, RUN_DIGESTS } from "../triggers/handlers";
import type { AppPorts } from "./ports";

export type { AppPorts } from "./ports";
export { MissingEventError } from "../errors";
export { HANDLE_CHANGE, HANDLE_EDIT, HANDLE_FORM_SUBMIT } from "../triggers/handlers";
export type { ChatMessage, NotifyOptions, NotifyResult, PreviewPage, Texts };

/** What a use case did, in words for the person who started it (and the log). */
export interface Report {
  readonly summary: string;
}

/** A handler that did nothing because its trigger is not the registered one, or had nothing to do. */
export interface HandlerReport extends Report {
  readonly acted: boolean;
}

/** A rule-driven delivery: how many notifications went in, how many left at once. */
export interface DeliveryCount extends Report {
  readonly queued: number;
  readonly delivered: number;
  readonly repeats: number;
}

/** Rules sheet "Test this rule": what it would send, and a way to send it. */
export type RuleTest =
  | { readonly kind: "not-sendable"; readonly summary: string }
  | { readonly kind: "ready"; readonly summary: string; readonly send: () => Report };

/** The default webhook pasted from the menu: refused, or saved and tried. */
export type WebhookSaved =
  | { readonly kind: "refused"; readonly summary: string }
  | { readonly kind: "saved"; readonly summary: string; readonly test: NotifyResult };

export type App = ReturnType<typeof createApp>;

/** delivery.retryHours, kept between 1 hour and a week; unset or not a number: 24 hours. */
function retryDeadlineMs(hours: number | undefined): number {
  if (hours === undefined || !Number.isFinite(hours)) {
    return DEFAULT_DELIVERY_OPTIONS.policy.deadlineMs;
  }
  return Math.min(168, Math.max(1, hours)) * 3_600_000;
}

export function createApp(ports: AppPorts, config: Config) {
  const deliveryOptions: DeliveryOptions = {
    ...DEFAULT_DELIVERY_OPTIONS,
    pacing: { ...DEFAULT_DELIVERY_OPTIONS.pacing, requestIds: config.delivery.requestIds },
    policy: {
      ...DEFAULT_DELIVERY_OPTIONS.policy,
      deadlineMs: retryDeadlineMs(config.delivery.retryHours),
    },
  };

  let source: RulesSource | undefined;
  function rulesSource(): RulesSource {
    source ??= {
      config,
      sheet: ports.rulesSheet(),
      cache: ports.rulesCache(),
      document: () => liveDocument(ports.delivery().store.getAll()),
    };
    return source;
  }

  function liveDocument(properties: Record<string, string>) {
    return ports.document({ get: (name) => properties[name] ?? null });
  }

  /** The rules of src/config.ts and the working rows of the rules sheet, read once. */
  let rules: Config | undefined;
  function activeRules(): Config {
    rules ??= activeConfig(rulesSource());
    return rules;
  }

  /** The log sheet's recorder when src/config.ts keeps a history; written once per delivery. */
  let recorder: HistoryRecorder | null | undefined;
  function history(): HistoryRecorder | null {
    const options = config.history;
    recorder ??= options
      ? new HistoryRecorder(
          ports.historyLog(
            options.sheet ?? DEFAULT_HISTORY_SHEET,
            options.maxRows ?? DEFAULT_HISTORY_ROWS,
          ),
          () => ports.delivery().clock.now(),
          // Key by key: a notify() must not read the whole store, however long the queue.
          () => lazyProperties(ports.delivery().store),
        )
      : null;
    return recorder;
  }

  function writeHistory(): void {
    history()?.flush((message) => ports.delivery().logger.warn(message));
  }

  function log(summary: string): string {
    ports.delivery().logger.info(summary);
    return summary;
  }

  function deliver(accepted: readonly Named[]): DeliveryCount {
    if (accepted.length === 0) {
      return { summary: "no rule matched", queued: 0, delivered: 0, repeats: 0 };
    }
    const report = acceptAndDeliver(ports.delivery(), deliveryOptions, accepted);
    history()?.accepted(accepted, report);
    writeHistory();
    const count = (kind: string) => report.accepted.filter((a) => a.kind === kind).length;
    const [queued, repeats, dropped, overflow] = ["queued", "duplicate", "dropped", "overflow"].map(
      count,
    ) as [number, number, number, number];
    const delivered = Object.values(report.outcomes).filter((o) => o === "delivered").length;
    const summary =
      `${queued} notification(s) accepted, ${delivered} delivered at once` +
      (repeats > 0 ? `, ${repeats} repeat(s) dropped` : "") +
      (dropped > 0 ? `, ${dropped} best-effort dropped` : "") +
      (overflow > 0 ? `, ${overflow} did not fit (summarised)` : "");
    // The others are in; now fail visibly, so Apps Script tells the owner which rule cannot go.
    const refused = report.accepted.flatMap((a) => (a.kind === "refused" ? [a.reason] : []));
    if (refused.length > 0) {
      throw new RulesFailedError(
        `${summary}; ${refused.length} NOT accepted: ${[...new Set(refused)].join("; ")}`,
      );
    }
    return { summary, queued, delivered, repeats };
  }

  /** Why a handler should do nothing: its trigger is not in the set the current setup() registered. */
  function notRegistered(handler: string, triggerUid: string | undefined): string | undefined {
    const registration = ports.registration();
    return isRegisteredTrigger(registration, triggerUid)
      ? undefined
      : ignoredTrigger(handler, registration!);
  }

  function idle(summary: string): HandlerReport {
    return { summary, acted: false };
  }

  function runDigestList(
    digests: readonly DigestDefinition[],
    properties = ports.delivery().store.getAll(),
  ): string {
    const texts = ports.texts();
    const context = {
      reader: ports.reader(),
      ports: ports.delivery(),
      options: deliveryOptions,
      date: ports.today(),
      properties,
      record: (items: readonly Accepted[], report: DeliveryReport) =>
        history()?.accepted(items as Named[], report),
      people: ports.people(),
      texts,
    };
    const summaries = digests.map((digest) => runDigest(digest, context));
    writeHistory();
    return summaries.join("\n");
  }

  function installTriggers(): string {
    const properties = ports.delivery().store.getAll();
    const sheetRules = refreshRules(rulesSource());
    const report = runSetup(
      sheetRules.config,
      liveDocument(properties),
      ports.delivery().triggers,
      ports.delivery().store,
      desiredTriggers(sheetRules.config, sheetRules.exists),
      ports.account(),
      ports.texts().setup,
    );
    return log(report.summary);
  }

  function notify(message: string | ChatMessage, options?: NotifyOptions): NotifyResult {
    const { mentions, ...accepted } = parseNotifyArguments(message, options);
    if (mentions !== undefined) {
      const mentioned = mentioning(accepted.notification.message, mentions, ports.people());
      accepted.notification = { ...accepted.notification, message: mentioned };
    }
    const report = acceptAndDeliver(ports.delivery(), deliveryOptions, [accepted]);
    history()?.accepted([accepted], report);
    writeHistory();
    return notifyResult(report);
  }

  function sendTestMessage(): NotifyResult {
    const result = notify(ports.texts().testMessage, { trustedText: true });
    log(`Test message to the default webhook (${DEFAULT_WEBHOOK_PROPERTY}): ${result.status}`);
    return result;
  }

  return {
    notify,
    sendTestMessage,
    /** Whether an edit of `sheet` concerns any rule (or the rules sheet), before reading the event. */
    edit(sheet: string, triggerUid: string | undefined, event: () => EditEvent): HandlerReport {
      const editRules = activeRules().editRules;
      if (sheet === peopleSheetName(config.mentions)) {
        // Cached mentions must not outlive a correction of the People sheet.
        const count = ports.people().refreshMapping();
        if (rulesForSheet(editRules, sheet).length === 0) {
          return idle(`${count} address(es) of sheet "${sheet}" read again for mentions`);
        }
      }
      if (rulesForSheet(editRules, sheet).length === 0) return idle("no rule for this sheet");
      const outcome = editNotifications(
        editRules,
        event(),
        ports.reader(),
        ports.people(),
        ports.texts,
      );
      if (outcome.accepted.length === 0 && outcome.problems.length === 0) {
        return idle(deliver([]).summary);
      }
      const ignored = notRegistered(HANDLE_EDIT, triggerUid);
      if (ignored !== undefined) return idle(ignored);
      const summary = deliver(outcome.accepted).summary;
      // The other rules' notifications are in; now fail visibly, so Apps Script tells the owner.
      if (outcome.problems.length > 0) {
        throw new RulesFailedError(
          `${summary}; but ${outcome.problems.map((p) => p.message).join(" ")}`,
        );
      }
      return { summary, acted: true };
    },
    isRulesSheet: (sheet: string) => sheet === rulesSheetName(config),
    rulesSheetEdited(triggerUid: string | undefined, rows: () => number[]): HandlerReport {
      const ignored = notRegistered(HANDLE_EDIT, triggerUid);
      if (ignored !== undefined) return idle(ignored);
      const summary = rulesEdited(
        rulesSource(),
        rows(),
        ports.delivery().triggers,
        ports.delivery().store,
        ports.account(),
      );
      return { summary, acted: true };
    },
    change(changeType: string, triggerUid: string | undefined, event: () => ChangeEvent) {
      if (rulesForChange(config.changeRules, changeType).length === 0) {
        return idle("no rule for this change");
      }
      const ignored = notRegistered(HANDLE_CHANGE, triggerUid);
      if (ignored !== undefined) return idle(ignored);
      const notifications = changeNotifications(
        config.changeRules,
        event(),
        ports.people(),
        ports.texts,
      );
      return { ...deliver(notifications), acted: true };
    },
    formSubmitted(
      triggerUid: string | undefined,
      submission: () => FormSubmission | null,
    ): HandlerReport {
      const ignored = notRegistered(HANDLE_FORM_SUBMIT, triggerUid);
      if (ignored !== undefined) return idle(ignored);
      const submitted = submission();
      if (submitted === null) return idle("the responses sheet is gone");
      const notifications = formNotifications(
        activeRules().formRules,
        submitted,
        ports.people(),
        ports.texts,
      );
      return { ...deliver(notifications), acted: true };
    },
    drain(triggerUid?: string): Report & { requests: number; rounds: number } {
      const report = drainOutbox(ports.delivery(), deliveryOptions, triggerUid);
      history()?.drained(report);
      writeHistory();
      const summary = log(`deliverOutbox: ${report.requests} requests in ${report.rounds} rounds`);
      return { summary, requests: report.requests, rounds: report.rounds };
    },
    /** The digests a clock trigger is for (all of them when run by hand), run. */
    digestsDue(triggerUid: string | undefined): Report {
      const digests = activeRules().digests ?? [];
      if (triggerUid === undefined) return { summary: runDigestList(digests) };
      const properties = ports.delivery().store.getAll();
      const due = dueDigests(digests, properties, triggerUid);
      if (due.kind === "unregistered")
        return { summary: ignoredTrigger(RUN_DIGESTS, due.registration) };
      return { summary: log(runDigestList(due.digests, properties)) };
    },
    allDigestsNow(): Report {
      const digests = activeRules().digests ?? [];
      const summary =
        digests.length === 0 ? "No digest is configured in src/config.ts." : runDigestList(digests);
      return { summary: log(summary) };
    },
    previewSelection(): PreviewPage {
      const preview = previewTarget(activeRules(), ports.selection(), ports.reader(), {
        people: ports.people(),
        texts: ports.texts,
      });
      return renderPreviewPage(preview);
    },
    previewDigests(): PreviewPage {
      const context = {
        reader: ports.reader(),
        date: ports.today(),
        properties: ports.delivery().store.getAll(),
        people: ports.people(),
        texts: ports.texts(),
      };
      return renderPreviewPage(previewDigests(activeRules().digests ?? [], context));
    },
    setup: (): Report => ({ summary: installTriggers() }),
    createRulesSheet(): Report {
      const properties = ports.delivery().store.getAll();
      const logSheet = config.history?.sheet ?? DEFAULT_HISTORY_SHEET;
      const created = createRulesSheet(rulesSource(), properties, [logSheet]);
      return { summary: `${created}\n${installTriggers()}` };
    },
    checkRulesSheet: (): Report => ({ summary: log(refreshRules(rulesSource()).summary) }),
    testSelectedRule(): RuleTest {
      const source = rulesSource();
      const rule = ruleOfRow(source, source.sheet.selectedRow() ?? 0);
      if (typeof rule === "string") return { kind: "not-sendable", summary: rule };
      const preview = previewRule(
        rule,
        ports.reader(),
        ports.today(),
        ports.delivery().store.getAll(),
        { people: ports.people(), texts: ports.texts, fileNames: ports.fileNames() },
      );
      const accepted = preview.accepted;
      if (!accepted) return { kind: "not-sendable", summary: preview.description };
      return {
        kind: "ready",
        summary: preview.description,
        send: () => ({ summary: `${preview.description}\n\n${deliver([accepted]).summary}` }),
      };
    },
    teardown(): Report & { stillQueued: number } {
      const delivery = ports.delivery();
      const words = ports.texts().setup;
      let summary = runTeardown(ports.delivery().triggers, delivery.store, ports.account(), words);
      const stillQueued = new OutboxView(delivery.store.getAll()).queued().length;
      if (stillQueued > 0) summary += words.stillQueued(stillQueued);
      return { summary: log(summary), stillQueued };
    },
    saveWebhookUrl(pasted: string): WebhookSaved {
      let space: string;
      try {
        space = parseWebhookUrl(pasted, "The pasted URL").space;
      } catch (error) {
        if (!(error instanceof WebhookUrlError)) throw error;
        return { kind: "refused", summary: error.message };
      }
      ports.delivery().store.setMany({ [DEFAULT_WEBHOOK_PROPERTY]: pasted.trim() });
      const test = sendTestMessage();
      const summary =
        `Saved as Script Property ${DEFAULT_WEBHOOK_PROPERTY} (space spaces/${space}); ` +
        `test message: ${test.status}.`;
      return { kind: "saved", summary, test };
    },
    status(): Report {
      const properties = ports.delivery().store.getAll();
      // Reasons stored before redaction went by value are cleaned here, by the configured webhooks.
      const described = [
        describeStatus(outboxStatus(new OutboxView(properties)), ports.texts().status),
        ...damagedCursorLines(config.digests ?? [], properties),
      ].join("\n");
      return { summary: log(redactWebhookValues(described, configuredWebhookUrls(properties))) };
    },
    redeliver(): Report & { requeued: number } {
      const delivery = ports.delivery();
      const requeued = withOutbox(delivery.store, delivery.lock, (view) =>
        requeueDeadLetters(view, delivery.clock.now()),
      );
      history()?.drained(drainOutbox(delivery, deliveryOptions));
      writeHistory();
      return { summary: log(`${requeued} dead letters queued again`), requeued };
    },
    checkMentions: (emails: string): Report => ({
      summary: log(describeResolutions(emails, ports.freshPeople(), config.mentions)),
    }),
    texts: ports.texts,
    fileNames: ports.fileNames,
  };
}
