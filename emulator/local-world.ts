// One emulated world: a virtual clock, a Chat space (in-process, or a real HTTP server on
// loopback), and the project's bundle loaded as an Apps Script project. Tests, benchmarks and
// `npm start` build on this.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ChatEmulator, inProcessTransport, loopbackTransport, startChatServer } from "./chat";
import type { ChatServer, CreatedWebhook, UnknownKeyMode } from "./chat";
import { VirtualClock } from "./clock";
import { seededRandom } from "./seeded-random";
import type { FormFixture } from "./gas/documents/form";
import type { DirectoryPerson } from "./gas/services/people";
import type { DriveFileFixture } from "./gas/services/drive";
import {
  LATENCY_PROFILES,
  type LatencyOptions,
  type LatencyProfileName,
} from "./gas/runtime/latency";
import { parseManifest } from "./gas/runtime/manifest";
import type { AccountKind } from "./gas/runtime/quotas";
import { TYPICAL_LATENESS, type LateOneShots } from "./gas/runtime/triggers";
import { loadProject, loadProjectFromDist, type EmulatedProject } from "./gas/runtime/project";
import type { SpreadsheetFixture } from "./gas/documents/spreadsheet";

/** What tests and the runner ask of the Chat space, whichever route reaches it. */
export type ChatSpaceControl = Pick<
  ChatEmulator,
  | "createWebhook"
  | "deleteWebhook"
  | "injectFaults"
  | "clearFaults"
  | "setBusy"
  | "spaces"
  | "messages"
  | "threads"
  | "requests"
  | "counters"
>;

export interface LocalWorldOptions {
  /** "in-process" (fast, most tests) or "loopback" (real HTTP on 127.0.0.1). */
  readonly route?: "in-process" | "loopback";
  /** Where Code.js and appsscript.json are; default dist/. */
  readonly distDir?: string;
  readonly spreadsheet?: SpreadsheetFixture;
  readonly form?: FormFixture;
  /** Seeds Chat's ids and the script's Math.random, for reproducible runs. */
  readonly seed?: number;
  readonly start?: number;
  readonly honourRequestIds?: boolean;
  /** Keep the loopback server's workers alive (npm start -- --serve). */
  readonly keepProcessAlive?: boolean;
  /** The user's own script files, beside the bundle (e.g. a function that calls notify). */
  readonly userCode?: readonly string[];
  /** Virtual time Chat takes to answer each request (default: the latency profile's). */
  readonly chatLatencyMs?: number;
  /**
   * What service calls cost (default TYPICAL: the "typical" profile with seeded jitter); "zero"
   * for tests that need exact times.
   */
  readonly latency?: LatencyOptions | LatencyProfileName;
  /** Whose daily quotas apply (default "consumer", the smaller ones). */
  readonly account?: AccountKind;
  /** REPLY_MESSAGE_OR_FAIL with an unknown key: "fail" (the webhook guide, default) or "create". */
  readonly replyOrFailUnknownKey?: UnknownKeyMode;
  /** How late after()/at() triggers fire (default TYPICAL_LATENESS, seeded); false: on time. */
  readonly lateOneShots?: LateOneShots | false;
  /** Load this script instead of dist/Code.js (benchmarks compare other ways of sending). */
  readonly code?: string;
  /** The Workspace directory the People advanced service searches. */
  readonly directory?: readonly DirectoryPerson[];
  /** Files in the user's Drive (form uploads). */
  readonly driveFiles?: readonly DriveFileFixture[];
  /** Session.getActiveUserLocale, which a form-bound script's words follow; default "en". */
  readonly userLocale?: string;
}

export interface LocalWorld {
  readonly clock: VirtualClock;
  readonly project: EmulatedProject;
  readonly chat: ChatSpaceControl;
  /** The loopback server, when that route is used (its page is at server.origin). */
  readonly server: ChatServer | undefined;
  /** Creates a webhook in `space` and stores its URL in the Script Property (default webhook). */
  connectWebhook(space: string, name?: string): CreatedWebhook;
  close(): Promise<void>;
}

/** The world's default: realistic costs, varied ±30% by a seeded source. */
export const TYPICAL: LatencyOptions = { profile: "typical", jitter: 0.3 };

export function createLocalWorld(options: LocalWorldOptions = {}): LocalWorld {
  const clock = new VirtualClock(options.start);
  const seed = options.seed ?? 1;
  const latency: LatencyOptions =
    typeof options.latency === "string"
      ? { profile: options.latency }
      : { ...TYPICAL, ...options.latency };
  const chatLatencyMs =
    options.chatLatencyMs ?? LATENCY_PROFILES[latency.profile ?? "zero"].chatAnswerMs;
  let chat: ChatSpaceControl;
  let server: ChatServer | undefined;
  let transport;
  if (options.route === "loopback") {
    server = startChatServer({
      clock,
      seed,
      ...(options.honourRequestIds ? { honourRequestIds: true } : {}),
      ...(options.keepProcessAlive ? { keepProcessAlive: true } : {}),
      latencyMs: chatLatencyMs,
      ...(options.replyOrFailUnknownKey
        ? { replyOrFailUnknownKey: options.replyOrFailUnknownKey }
        : {}),
    });
    chat = server;
    transport = loopbackTransport(server);
  } else {
    const emulator = new ChatEmulator({
      now: () => clock.now(),
      seed,
      honourRequestIds: options.honourRequestIds ?? false,
      latencyMs: chatLatencyMs,
      ...(options.replyOrFailUnknownKey
        ? { replyOrFailUnknownKey: options.replyOrFailUnknownKey }
        : {}),
    });
    chat = emulator;
    transport = inProcessTransport(emulator);
  }
  const projectOptions = {
    clock,
    chat: transport,
    random: seededRandom(seed),
    latency: { ...latency, seed: latency.seed ?? seed },
    account: options.account ?? "consumer",
    lateOneShots:
      options.lateOneShots === false
        ? (false as const)
        : { seed, ...(options.lateOneShots ?? TYPICAL_LATENESS) },
    ...(options.spreadsheet ? { spreadsheet: options.spreadsheet } : {}),
    ...(options.form ? { form: options.form } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
    ...(options.driveFiles ? { driveFiles: options.driveFiles } : {}),
    ...(options.userLocale ? { userLocale: options.userLocale } : {}),
  };
  const distDir = options.distDir ?? path.join(__dirname, "..", "dist");
  const project =
    options.code === undefined
      ? loadProjectFromDist(distDir, { ...projectOptions, extraFiles: options.userCode ?? [] })
      : loadProject({
          ...projectOptions,
          code: [options.code, ...(options.userCode ?? [])].join("\n"),
          manifest: parseManifest(readFileSync(path.join(distDir, "appsscript.json"), "utf8")),
        });
  return {
    clock,
    project,
    chat,
    server,
    connectWebhook(space, name) {
      const webhook = chat.createWebhook(space, name ? { name } : {});
      project.scriptProperties.set(
        name ? `CHAT_WEBHOOK_URL_${name}` : "CHAT_WEBHOOK_URL",
        webhook.url,
      );
      return webhook;
    },
    async close() {
      await server?.close();
    },
  };
}
