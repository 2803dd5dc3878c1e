// Which language the project's own words take: config.language, else the bound spreadsheet's
// locale (File > Settings), else, for a form-bound script (Forms has no locale), the user's.
import { languageOf, textsFor, type Language, type Texts } from "../i18n/texts";
import { activeSpreadsheet } from "./sheets";

export function documentTexts(language?: Language): Texts {
  if (language !== undefined) return textsFor(language);
  const locale = activeSpreadsheet()?.getSpreadsheetLocale();
  return textsFor(languageOf(locale ?? Session.getActiveUserLocale()));
}

/** Today in the script's time zone, in the digest's words. */
export function todayIn(texts: Texts): string {
  const [year, month, day, weekday] = Utilities.formatDate(
    new Date(),
    Session.getScriptTimeZone(),
    "yyyy-M-d-u",
  )
    .split("-")
    .map(Number) as [number, number, number, number];
  return texts.today(year, month, day, weekday);
}
