// The page a refused single sign-on ends on: why, in the reader's language, and the way back to the sign-in page.
import type { OidcRefusalReason } from "../server/auth/oidc-client.js";
import { t } from "../server/i18n/index.js";
import { Layout } from "./layout.js";

export function SsoRefusedPage({ reason, csrf }: { reason: OidcRefusalReason; csrf: string }) {
  return (
    <Layout title={t("accounts.ssoRefusedTitle")} principal={null} formToken={csrf}>
      <section class="login card sso-refused">
        <h1>{t("accounts.ssoRefusedTitle")}</h1>
        <p class="error" role="alert">
          {t(`accounts.ssoRefused.${reason}`)}
        </p>
        <p>{t("accounts.ssoRefusedNoSession")}</p>
        <p>
          <a href="/login">{t("accounts.backToSignIn")}</a>
        </p>
      </section>
    </Layout>
  );
}
