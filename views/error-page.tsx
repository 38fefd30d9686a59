// A full error page for browser navigation, or a small partial for htmx requests.
import type { Principal } from "../server/env.js";
import { Layout } from "./layout.js";
import { t } from "../server/i18n/index.js";

export function ErrorBox({ status, message, issues }: { status: number; message: string; issues: { path: string; message: string }[] }) {
  return (
    <div class="error-box" role="alert">
      <strong>
        {status} · {message}
      </strong>
      {issues.length > 0 && (
        <ul>
          {issues.slice(0, 20).map((i) => (
            <li>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorPage(props: { status: number; message: string; issues: { path: string; message: string }[]; principal: Principal | null }) {
  return (
    <Layout title={t("error.title")} principal={props.principal}>
      <h1>{t("error.title")}</h1>
      <ErrorBox {...props} />
      <p>
        <a href="/">{t("error.back")}</a>
      </p>
    </Layout>
  );
}
