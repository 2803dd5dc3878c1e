// The bundle built with other rules (test/fixtures/configs), for tests that need a config the
// example does not have: a form-bound rule, a broken rule, fifty rules.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.join(__dirname, "..");
const built = new Map<string, string>();

/** Builds once per config file and test process; returns the dist directory. */
export function buildWithConfig(configFile: string): string {
  const config = path.resolve(ROOT, configFile);
  let outdir = built.get(config);
  if (!outdir) {
    outdir = mkdtempSync(path.join(tmpdir(), "chat-variant-"));
    execFileSync(
      process.execPath,
      ["esbuild.config.mjs", `--config=${config}`, `--outdir=${outdir}`],
      {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    built.set(config, outdir);
  }
  return outdir;
}
