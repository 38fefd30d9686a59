// The signed-in user's own account page: change the password (current one, the new one twice).
import { minPasswordLength } from "../server/auth/password-policy.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { t } from "../server/i18n/index.js";
import { CsrfField } from "./components/csrf-field.js";
import { FormIssues } from "./components/form-issues.js";
import { Layout } from "./layout.js";

export interface AccountPageProps {
  principal: Principal;
  email: string;
  /** set after a change: how many other sessions ended */
  changed?: { endedSessions: number };
  issues?: Issue[];
  /** the account signs in through the organisation's single sign-on too */
  sso?: boolean;
}

export function AccountPage({ principal, email, changed, issues, sso }: AccountPageProps) {
  return (
    <Layout title={t("accounts.title")} principal={principal}>
      <h1>{t("accounts.title")}</h1>
      <section id="password" class="card">
        <h2>{t("accounts.changePassword")}</h2>
        <p class="muted">{t("accounts.signedInAs", { email })}</p>
        {sso && <p class="muted">{t("accounts.ssoNote")}</p>}
        {changed && (
          <p class="notice" role="status">
            {t("accounts.passwordChanged", { n: changed.endedSessions })}
          </p>
        )}
        <form id="change-password" class="stacked" method="post" action="/account/password">
          <FormIssues
            issues={issues}
            labels={{ currentPassword: t("accounts.currentPassword"), newPassword: t("accounts.newPassword"), confirmPassword: t("accounts.confirmPassword") }}
          />
          <CsrfField principal={principal} />
          <input type="hidden" name="username" value={email} autocomplete="username" />
          <label>
            {t("accounts.currentPassword")}
            <input type="password" name="currentPassword" required autocomplete="current-password" />
          </label>
          <label>
            {t("accounts.newPassword")}
            <input type="password" name="newPassword" required minlength={minPasswordLength} autocomplete="new-password" />
            <span class="small muted">{t("accounts.passwordRules", { n: minPasswordLength })}</span>
          </label>
          <label>
            {t("accounts.confirmPassword")}
            <input type="password" name="confirmPassword" required minlength={minPasswordLength} autocomplete="new-password" />
          </label>
          <button type="submit" class="primary">
            {t("accounts.changePassword")}
          </button>
        </form>
      </section>
    </Layout>
  );
}
