// "Forgot password?" (ask for a link by e-mail) and the page the link opens (choose a new password); both public.
import { Layout } from "./layout.js";
import { t } from "../server/i18n/index.js";
import { minPasswordLength } from "../server/auth/password-policy.js";

export function ForgotPasswordPage({ csrf, sent, error, email }: { csrf: string; sent?: boolean; error?: string; email?: string }) {
  return (
    <Layout title={t("notifications.reset.title")} principal={null} formToken={csrf}>
      <section class="login card">
        <h1>{t("notifications.reset.title")}</h1>
        {sent ? (
          <p class="notice" role="status">
            {t("notifications.reset.sent")}
          </p>
        ) : (
          <p class="muted">{t("notifications.reset.help")}</p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <form method="post" action="/login/forgot">
          <input type="hidden" name="_csrf" value={csrf} />
          <label>
            {t("notifications.reset.email")}
            <input type="email" name="email" required autocomplete="username" value={email ?? ""} />
          </label>
          <button type="submit">{t("notifications.reset.send")}</button>
        </form>
        <p>
          <a href="/login">{t("login.title")}</a>
        </p>
      </section>
    </Layout>
  );
}

export function ResetPasswordPage({ csrf, token, email, error }: { csrf: string; token: string; email: string | null; error?: string }) {
  return (
    <Layout title={t("notifications.reset.newTitle")} principal={null} formToken={csrf}>
      <section class="login card">
        <h1>{t("notifications.reset.newTitle")}</h1>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {email === null ? (
          <p>
            <a href="/login/forgot">{t("notifications.reset.link")}</a>
          </p>
        ) : (
          <form method="post" action="/login/reset">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="token" value={token} />
            <input type="email" name="email" value={email} autocomplete="username" hidden readonly />
            <label>
              {t("notifications.reset.newPassword")}
              <input type="password" name="password" required minlength={minPasswordLength} autocomplete="new-password" />
            </label>
            <p class="muted">{t("admin.password", { n: minPasswordLength })}</p>
            <label>
              {t("notifications.reset.confirm")}
              <input type="password" name="confirm" required autocomplete="new-password" />
            </label>
            <button type="submit">{t("notifications.reset.save")}</button>
          </form>
        )}
      </section>
    </Layout>
  );
}

export function ResetDonePage() {
  return (
    <Layout title={t("notifications.reset.newTitle")} principal={null}>
      <section class="login card">
        <h1>{t("notifications.reset.newTitle")}</h1>
        <p class="notice" role="status">
          {t("notifications.reset.done")}
        </p>
        <p>
          <a href="/login">{t("login.title")}</a>
        </p>
      </section>
    </Layout>
  );
}
