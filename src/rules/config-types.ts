// The shape of src/config.ts: which events notify whom, with what message. Everything a rule
// names (sheets, headers, questions, webhooks) is checked by setup() against the live document.
import type { ChatMessage, ReplyOption } from "../chat/message";
import type { Language } from "../i18n/texts";
import type { ClockSchedule } from "../triggers/spec";

/** A webhook NAME: its URL is Script Property CHAT_WEBHOOK_URL_<NAME>. Omitted: CHAT_WEBHOOK_URL. */
export type WebhookName = string;

/** `{{Header Name}}` placeholders; see template.ts for the names every rule offers. */
export type Template = string;

/** One or several accepted values; compared as the sheet displays them, trimmed, ignoring case. */
export type Values = string | readonly string[];

/** What the edited cell did, as a condition sees it. `old` is known only for single-cell edits. */
export interface CellChange {
  readonly old: string | undefined;
  readonly new: string;
  /** The whole row, as displayed, by header. */
  readonly row: Readonly<Record<string, string>>;
}

export type Condition =
  /** The new value is one of these, and the old one was not (when known). */
  | { readonly becomes: Values }
  /** The value changed from one of `from` (any if omitted) to one of `to` (any if omitted). */
  | { readonly from?: Values; readonly to?: Values }
  /** The new value matches this regular expression (JavaScript syntax, no slashes). */
  | { readonly matches: string; readonly flags?: string }
  /** The cell was empty and now has a value (in a pasted range, old values are unknown: a value counts). */
  | { readonly isFilled: true }
  /** Full control. */
  | ((change: CellChange) => boolean);

/** A card built from the row or the response: a title, then one line per field. */
export interface CardSpec {
  readonly title: Template;
  readonly subtitle?: Template;
  /** Headers or questions to show, in this order; default: all of them. */
  readonly fields?: readonly string[];
  /** A button that opens the row or the response; default true. */
  readonly linkButton?: boolean;
}

/** What the notification says: a text template, a card, or a function (null: send nothing). */
export type MessageSpec<Context> =
  Template | { readonly card: CardSpec } | ((context: Context) => ChatMessage | string | null);

interface RuleBase<Context> {
  /** Names the rule in errors and logs. */
  readonly name: string;
  readonly webhook?: WebhookName;
  readonly message: MessageSpec<Context>;
  /** Every notification with the same key goes to one thread, across executions and days. */
  readonly threadKey?: Template;
  readonly replyOption?: ReplyOption;
  /** Past `after` notifications of this rule waiting for one thread, send them as one message. */
  readonly coalesce?: { readonly after: number };
  /** Not critical: sent at most once, now if Chat's pacing allows; never retried nor kept. */
  readonly bestEffort?: boolean;
  /** false: never shares a request with other waiting messages of its thread. */
  readonly batch?: boolean;
  /**
   * How a card message reads (with `message: { card }`): "card" (default) the card, its title the
   * phone's notification; "text" the title and fields as text, no card; "text+card" the title and
   * subtitle as text (the notification) above a card of the fields.
   */
  readonly notification?: NotificationStyle;
  /**
   * "markdown": a text template is Markdown (`**bold**`, `[label](url)`, `# heading`, lists),
   * converted to Chat's syntax; values put into it are still neutralised.
   */
  readonly format?: "markdown";
  /**
   * Who to @mention: email addresses, usually a column (`"{{Owner}}"`, several allowed, separated
   * by commas). Each is resolved to a Chat user (see Config.mentions); one that is not shows as text.
   */
  readonly mention?: Template;
}

export type NotificationStyle = "card" | "text" | "text+card";

/** What a template or message function of an edit rule can use. */
export interface EditContext {
  readonly sheet: string;
  /** 1-based row number. */
  readonly row: number;
  /** The row as the sheet displays it, by header. */
  readonly values: Readonly<Record<string, string>>;
  readonly old: string | undefined;
  readonly new: string;
  /** A link to the row. */
  readonly url: string;
  /** The editor's email, when Apps Script provides it. */
  readonly user: string | undefined;
}

export interface EditRule extends RuleBase<EditContext> {
  readonly sheet: string;
  /** The header of the column to watch; omitted: any column of the row. */
  readonly column?: string;
  /** Omitted: any change. */
  readonly when?: Condition;
  /** The row holding the headers; default 1. */
  readonly headerRow?: number;
}

export interface FormContext {
  /** The form's title (form-bound) or the responses sheet's name. */
  readonly form: string;
  /**
   * Question title -> answer as text, in form order: several ticks as "• a" lines, a grid as
   * "row: answer" lines, uploads as file names, a scale as "4 / 5", a date written out.
   */
  readonly answers: Readonly<Record<string, string>>;
  readonly email: string | undefined;
  readonly timestamp: string;
  /** A link to the response (form-bound: its edit link; sheet: the row). */
  readonly url: string;
  readonly responseId: string;
}

