// A JSON value stored under one key, split across several Script Properties when it is larger than
// the 9 KB Apps Script allows per value: `key` holds the first piece and the piece count,
// `key#1`, `key#2`, ... the rest.
import { utf8ByteLength } from "../chat/limits";

/** Apps Script's limit is 9 KB per value; keep a margin for the key and the piece header. */
export const MAX_PIECE_BYTES = 8 * 1024;

const PIECES_MARK = /^(\d+)\|/;
/** 64 pieces of 8 KB is more than the whole 500 KB store: a larger count is damage. */
export const MAX_PIECES = 64;

/** Stored properties, as a record read at once or one key at a time. */
export type PropertySource =
  Readonly<Record<string, string>> | ((key: string) => string | undefined);

function reader(source: PropertySource): (key: string) => string | undefined {
  return typeof source === "function" ? source : (key) => source[key];
}

function splitByBytes(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let current = "";
  let currentBytes = 0;
  for (const char of text) {
    const bytes = utf8ByteLength(char);
    if (currentBytes + bytes > maxBytes) {
      pieces.push(current);
      current = "";
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  pieces.push(current);
  return pieces;
}

/** The properties that hold `value` under `key`. */
export function encodeChunked(key: string, value: unknown): Record<string, string> {
  const json = JSON.stringify(value);
  const pieces = splitByBytes(json, MAX_PIECE_BYTES);
  const encoded: Record<string, string> = { [key]: `${pieces.length}|${pieces[0]}` };
  pieces.slice(1).forEach((piece, index) => {
    encoded[`${key}#${index + 1}`] = piece;
  });
  return encoded;
}

/** Every property key that holds the value under `key`, as stored now. */
export function chunkKeys(all: PropertySource, key: string): string[] {
  const head = reader(all)(key);
  if (head === undefined) return [];
  const count = Math.min(MAX_PIECES, Math.max(1, Number(PIECES_MARK.exec(head)?.[1] ?? 1)));
  return [key, ...Array.from({ length: count - 1 }, (_, index) => `${key}#${index + 1}`)];
}

/** The value under `key`, or undefined when it is absent or a piece is missing. */
export function decodeChunked<T>(all: PropertySource, key: string): T | undefined {
  const read = reader(all);
  const head = read(key);
  if (head === undefined) return undefined;
  if (Number(PIECES_MARK.exec(head)?.[1] ?? 1) > MAX_PIECES) return undefined;
  const pieces = chunkKeys(read, key).map((pieceKey) => read(pieceKey));
  if (pieces.some((piece) => piece === undefined)) return undefined;
  const json = (pieces as string[]).join("").replace(PIECES_MARK, "");
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

/** Bytes a set of properties takes against the store's 500 KB (keys count as well as values). */
export function storedBytes(properties: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [key, value] of Object.entries(properties)) {
    total += utf8ByteLength(key) + utf8ByteLength(value);
  }
  return total;
}
