// DriveApp, as far as form uploads use it: getFileById(id) and the file's name, id and URL, over
// a fixture of files. Source: the DriveApp and File references; the permission message is Apps
// Script's usual "You do not have permission to call ..." [reported], as is the missing-file text.
import { counted } from "../runtime/counted";
import type { CountCall } from "../runtime/host";
import type { AppsScriptManifest } from "../runtime/manifest";
import { gasException } from "../runtime/exception";

export interface DriveFileFixture {
  readonly id: string;
  readonly name: string;
}

const READ_SCOPES = [
  "https://www.googleapis.com/auth/drive.readonly",
  "https://www.googleapis.com/auth/drive",
];

export function createDriveApp(
  count: CountCall,
  manifest: AppsScriptManifest,
  files: readonly DriveFileFixture[],
) {
  return counted(count, "DriveApp", {
    getFileById(id: string) {
      // A manifest with explicit scopes grants those only; without any, Apps Script infers them.
      const scopes = manifest.oauthScopes;
      if (scopes !== undefined && !scopes.some((s) => READ_SCOPES.includes(s))) {
        throw gasException(
          `You do not have permission to call DriveApp.getFileById. Required permissions: (${READ_SCOPES.join(" || ")})`,
        );
      }
      const file = files.find((f) => f.id === id);
      if (!file) {
        throw gasException(
          "No item with the given ID could be found. Or you do not have permission to access it.",
        );
      }
      return counted(count, "File", {
        getId: () => file.id,
        getName: () => file.name,
        getUrl: () => `https://drive.google.com/file/d/${file.id}/view?usp=drivesdk`,
        toString: () => "File",
      });
    },
    toString: () => "DriveApp",
  });
}
