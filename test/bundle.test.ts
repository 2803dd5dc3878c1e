// dist/Code.js loaded the way Apps Script loads it: one fresh global scope, no module system, the
// services as globals. Apps Script runs the whole file on every execution, so loading must not
// call any service.
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const CODE = readFileSync(path.join(__dirname, "..", "dist", "Code.js"), "utf8");
const CONTRACT_FUNCTIONS = [
  "notify",
  "deliverOutbox",
  "showStatus",
  "redeliverDeadLetters",
  "sendTestMessage",
];
const WEBHOOK =
  "https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=FAKEtoken-for-tests-only-not-a-secret-99999%3D";

interface Recorded {
  calls: string[];
  fetched: { url: string; params: Record<string, unknown> }[];
}

/** Apps Script services as doubles that record every call. */
function appsScriptDoubles(recorded: Recorded) {
  const record = <T extends object>(service: string, methods: T): T =>
    new Proxy(methods, {
      get(target, name) {
        const method: unknown = Reflect.get(target, name);
        if (typeof method !== "function") return method;
        return (...args: unknown[]) => {
          recorded.calls.push(`${service}.${String(name)}`);
          return (method as (...a: unknown[]) => unknown)(...args);
        };
      },
    });
  const response = record("HTTPResponse", {
    getResponseCode: () => 200,
    getContentText: () =>
      JSON.stringify({
        name: "spaces/AAAA1234/messages/m1.m1",
        thread: { name: "spaces/AAAA1234/threads/t1" },
      }),
    getAllHeaders: () => ({ "Content-Type": "application/json; charset=UTF-8" }),
  });
  const stored = new Map<string, string>([["CHAT_WEBHOOK_URL", WEBHOOK]]);
  const properties = record("Properties", {
    getProperty: (name: string) => stored.get(name) ?? null,
    getProperties: () => Object.fromEntries(stored),
    setProperties: (values: Record<string, string>) => {
      for (const [key, value] of Object.entries(values)) stored.set(key, value);
    },
    deleteProperty: (key: string) => stored.delete(key),
  });
  const lock = record("Lock", {
    hasLock: () => false,
    tryLock: () => true,
    releaseLock: () => undefined,
  });
  return {
    UrlFetchApp: record("UrlFetchApp", {
      fetch: (url: string, params: Record<string, unknown>) => {
        recorded.fetched.push({ url, params });
        return response;
      },
      fetchAll: () => [],
    }),
    PropertiesService: record("PropertiesService", { getScriptProperties: () => properties }),
    LockService: record("LockService", { getScriptLock: () => lock }),
    ScriptApp: record("ScriptApp", { getProjectTriggers: () => [] }),
    Utilities: record("Utilities", { sleep: () => undefined }),
    console: record("console", {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    }),
  };
}

function loadBundle() {
  const recorded: Recorded = { calls: [], fetched: [] };
  const context = vm.createContext(appsScriptDoubles(recorded));
  vm.runInContext(CODE, context, { filename: "Code.js" });
  return { context: context as Record<string, unknown>, recorded };
}

describe("dist/Code.js in an Apps Script-like global scope", () => {
  it("has no module system to lean on", () => {
    const { context } = loadBundle();
    expect(
      vm.runInContext("typeof require + typeof module + typeof process", context as vm.Context),
    ).toBe("undefinedundefinedundefined");
  });

  it("calls no service while loading", () => {
    const { recorded } = loadBundle();
    expect(recorded.calls).toEqual([]);
  });

  it.each(CONTRACT_FUNCTIONS)("declares %s as a top-level function, callable by name", (name) => {
    expect(CODE).toMatch(new RegExp(`^function ${name}\\(`, "m"));
    const { context } = loadBundle();
    expect(typeof context[name]).toBe("function");
    // The empty stub has been replaced by the bundled implementation.
    expect(String(context[name])).not.toMatch(/^function \w+\(\)\s*\{\s*\}$/);
  });

  it("reaches the real notify: it reads the webhook property and posts to Chat", () => {
    const { context, recorded } = loadBundle();
    const result = vm.runInContext('notify("Deploy finished")', context as vm.Context);
    expect(JSON.parse(JSON.stringify(result))).toEqual({ id: "e000000001", status: "delivered" });
    expect(recorded.fetched).toHaveLength(1);
    const [{ url, params }] = recorded.fetched as [Recorded["fetched"][0]];
    expect(url).toBe(WEBHOOK);
    expect(params).toMatchObject({
      method: "post",
      contentType: "application/json; charset=UTF-8",
      muteHttpExceptions: true,
    });
    expect(JSON.parse(params.payload as string)).toEqual({ text: "Deploy finished" });
  });
});
