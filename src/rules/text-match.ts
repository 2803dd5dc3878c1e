// How rules compare cell values: as displayed, trimmed and ignoring case, so "Done", "done " and
// "DONE" are one status; a rule's pattern is compiled once per execution.

export function normalise(value: string | undefined): string {
  return (value ?? "").trim().toLowerCase();
}

const compiled = new Map<string, RegExp>();

export function regExpOf(source: string, flags = ""): RegExp {
  // g and y make test() remember where it stopped: the same value would match, then not.
  flags = flags.replace(/[gy]/g, "");
  const key = `${flags}/${source}`;
  let regExp = compiled.get(key);
  if (!regExp) {
    regExp = new RegExp(source, flags);
    compiled.set(key, regExp);
  }
  return regExp;
}
