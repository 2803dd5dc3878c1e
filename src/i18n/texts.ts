// The project's own words (menu, prompts, labels, dates, "…and N more") in English and Traditional
// Chinese. The language follows the spreadsheet's locale (a form-bound script: the user's), unless
// config.language names one. Templates are the author's words and are never translated.
import type { StatusWords } from "../delivery/status";
import type { AnswerWords } from "../rules/form-answers";
import type { RulePreviewWords } from "../rules/rule-preview";
import type { SetupWords } from "../triggers/setup";

export type Language = "en" | "zh-TW";

export interface Texts extends AnswerWords {
  readonly language: Language;
  readonly menu: {
    readonly title: string;
    readonly setWebhook: string;
    readonly sendTest: string;
    readonly sendDigests: string;
    readonly previewRows: string;
    readonly previewDigests: string;
    readonly setup: string;
    readonly teardown: string;
    readonly status: string;
    readonly checkMentions: string;
    readonly createRulesSheet: string;
    readonly checkRulesSheet: string;
    readonly testRule: string;
  };
  readonly webhookPrompt: { readonly title: string; readonly prompt: string };
  readonly mentionsPrompt: { readonly title: string; readonly prompt: string };
  /** Titles of the dialogs that report what an action did. */
  readonly dialog: {
    readonly notSaved: string;
    readonly saved: string;
    readonly digests: string;
    readonly status: string;
    readonly mentions: string;
    readonly setup: string;
    readonly rulesSheet: string;
  };
  readonly testMessage: string;
  readonly openRow: string;
  readonly openResponse: string;
  readonly openSheet: string;
  readonly openSpreadsheet: string;
  /** "…and 12 more": rows a digest leaves out. */
  readonly andMore: (count: number) => string;
  /** Today in a digest's {{date}}; weekday 1 is Monday. */
  readonly today: (year: number, month: number, day: number, weekday: number) => string;
  /** The showStatus() report. */
  readonly status: StatusWords;
  /** The summaries of setup() and teardown(). */
  readonly setup: SetupWords;
  /** The sentences of "Test this rule". */
  readonly rulePreview: RulePreviewWords;
}

const LONG_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const ZH_WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];
const ZH_EVENTS: Readonly<Record<string, string>> = {
  ON_EDIT: "編輯",
  ON_CHANGE: "變更",
  ON_FORM_SUBMIT: "提交表單",
  ON_OPEN: "開啟",
};

