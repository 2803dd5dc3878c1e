// Deterministic identifiers for the emulated space: the same seed gives the same webhook URLs,
// message names and thread names on every run, so failures reproduce and snapshots stay stable.

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export class SeededIds {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast and good enough for identifiers (not for secrets). */
  private nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** `length` characters of the base64url alphabet. */
  base64url(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += BASE64URL[this.nextUint32() & 63];
    return out;
  }

  /** An API key shaped like Google's: "AIzaSy" and 33 more characters, 39 in all. */
  apiKey(): string {
    return `AIzaSy${this.base64url(33)}`;
  }

  /**
   * A webhook token as Chat issues it: 32 bytes in base64url, i.e. 43 characters and one "=" of
   * padding. Returned decoded; the URL carries the "=" percent-encoded as "%3D".
   */
  webhookToken(): string {
    const bytes = new Uint8Array(32);
    for (let i = 0; i < bytes.length; i++) bytes[i] = this.nextUint32() & 0xff;
    return `${Buffer.from(bytes).toString("base64url")}=`;
  }

  /** A resource id like the ones in Chat's thread and message names (11 characters). */
  resourceId(): string {
    return this.base64url(11);
  }
}
