// Numbers, percentages, dates and times through Intl, in the reader's language and the organisation's time zone.
import { currentPresentation } from "./presentation.js";
import { intlLocale } from "./translate.js";
import type { Locale } from "./locales.js";

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, digits: number, style: "decimal" | "percent" | "fixed" = "decimal"): Intl.NumberFormat {
  const key = `n|${locale}|${digits}|${style}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    const fixed = style !== "decimal";
    f = new Intl.NumberFormat(intlLocale(locale), { style: style === "percent" ? "percent" : "decimal", minimumFractionDigits: fixed ? digits : 0, maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f;
}

function dateFormat(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `d|${locale}|${timeZone}|${withTime}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(locale), {
      timeZone,
      year: "numeric",
      month: locale === "en" ? "short" : "long",
      day: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/** 12,345 or 12,345.6 (at most `digits` decimals). */
export function formatNumber(value: number, digits = 0, locale = currentPresentation().locale): string {
  return numberFormat(locale, digits).format(value);
}

/** A number with exactly `digits` decimals: 1.0, 12,345.60. */
export function formatFixed(value: number, digits: number, locale = currentPresentation().locale): string {
  return numberFormat(locale, digits, "fixed").format(value);
}

/** A percentage given on the 0–100 scale: 95.0 % (en) / 95.0% (zh-CN), with exactly `digits` decimals. */
export function formatPercent(value: number, digits = 1, locale = currentPresentation().locale): string {
  return numberFormat(locale, digits, "percent").format(value / 100);
}

/** An instant as date and time in the organisation's time zone: "3 Oct 2026, 14:05" / "2026年10月3日 14:05". */
export function formatDateTime(ms: number, presentation = currentPresentation()): string {
  return dateFormat(presentation.locale, presentation.timeZone, true).format(ms);
}

/** An instant's calendar date in the organisation's time zone. */
export function formatDate(ms: number, presentation = currentPresentation()): string {
  return dateFormat(presentation.locale, presentation.timeZone, false).format(ms);
}

/** A calendar date written YYYY-MM-DD (a due date, a period's day), in the reader's form; no time zone applies. */
export function formatCalendarDate(isoDate: string, locale = currentPresentation().locale): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  if (!y || !m || !d) return isoDate;
  return dateFormat(locale, "UTC", false).format(Date.UTC(y, m - 1, d));
}

/** The zone line shown once per page: "Asia/Shanghai (UTC+08:00)". */
export function describeTimeZone(timeZone: string, at: number): string {
  // one formatter per zone, as for the formats above: constructing one cost ≈ 120 µs, on every page's footer
  const key = `z|${timeZone}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" })));
  const name = f.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
  const offset = name === "GMT" ? "UTC+00:00" : name.replace("GMT", "UTC");
  return `${timeZone} (${offset})`;
}