export const ENGLISH: Texts = {
  language: "en",
  menu: {
    title: "Chat notifications",
    setWebhook: "Set webhook URL…",
    sendTest: "Send test message",
    sendDigests: "Send digests now",
    previewRows: "Preview for the selected rows",
    previewDigests: "Preview digests",
    setup: "Install or update triggers",
    teardown: "Remove triggers",
    status: "Show status",
    checkMentions: "Check mentions…",
    createRulesSheet: "Create the rules sheet",
    checkRulesSheet: "Check the rules sheet",
    testRule: "Test this rule",
  },
  webhookPrompt: {
    title: "Chat webhook URL",
    prompt:
      "In Google Chat: the space > Apps & integrations > Webhooks > copy the URL. Paste it here:",
  },
  mentionsPrompt: { title: "Check mentions", prompt: "Email addresses, separated by commas:" },
  dialog: {
    notSaved: "Not saved",
    saved: "Webhook saved",
    digests: "Chat notifications: digests",
    status: "Chat notifications: status",
    mentions: "Chat notifications: mentions",
    setup: "Chat notifications",
    rulesSheet: "Chat notifications: rules sheet",
  },
  testMessage: "✅ Test message from Apps Script: Chat notifications are set up.",
  openRow: "Open the row",
  openResponse: "Open the response",
  openSheet: "Open the sheet",
  openSpreadsheet: "Open the spreadsheet",
  andMore: (count) => `…and ${count} more`,
  today: (year, month, day, weekday) =>
    `${WEEKDAYS[weekday - 1]} ${day} ${LONG_MONTHS[month - 1]!.slice(0, 3)} ${year}`,
  file: (n) => `File ${n}`,
  date: (year, month, day) => `${LONG_MONTHS[month - 1]} ${day}, ${year}`,
  setup: {
    triggerOn: (handler, eventType, ofForm) =>
      `${handler} on ${eventType.replace("ON_", "").toLowerCase().replace("_", " ")} of ${ofForm ? "the form" : "the spreadsheet"}`,
    summary: (c) =>
      `setup: the config is valid; ${c.needed} trigger(s) needed: ` +
      `${c.kept} already installed, ${c.created.length} installed now` +
      (c.created.length > 0 ? ` (${c.created.join("; ")})` : "") +
      `, ${c.removed} removed.`,
    zoneChanged: (from, to) =>
      ` The script's time zone changed from ${from} to ${to}, so the clock triggers were made again.`,
    replacesOwner: (owner) =>
      ` These triggers replace the ones ${owner} registered: theirs stay installed ` +
      `under their account but do nothing now; ${owner} can remove them with teardown().`,
    teardown: (removed) =>
      `teardown: removed ${removed} trigger(s); triggers of other functions were left alone.`,
    teardownOthers: (owner) => ` The registered triggers are ${owner}'s and were left alone.`,
    stillQueued: (count) =>
      ` ${count} notification(s) are still queued: run deliverOutbox to send them.`,
  },
  rulePreview: {
    noRows: (sheet) => `Sheet "${sheet}" has no row below its header to test with.`,
    condition: (holds, cell) =>
      ` Its condition ${holds ? "holds" : "does not hold"} for "${cell}".`,
    digestNothing: (digest) =>
      `Digest "${digest}": no row qualifies now, so it would send nothing.`,
    digestNow: (digest, rows) => `Digest "${digest}" now (${rows} row(s)):`,
    sendsNothing: (rule, row, sheet) =>
      `Rule "${rule}" sends nothing for row ${row} of "${sheet}" (its last row).`,
    ruleFor: (rule, row, sheet) => `Rule "${rule}" for row ${row} of "${sheet}" (its last row).`,
  },
  status: {
    never: "never",
    queued: (count) => `Queued: ${count}`,
    queuedTimes: (oldest, next) => ` (oldest accepted ${oldest}, next attempt ${next})`,
    counts: (c) =>
      `Delivered: ${c.delivered}, retried: ${c.retried}, not sent (no thread): ${c.notSentNoThread}, best effort dropped: ${c.dropped}, last delivery: ${c.lastDelivery}`,
    store: (used, limit, outbox, other) =>
      `Script Properties: ${used} of ${limit} used (outbox ${outbox}, other properties ${other})`,
    nearlyFull: ". Nearly full: large notifications may be refused soon.",
    full: (deadLetters) =>
      ". FULL: new notifications are refused. " +
      (deadLetters
        ? "Fix what the dead letters say and run redeliverDeadLetters(), or delete them; "
        : "") +
      "remove Script Properties you no longer need.",
    triggerProblem: (problem, backstop) =>
      (backstop
        ? `A deliverOutbox trigger could not be created (${problem}): queued ` +
          "notifications go every 5 minutes, by the recurring one, instead of on time. "
        : `No deliverOutbox trigger could be created (${problem}): queued notifications wait. `) +
      "Delete a trigger you no longer need on the Triggers page, then run deliverOutbox().",
    webhookOk: (name, last) => `Webhook ${name}: ok, last delivery ${last}`,
    webhookFailing: (name, error) => `Webhook ${name}: FAILING: ${error}`,
    deadLetters: (count) => `Dead letters: ${count}`,
    redeliver: "Run redeliverDeadLetters() to queue them again.",
    damaged: (count) =>
      `Damaged outbox properties, set aside (edited by hand or cut short; everything else goes on): ${count}`,
    damagedHelp:
      "Look at them in Project Settings > Script Properties: mend the value, or delete the property " +
      "(a notification in it is then lost; the state is rebuilt on its own).",
  },
};

