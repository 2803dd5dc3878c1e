// How a page of outbox entries is stored in one property value: the entries' JSON list, deflated
// and in base64 when that is shorter (entries of one queue repeat each other's words, so a page of
// them shrinks several times), plain otherwise. Pure JavaScript, so it runs the same in Apps
// Script, Node and the emulator.
import { deflateSync, inflateSync } from "fflate";
import { utf8ByteLength } from "../chat/limits";

/** Marks a deflated page; a plain page is a JSON list and starts with "[". */
const DEFLATED = "z";
/** Below this, deflating never pays for its base64. */
const MIN_DEFLATE_BYTES = 160;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP = new Map([...ALPHABET].map((char, index) => [char, index]));

function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : "=";
  }
  return out;
}

function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const char = text[i + j]!;
      const value = char === "=" ? 0 : LOOKUP.get(char);
      if (value === undefined) return null;
      n = (n << 6) | value;
    }
    for (const shift of [16, 8, 0]) if (at < bytes.length) bytes[at++] = (n >> shift) & 255;
  }
  return bytes;
}

// UTF-8 by hand: Apps Script has no TextEncoder, and fflate's own fallback mangles characters
// outside the Basic Multilingual Plane (emoji).
function utf8Encode(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 3);
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) bytes[at++] = code;
    else if (code < 0x800) {
      bytes[at++] = 0xc0 | (code >> 6);
      bytes[at++] = 0x80 | (code & 63);
    } else if (code < 0x10000) {
      bytes[at++] = 0xe0 | (code >> 12);
      bytes[at++] = 0x80 | ((code >> 6) & 63);
      bytes[at++] = 0x80 | (code & 63);
    } else {
      bytes[at++] = 0xf0 | (code >> 18);
      bytes[at++] = 0x80 | ((code >> 12) & 63);
      bytes[at++] = 0x80 | ((code >> 6) & 63);
      bytes[at++] = 0x80 | (code & 63);
    }
  }
  return bytes.subarray(0, at);
}

function utf8Decode(bytes: Uint8Array): string {
  const units: number[] = [];
  let text = "";
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    const size = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    let code = size === 1 ? lead : lead & (0xff >> (size + 1));
    for (let j = 1; j < size; j++) code = (code << 6) | (bytes[i + j]! & 63);
    i += size;
    if (code < 0x10000) units.push(code);
    else units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 1023));
    // Joined a few thousand at a time: one call per character is slow in every engine.
    if (units.length >= 4096) text += String.fromCharCode(...units.splice(0));
  }
  return text + String.fromCharCode(...units);
}

/** The stored form of a page's list: whichever of plain and deflated JSON is fewer bytes. */
export function encodePage(list: readonly unknown[]): string {
  const json = JSON.stringify(list);
  const plainBytes = utf8ByteLength(json);
  if (plainBytes < MIN_DEFLATE_BYTES) return json;
  const deflated = DEFLATED + toBase64(deflateSync(utf8Encode(json), { level: 6 }));
  return deflated.length < plainBytes ? deflated : json;
}

/** The list a stored page holds; undefined when the value is not a page this code wrote. */
export function decodePage(value: string): unknown[] | undefined {
  let json = value;
  if (value.startsWith(DEFLATED)) {
    const bytes = fromBase64(value.slice(DEFLATED.length));
    if (bytes === null) return undefined;
    try {
      json = utf8Decode(inflateSync(bytes));
    } catch {
      return undefined;
    }
  }
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list : undefined;
  } catch {
    return undefined;
  }
}
