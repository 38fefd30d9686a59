// The languages Assay speaks, and how a request, a user or a process chooses one.
export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];

/** The names shown in the language switcher, each in its own language. */
export const localeNames: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/**
 * A language tag, an Accept-Language entry or a POSIX LANG value ("zh_CN.UTF-8") as one of ours, or null:
 * every Chinese tag maps to zh-CN (the guide's language is Simplified Chinese), every English one to en.
 */
export function parseLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const tag = value.trim().split(/[.@]/)[0].replace(/_/g, "-").toLowerCase();
  if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
  if (tag === "en" || tag.startsWith("en-")) return "en";
  return null;
}

/** The best of our languages for an Accept-Language header (by q-value, then order), or null. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { locale: parseLocale(tag), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.locale !== null && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.locale ?? null;
}

/** The command line's language: ASSAY_LOCALE, then LC_ALL, LC_MESSAGES and LANG, then English. */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  for (const name of ["ASSAY_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"]) {
    const locale = parseLocale(env[name]);
    if (locale) return locale;
  }
  return "en";
}

/** ASSAY_DEFAULT_LOCALE: the language of a visitor whose browser names none of ours (default en). */
export function defaultLocaleFromEnv(value: string | undefined): Locale {
  if (value === undefined || value === "") return "en";
  if (!isLocale(value)) throw new Error(`ASSAY_DEFAULT_LOCALE must be one of ${locales.join(", ")}; got "${value}"`);
  return value;
}