export const TRADITIONAL_CHINESE: Texts = {
  language: "zh-TW",
  menu: {
    title: "Chat 通知",
    setWebhook: "設定 Webhook 網址…",
    sendTest: "傳送測試訊息",
    sendDigests: "立即傳送摘要",
    previewRows: "預覽所選列的通知",
    previewDigests: "預覽摘要",
    setup: "安裝或更新觸發條件",
    teardown: "移除觸發條件",
    status: "顯示狀態",
    checkMentions: "檢查提及對象…",
    createRulesSheet: "建立規則工作表",
    checkRulesSheet: "檢查規則工作表",
    testRule: "測試這條規則",
  },
  webhookPrompt: {
    title: "Chat Webhook 網址",
    prompt: "在 Google Chat 中：聊天室 > 應用程式與整合 > Webhook > 複製網址。請貼在這裡：",
  },
  mentionsPrompt: { title: "檢查提及對象", prompt: "電子郵件地址，以逗號分隔：" },
  dialog: {
    notSaved: "未儲存",
    saved: "Webhook 已儲存",
    digests: "Chat 通知：摘要",
    status: "Chat 通知：狀態",
    mentions: "Chat 通知：提及對象",
    setup: "Chat 通知",
    rulesSheet: "Chat 通知：規則工作表",
  },
  testMessage: "✅ 來自 Apps Script 的測試訊息：Chat 通知已設定完成。",
  openRow: "開啟這一列",
  openResponse: "開啟回覆",
  openSheet: "開啟工作表",
  openSpreadsheet: "開啟試算表",
  andMore: (count) => `…還有 ${count} 筆`,
  today: (year, month, day, weekday) =>
    `${year}年${month}月${day}日（週${ZH_WEEKDAYS[weekday - 1]}）`,
  file: (n) => `檔案 ${n}`,
  date: (year, month, day) => `${year}年${month}月${day}日`,
  setup: {
    triggerOn: (handler, eventType, ofForm) =>
      `${handler}：${ofForm ? "表單" : "試算表"}${ZH_EVENTS[eventType] ?? eventType}時`,
    summary: (c) =>
      `setup：設定有效；需要 ${c.needed} 個觸發條件：` +
      `${c.kept} 個原已安裝，${c.created.length} 個剛安裝` +
      (c.created.length > 0 ? `（${c.created.join("；")}）` : "") +
      `，移除 ${c.removed} 個。`,
    zoneChanged: (from, to) => `指令碼的時區已從 ${from} 改為 ${to}，因此已重新建立時間觸發條件。`,
    replacesOwner: (owner) =>
      `這些觸發條件取代了 ${owner} 註冊的觸發條件：那些仍安裝在對方的帳戶下，` +
      `但已不再有作用；${owner} 可以用 teardown() 移除。`,
    teardown: (removed) => `teardown：已移除 ${removed} 個觸發條件；其他函式的觸發條件維持不變。`,
    teardownOthers: (owner) => `已註冊的觸發條件屬於 ${owner}，因此維持不變。`,
    stillQueued: (count) => `仍有 ${count} 則通知在佇列中：執行 deliverOutbox 即可送出。`,
  },
  rulePreview: {
    noRows: (sheet) => `工作表「${sheet}」的標題列下方沒有可用來測試的資料列。`,
    condition: (holds, cell) => `以「${cell}」來看，條件${holds ? "成立" : "不成立"}。`,
    digestNothing: (digest) =>
      `摘要「${digest}」：目前沒有符合條件的資料列，因此不會傳送任何內容。`,
    digestNow: (digest, rows) => `摘要「${digest}」目前的內容（${rows} 列）：`,
    sendsNothing: (rule, row, sheet) =>
      `規則「${rule}」對「${sheet}」的第 ${row} 列（最後一列）不會傳送任何內容。`,
    ruleFor: (rule, row, sheet) => `規則「${rule}」套用於「${sheet}」的第 ${row} 列（最後一列）。`,
  },
  status: {
    never: "從未",
    queued: (count) => `佇列中：${count} 則`,
    queuedTimes: (oldest, next) => `（最早一則於 ${oldest} 收到，下次嘗試：${next}）`,
    counts: (c) =>
      `已送達：${c.delivered}，重試：${c.retried}，未傳送（找不到討論串）：${c.notSentNoThread}，盡力傳送而捨棄：${c.dropped}，上次送達：${c.lastDelivery}`,
    store: (used, limit, outbox, other) =>
      `指令碼屬性：已使用 ${used}，上限 ${limit}（寄件匣 ${outbox}，其他屬性 ${other}）`,
    nearlyFull: "。快滿了：較大的通知可能很快會被拒收。",
    full: (deadLetters) =>
      "。已滿：新的通知會被拒收。" +
      (deadLetters
        ? "請依無法送達訊息所述修正問題後執行 redeliverDeadLetters()，或刪除它們；"
        : "") +
      "並移除不再需要的指令碼屬性。",
    triggerProblem: (problem, backstop) =>
      (backstop
        ? `無法建立 deliverOutbox 觸發條件（${problem}）：佇列中的通知改由定期觸發條件每 5 分鐘傳送一次，無法準時送出。`
        : `無法建立任何 deliverOutbox 觸發條件（${problem}）：佇列中的通知只能等待。`) +
      "請在「觸發條件」頁面刪除不再需要的觸發條件，再執行 deliverOutbox()。",
    webhookOk: (name, last) => `Webhook ${name}：正常，上次送達 ${last}`,
    webhookFailing: (name, error) => `Webhook ${name}：失敗：${error}`,
    deadLetters: (count) => `無法送達的訊息：${count} 則`,
    redeliver: "執行 redeliverDeadLetters() 即可將它們重新排入佇列。",
    damaged: (count) =>
      `已損壞而暫時擱置的寄件匣屬性（遭手動編輯或內容被截斷；其餘一切照常運作）：${count} 個`,
    damagedHelp:
      "請到「專案設定 > 指令碼屬性」查看：修正其值，或刪除該屬性" +
      "（其中的通知將會遺失；狀態會自動重建）。",
  },
};

/**
 * The language for a locale as Apps Script gives it ("zh_TW", "zh-TW", "zh_HK", "en_US"...):
 * Traditional Chinese for Taiwan, Hong Kong, Macau and "Hant"; English otherwise.
 */
export function languageOf(locale: string | undefined | null): Language {
  const tag = (locale ?? "").replace(/_/g, "-").toLowerCase();
  return /^zh-(tw|hk|mo|hant)\b/.test(tag) ? "zh-TW" : "en";
}

export function textsFor(language: Language): Texts {
  return language === "zh-TW" ? TRADITIONAL_CHINESE : ENGLISH;
}
