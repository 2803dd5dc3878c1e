// The seam between the emulated Apps Script runtime (emulator/gas) and the emulated Chat space
// (emulator/chat). UrlFetchApp hands every request for https://chat.googleapis.com/ to a transport:
// in-process (a direct call, for most tests) or over real HTTP on loopback (wire-level tests and
// `npm start`). Both answer the same way.

export interface WireRequest {
  readonly method: string;
  /** The full URL as the script built it, query string byte-exact. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as it goes on the wire, UTF-8. */
  readonly body: string;
}

export type WireAnswer =
  | {
      readonly kind: "response";
      readonly status: number;
      /** Header names in lower case. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** Virtual time the request took; the runtime advances its clock by it. */
      readonly elapsedMs: number;
    }
  | {
      readonly kind: "network-error";
      /** Apps Script's wording, without the URL: "Address unavailable", "DNS error", "Timeout". */
      readonly error: string;
      readonly elapsedMs: number;
    };

export type ChatTransport = (request: WireRequest) => WireAnswer;
