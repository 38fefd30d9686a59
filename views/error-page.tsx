// A full error page for browser navigation, or a small partial for htmx requests.
import type { Principal } from "../server/deps.js";
import { Layout } from "./layout.js";
import { currentLocale, label, t } from "../server/i18n/index.js";
import { issueMessage } from "./components/form-issues.js";

interface ErrorProps {
  status: number;
  /** the error's code (AppError.code): what went wrong, said in the reader's language */
  code?: string;
  /** the English message the API answers with */
  message: string;
  issues: { path: string; message: string }[];
}

/**
 * English readers get the message itself, which names the problem exactly; others get the code's sentence, with the
 * message kept under "technical details" for whoever they ask for help.
 */
export function ErrorBox({ status, code, message, issues }: ErrorProps) {
  const english = currentLocale() === "en";
  const headline = english || !code ? message : label(`error.code.${code}`, message);
  return (
    <div class="error-box" role="alert">
      <strong>
        {status} · {headline}
      </strong>
      {issues.length > 0 && (
        <ul>
          {issues.slice(0, 20).map((i) => (
            <li>
              <code>{i.path}</code>: {english ? i.message : issueMessage(i.message)}
            </li>
          ))}
        </ul>
      )}
      {headline !== message && (
        <details class="small muted">
          <summary>{t("error.details")}</summary>
          <code>{message}</code>
        </details>
      )}
    </div>
  );
}

export function ErrorPage(props: ErrorProps & { principal: Principal | null }) {
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
