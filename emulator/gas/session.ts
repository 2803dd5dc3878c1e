// Session: the user the project runs as and the script's time zone. The emulator has one user,
// who is both the active and the effective user.

import { counted } from "./counted";
import type { CountCall } from "./host";

export function createSession(count: CountCall, scope: { user: string; timeZone: string }) {
  const user = () => counted(count, "User", { getEmail: () => scope.user });
  return counted(count, "Session", {
    getActiveUser: user,
    getEffectiveUser: user,
    getScriptTimeZone: () => scope.timeZone,
    getActiveUserLocale: () => "en",
  });
}
