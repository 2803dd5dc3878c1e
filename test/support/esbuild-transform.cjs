// Jest transform: TypeScript to CommonJS with esbuild, the same compiler that builds the bundle.
// Type checking is tsc's job (`npm run typecheck`); this only strips types, so tests start fast.
const { transformSync } = require("esbuild");

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith(".ts") ? "ts" : "js",
      format: "cjs",
      target: "node20",
      sourcemap: "both",
      sourcefile: filename,
    });
    return { code, map };
  },
};
