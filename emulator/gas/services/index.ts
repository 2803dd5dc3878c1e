// The script's global services, registered in one place. Each entry makes one global for an
// execution from what the project keeps across executions (stores, triggers, documents) and from
// the execution itself; a new service is a file in this folder and an entry here. The document
// services (documents/) live as long as their document, so the project makes them once and the
// entries here only hand them on.

import type { ChatTransport } from "../../transport";
import type { Execution } from "../runtime/execution";
import type { CountCall } from "../runtime/host";
import type { AppsScriptManifest } from "../runtime/manifest";
import type { TriggerRegistry } from "../runtime/triggers";
import type { VirtualClock } from "../../clock";
import { createCacheService, type CacheStores } from "./cache";
import { createDriveApp, type DriveFileFixture } from "./drive";
import { HtmlService } from "./html-service";
import { createLockService, type LockTable } from "./lock";
import { createConsole, createLogger } from "./logger";
import { createPeopleService, peopleServiceEnabled, type DirectoryPerson } from "./people";
import { createPropertiesService, type PropertyStore } from "./properties";
import { createScriptApp } from "./script-app";
import { createSession } from "./session";
import { createUrlFetchApp } from "./url-fetch";
import { createUtilities } from "./utilities";

/** What a project keeps across executions, as its services read it. */
export interface ProjectState {
  readonly clock: VirtualClock;
  /** The script's time zone now (Project Settings may change it between executions). */
  readonly timeZone: string;
  readonly scriptId: string;
  readonly manifest: AppsScriptManifest;
  readonly chat: ChatTransport;
  readonly random: (() => number) | undefined;
  readonly scriptProperties: PropertyStore;
  userPropertiesOf(user: string): PropertyStore;
  readonly documentProperties: PropertyStore | null;
  readonly caches: CacheStores;
  readonly locks: LockTable;
  readonly triggers: TriggerRegistry;
  readonly directory: readonly DirectoryPerson[];
  readonly driveFiles: readonly DriveFileFixture[];
  /** Session.getActiveUserLocale (the user's Google account language). */
  readonly userLocale: string;
  /** SpreadsheetApp and FormApp of the bound documents, when there are such documents. */
  readonly documents: { readonly SpreadsheetApp?: unknown; readonly FormApp?: unknown };
}

/** What every service factory is given: one shape for all of them. */
export interface ServiceContext {
  readonly project: ProjectState;
  readonly execution: Execution;
  readonly count: CountCall;
  readonly fail: (message: string) => never;
}

/** Makes a global of the script for one execution; undefined leaves it out (not enabled). */
type ServiceFactory = (context: ServiceContext) => unknown;

const SERVICES: Readonly<Record<string, ServiceFactory>> = {
  Logger: ({ count, execution }) => createLogger(count, (line) => execution.log(line)),
  console: ({ execution }) => createConsole((line) => execution.log(line)),
  PropertiesService: ({ count, fail, project, execution }) =>
    createPropertiesService(count, fail, {
      script: project.scriptProperties,
      user: project.userPropertiesOf(execution.user),
      document: project.documentProperties,
    }),
  CacheService: ({ count, fail, project }) => createCacheService(count, fail, project.caches),
  LockService: ({ execution, project }) =>
    createLockService(execution, project.locks, {
      hasDocument: project.documentProperties !== null,
      user: execution.user,
    }),
  ScriptApp: ({ execution, project }) =>
    createScriptApp({
      execution,
      triggers: project.triggers,
      clock: project.clock,
      timeZone: project.timeZone,
      scriptId: project.scriptId,
    }),
  UrlFetchApp: ({ execution, project }) =>
    createUrlFetchApp({
      execution,
      chat: project.chat,
      whitelist: project.manifest.urlFetchWhitelist,
    }),
  Utilities: ({ execution, project }) => createUtilities({ execution, random: project.random }),
  Session: ({ count, execution, project }) =>
    createSession(count, {
      user: execution.user,
      timeZone: project.timeZone,
      locale: project.userLocale,
    }),
  DriveApp: ({ count, project }) => createDriveApp(count, project.manifest, project.driveFiles),
  People: ({ count, project }) =>
    peopleServiceEnabled(project.manifest)
      ? createPeopleService(count, project.manifest, project.directory)
      : undefined,
  HtmlService: ({ count }) => new HtmlService(count),
  SpreadsheetApp: ({ project }) => project.documents.SpreadsheetApp,
  FormApp: ({ project }) => project.documents.FormApp,
};

/** The globals one execution's realm starts with. */
export function servicesFor(project: ProjectState, execution: Execution): Record<string, unknown> {
  const context: ServiceContext = {
    project,
    execution,
    count: (name) => execution.count(name),
    fail: (message) => execution.fail(message),
  };
  const globals: Record<string, unknown> = {};
  for (const [name, make] of Object.entries(SERVICES)) {
    const service = make(context);
    if (service !== undefined) globals[name] = service;
  }
  return globals;
}
