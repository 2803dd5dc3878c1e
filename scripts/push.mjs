// `npm run push`: build, then `clasp push` — but only once .clasp.json names a real script.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const PLACEHOLDER = "PASTE_YOUR_SCRIPT_ID_HERE";
const { scriptId } = JSON.parse(readFileSync(".clasp.json", "utf8"));

if (!scriptId || scriptId === PLACEHOLDER) {
  console.error(`.clasp.json has no script yet (scriptId is "${scriptId ?? ""}"). Either:
  - create a new spreadsheet-bound script:  npx clasp create-script --type sheets --title "Chat notifications" --rootDir dist
    (then move the scriptId it writes into .clasp.json, keeping "rootDir": "dist"), or
  - link an existing one: open it in the Apps Script editor, Project Settings > IDs > Script ID,
    and paste that ID as "scriptId" in .clasp.json.
Run \`npx clasp login\` first if you have not.`);
  process.exit(1);
}

execFileSync(process.execPath, ["esbuild.config.mjs"], { stdio: "inherit" });
execFileSync("npx", ["clasp", "push", "--force"], { stdio: "inherit" });
