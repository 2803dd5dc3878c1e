import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.join(__dirname, "..");

function build(entry: string) {
  const outdir = mkdtempSync(path.join(tmpdir(), "build-test-"));
  const result = spawnSync(
    process.execPath,
    ["esbuild.config.mjs", `--entry=${entry}`, `--outdir=${outdir}`],
    { cwd: root, encoding: "utf8" },
  );
  return { ...result, outdir };
}

describe("esbuild.config.mjs", () => {
  it("writes dist/Code.js with a top-level stub per exported function, and the manifest", () => {
    execFileSync(process.execPath, ["esbuild.config.mjs"], { cwd: root });
    const code = readFileSync(path.join(root, "dist/Code.js"), "utf8");
    expect(code).toMatch(/^function notify\(\) \{\s*\}$/m);
    expect(code).toMatch(/^function sendTestMessage\(\) \{\s*\}$/m);
    expect(code).toMatch(/^var global = this;$/m);
    const manifest = JSON.parse(readFileSync(path.join(root, "dist/appsscript.json"), "utf8"));
    expect(manifest).toEqual(JSON.parse(readFileSync(path.join(root, "appsscript.json"), "utf8")));
  });

  it("refuses an exported function that has no top-level stub, naming it", () => {
    const result = build("test/fixtures/build/missing-stub.ts");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("exports forgotten but the bundle has no top-level stub");
    expect(result.stderr).toContain("global.forgotten = forgotten;");
  });

  it("refuses a stub with no exported implementation behind it, naming it", () => {
    const result = build("test/fixtures/build/orphan-stub.ts");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("the top-level stub orphan has no implementation behind it");
  });

  it("refuses output that uses Node's process", () => {
    const result = build("test/fixtures/build/node-only.ts");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Code\.js line \d+ contains `process\.`/);
  });
});
