// The language a report is written in: English, Simplified Chinese, or both (bilingual). Rendering runs inside
// `withReportLanguage`, so t() and the Intl formatters speak the report's language in the run's time zone; the
// report's own words go through `pt` (labels, headings) and `pp` (sentences), which in a bilingual report give the
// Chinese text followed by the English one.
import type { ReportLocale } from "../server/db/schema.js";
import { currentPresentation, t, withPresentation, type Locale, type MessageKey, type MessageValues } from "../server/i18n/index.js";

// set for the synchronous drawing of one report, like the presentation (no AsyncLocalStorage: see presentation.ts)
let bilingualNow = false;
function withBilingual<T>(value: boolean, fn: () => T): T {
  const previous = bilingualNow;
  bilingualNow = value;
  try {
    return fn();
  } finally {
    bilingualNow = previous;
  }
}

/** The reader's language of a report: a bilingual report reads Chinese first. */
export const primaryLocale = (locale: ReportLocale): Locale => (locale === "bilingual" ? "zh-CN" : locale);

/** Runs `fn` (the rendering of one report) in `locale`, its dates and times in `timeZone`. */
export function withReportLanguage<T>(locale: ReportLocale, timeZone: string, fn: () => T): T {
  return withBilingual(locale === "bilingual", () => withPresentation({ locale: primaryLocale(locale), timeZone }, fn));
}

/** True while a bilingual report is being written (outside `inEachLanguage`'s own passes). */
export const isBilingual = (): boolean => bilingualNow;

/**
 * `text()` in the report's language; in a bilingual report its Chinese and English forms joined by `separator`
 * (once when both read the same). `text` is evaluated in each language, so the values it formats follow it.
 */
export function inEachLanguage(text: () => string, separator = " "): string {
  if (!isBilingual()) return text();
  const once = (locale: Locale) => withBilingual(false, () => withPresentation({ ...currentPresentation(), locale }, text));
  const zh = once("zh-CN");
  let en = once("en");
  if (zh === en) return zh;
  // a section number both forms start with is written once: "5. 改进措施 Improvement actions"
  const number = /^\d+(\.\d+)*\.? /.exec(en)?.[0];
  if (number && zh.startsWith(number)) en = en.slice(number.length);
  return `${zh}${separator}${en}`;
}

type Values = MessageValues | (() => MessageValues);
const valuesOf = (values?: Values) => (typeof values === "function" ? values() : values);

/** A label or heading: "审核报告 Audit report" in a bilingual report. Give values as a function when they are formatted. */
export const pt = (key: MessageKey, values?: Values): string => inEachLanguage(() => t(key, valuesOf(values)), " ");

/** A sentence or paragraph: one line per language in a bilingual report. */
export const pp = (key: MessageKey, values?: Values): string => inEachLanguage(() => t(key, valuesOf(values)), "\n");
