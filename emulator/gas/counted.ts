// Every method of an emulated service counts as one call, named like the Apps Script reference
// names it ("Properties.getProperty"). Counting is also where the call's cost is spent in virtual
// time and the time budget is checked; what the call carried (arguments and result) adds to it.

import type { CountCall } from "./host";
import { bytesCarried } from "./latency";

type Methods = Record<string, (...args: never[]) => unknown>;

/** Returns `methods` with each one counting `${typeName}.${method}` before it runs. */
export function counted<T extends Methods>(count: CountCall, typeName: string, methods: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(methods)) {
    wrapped[name] = function (this: unknown, ...args: never[]) {
      const settle = count(`${typeName}.${name}`);
      const result = method.apply(this, args);
      if (settle) settle(bytesCarried([...args, result]));
      return result;
    };
  }
  return wrapped as T;
}
