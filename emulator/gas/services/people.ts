// The People advanced service (`People`, serviceId "peopleapi", v1), as far as mentions use it:
// People.People.searchDirectoryPeople over a directory fixture. Present only when the manifest
// enables the service, as in Apps Script.
//
// Sources: developers.google.com/people/api/rest/v1/people/searchDirectoryPeople (query is a
// prefix match, readMask and sources are required, pageSize 1-500 with 0 or unset meaning 100,
// the answer is { people, nextPageToken, totalSize } and, in proto3 JSON, has no `people` when
// nothing matches; scope directory.readonly); a Person's resourceName is "people/ID"
// (developers.google.com/people/api/rest/v1/people#Person).
import type { AppsScriptManifest } from "../runtime/manifest";
import { counted } from "../runtime/counted";
import type { CountCall } from "../runtime/host";

export interface DirectoryPerson {
  /** The numeric person id; the Chat user is users/<id>. */
  readonly id: string;
  readonly emails: readonly string[];
  readonly name?: string;
}

const DIRECTORY_SCOPE = "https://www.googleapis.com/auth/directory.readonly";
const SOURCES = ["DIRECTORY_SOURCE_TYPE_DOMAIN_PROFILE", "DIRECTORY_SOURCE_TYPE_DOMAIN_CONTACT"];
const READ_MASK_FIELDS = ["emailAddresses", "names", "metadata", "photos", "organizations"];

export function peopleServiceEnabled(manifest: AppsScriptManifest): boolean {
  return (manifest.dependencies?.enabledAdvancedServices ?? []).some(
    (s) => s.serviceId === "peopleapi" && s.userSymbol === "People",
  );
}

function apiError(code: number, message: string): Error {
  // Apps Script's advanced services throw GoogleJsonResponseException with this wording [reported].
  const error = new Error(
    `API call to people.people.searchDirectoryPeople failed with error: ${message}`,
  );
  error.name = "GoogleJsonResponseException";
  (error as Error & { details?: unknown }).details = { code, message };
  return error;
}

export function createPeopleService(
  count: CountCall,
  manifest: AppsScriptManifest,
  directory: readonly DirectoryPerson[],
) {
  const people = counted(count, "People.People", {
    searchDirectoryPeople(args: {
      query?: string;
      readMask?: string;
      sources?: string[] | string;
      pageSize?: number;
    }) {
      if (!(manifest.oauthScopes ?? []).includes(DIRECTORY_SCOPE)) {
        throw apiError(403, "Request had insufficient authentication scopes.");
      }
      const { query, readMask, pageSize = 0 } = args ?? {};
      const sources = typeof args?.sources === "string" ? [args.sources] : (args?.sources ?? []);
      if (!query) throw apiError(400, "Query must be specified.");
      if (!readMask) throw apiError(400, "Request must set readMask.");
      const unknownField = readMask.split(",").find((f) => !READ_MASK_FIELDS.includes(f.trim()));
      if (unknownField !== undefined) {
        throw apiError(400, `Invalid readMask path "${unknownField.trim()}".`);
      }
      if (sources.length === 0 || sources.some((s) => !SOURCES.includes(s))) {
        throw apiError(400, "Request must specify valid sources.");
      }
      if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > 500) {
        throw apiError(400, "pageSize must be between 1 and 500.");
      }
      const prefix = query.toLowerCase();
      const matches = directory.filter(
        (p) =>
          p.emails.some((e) => e.toLowerCase().startsWith(prefix)) ||
          (p.name ?? "")
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(prefix)),
      );
      if (matches.length === 0) return {};
      const fields = readMask.split(",").map((f) => f.trim());
      const page = matches.slice(0, pageSize === 0 ? 100 : pageSize);
      return {
        people: page.map((p) => ({
          resourceName: `people/${p.id}`,
          etag: `%E${p.id}`,
          ...(fields.includes("emailAddresses")
            ? { emailAddresses: p.emails.map((value) => ({ value, metadata: { primary: true } })) }
            : {}),
          ...(fields.includes("names") && p.name ? { names: [{ displayName: p.name }] } : {}),
        })),
        totalSize: matches.length,
        ...(matches.length > page.length ? { nextPageToken: "page-2" } : {}),
      };
    },
  });
  return { People: people };
}
