import {
  ENGLISH,
  languageOf,
  TRADITIONAL_CHINESE,
  textsFor,
  type Texts,
} from "../../src/i18n/texts";

/** Arguments for the functions that take more than numbers. */
const SAMPLES: Record<string, unknown[]> = {
  "status.counts": [
    { delivered: 3, retried: 1, notSentNoThread: 0, dropped: 0, lastDelivery: "x" },
  ],
  "setup.triggerOn": ["handleEdit", "ON_EDIT", false],
  "setup.summary": [{ needed: 2, kept: 1, created: ["handleEdit"], removed: 0 }],
};

/** Every string a Texts holds, by path, with the functions called on sample arguments. */
function strings(texts: Texts): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string") out[path] = value;
    else if (typeof value === "function") {
      out[path] = String(value(...(SAMPLES[path] ?? [2026, 1, 5, 1])));
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(texts, "");
  delete out.language;
  return out;
}

describe("texts", () => {
  test.each([
    ["zh_TW", "zh-TW"],
    ["zh-TW", "zh-TW"],
    ["zh_HK", "zh-TW"],
    ["zh-Hant-TW", "zh-TW"],
    ["zh_CN", "en"],
    ["en_US", "en"],
    ["ja", "en"],
    ["", "en"],
    [undefined, "en"],
  ])("languageOf(%j) = %s", (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });

  test("Traditional Chinese has every text, none left in English, none empty", () => {
    const en = strings(ENGLISH);
    const zh = strings(TRADITIONAL_CHINESE);
    expect(Object.keys(zh)).toEqual(Object.keys(en));
    for (const [path, text] of Object.entries(zh)) {
      expect([path, text.trim() === ""]).toEqual([path, false]);
      expect([path, text]).not.toEqual([path, en[path]]);
    }
  });

  test.each([
    ["en", "Mon 5 Jan 2026", "January 5, 2026", "…and 12 more", "File 3"],
    ["zh-TW", "2026年1月5日（週一）", "2026年1月5日", "…還有 12 筆", "檔案 3"],
  ] as const)("%s dates and counts", (language, today, date, more, file) => {
    const texts = textsFor(language);
    expect(texts.today(2026, 1, 5, 1)).toBe(today);
    expect(texts.date(2026, 1, 5)).toBe(date);
    expect(texts.andMore(12)).toBe(more);
    expect(texts.file(3)).toBe(file);
  });

  test("a Sunday is the seventh day", () => {
    expect(ENGLISH.today(2026, 1, 11, 7)).toBe("Sun 11 Jan 2026");
    expect(TRADITIONAL_CHINESE.today(2026, 1, 11, 7)).toBe("2026年1月11日（週日）");
  });
});
