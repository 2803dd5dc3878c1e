// The emulator's layout (emulator/README.md) kept as it is described: the runtime and the Chat
// space depend on nothing built on them, and service calls are counted only by runtime/counted.ts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const EMULATOR = path.join(__dirname, "..", "..", "emulator");

function filesUnder(folder: string): string[] {
  const dir = path.join(EMULATOR, folder);
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(path.join(folder, name));
    return name.endsWith(".ts") ? [path.join(folder, name)] : [];
  });
}

/** The emulator folders a file imports from, relative to emulator/ ("gas/services/cache"). */
function importsOf(file: string): string[] {
  const source = readFileSync(path.join(EMULATOR, file), "utf8");
  return [...source.matchAll(/from "(\.[^"]+)"/g)].map((match) =>
    path.relative(EMULATOR, path.resolve(path.dirname(path.join(EMULATOR, file)), match[1]!)),
  );
}

describe("the emulator's layout", () => {
  it("keeps the Apps Script runtime free of services and documents, but for project.ts that joins them", () => {
    const reaching = filesUnder("gas/runtime")
      .filter((file) => file !== path.join("gas", "runtime", "project.ts"))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => /^gas\/(services|documents)\b/.test(target))
          .map((target) => `${file} -> ${target}`),
      );
    expect(reaching).toEqual([]);
  });

  it("keeps the Chat space free of its wire plumbing and its page", () => {
    const reaching = filesUnder("chat/space").flatMap((file) =>
      importsOf(file)
        .filter((target) => /^chat\/(wire|page)\b/.test(target))
        .map((target) => `${file} -> ${target}`),
    );
    expect(reaching).toEqual([]);
  });

  it("counts service calls only through counted() and countedMethods(), never by a written name", () => {
    const written = filesUnder("gas").flatMap((file) =>
      [...readFileSync(path.join(EMULATOR, file), "utf8").matchAll(/\bcount\(\s*["'`]/g)].map(
        () => file,
      ),
    );
    expect(written).toEqual([]);
  });
});
