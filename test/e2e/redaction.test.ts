// dist/Code.js when Chat's answer quotes the webhook's secret in a form no pattern finds: the bare
// token in prose, or `token&#61;…` in an HTML page. The key and token never reach a dead letter,
// a log line or showStatus.
import path from "node:path";
import { ChatEmulator, inProcessTransport, type CreatedWebhook } from "../../emulator/chat";
import { VirtualClock } from "../../emulator/clock";
import { loadProjectFromDist } from "../../emulator/gas/runtime/project";
import type { ChatTransport } from "../../emulator/transport";
import { valueOf } from "./world";

const USER_CODE = `function ping() { return notify("disk full on build-7"); }`;

function setUp(answers: ((webhook: CreatedWebhook) => ReturnType<ChatTransport>)[]) {
  const clock = new VirtualClock();
  const emulator = new ChatEmulator({ now: () => clock.now(), seed: 11 });
  const toSpace = inProcessTransport(emulator);
  const webhook = emulator.createWebhook("AAAAops");
  // Chat answers with the scripted bodies first, then as the emulated space does.
  const scripted = [...answers];
  const chat: ChatTransport = (request) => scripted.shift()?.(webhook) ?? toSpace(request);
  const project = loadProjectFromDist(path.join(__dirname, "../../dist"), {
    clock,
    chat,
    extraFiles: [USER_CODE],
  });
  project.scriptProperties.set("CHAT_WEBHOOK_URL", webhook.url);
  return { clock, emulator, project, webhook };
}

const bareToken = (webhook: CreatedWebhook) => webhook.token.replace(/=+$/, "");

function expectNothingQuotes(text: string, webhook: CreatedWebhook): void {
  expect(text).not.toContain(bareToken(webhook));
  expect(text).not.toContain(webhook.key);
}

describe("redaction by value in dist/Code.js", () => {
  it("keeps a bare token quoted in an error body out of the dead letter, the log and showStatus", () => {
    const { project, webhook } = setUp([
      (hook) => ({
        kind: "response",
        status: 503,
        headers: { "content-type": "text/html" },
        body: `<html><body>Unavailable for token&#61;${bareToken(hook)}&#61; and key ${hook.key}</body></html>`,
        elapsedMs: 5,
      }),
      (hook) => ({
        kind: "response",
        status: 400,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          error: {
            code: 400,
            message: `Webhook credential ${bareToken(hook)} does not match space AAAAops`,
            status: "INVALID_ARGUMENT",
          },
        }),
        elapsedMs: 5,
      }),
    ]);
    expect(valueOf(project.run("ping"))).toMatchObject({ status: "retrying" });
    // The deliverOutbox trigger retries; the second answer makes it a dead letter.
    project.advance(10 * 60_000);
    const status = String(valueOf(project.run("showStatus")));
    expect(status).toMatch(/dead letter/i);
    expect(status).toMatch(/does not match space AAAAops/);
    const stored = JSON.stringify(
      [...project.scriptProperties.snapshot()].filter(([k]) => !k.startsWith("CHAT_WEBHOOK_URL")),
    );
    expect(stored).toMatch(/INVALID_ARGUMENT/);
    expectNothingQuotes(stored, webhook);
    expectNothingQuotes(status, webhook);
    expectNothingQuotes(
      JSON.stringify(project.executions.map((e) => [e.logs, e.error?.message])),
      webhook,
    );
  });
});
