// Apps Script services throw errors named "Exception" whose message is Google's text; scripts and
// logs show them as "Exception: <message>".

export function gasException(message: string): Error {
  const error = new Error(message);
  error.name = "Exception";
  return error;
}

function parameterType(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return "String";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "Boolean";
  if (Array.isArray(value)) {
    return Array.isArray(value[0]) ? "Object[][]" : "Object[]";
  }
  return "Object";
}

/** Apps Script's error when arguments fit none of a method's overloads. */
export function signatureMismatch(method: string, args: readonly unknown[]): Error {
  return gasException(
    `The parameters (${args.map(parameterType).join(",")}) don't match the method signature for ${method}.`,
  );
}
