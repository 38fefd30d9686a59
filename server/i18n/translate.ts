// ICU MessageFormat over the catalogues: plurals, numbers and selects in the reader's language.
import { IntlMessageFormat } from "intl-messageformat";
import { catalogues, isMessageKey, type MessageKey } from "./catalogue.js";
import type { Locale } from "./locales.js";

export type MessageValues = Record<string, string | number | Date | null | undefined>;

/** A function that translates a key into one language. */
export type Translator = ((key: MessageKey, values?: MessageValues) => string) & { locale: Locale };

const compiled: Record<Locale, Map<MessageKey, IntlMessageFormat | string>> = { en: new Map(), "zh-CN": new Map() };

/** Intl's name for our locale: en follows British conventions (3 Oct 2026, 14:05), unambiguous in day and month order. */
export function intlLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : locale;
}

function formatterOf(locale: Locale, key: MessageKey): IntlMessageFormat | string {
  const cache = compiled[locale];
  let entry = cache.get(key);
  if (entry === undefined) {
    const pattern = catalogues[locale][key];
    // a message without an argument or a quote is its own text: most strings, and t runs thousands of times a page
    entry = /[{'}]/.test(pattern) ? new IntlMessageFormat(pattern, intlLocale(locale), undefined, { ignoreTag: true }) : pattern;
    cache.set(key, entry);
  }
  return entry;
}

export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const entry = formatterOf(locale, key);
  if (typeof entry === "string") return entry;
  const out = entry.format(values as Record<string, string | number | Date>);
  return typeof out === "string" ? out : String(out);
}

export function translator(locale: Locale): Translator {
  const t = (key: MessageKey, values?: MessageValues) => translate(locale, key, values);
  return Object.assign(t, { locale });
}

/** The message of a key built from data (a category code, a new status), or the fallback when no message has it. */
export function translateOr(locale: Locale, key: string, fallback: string, values?: MessageValues): string {
  return isMessageKey(key) ? translate(locale, key, values) : fallback;
}
