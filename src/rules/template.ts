// `{{Name}}` placeholders. The template's own text is the author's and kept as it is; every value
// put into it came from a cell or a form answer and is neutralised by the caller's function, so a
// value cannot mention anyone or make a link.

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The names a template uses, in order of appearance, without repeats. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * Fills the template. `lookup` returns undefined for a name it does not know, which renders as
 * nothing (validation reports unknown names before any rule runs).
 */
export function renderTemplate(
  template: string,
  lookup: (name: string) => string | undefined,
  neutralise: (value: string) => string,
): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = lookup(name);
    return value === undefined ? "" : neutralise(value);
  });
}
