// The global scope one execution runs in: a fresh node:vm context, as Apps Script evaluates the
// whole project afresh for every execution. No require, no process, no module system; Date reads
// the virtual clock and Math.random the project's random source.

import vm from "node:vm";

export interface RealmHooks {
  now(): number;
  random?: () => number;
}

export interface Realm {
  readonly context: vm.Context;
  /** Makes an error in the realm, named "Exception" like the errors of Apps Script services. */
  exception(message: string): Error;
  /**
   * The realm's copy of an error a service made on the host: same name, message, stack and own
   * fields (People's `details`), but an `Error` of the script, so that `e instanceof Error` holds.
   */
  adopt(error: Error): Error;
}

// Runs inside the new context before the project's code. Date keeps its prototype so that dates
// made by the script and by services are ordinary Dates; only "now" is virtual.
const PREPARE_REALM = new vm.Script(
  `(function prepareRealm(hostNow, hostRandom) {
    "use strict";
    const RealDate = Date;
    function VirtualDate(...args) {
      if (!new.target) return new RealDate(hostNow()).toString();
      return Reflect.construct(RealDate, args.length === 0 ? [hostNow()] : args, new.target);
    }
    VirtualDate.prototype = RealDate.prototype;
    Object.defineProperty(RealDate.prototype, "constructor", { value: VirtualDate, writable: true, configurable: true });
    VirtualDate.now = function now() { return hostNow(); };
    VirtualDate.parse = RealDate.parse;
    VirtualDate.UTC = RealDate.UTC;
    Object.defineProperty(VirtualDate, "name", { value: "Date" });
    Object.defineProperty(VirtualDate, "length", { value: 7 });
    Object.defineProperty(globalThis, "Date", { value: VirtualDate, writable: true, configurable: true, enumerable: false });
    if (hostRandom) Math.random = function random() { return hostRandom(); };
    class Exception extends Error {}
    Object.defineProperty(Exception.prototype, "name", { value: "Exception", writable: true, configurable: true });
    const NATIVE = { TypeError, RangeError, SyntaxError };
    function adoptError(name, message, stack, fields) {
      const Make = name === "Exception" ? Exception : NATIVE[name] ?? Error;
      const error = Object.assign(new Make(message), fields);
      Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true });
      return error;
    }
    return { makeException(message) { return new Exception(message); }, adoptError };
  })`,
  { filename: "emulator:realm" },
);

/** Creates the context with `globals` (the services) installed, ready for the project's code. */
export function createRealm(globals: Record<string, unknown>, hooks: RealmHooks): Realm {
  const context = vm.createContext({ ...globals });
  const prepare = PREPARE_REALM.runInContext(context) as (
    now: () => number,
    random: (() => number) | undefined,
  ) => {
    makeException(message: string): Error;
    adoptError(name: string, message: string, stack: string | undefined, fields: object): Error;
  };
  const { makeException, adoptError } = prepare(
    () => hooks.now(),
    hooks.random ? () => (hooks.random as () => number)() : undefined,
  );
  return {
    context,
    exception: makeException,
    adopt: (error) => adoptError(error.name, error.message, error.stack, { ...error }),
  };
}
