// Validation issues of a form that came back with 422, listed above its fields.
import type { Issue } from "../../server/errors.js";
import { t } from "../../server/i18n/index.js";

export function FormIssues({ issues }: { issues?: Issue[] }) {
  if (!issues || issues.length === 0) return null;
  return (
    <div class="error-box" role="alert">
      <strong>{t("form.invalid")}</strong>
      <ul>
        {issues.map((i) => (
          <li>
            {i.path && <code>{i.path}</code>} {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
