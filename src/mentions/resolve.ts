// Email -> Chat user, for mentions. A human user's Chat id is their People API person id, so an
// email resolves through a mapping the project reads (a People sheet, a Script Property) or,
// when turned on, the Workspace directory. A mention is made only from an id resolved here, never
// from text in a cell: `users/all` or anything but digits is refused.

export type MentionSource = "property" | "sheet" | "directory";

export type Resolution =
  | { readonly kind: "resolved"; readonly user: string; readonly source: MentionSource }
  | { readonly kind: "unresolved"; readonly reason: string; readonly transient?: true };

/** The script cache, as CacheService offers it: many keys per call, entries that expire. */
export interface MentionCache {
  getAll(keys: readonly string[]): Record<string, string>;
  putAll(values: Readonly<Record<string, string>>, seconds: number): void;
}

/** The directory (People API searchDirectoryPeople): a person id such as "people/123", or null. */
export interface DirectoryLookup {
  personFor(email: string): string | null;
}

export interface MentionSettings {
  /** A sheet with an "Email" column and a "Chat user ID" column (`users/123` or `123`). */
  readonly sheet: string;
  /** A Script Property holding JSON `{ "ana@example.com": "users/123" }`. */
  readonly property: string;
  /** Cached results live this long; CacheService keeps nothing past 6 hours. */
  readonly cacheSeconds: number;
}

export const DEFAULT_MENTION_SETTINGS: MentionSettings = {
  sheet: "People",
  property: "CHAT_USER_IDS",
  cacheSeconds: 3600,
};

/** The sheet mapping emails to Chat users. */
export function peopleSheetName(config: { readonly sheet?: string } = {}): string {
  return config.sheet ?? DEFAULT_MENTION_SETTINGS.sheet;
}

export interface MentionPorts {
  readonly cache: MentionCache;
  /** Read only when the cache does not know an address. */
  readonly property: () => string | null;
  /** The People sheet's cells, or null when there is none; read only when needed. */
  readonly sheet: () => string[][] | null;
  readonly directory?: DirectoryLookup;
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
const USER_ID = /^(?:users\/|people\/)?(\d{1,40})$/;
const CACHE_PREFIX = "chat.mention.";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(text: string): boolean {
  return EMAIL.test(text.trim());
}

/** "users/123" for an id that names one person; null for `users/all`, names or anything else. */
export function chatUserOf(id: string): string | null {
  const match = USER_ID.exec(id.trim());
  return match ? `users/${match[1]}` : null;
}

/** Resolves emails, each at most once per execution; see README "Mentions" for the costs. */
export class MentionResolver {
  private readonly known = new Map<string, Resolution>();
  private mapping: Map<string, Resolution> | undefined;

  constructor(
    private readonly ports: MentionPorts,
    private readonly settings: MentionSettings = DEFAULT_MENTION_SETTINGS,
  ) {}

  /** `fresh`: past the cache (which is then refreshed), as the menu's check does. */
  resolveAll(
    emails: readonly string[],
    options: { fresh?: boolean } = {},
  ): Map<string, Resolution> {
    const wanted = [...new Set(emails.map(normaliseEmail))];
    const missing = wanted.filter((email) => options.fresh || !this.known.has(email));
    for (const email of missing.filter((e) => !isEmail(e))) {
      this.known.set(email, { kind: "unresolved", reason: "not an email address" });
    }
    const lookups = missing.filter(isEmail);
    if (lookups.length > 0) this.lookUp(lookups, options.fresh === true);
    return new Map(wanted.map((email) => [email, this.known.get(email)!]));
  }

  /**
   * The mapping changed (an edit of the People sheet): its addresses are read again and cached
   * afresh, so the next message does not wait for the cache to expire. Returns how many.
   */
  refreshMapping(): number {
    this.mapping = this.readMapping();
    const emails = [...this.mapping.keys()];
    if (emails.length > 0) this.lookUp(emails, true);
    return emails.length;
  }

  private lookUp(emails: readonly string[], fresh: boolean): void {
    const cached = fresh
      ? {}
      : this.ports.cache.getAll(emails.map((email) => CACHE_PREFIX + email));
    const found: Record<string, string> = {};
    for (const email of emails) {
      const hit = cached[CACHE_PREFIX + email];
      if (hit !== undefined) {
        this.known.set(email, JSON.parse(hit) as Resolution);
        continue;
      }
      const resolution = this.fromMapping(email) ?? this.fromDirectory(email);
      this.known.set(email, resolution);
      // A failing directory is not an answer: ask again next time.
      if (!(resolution.kind === "unresolved" && resolution.transient)) {
        found[CACHE_PREFIX + email] = JSON.stringify(resolution);
      }
    }
    if (Object.keys(found).length > 0) this.ports.cache.putAll(found, this.settings.cacheSeconds);
  }

  private fromMapping(email: string): Resolution | undefined {
    this.mapping ??= this.readMapping();
    return this.mapping.get(email);
  }

  private fromDirectory(email: string): Resolution {
    const directory = this.ports.directory;
    if (!directory) {
      return {
        kind: "unresolved",
        reason: `not in sheet "${this.settings.sheet}" nor Script Property ${this.settings.property}`,
      };
    }
    let person: string | null;
    try {
      person = directory.personFor(email);
    } catch (error) {
      const reason = `the directory failed: ${(error as Error).message}`;
      return { kind: "unresolved", reason, transient: true };
    }
    const user = person === null ? null : chatUserOf(person);
    return user === null
      ? { kind: "unresolved", reason: "not found in the directory" }
      : { kind: "resolved", user, source: "directory" };
  }

  /** The Script Property first, then the sheet: the sheet wins where both name an address. */
  private readMapping(): Map<string, Resolution> {
    const mapping = new Map<string, Resolution>();
    const add = (email: string, id: string, source: MentionSource, where: string) => {
      if (!isEmail(email)) return;
      const user = chatUserOf(id);
      mapping.set(
        normaliseEmail(email),
        user === null
          ? { kind: "unresolved", reason: `${where} gives "${id}", which is not a person's id` }
          : { kind: "resolved", user, source },
      );
    };
    const property = this.ports.property();
    if (property) {
      try {
        const parsed = JSON.parse(property) as Record<string, unknown>;
        for (const [email, id] of Object.entries(parsed)) {
          add(email, String(id), "property", `Script Property ${this.settings.property}`);
        }
      } catch {
        // Reported by showMentions; an unreadable mapping resolves nobody.
      }
    }
    const cells = this.ports.sheet();
    if (cells && cells.length > 0) {
      const headers = (cells[0] ?? []).map((h) => h.trim().toLowerCase());
      const emailColumn = headers.findIndex((h) => h === "email" || h === "email address");
      const idColumn = headers.findIndex((h) => /^(chat )?(user )?id$/.test(h));
      if (emailColumn >= 0 && idColumn >= 0) {
        for (const row of cells.slice(1)) {
          const id = (row[idColumn] ?? "").trim();
          if (id !== "") add(row[emailColumn] ?? "", id, "sheet", `sheet "${this.settings.sheet}"`);
        }
      }
    }
    return mapping;
  }
}
