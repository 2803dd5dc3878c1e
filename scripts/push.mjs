// `npm run push`: build, then `clasp push`, once .clasp.json names your script. .clasp.json is yours
// (git ignores it): `clasp create-script` writes it, or you copy .clasp.example.json and paste an ID.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const PLACEHOLDER = "PASTE_YOUR_SCRIPT_ID_HERE";
const HOW = `Either:
  - create a new spreadsheet with a bound script (it writes .clasp.json):
      npx clasp create-script --type sheets --title "Chat notifications" --rootDir dist
  - or link an existing script: cp .clasp.example.json .clasp.json, then paste its ID (Apps Script
    editor > Project Settings > IDs > Script ID) as "scriptId", keeping "rootDir": "dist".
Run \`npx clasp login\` first if you have not.`;

function stop(problem) {
  console.error(`${problem}\n${HOW}`);
  process.exit(1);
}

if (!existsSync(".clasp.json"))
  stop("There is no .clasp.json yet, so clasp knows no script to push to.");
const { scriptId, rootDir } = JSON.parse(readFileSync(".clasp.json", "utf8"));
if (!scriptId || scriptId === PLACEHOLDER) {
  stop(`.clasp.json names no script yet (scriptId is "${scriptId ?? ""}").`);
}
if (rootDir !== "dist") {
  stop(
    `.clasp.json has "rootDir": ${JSON.stringify(rootDir)}; it must be "dist", where the build writes Code.js.`,
  );
}

execFileSync(process.execPath, ["esbuild.config.mjs"], { stdio: "inherit" });
execFileSync("npx", ["clasp", "push", "--force"], { stdio: "inherit" });
