// Mentions' ports on Apps Script: the script cache, the People sheet and Script Property, and the
// People advanced service (enabled in the manifest only when config.mentions.directory is on).
import {
  DEFAULT_MENTION_SETTINGS,
  MentionResolver,
  peopleSheetName,
  type DirectoryLookup,
  type MentionCache,
} from "../mentions/resolve";
import type { MentionConfig } from "../rules/config-types";
import { scriptCache } from "./rules-sheet";
import { spreadsheetReader } from "./sheets";

/** The People advanced service (serviceId "peopleapi", v1), as far as this project uses it. */
declare const People: {
  People: {
    searchDirectoryPeople(args: {
      query: string;
      readMask: string;
      sources: string[];
      pageSize?: number;
    }): { people?: { resourceName?: string; emailAddresses?: { value?: string }[] }[] };
  };
};

function mentionCache(): MentionCache {
  const cache = scriptCache();
  // The cache only saves lookups: when CacheService fails (quota, outage), look up afresh.
  return {
    getAll: (keys) => {
      try {
        return cache.getAll(keys);
      } catch {
        return {};
      }
    },
    putAll: (values, seconds) => {
      try {
        cache.putAll(values, seconds);
      } catch {
        // the next execution looks these up again
      }
    },
  };
}

/** A form-bound script has no People sheet to read (the reader finds no spreadsheet). */
function peopleSheet(name: string): string[][] | null {
  return spreadsheetReader().readAll(name);
}

/** The person whose address is exactly `email`: the search is by prefix, so others may match. */
function directory(): DirectoryLookup {
  return {
    personFor(email) {
      const found = People.People.searchDirectoryPeople({
        query: email,
        readMask: "emailAddresses",
        sources: ["DIRECTORY_SOURCE_TYPE_DOMAIN_PROFILE"],
        pageSize: 10,
      });
      const person = (found.people ?? []).find((p) =>
        (p.emailAddresses ?? []).some((a) => a.value?.toLowerCase() === email),
      );
      return person?.resourceName ?? null;
    },
  };
}

export function mentionResolver(config: MentionConfig = {}): MentionResolver {
  const settings = {
    sheet: peopleSheetName(config),
    property: config.property ?? DEFAULT_MENTION_SETTINGS.property,
    cacheSeconds: Math.min(21600, Math.max(1, Math.round((config.cacheMinutes ?? 60) * 60))),
  };
  return new MentionResolver(
    {
      cache: mentionCache(),
      property: () => PropertiesService.getScriptProperties().getProperty(settings.property),
      sheet: () => peopleSheet(settings.sheet),
      ...(config.directory ? { directory: directory() } : {}),
    },
    settings,
  );
}
