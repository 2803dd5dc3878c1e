// Utilities: sleep in virtual time, UUIDs, digests, dates, base64 and blobs.

import { createHash, createHmac, randomUUID } from "node:crypto";
import { counted } from "../runtime/counted";
import type { Execution } from "../runtime/execution";
import { createBlob, encodingOf, fromBytes, toSignedBytes } from "../runtime/bytes";
import { formatDate } from "./format-date";

export const Charset = Object.freeze({ US_ASCII: "US_ASCII", UTF_8: "UTF_8" } as const);

export const DigestAlgorithm = Object.freeze({
  MD2: "MD2",
  MD5: "MD5",
  SHA_1: "SHA_1",
  SHA_256: "SHA_256",
  SHA_384: "SHA_384",
  SHA_512: "SHA_512",
} as const);

const NODE_DIGESTS: Record<string, string> = {
  MD5: "md5",
  SHA_1: "sha1",
  SHA_256: "sha256",
  SHA_384: "sha384",
  SHA_512: "sha512",
};

export interface UtilitiesScope {
  readonly execution: Execution;
  /** Makes UUIDs reproducible when the project is given a random source. */
  readonly random?: () => number;
}

/** Text or Java bytes, as Utilities methods accept them. */
type Data = string | number[];

export function createUtilities(scope: UtilitiesScope) {
  const { execution, random } = scope;
  const count = (name: string) => execution.count(name);
  const bytesOf = (data: Data, charset?: string): Buffer =>
    Array.isArray(data) ? fromBytes(data) : Buffer.from(String(data), encodingOf(charset));

  const uuid = (): string => {
    if (!random) return randomUUID();
    const bytes = Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256) & 0xff));
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  const service = counted(count, "Utilities", {
    sleep(milliseconds: number) {
      execution.spend(Math.max(0, Number(milliseconds) || 0));
    },
    getUuid: uuid,
    computeDigest(algorithm: string, value: Data, charset?: string) {
      const name = NODE_DIGESTS[String(algorithm)];
      if (!name)
        return execution.fail(`Invalid argument: algorithm (${String(algorithm)} is not emulated)`);
      return toSignedBytes(createHash(name).update(bytesOf(value, charset)).digest());
    },
    computeHmacSha256Signature(value: Data, key: Data) {
      return toSignedBytes(createHmac("sha256", bytesOf(key)).update(bytesOf(value)).digest());
    },
    formatDate(date: Date, timeZone: string, format: string) {
      const time = date && typeof date.getTime === "function" ? date.getTime() : NaN;
      if (Number.isNaN(time)) return execution.fail("Invalid argument: date");
      try {
        return formatDate(time, String(timeZone), String(format));
      } catch (error) {
        return execution.fail((error as Error).message);
      }
    },
    base64Encode(data: Data, charset?: string) {
      return bytesOf(data, charset).toString("base64");
    },
    base64EncodeWebSafe(data: Data, charset?: string) {
      return bytesOf(data, charset).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    },
    base64Decode(encoded: string) {
      return toSignedBytes(Buffer.from(String(encoded), "base64"));
    },
    base64DecodeWebSafe(encoded: string) {
      return toSignedBytes(Buffer.from(String(encoded), "base64url"));
    },
    newBlob(data: Data, contentType?: string, name?: string) {
      return createBlob(count, bytesOf(data), contentType ?? null, name ?? null);
    },
  });
  return Object.assign(service, { Charset, DigestAlgorithm });
}
