// Who is reading: the language and time zone of what is being rendered, carried through rendering without threading it.
//
// It is set for a synchronous stretch of work only (rendering a page's JSX, drawing a report, a command's output):
// an AsyncLocalStorage would carry it across awaits, but on Node 20 the first AsyncLocalStorage.run() turns on
// promise hooks for the whole process and every await in it gets about 2.4x slower (README, Performance). Request
// handlers therefore render with `html(c, () => <Page />)` (server/routes/pages/render.ts), which sets the reader's
// presentation around building and stringifying the JSX, and translate anything else with `inPresentation(c, …)`.
import { catalogues, type MessageKey } from "./catalogue.js";
import type { Locale } from "./locales.js";
import { translate, translateOr, type MessageValues } from "./translate.js";

export interface Presentation {
  locale: Locale;
  /** the organisation's time zone: every date and time on a page is shown in it */
  timeZone: string;
}

const fallback: Presentation = { locale: "en", timeZone: "UTC" };
let current: Presentation | null = null;

/**
 * Runs `fn` with `presentation` as what `t` and the formatters use. Only `fn`'s synchronous part sees it: code after
 * an await inside `fn` does not (see the file's head).
 */
export function withPresentation<T>(presentation: Presentation, fn: () => T): T {
  const previous = current;
  current = presentation;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** Requests being handled: a translation outside any presentation while one is in flight is a handler's mistake. */
let requestsInFlight = 0;
export const requestStarted = (): void => void requestsInFlight++;
export const requestEnded = (): void => void requestsInFlight--;
/** Under test, translating a request's text outside its presentation fails loudly instead of falling back to English. */
const strict = process.env.VITEST !== undefined || process.env.ASSAY_STRICT_PRESENTATION === "1";

export function currentPresentation(): Presentation {
  if (current) return current;
  if (strict && requestsInFlight > 0) {
    throw new Error("translated outside a presentation while a request is in flight: render with html(c, () => …) or wrap in inPresentation(c, …)");
  }
  return fallback;
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
