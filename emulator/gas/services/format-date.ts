// Utilities.formatDate: Java SimpleDateFormat patterns, rendered in any IANA zone.

import { isKnownTimeZone, offsetMinutes, zonedParts } from "../runtime/zoned-time";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

function offsetText(minutes: number, style: "Z" | "X" | "XX" | "XXX"): string {
  if (minutes === 0 && style !== "Z") return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const hours = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const rest = pad(Math.abs(minutes) % 60, 2);
  if (style === "X") return `${sign}${hours}`;
  if (style === "XXX") return `${sign}${hours}:${rest}`;
  return `${sign}${hours}${rest}`;
}

function shortZoneName(epochMs: number, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(epochMs)
    .find((p) => p.type === "timeZoneName");
  const name = part?.value ?? "GMT";
  // Java says "UTC"/"GMT" plainly and "GMT+01:00" where ICU says "GMT+1".
  const offset = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(name);
  if (!offset) return name;
  return `GMT${offset[1]}${pad(Number(offset[2]), 2)}:${offset[3] ?? "00"}`;
}

/**
 * Formats like Apps Script's Utilities.formatDate. An unknown zone falls back to GMT, as Java's
 * TimeZone.getTimeZone does.
 */
export function formatDate(epochMs: number, timeZone: string, pattern: string): string {
  const zone = isKnownTimeZone(timeZone) ? timeZone : "UTC";
  const p = zonedParts(epochMs, zone);
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      // Quoted literal text; '' stands for one quote, inside quotes or out.
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      i += 1;
      while (i < pattern.length) {
        if (pattern[i] === "'" && pattern[i + 1] === "'") {
          out += "'";
          i += 2;
        } else if (pattern[i] === "'") {
          i += 1;
          break;
        } else {
          out += pattern[i];
          i += 1;
        }
      }
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i += 1;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n += 1;
    i += n;
    switch (ch) {
      case "y":
        out += n === 2 ? pad(p.year % 100, 2) : pad(p.year, n);
        break;
      case "M":
        out +=
          n >= 4
            ? MONTHS[p.month - 1]
            : n === 3
              ? MONTHS[p.month - 1]!.slice(0, 3)
              : pad(p.month, n);
        break;
      case "d":
        out += pad(p.day, n);
        break;
      case "H":
        out += pad(p.hour, n);
        break;
      case "k":
        out += pad(p.hour === 0 ? 24 : p.hour, n);
        break;
      case "h":
        out += pad(hour12, n);
        break;
      case "m":
        out += pad(p.minute, n);
        break;
      case "s":
        out += pad(p.second, n);
        break;
      case "S":
        out += pad(p.millisecond, n);
        break;
      case "a":
        out += p.hour < 12 ? "AM" : "PM";
        break;
      case "E":
        out += n >= 4 ? WEEKDAYS[p.isoWeekDay - 1] : WEEKDAYS[p.isoWeekDay - 1]!.slice(0, 3);
        break;
      case "u":
        out += pad(p.isoWeekDay, n);
        break;
      case "z":
        out += shortZoneName(epochMs, zone);
        break;
      case "Z":
        out += offsetText(offsetMinutes(epochMs, zone), "Z");
        break;
      case "X":
        out += offsetText(offsetMinutes(epochMs, zone), n === 1 ? "X" : n === 2 ? "XX" : "XXX");
        break;
      default:
        // SimpleDateFormat throws on letters it does not know; Apps Script surfaces that.
        throw new Error(`Illegal pattern character '${ch}' in ${JSON.stringify(pattern)}`);
    }
  }
  return out;
}
