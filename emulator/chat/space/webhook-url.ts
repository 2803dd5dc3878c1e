// Reading the request line of POST /v1/spaces/{space}/messages?key=&token=&messageReplyOption=
// the way Google's front end does: the query string is split on "&" and "=", then each part is
// percent-decoded exactly once ("+" is a space). So "%3D" and "=" are the same character, and a
// token whose "%3D" was encoded again ("%253D") arrives as the literal text "%3D" and fails.

export const CHAT_ORIGIN = "https://chat.googleapis.com";

export interface ChatRequestTarget {
  /** The path without the query string, raw. */
  readonly path: string;
  /** The space id when the path is /v1/spaces/{space}/messages. */
  readonly space?: string;
  /** Query parameters decoded once; a repeated name keeps its last value. */
  readonly params: ReadonlyMap<string, string>;
  /** Parameter names that could not be percent-decoded. */
  readonly undecodable: readonly string[];
}

const MESSAGES_PATH = /^\/v1\/spaces\/([A-Za-z0-9_-]+)\/messages$/;

export function parseChatRequestTarget(url: string): ChatRequestTarget {
  const afterScheme = url.replace(/^[a-z]+:\/\/[^/?#]*/i, "");
  const hashAt = afterScheme.indexOf("#");
  const withoutHash = hashAt === -1 ? afterScheme : afterScheme.slice(0, hashAt);
  const queryAt = withoutHash.indexOf("?");
  const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
  const query = queryAt === -1 ? "" : withoutHash.slice(queryAt + 1);

  const params = new Map<string, string>();
  const undecodable: string[] = [];
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const equalsAt = pair.indexOf("=");
    const rawName = equalsAt === -1 ? pair : pair.slice(0, equalsAt);
    const rawValue = equalsAt === -1 ? "" : pair.slice(equalsAt + 1);
    const name = decodeOnce(rawName);
    const value = decodeOnce(rawValue);
    if (name === undefined || value === undefined) {
      undecodable.push(rawName);
      continue;
    }
    params.set(name, value);
  }
  const space = MESSAGES_PATH.exec(path)?.[1];
  return space === undefined ? { path, params, undecodable } : { path, space, params, undecodable };
}

function decodeOnce(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** The URL Chat shows for a webhook; the token's "=" is percent-encoded, as in real URLs. */
export function webhookUrl(space: string, key: string, token: string): string {
  return `${CHAT_ORIGIN}/v1/spaces/${space}/messages?key=${encodeURIComponent(key)}&token=${encodeURIComponent(token)}`;
}
