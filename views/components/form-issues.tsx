// Validation issues of a form that came back with 422, listed above its fields, in the reader's language: the field
// by its label, the common validation messages (zod's and the password policy's) by a catalogue sentence. The API's
// JSON keeps the English messages; a message not recognised here is shown as it came.
import type { Issue } from "../../server/errors.js";
import { t } from "../../server/i18n/index.js";

const known: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Invalid input: expected \w+, received (undefined|null)$/, () => t("form.issue.required")],
  [/^Too small: expected string to have >=1 characters?$/, () => t("form.issue.required")],
  [/^(?:Too small: expected string to have >=|at least )(\d+) characters?$/, (m) => t("form.issue.tooShort", { n: Number(m[1]) })],
  [/^Too big: expected string to have <=(\d+) characters?$/, (m) => t("form.issue.tooLong", { n: Number(m[1]) })],
  [/^Invalid email address$/, () => t("form.issue.email")],
  [/^Invalid option: expected one of /, () => t("form.issue.option")],
  [/^unknown role$/, () => t("form.issue.option")],
  [/^(YYYY-MM-DD|Invalid ISO date)$/, () => t("form.issue.date")],
  [/^must not contain your e-mail address/, () => t("form.issue.passwordEmail")],
  [/^is one of the most common passwords/, () => t("form.issue.passwordCommon")],
  [/^a user with email (\S+) already exists$/, (m) => t("form.issue.userExists", { email: m[1] })],
  [/^the form could not be read/, () => t("form.issue.unreadable")],
  [/^is not your current password$/, () => t("accounts.issue.wrongCurrent")],
  [/^does not match the new password$/, () => t("accounts.issue.mismatch")],
  [/^is your current password; choose a new one$/, () => t("accounts.issue.sameAsCurrent")],
];

/** An issue's message in the reader's language, when it is one of the common ones. */
export function issueMessage(message: string): string {
  for (const [pattern, text] of known) {
    const m = pattern.exec(message);
    if (m) return text(m);
  }
  return message;
}

/** `labels`: the form's field names (issue paths) with their labels, shown instead of the path. */
export function FormIssues({ issues, labels }: { issues?: Issue[]; labels?: Record<string, string> }) {
  if (!issues || issues.length === 0) return null;
  return (
    <div class="error-box" role="alert">
      <strong>{t("form.invalid")}</strong>
      <ul>
        {issues.map((i) => {
          const message = issueMessage(i.message);
          const field = i.path ? labels?.[i.path] : undefined;
          if (field) return <li>{t("form.issue.line", { field, message })}</li>;
          return (
            <li>
              {i.path && <code>{i.path}</code>} {message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
