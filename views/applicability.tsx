// The statement of applicability on a plan's page: every ISO/IEC 20000-1 clause, applicable (its rules with the
// status of their latest result) or not (its justification, which auditors and administrators may rewrite inline).
import { justificationText, clauseTitle, type ClauseApplicability, type PlanApplicability } from "../audits/applicability.js";
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { ruleTitle, t } from "../server/i18n/index.js";
import { CsrfField } from "./components/csrf-field.js";
import { FormIssues } from "./components/form-issues.js";
import { StatusBadge } from "./components/status-badge.js";
import { formatInstant } from "./format.js";

/** A justification form sent back with what was wrong with it. */
export interface JustificationFormState {
  clause: string;
  justification: string;
  issues: Issue[];
}

export interface ApplicabilitySectionProps {
  principal: Principal;
  statement: PlanApplicability;
  form?: JustificationFormState;
  /** the clause whose justification was just saved */
  saved?: string;
}

function Coverage({ c, principal, planId, form }: { c: ClauseApplicability; principal: Principal; planId: number; form?: JustificationFormState }) {
  if (c.applicable) {
    if (c.rules.length === 0) return <span class="muted">{t("applicability.through", { count: c.through.length, clauses: c.through.join(", ") })}</span>;
    return (
      <ul class="soa-rules">
        {c.rules.map((r) => (
          <li>
            <code>{r.id}</code> {ruleTitle(r)} {r.status ? <StatusBadge status={r.status} /> : <span class="muted small">{t("applicability.notRun")}</span>}
          </li>
        ))}
      </ul>
    );
  }
  const action = `/plans/${planId}/applicability`;
  const mine = form?.clause === c.clause ? form : undefined;
  return (
    <div>
      <p class="soa-justification">{justificationText(c)}</p>
      {c.organisation && <p class="muted small">{t("applicability.byOrganisation", { who: c.organisation.updatedBy, when: formatInstant(c.organisation.updatedAt) })}</p>}
      {can(principal.role, "plans.write") && (
        <details open={mine !== undefined}>
          <summary>{t("applicability.edit")}</summary>
          <form class="stacked" method="post" action={action} hx-post={action} hx-target="#applicability" hx-swap="outerHTML">
            <FormIssues issues={mine?.issues} />
            <CsrfField principal={principal} />
            <input type="hidden" name="clause" value={c.clause} />
            <label>
              {t("applicability.justification")}
              <textarea name="justification" rows={2} maxlength={2000}>
                {mine ? mine.justification : (c.organisation?.justification ?? "")}
              </textarea>
              <span class="muted small">{t("applicability.justificationHelp")}</span>
            </label>
            <div class="form-actions">
              <button type="submit">{t("applicability.save")}</button>
            </div>
          </form>
        </details>
      )}
    </div>
  );
}

export function ApplicabilitySection({ principal, statement, form, saved }: ApplicabilitySectionProps) {
  const applicable = statement.clauses.filter((c) => c.applicable).length;
  return (
    <section id="applicability" class="card">
      <h2>{t("applicability.title")}</h2>
      <p class="muted small">{t("applicability.help")}</p>
      {saved && (
        <p class="notice" role="status">
          {t("applicability.saved", { clause: saved })}
        </p>
      )}
      <p>
        {t("applicability.summary", { applicable, notApplicable: statement.clauses.length - applicable })}{" "}
        {statement.run ? t("applicability.latestRun", { run: statement.run.id, when: formatInstant(statement.run.finishedAt) }) : t("applicability.noRun")}
      </p>
      <table class="data-table soa">
        <thead>
          <tr>
            <th>{t("applicability.clause")}</th>
            <th>{t("applicability.clauseTitle")}</th>
            <th>{t("applicability.status")}</th>
            <th>{t("applicability.coverage")}</th>
          </tr>
        </thead>
        <tbody>
          {statement.clauses.map((c) => (
            <tr id={`clause-${c.clause}`} class={c.applicable ? "soa-applicable" : "soa-not-applicable"}>
              <td>
                <strong>{c.clause}</strong>
              </td>
              <td>{clauseTitle(c.clause) ?? t("clause.other", { clause: c.clause })}</td>
              <td>
                <span class={`badge badge-${c.applicable ? "applicable" : "not_applicable"}`}>{t(c.applicable ? "applicability.status.applicable" : "applicability.status.not_applicable")}</span>
              </td>
              <td>
                <Coverage c={c} principal={principal} planId={statement.planId} form={form} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
