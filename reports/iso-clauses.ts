// Titles of the ISO/IEC 20000-1:2018 clauses (audits/clauses.ts holds their structure). The catalogue (`clause.<n>` in
// server/i18n/catalogues/*/rulebook.ts) is their one definition, shared with the pages: a title is its heading
// ("8.6 Resolution and fulfilment") without the clause number, in the reader's language.
import { currentLocale, isMessageKey, translate, type Locale } from "../server/i18n/index.js";

/** The clause's title in `locale` (by default the current reader's), or undefined for a clause the catalogue lacks. */
export function isoClauseTitle(clause: string, locale: Locale = currentLocale()): string | undefined {
  const key = `clause.${clause}`;
  if (!/^\d+(\.\d+)*$/.test(clause) || !isMessageKey(key)) return undefined;
  const heading = translate(locale, key);
  return heading.startsWith(`${clause} `) ? heading.slice(clause.length + 1) : heading;
}

/** Clause → title in the current reader's language, read as a record (`isoClauseTitles["8.6.1"]`). */
export const isoClauseTitles: Readonly<Record<string, string | undefined>> = new Proxy({} as Record<string, string | undefined>, {
  get: (_target, clause) => (typeof clause === "string" ? isoClauseTitle(clause) : undefined),
  has: (_target, clause) => typeof clause === "string" && isoClauseTitle(clause) !== undefined,
});
