// Logger and console: what the script logs is kept per execution, with its level, as the
// Apps Script executions page shows it.

import { format } from "node:util";
import { counted } from "../runtime/counted";
import type { CountCall, LogLevel, LogLine } from "../runtime/host";

export function createLogger(count: CountCall, log: (line: LogLine) => void) {
  const lines: string[] = [];
  let logger: object = {};
  logger = counted(count, "Logger", {
    log(data?: unknown, ...values: unknown[]) {
      const text = values.length > 0 ? format(String(data), ...values) : formatValue(data);
      lines.push(text);
      log({ level: "log", text });
      return logger;
    },
    getLog() {
      return lines.join("\n");
    },
    clear() {
      lines.length = 0;
      return logger;
    },
  });
  return logger;
}

/** console is not a service in Apps Script: its calls are logged but not counted. */
export function createConsole(log: (line: LogLine) => void) {
  const at =
    (level: LogLevel) =>
    (...values: unknown[]): void =>
      log({ level, text: format(...values) });
  return {
    log: at("log"),
    debug: at("log"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
}

function formatValue(data: unknown): string {
  // Errors from the script's realm fail `instanceof Error` here, hence the tag test.
  if (
    typeof data === "object" &&
    data !== null &&
    Object.prototype.toString.call(data) !== "[object Error]"
  ) {
    try {
      return JSON.stringify(data);
    } catch {
      return format("%o", data);
    }
  }
  return String(data);
}
