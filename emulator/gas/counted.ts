// Every method of an emulated service counts as one call, named like the Apps Script reference
// names it ("Properties.getProperty"). Counting is also where the time budget is checked.

import type { CountCall } from "./host";

type Methods = Record<string, (...args: never[]) => unknown>;

/** Returns `methods` with each one counting `${typeName}.${method}` before it runs. */
export function counted<T extends Methods>(count: CountCall, typeName: string, methods: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(methods)) {
    wrapped[name] = function (this: unknown, ...args: never[]) {
      count(`${typeName}.${name}`);
      return method.apply(this, args);
    };
  }
  return wrapped as T;
}
