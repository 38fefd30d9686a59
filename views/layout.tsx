// The page frame: navigation for what the role may see, the CSRF token for htmx, our CSS and scripts (no inline script).
import type { Child } from "hono/jsx";
import { can, type Permission } from "../server/auth/roles.js";
import type { Principal } from "../server/deps.js";
import { currentLocale, currentPresentation, describeTimeZone, localeNames, locales, t, type MessageKey } from "../server/i18n/index.js";

export interface PageProps {
  title: string;
  principal: Principal | null;
  active?: string;
  /** a visitor's form token (the sign-in page's), so that the language switcher works before sign-in */
  formToken?: string;
  children?: Child;
}

/** The language switcher: a form that posts the choice (htmx is not needed; app.js submits it on change). */
function LocaleSwitcher({ token, chosen }: { token: string; chosen: string | null | undefined }) {
  const locale = currentLocale();
  return (
    <form method="post" action="/locale" class="locale-switch">
      <input type="hidden" name="_csrf" value={token} />
      <label>
        <span class="visually-hidden">{t("locale.label")}</span>
        <select name="locale" data-autosubmit aria-label={t("locale.label")}>
          {locales.map((l) => (
            <option value={l} selected={(chosen ?? locale) === l} lang={l}>
              {localeNames[l]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="secondary small">
        {t("locale.switch")}
      </button>
    </form>
  );
}

const nav: { href: string; key: MessageKey; permission: Permission }[] = [
  { href: "/", key: "nav.overview", permission: "read" },
  { href: "/kpis", key: "nav.kpis", permission: "read" },
  { href: "/plans", key: "nav.plans", permission: "read" },
  { href: "/rulebooks", key: "nav.rulebooks", permission: "read" },
  { href: "/runs", key: "nav.runs", permission: "read" },
  { href: "/findings", key: "nav.findings", permission: "read" },
  { href: "/reports", key: "nav.reports", permission: "reports.download" },
  { href: "/data", key: "nav.data", permission: "read" },
  { href: "/admin", key: "nav.admin", permission: "admin" },
  { href: "/admin/connectors", key: "connectors.title", permission: "connectors" },
];

export function Layout({ title, principal, active, formToken, children }: PageProps) {
  const headers = principal?.csrf ? JSON.stringify({ "X-CSRF-Token": principal.csrf }) : undefined;
  return (
    <html lang={currentLocale()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t("app.name")}`}</title>
        {/* htmx would inject its indicator <style>, which the CSP (style-src 'self') forbids */}
        <meta name="htmx-config" content='{"includeIndicatorStyles":false}' />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
        <script src="/assets/chart.umd.min.js" defer></script>
        <script src="/assets/app.js" defer></script>
      </head>
      <body hx-headers={headers}>
        <header class="topbar">
          <a class="brand" href="/">
            {t("app.name")}
          </a>
          {principal && (
            <nav>
              {nav
                .filter((n) => can(principal.role, n.permission))
                .map((n) => (
                  <a href={n.href} class={active === n.href ? "active" : undefined}>
                    {t(n.key)}
                  </a>
                ))}
            </nav>
          )}
          {principal && (
            <form method="post" action="/logout" class="signout">
              <input type="hidden" name="_csrf" value={principal.csrf ?? ""} />
              <span class="who">{t("nav.signedInAs", { name: principal.name, role: t(`role.${principal.role}`) })}</span>
              {principal.kind === "user" && can(principal.role, "account.own") && (
                <a class="account-link" href="/account/password">
                  {t("accounts.nav")}
                </a>
              )}
              {principal.kind === "user" && can(principal.role, "notifications.own") && <a href="/notifications/preferences">{t("notifications.preferences")}</a>}
              <button type="submit">{t("nav.logout")}</button>
            </form>
          )}
          {(principal?.csrf ?? formToken) !== undefined && <LocaleSwitcher token={(principal?.csrf ?? formToken) as string} chosen={principal?.locale} />}
        </header>
        <main>
          <div id="flash" aria-live="polite"></div>
          {children}
        </main>
        <footer class="page-foot muted small">{t("page.timeZone", { zone: describeTimeZone(currentPresentation().timeZone, Date.now()) })}</footer>
      </body>
    </html>
  );
}
