// The sign-in page (public).
import { Layout } from "./layout.js";
import { t } from "../server/i18n/index.js";

/** `csrf`: the sign-in form's own token (server/auth/login-csrf.ts), posted back with the form. */
/** `sso`: single sign-on is configured (OIDC_ISSUER): the page offers it beside the password form. */
export function LoginPage({ error, next, email, csrf, sso }: { error?: string; next?: string; email?: string; csrf: string; sso?: boolean }) {
  return (
    <Layout title={t("login.title")} principal={null} formToken={csrf}>
      <section class="login card">
        <h1>{t("login.title")}</h1>
        <p class="muted">{t("app.tagline")}</p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <form method="post" action="/login">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="next" value={next ?? "/"} />
          <label>
            {t("login.email")}
            <input type="email" name="email" required autocomplete="username" value={email ?? ""} />
          </label>
          <label>
            {t("login.password")}
            <input type="password" name="password" required autocomplete="current-password" />
          </label>
          <button type="submit">{t("login.submit")}</button>
        </form>
        {sso && (
          <p class="sso">
            <a class="button" href={`/auth/oidc/login?next=${encodeURIComponent(next ?? "/")}`}>
              {t("accounts.ssoSignIn")}
            </a>
          </p>
        )}
        <p>
          <a href="/login/forgot">{t("notifications.reset.link")}</a>
        </p>
      </section>
    </Layout>
  );
}
