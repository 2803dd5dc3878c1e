// Every method of an emulated service counts as one call, named like the Apps Script reference
// names it ("Properties.getProperty"), and this file is the one place that does it, for service
// objects (counted) and for classes (countedMethods) alike. Counting is also where the call's cost
// is spent in virtual time and the time budget is checked; what the call carried (arguments and
// result) adds to it; and where the service's errors are remade in the script's realm.

import type { CountCall } from "./host";

type Methods = Record<string, (...args: never[]) => unknown>;

/** toString names the type, as Apps Script objects print; it is no service call. */
const NEVER_COUNTED = new Set(["constructor", "toString"]);

function callCounted(
  count: CountCall,
  name: string,
  method: (...args: never[]) => unknown,
  self: unknown,
  args: never[],
): unknown {
  const call = count(name);
  try {
    const result = method.apply(self, args);
    call?.settle(() => [...args, result]);
    return result;
  } catch (error) {
    throw call ? call.inScriptRealm(error) : error;
  }
}

/** Returns `methods` with each one counting `${typeName}.${method}` before it runs. */
export function counted<T extends Methods>(count: CountCall, typeName: string, methods: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(methods)) {
    if (NEVER_COUNTED.has(name)) {
      wrapped[name] = method;
      continue;
    }
    wrapped[name] = function (this: unknown, ...args: never[]) {
      return callCounted(count, `${typeName}.${name}`, method, this, args);
    };
  }
  return wrapped as T;
}

/**
 * Makes every public method of a service class count `${typeName}.${method}` before it runs, as
 * counted() does for objects. Called from the class's static block, where `of` may read private
 * fields. `hostOnly` names methods the host calls (a snapshot for tests), which are not counted.
 */
export function countedMethods<T extends object>(
  cls: { prototype: T },
  of: (self: T) => { count: CountCall; typeName: string },
  hostOnly: readonly string[] = [],
): void {
  const prototype = cls.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    const method = descriptor?.value as ((...args: never[]) => unknown) | undefined;
    if (typeof method !== "function" || NEVER_COUNTED.has(name) || hostOnly.includes(name))
      continue;
    Object.defineProperty(prototype, name, {
      ...descriptor,
      value: function (this: T, ...args: never[]) {
        const { count, typeName } = of(this);
        return callCounted(count, `${typeName}.${name}`, method, this, args);
      },
    });
  }
}
