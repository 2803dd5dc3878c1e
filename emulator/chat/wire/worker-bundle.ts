// Node cannot start a worker from a .ts file, and the emulator runs both under jest (esbuild
// transform) and tsx. So a worker's TypeScript is bundled with esbuild into one CommonJS string at
// start (tens of milliseconds, once per process) and run with `new Worker(code, { eval: true })`.

import { buildSync } from "esbuild";

const bundles = new Map<string, string>();

/** Code that calls `exportName()` from `modulePath` (resolved from this folder), bundled. */
export function bundleWorkerCode(modulePath: string, exportName: string): string {
  const cacheKey = `${modulePath}#${exportName}`;
  const cached = bundles.get(cacheKey);
  if (cached !== undefined) return cached;
  const result = buildSync({
    stdin: {
      contents: `import { ${exportName} } from ${JSON.stringify(modulePath)};\n${exportName}();\n`,
      resolveDir: __dirname,
      loader: "ts",
      sourcefile: `${exportName}-worker.ts`,
    },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`esbuild produced no output for worker ${modulePath}`);
  bundles.set(cacheKey, code);
  return code;
}
