// The message catalogue: every user-facing string of the views, so that a zh-CN catalogue can be added beside `en`.
const en = {
  "app.name": "Assay",
  "app.tagline": "Compliance auditing for IT support and customer service",
  "nav.overview": "Overview",
  "nav.kpis": "KPIs",
  "nav.plans": "Audit plans",
  "nav.runs": "Runs",
  "nav.findings": "Findings & actions",
  "nav.reports": "Reports",
  "nav.data": "Data",
  "nav.admin": "Admin",
  "nav.logout": "Sign out",
  "nav.signedInAs": "Signed in as {name} ({role})",
  "login.title": "Sign in",
  "login.email": "Email",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.failed": "Wrong email or password.",
  "login.expired": "This sign-in form has expired or was sent from another site. Sign in again.",
  "login.throttled": "Too many failed sign-ins. Try again in {minutes} min.",
  "error.title": "Something went wrong",
  "error.back": "Back to the overview",
  "role.viewer": "Viewer",
  "role.manager": "Manager",
  "role.auditor": "Auditor",
  "role.compliance_officer": "Compliance officer",
  "role.admin": "Administrator",
  "role.ingest": "Ingest (machine)",
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<string, string>;

/** Other languages add their own table here (for example "zh-CN"); a missing key falls back to English. */
const english: Catalogue = { ...en };
const catalogues: Record<string, Catalogue> = { en: english };

/** Views register their strings next to where they are used, still all in one catalogue. */
export function defineMessages<T extends Catalogue>(messages: T): T {
  Object.assign(english, messages);
  return messages;
}

export function t(key: string, vars?: Record<string, string | number>, locale = "en"): string {
  const text = catalogues[locale]?.[key] ?? english[key] ?? key;
  // most strings have no placeholder: skip the regex for them (t runs thousands of times per page)
  if (!vars || !text.includes("{")) return text;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
