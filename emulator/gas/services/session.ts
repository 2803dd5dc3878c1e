// Session: the user an execution runs as and the script's time zone. The effective user is the
// trigger's owner, or whoever ran the function; the emulator reports the same as the active user.

import { counted } from "../runtime/counted";
import type { CountCall } from "../runtime/host";

export function createSession(
  count: CountCall,
  scope: { user: string; timeZone: string; locale: string },
) {
  const user = () => counted(count, "User", { getEmail: () => scope.user });
  return counted(count, "Session", {
    getActiveUser: user,
    getEffectiveUser: user,
    getScriptTimeZone: () => scope.timeZone,
    getActiveUserLocale: () => scope.locale,
  });
}
