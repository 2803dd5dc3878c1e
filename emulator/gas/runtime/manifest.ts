// The parts of appsscript.json that change how the emulated runtime behaves.

export interface AppsScriptManifest {
  /** IANA time zone: Session.getScriptTimeZone() and the default zone of time-driven triggers. */
  readonly timeZone?: string;
  readonly runtimeVersion?: string;
  readonly exceptionLogging?: string;
  readonly oauthScopes?: readonly string[];
  /** URL prefixes UrlFetchApp may reach; when absent, every URL is allowed (as in Apps Script). */
  readonly urlFetchWhitelist?: readonly string[];
  /** Advanced services, e.g. { userSymbol: "People", serviceId: "peopleapi", version: "v1" }. */
  readonly dependencies?: {
    readonly enabledAdvancedServices?: readonly {
      readonly userSymbol: string;
      readonly serviceId: string;
      readonly version: string;
    }[];
  };
}

/** Apps Script's own default for a project whose manifest names no zone. */
export const DEFAULT_TIME_ZONE = "America/New_York";

/** Reads a manifest from its JSON text, refusing what Apps Script itself would refuse to run. */
export function parseManifest(json: string, source = "appsscript.json"): AppsScriptManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(
      `${source} is not valid JSON (${(error as Error).message}): fix the file and load again`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${source} must hold a JSON object, the Apps Script manifest`);
  }
  const manifest = parsed as AppsScriptManifest;
  if (manifest.runtimeVersion !== undefined && manifest.runtimeVersion !== "V8") {
    throw new Error(
      `${source} asks for runtimeVersion ${JSON.stringify(manifest.runtimeVersion)}; the emulator runs only "V8"`,
    );
  }
  if (manifest.urlFetchWhitelist !== undefined) {
    for (const prefix of manifest.urlFetchWhitelist) {
      // Google's allowlist rules: https only, a full domain and a non-empty path.
      if (!/^https:\/\/(\*\.)?[^/*]+\/.*$/.test(prefix)) {
        throw new Error(
          `${source}: urlFetchWhitelist entry ${JSON.stringify(prefix)} is invalid: a prefix must start with https://, name a full domain and end its domain with a "/"`,
        );
      }
    }
  }
  return manifest;
}
