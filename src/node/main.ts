// The chat-notify executable: runCli with the process's arguments, environment and streams.

import { redactSecrets } from "../chat/webhook-url";
import { runCli } from "./cli";

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text.trim() === "" ? undefined : text;
}

runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: readStdin,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`chat-notify: internal error: ${redactSecrets(String(error))}\n`);
    process.exitCode = 1;
  },
);
