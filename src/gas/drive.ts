// Uploaded files' names, read with DriveApp when config.forms.fileNames asks for it (the build then
// adds the drive.readonly scope). A file that cannot be read keeps its numbered label.
import type { FileNameReader } from "./events";

export function driveFileNames(enabled: boolean | undefined): FileNameReader | undefined {
  if (!enabled) return undefined;
  return (id) => {
    try {
      return DriveApp.getFileById(id).getName();
    } catch {
      return undefined; // deleted, or not shared with the script's user
    }
  };
}