export interface FormRule extends RuleBase<FormContext> {
  /**
   * "form": the script is bound to the form (Forms onFormSubmit, e.response).
   * "sheet": the script is bound to the spreadsheet that collects the responses (e.namedValues).
   */
  readonly source: "form" | "sheet";
  /** With source "sheet": the responses sheet; default "Form Responses 1". */
  readonly sheet?: string;
}

export type ChangeType =
  | "EDIT"
  | "INSERT_ROW"
  | "INSERT_COLUMN"
  | "REMOVE_ROW"
  | "REMOVE_COLUMN"
  | "INSERT_GRID"
  | "REMOVE_GRID"
  | "FORMAT"
  | "OTHER";

export interface ChangeContext {
  readonly changeType: ChangeType;
  /** The spreadsheet's name. */
  readonly spreadsheet: string;
  readonly url: string;
  readonly user: string | undefined;
}

export interface ChangeRule extends RuleBase<ChangeContext> {
  readonly changeTypes: readonly ChangeType[];
}

/**
 * Keeps a row when all of its tests pass. is/isNot compare as displayed, trimmed, ignoring case;
 * matches is a regular expression, case-sensitive (e.g. "^[Dd]one$").
 */
export interface RowFilter {
  readonly column: string;
  readonly is?: Values;
  readonly isNot?: Values;
  readonly matches?: string;
  readonly isEmpty?: boolean;
}

/** When a digest runs: its clock trigger's schedule. */
export type DigestSchedule = ClockSchedule;

/** One scheduled message that sums up a sheet: what is open, or what arrived since the last one. */
export interface DigestDefinition {
  readonly name: string;
  /** The card's title; {{count}} is the number of rows, {{date}} today's date, {{digest}} the name. */
  readonly title: Template;
  readonly webhook?: WebhookName;
  readonly schedule: DigestSchedule;
  /** A sheet with a header row (a form's responses sheet too). */
  readonly sheet: string;
  readonly headerRow?: number;
  /** Rows must pass every filter. */
  readonly filters?: readonly RowFilter[];
  /**
   * "new-rows": only rows added since the last digest that was sent. `keyColumn` (e.g. Timestamp
   * or ID) finds the last row seen even after rows above it were deleted (if that row itself was
   * deleted, its row number is used, and rows may be missed).
   */
  readonly since?: { readonly newRows: true; readonly keyColumn?: string };
  /** One section per value of this column. */
  readonly groupBy?: string;
  readonly sortBy?: { readonly column: string; readonly descending?: boolean };
  /** The columns shown for each row; the first one leads. */
  readonly columns: readonly string[];
  /** Rows shown at most (default 25); the rest are counted in an "and N more" line. */
  readonly limit?: number;
  /** Also send when no row qualifies, with this text (default: send nothing). */
  readonly whenEmpty?: Template;
  /** "card" (default) or "text": long text is split into parts in one thread. */
  readonly format?: "card" | "text";
  readonly threadKey?: Template;
  /** Who to @mention: addresses, or columns (`"{{Owner}}"`: every owner among the rows shown). */
  readonly mention?: Template;
}

/** How mentioned addresses become Chat users; every source is optional. */
export interface MentionConfig {
  /** A sheet with "Email" and "Chat user ID" columns; default "People". */
  readonly sheet?: string;
  /** A Script Property with JSON `{ "email": "users/123" }`; default CHAT_USER_IDS. */
  readonly property?: string;
  /**
   * Look addresses up in the Workspace directory (People API searchDirectoryPeople). Adds the
   * People advanced service and the directory.readonly scope to dist/appsscript.json.
   */
  readonly directory?: boolean;
  /** How long a result is cached (default 60, at most 360: CacheService keeps nothing longer). */
  readonly cacheMinutes?: number;
}

export interface Config {
  readonly delivery: {
    /** See src/config.ts. */
    readonly requestIds: boolean;
    /** A failing message is retried until this long after it was accepted; default 24. */
    readonly retryHours?: number;
  };
  readonly editRules: readonly EditRule[];
  readonly formRules: readonly FormRule[];
  readonly changeRules: readonly ChangeRule[];
  readonly digests?: readonly DigestDefinition[];
  /** Rules written as rows of a sheet (menu: Create the rules sheet); see src/config.ts. */
  readonly sheetRules?: {
    /** Default "Chat rules". */
    readonly sheet?: string;
    /** Let the sheet's templates mention people and add links; default false. */
    readonly trustTemplates?: boolean;
  };
  /** A sheet with one row per notification, newest last; absent: no history is kept. */
  readonly history?: {
    /** Default "Chat log". */
    readonly sheet?: string;
    /** The oldest rows are removed past this many; default 500. */
    readonly maxRows?: number;
  };
  readonly mentions?: MentionConfig;
  /**
   * The language of the project's own words (menu, dialogs, buttons, dates, "…and N more"):
   * "en" or "zh-TW". Omitted: from the spreadsheet's locale (form-bound: the user's).
   */
  readonly language?: Language;
  readonly forms?: {
    /**
     * Show uploaded files by name (DriveApp reads each file's name: one call per file). Adds the
     * drive.readonly scope to dist/appsscript.json; without it files are "File 1", "File 2".
     */
    readonly fileNames?: boolean;
  };
}
