import { emailsIn, mentionLine, mentioning, withMentions } from "../../src/mentions/mention-text";
import {
  chatUserOf,
  MentionResolver,
  type DirectoryLookup,
  type MentionPorts,
} from "../../src/mentions/resolve";

const PEOPLE_SHEET = [
  ["Name", "Email", "Chat user ID"],
  ["Ana", "ana@example.com", "users/111"],
  ["Ben", "BEN@example.com", "222"],
  ["Mallory", "mallory@example.com", "users/all"],
  ["Eve", "eve@example.com", "<users/all>"],
  ["Dara", "dara@example.com", ""],
];

/** In-memory ports that count what each source is asked. */
function ports(
  options: { property?: string; sheet?: string[][] | null; directory?: DirectoryLookup } = {},
) {
  const calls = { cacheGets: 0, cachePuts: 0, property: 0, sheet: 0, directory: 0 };
  const stored = new Map<string, string>();
  const value: MentionPorts = {
    cache: {
      getAll(keys) {
        calls.cacheGets++;
        return Object.fromEntries(
          keys.filter((k) => stored.has(k)).map((k) => [k, stored.get(k)!]),
        );
      },
      putAll(values) {
        calls.cachePuts++;
        for (const [k, v] of Object.entries(values)) stored.set(k, v);
      },
    },
    property: () => {
      calls.property++;
      return options.property ?? null;
    },
    sheet: () => {
      calls.sheet++;
      return options.sheet === undefined ? PEOPLE_SHEET : options.sheet;
    },
    ...(options.directory
      ? {
          directory: {
            personFor: (email: string) => {
              calls.directory++;
              return options.directory!.personFor(email);
            },
          },
        }
      : {}),
  };
  return { value, calls, stored };
}

describe("mentions", () => {
  describe("chatUserOf", () => {
    test.each([
      ["users/123", "users/123"],
      ["123", "users/123"],
      ["people/123", "users/123"],
      [" users/42 ", "users/42"],
      ["users/all", null],
      ["<users/123>", null],
      ["ana@example.com", null],
      ["users/12a", null],
      ["", null],
    ])("%j -> %j", (id, user) => {
      expect(chatUserOf(id)).toBe(user);
    });
  });

  describe("MentionResolver", () => {
    test.each([
      ["ana@example.com", { kind: "resolved", user: "users/111", source: "sheet" }],
      ["Ben@Example.com", { kind: "resolved", user: "users/222", source: "sheet" }],
      ["cho@example.com", { kind: "resolved", user: "users/333", source: "property" }],
      ["mallory@example.com", { kind: "unresolved" }],
      ["eve@example.com", { kind: "unresolved" }],
      ["dara@example.com", { kind: "unresolved" }],
      ["nobody@example.com", { kind: "unresolved" }],
      ["not an email", { kind: "unresolved", reason: "not an email address" }],
    ])("%s resolves from the sheet or the property, or not at all", (email, expected) => {
      const { value } = ports({
        property: '{"cho@example.com": "users/333", "ana@example.com": "9"}',
      });
      const resolved = new MentionResolver(value).resolveAll([email]);
      expect(resolved.get(email.trim().toLowerCase())).toMatchObject(expected);
    });

    test("an id that is not a person's says so", () => {
      const { value } = ports();
      expect(
        new MentionResolver(value).resolveAll(["mallory@example.com"]).get("mallory@example.com"),
      ).toEqual({
        kind: "unresolved",
        reason: 'sheet "People" gives "users/all", which is not a person\'s id',
      });
    });

    test("reads each source once per execution, and a warm cache costs one call", () => {
      const first = ports();
      const resolver = new MentionResolver(first.value);
      resolver.resolveAll(["ana@example.com", "ben@example.com"]);
      resolver.resolveAll(["ana@example.com", "nobody@example.com"]);
      expect(first.calls).toEqual({
        cacheGets: 2,
        cachePuts: 2,
        property: 1,
        sheet: 1,
        directory: 0,
      });

      // The next execution: a new resolver over the same cache.
      const next = ports();
      for (const [k, v] of first.stored) next.stored.set(k, v);
      const again = new MentionResolver(next.value).resolveAll([
        "ana@example.com",
        "nobody@example.com",
      ]);
      expect(again.get("ana@example.com")).toMatchObject({ user: "users/111" });
      expect(next.calls).toEqual({
        cacheGets: 1,
        cachePuts: 0,
        property: 0,
        sheet: 0,
        directory: 0,
      });
    });

    test("the directory answers what the mapping does not, by exact address", () => {
      const directory = {
        personFor: (email: string) => (email === "fay@example.com" ? "people/444" : null),
      };
      const { value, calls } = ports({ directory });
      const resolved = new MentionResolver(value).resolveAll([
        "fay@example.com",
        "ana@example.com",
        "gil@example.com",
      ]);
      expect(resolved.get("fay@example.com")).toEqual({
        kind: "resolved",
        user: "users/444",
        source: "directory",
      });
      expect(resolved.get("ana@example.com")).toMatchObject({ source: "sheet" });
      expect(resolved.get("gil@example.com")).toEqual({
        kind: "unresolved",
        reason: "not found in the directory",
      });
      expect(calls.directory).toBe(2);
    });

    test("a failing directory is reported and not cached", () => {
      const directory = {
        personFor: () => {
          throw new Error("Request had insufficient authentication scopes.");
        },
      };
      const { value, stored } = ports({ directory });
      const resolved = new MentionResolver(value).resolveAll(["fay@example.com"]);
      expect(resolved.get("fay@example.com")).toMatchObject({
        kind: "unresolved",
        reason: "the directory failed: Request had insufficient authentication scopes.",
      });
      expect([...stored.keys()]).toEqual([]);
    });

    test("fresh skips the cache", () => {
      const { value, calls } = ports();
      const resolver = new MentionResolver(value);
      resolver.resolveAll(["ana@example.com"]);
      resolver.resolveAll(["ana@example.com"], { fresh: true });
      expect(calls.cacheGets).toBe(1);
      expect(calls.cachePuts).toBe(2);
    });
  });

  describe("mention text", () => {
    test.each([
      ["ana@example.com", ["ana@example.com"]],
      ["Ana@Example.com, ben@example.com; ana@example.com", ["ana@example.com", "ben@example.com"]],
      ["Owner: <ana@example.com> (ben@example.com).", ["ana@example.com", "ben@example.com"]],
      ["<users/all> everyone", []],
      ["", []],
    ])("emailsIn(%j)", (text, emails) => {
      expect(emailsIn(text)).toEqual(emails);
    });

    test("a mention only where resolved; the rest is text that mentions no one", () => {
      const { value } = ports();
      const emails = ["ana@example.com", "mallory@example.com", "x<users/all>@example.com"];
      const line = mentionLine(emails, new MentionResolver(value).resolveAll(emails));
      expect(line).toBe("<users/111> mallory@example.com x<\u200Busers/all>@example.com");
    });

    test.each([
      [{ text: "Task done" }, { text: "<users/1> Task done" }],
      [
        { cardsV2: [], fallbackText: "New request" },
        { cardsV2: [], fallbackText: "New request", text: "<users/1> New request" },
      ],
    ])("withMentions(%j)", (message, expected) => {
      expect(withMentions(message, "<users/1>")).toEqual(expected);
    });

    test("without a resolver every address is shown as text", () => {
      expect(mentioning({ text: "hi" }, ["ana@example.com"], undefined)).toEqual({
        text: "ana@example.com hi",
      });
    });
  });
});
