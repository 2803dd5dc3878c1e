// Jest global setup: the e2e and bundle tests run dist/Code.js, so build it fresh first.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

module.exports = function buildBundle() {
  execFileSync(process.execPath, ["esbuild.config.mjs"], {
    cwd: path.join(__dirname, "..", ".."),
    stdio: ["ignore", "ignore", "inherit"],
  });
};
