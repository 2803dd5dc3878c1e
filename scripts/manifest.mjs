// dist/appsscript.json: appsscript.json plus what the config turns on, so a scope is asked for
// only by the projects that use it (least privilege):
//   config.mentions.directory  -> the People advanced service and directory.readonly
//   config.forms.fileNames     -> drive.readonly (DriveApp reads an uploaded file's name)
import { readFile } from "node:fs/promises";
import * as esbuild from "esbuild";

export const DIRECTORY_SCOPE = "https://www.googleapis.com/auth/directory.readonly";
export const DRIVE_SCOPE = "https://www.googleapis.com/auth/drive.readonly";

/** The config module's `config`, evaluated from its TypeScript (it imports only types). */
async function loadConfig(configFile) {
  const result = await esbuild.build({
    entryPoints: [configFile],
    bundle: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const module = await import(
    `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
  );
  return module.config;
}

export function manifestFor(base, config) {
  const scopes = [...(base.oauthScopes ?? [])];
  const services = [...(base.dependencies?.enabledAdvancedServices ?? [])];
  if (config?.mentions?.directory) {
    scopes.push(DIRECTORY_SCOPE);
    services.push({ userSymbol: "People", serviceId: "peopleapi", version: "v1" });
  }
  if (config?.forms?.fileNames) scopes.push(DRIVE_SCOPE);
  return {
    ...base,
    oauthScopes: [...new Set(scopes)],
    ...(services.length > 0
      ? { dependencies: { ...base.dependencies, enabledAdvancedServices: services } }
      : {}),
  };
}

export async function writeManifestText(configFile) {
  const base = JSON.parse(await readFile("appsscript.json", "utf8"));
  return JSON.stringify(manifestFor(base, await loadConfig(configFile)), null, 2) + "\n";
}
