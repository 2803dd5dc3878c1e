// Apps Script hands bytes to scripts as arrays of Java bytes (-128..127), and accepts them back.
// Blob is the small part of Apps Script's Blob that scripts use to turn bytes into text.

import { counted } from "./counted";
import type { CountCall } from "./host";

export function toSignedBytes(buffer: Buffer): number[] {
  return Array.from(buffer, (byte) => (byte > 127 ? byte - 256 : byte));
}

export function fromBytes(bytes: readonly number[]): Buffer {
  return Buffer.from(bytes.map((byte) => byte & 0xff));
}

/** Apps Script's Charset names to Node's encodings. */
export function encodingOf(charset: string | undefined): BufferEncoding {
  return charset === "US_ASCII" || charset === "US-ASCII" ? "latin1" : "utf8";
}

export function createBlob(
  count: CountCall,
  data: Buffer,
  contentType: string | null,
  name: string | null = null,
) {
  let type = contentType;
  let blobName = name;
  // Setters return the blob for chaining; declared first because it refers to itself.
  let blob: object = {};
  blob = counted(count, "Blob", {
    getBytes: () => toSignedBytes(data),
    getDataAsString: (charset?: string) => data.toString(encodingOf(charset)),
    getContentType: () => type,
    setContentType(contentType: string | null) {
      type = contentType;
      return blob;
    },
    getName: () => blobName,
    setName(name: string) {
      blobName = name;
      return blob;
    },
    copyBlob: () => createBlob(count, Buffer.from(data), type, blobName),
  });
  return blob;
}
