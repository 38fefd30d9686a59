// Who is reading: the language and time zone of the current request, carried through rendering without threading it.
import { AsyncLocalStorage } from "node:async_hooks";
import { catalogues, type MessageKey } from "./catalogue.js";
import type { Locale } from "./locales.js";
import { translate, translateOr, type MessageValues } from "./translate.js";

export interface Presentation {
  locale: Locale;
  /** the organisation's time zone: every date and time on a page is shown in it */
  timeZone: string;
}

const storage = new AsyncLocalStorage<Presentation>();
const fallback: Presentation = { locale: "en", timeZone: "UTC" };

/** Runs `fn` (a request, a report, a command) with `presentation` as what `t` and the formatters use. */
export function withPresentation<T>(presentation: Presentation, fn: () => T): T {
  return storage.run(presentation, fn);
}

export function currentPresentation(): Presentation {
  return storage.getStore() ?? fallback;
}

export function currentLocale(): Locale {
  return currentPresentation().locale;
}

/** Translates into the current reader's language. */
export function t(key: MessageKey, values?: MessageValues): string {
  return translate(currentPresentation().locale, key, values);
}

/**
 * A message's pattern, unformatted, for the browser's script to fill in ({name} placeholders only: upload progress).
 */
export function clientTemplate(key: MessageKey): string {
  return catalogues[currentPresentation().locale][key];
}

/** The message of a key built from data (a category code), or `fallback` when there is none. */
export function label(key: string, fallback: string, values?: MessageValues): string {
  return translateOr(currentPresentation().locale, key, fallback, values);
}
