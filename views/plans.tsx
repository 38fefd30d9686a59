// Audit plans: the list (schedule in words, next run, latest run, run now), a plan's page, and the plan form.
import type { planJson } from "../audits/plans.js";
import type { Rule } from "../audits/rulebooks/types.js";
import { unitName } from "../audits/rulebooks/units.js";
import type { runJson } from "../audits/runs.js";
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { groupByClause } from "./components/clauses.js";
import { CsrfField } from "./components/csrf-field.js";
import { FormIssues } from "./components/form-issues.js";
import { StatusBadge } from "./components/status-badge.js";
import { scheduleInWords } from "../audits/schedule.js";
import { localDate } from "../audits/period.js";
import { currentLocale, formatCalendarDate, formatDateTime, formatNumber, label, ruleTitle, t, translator } from "../server/i18n/index.js";
import { formatInstant, formatValue, scoreClass } from "../views/format.js";
import { Layout } from "./layout.js";
import type { PlanFormValues } from "./types.js";
import { WaiversSection, type WaiversSectionProps } from "./waivers.js";
import { ApplicabilitySection, type ApplicabilitySectionProps } from "./applicability.js";

type PlanView = ReturnType<typeof planJson>;
type RunView = ReturnType<typeof runJson>;
type Service = { key: string; name: string };

/** An instant written in a zone other than the page's (a plan's or a run's), in the reader's form. */
export function inZone(iso: string | null, timeZone: string): string {
  return iso === null ? t("common.none") : formatDateTime(Date.parse(iso), { locale: currentLocale(), timeZone });
}

/** An instant of the organisation's clock (named once per page by the layout). */
export const when = (iso: string | null) => (iso === null ? t("common.none") : formatInstant(Date.parse(iso)));

/** The next run in the plan's own time zone, beside its schedule in words. */
const nextRun = (plan: PlanView) => (plan.next_run_at === null ? t("common.none") : t("plans.nextRunAt", { at: inZone(plan.next_run_at, plan.timezone), zone: plan.timezone }));

/** The plan's schedule in the reader's language (the API's schedule_words stay English). */
export const scheduleWords = (plan: { schedule: string | null; timezone: string }) => scheduleInWords(plan.schedule, plan.timezone, translator(currentLocale()));

/** A run's period as the calendar days it covers in the run's time zone (the end is exclusive). */
export function periodDays(run: RunView): string {
  const start = localDate(Date.parse(run.period.start), run.timezone);
  const last = localDate(Date.parse(run.period.end) - 1, run.timezone);
  return t("runs.periodDays", { start: formatCalendarDate(start), end: formatCalendarDate(last) });
}

function periodText(p: PlanView["period"]): string {
  if (p.type === "rolling_days") return t("plans.period.rolling_days", { days: p.days });
  if (p.type === "custom") return t("plans.period.custom", { start: formatCalendarDate(p.start.slice(0, 10)), end: formatCalendarDate(p.end.slice(0, 10)) });
  return t(`plans.period.${p.type}`);
}

function RunNowButton({ principal, planId }: { principal: Principal; planId: number }) {
  if (!can(principal.role, "runs.start")) return null;
  return (
    <form class="inline" method="post" action={`/plans/${planId}/run`} hx-post={`/plans/${planId}/run`}>
      <CsrfField principal={principal} />
      <button type="submit" class="primary">
        {t("plans.runNow")}
      </button>
    </form>
  );
}

export function RunSummary({ run }: { run: RunView | undefined }) {
  if (!run) return <span class="muted">{t("overview.noRuns")}</span>;
  return (
    <a href={`/runs/${run.id}`} class="run-summary">
      <StatusBadge status={run.status} group="run" /> <span class={`score ${scoreClass(run.score)}`}>{formatValue(run.score, "percent")}</span> <span class="muted">#{run.id}</span>
    </a>
  );
}

export function PlansPage({ principal, plans, runs }: { principal: Principal; plans: PlanView[]; runs: RunView[] }) {
  return (
    <Layout title={t("plans.title")} principal={principal} active="/plans">
      <div class="page-head">
        <h1>{t("plans.title")}</h1>
        {can(principal.role, "plans.write") && (
          <a class="button primary" href="/plans/new">
            {t("plans.create")}
          </a>
        )}
      </div>
      {plans.length === 0 ? (
        <p class="empty card">{can(principal.role, "plans.write") ? t("plans.emptyWriter") : t("plans.emptyReader")}</p>
      ) : (
        <table class="data-table card" id="plans">
          <thead>
            <tr>
              <th>{t("plans.name")}</th>
              <th>{t("plans.scope")}</th>
              <th>{t("plans.schedule")}</th>
              <th>{t("plans.nextRun")}</th>
              <th>{t("plans.latestRun")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr>
                <td>
                  <a href={`/plans/${p.id}`}>{p.name}</a>
                  {p.owner && <div class="muted small">{t("plans.ownerIs", { owner: p.owner })}</div>}
                </td>
                <td class="small">
                  {p.services ? p.services.join(", ") : t("plans.allServices")} · {periodText(p.period)} · {p.rules ? t("plans.ruleCount", { n: p.rules.length }) : t("plans.allRules")}
                </td>
                <td>{scheduleWords(p)}</td>
                <td>{nextRun(p)}</td>
                <td>
                  <RunSummary run={runs.find((r) => r.plan_id === p.id)} />
                </td>
                <td>
                  <RunNowButton principal={principal} planId={p.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface PlanFormProps {
  principal: Principal;
  values: PlanFormValues;
  issues: Issue[];
  planId: number | null;
  services: Service[];
  rules: Rule[];
  /** the rulebooks and versions a plan may choose ("<id>" = latest, "<id>@<version>") */
  rulebookChoices?: { value: string; label: string }[];
}

const comparisonSymbol = { gte: "≥", lte: "≤", lt: "<" } as const;

/** The form; after a validation error the same component comes back alone (422) with the issues. */
export function PlanForm({ principal, values: v, issues, planId, services, rules, rulebookChoices }: PlanFormProps) {
  const action = planId === null ? "/plans" : `/plans/${planId}`;
  return (
    <form id="plan-form" class="stacked plan-form card" method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML">
      <FormIssues issues={issues} />
      <CsrfField principal={principal} />
      <label>
        {t("plans.name")}
        <input type="text" name="name" required maxlength={200} value={v.name} />
      </label>
      {rulebookChoices && (
        <label>
          {t("rulebooks.planField")}
          <select name="rulebook">
            {rulebookChoices.map((o) => (
              <option value={o.value} selected={o.value === (v.rulebook ?? "iso20000-support")}>
                {o.label}
              </option>
            ))}
          </select>
          <input type="hidden" name="rendered_rulebook" value={v.rulebook ?? "iso20000-support"} />
          <span class="muted small">{t("rulebooks.planHelp")}</span>
        </label>
      )}
      <fieldset>
        <legend>{t("plans.services")}</legend>
        <p class="muted small">{t("plans.servicesHelp")}</p>
        {services.length === 0 && <p class="empty">{t("data.noServices")}</p>}
        {services.map((s) => (
          <label class="check">
            <input type="checkbox" name="services" value={s.key} checked={v.services.includes(s.key)} /> {s.name} <code>{s.key}</code>
          </label>
        ))}
      </fieldset>
      <fieldset class="period">
        <legend>{t("plans.period")}</legend>
        <label>
          {t("plans.periodKind")}
          <select name="period">
            {(["previous_month", "previous_quarter", "rolling_days", "custom"] as const).map((p) => (
              <option value={p} selected={v.periodType === p}>
                {t(`plans.periodType.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("plans.days")}
          <input type="number" name="days" min={1} max={3660} value={v.days} />
        </label>
        <label>
          {t("plans.start")}
          <input type="date" name="start" value={v.start} />
        </label>
        <label>
          {t("plans.end")}
          <input type="date" name="end" value={v.end} />
        </label>
      </fieldset>
      <fieldset class="schedule">
        <legend>{t("plans.schedule")}</legend>
        <label>
          {t("plans.cron")}
          <input type="text" name="schedule" value={v.schedule} placeholder="0 2 1 * *" />
        </label>
        <label>
          {t("plans.timezone")}
          <input type="text" name="timezone" value={v.timezone} required />
        </label>
        <p class="muted small">{t("plans.cronHelp")}</p>
      </fieldset>
      <label>
        {t("plans.owner")}
        <input type="text" name="owner" value={v.owner} placeholder="manager@example.com" />
      </label>
      <label>
        {t("pdf.form.reportLocale")}
        <select name="report_locale">
          {(["en", "zh-CN", "bilingual"] as const).map((l) => <option value={l} selected={v.reportLocale === l}>{t(`pdf.language.${l}`)}</option>)}
        </select>
      </label>
      <fieldset class="rules">
        <legend>{t("plans.rules")}</legend>
        <p class="muted small">{t("plans.rulesHelp")}</p>
        {groupByClause(rules, (r) => r.clause).map((g) => (
          <div class="clause-group">
            <h3>{label(`clause.${g.clause}`, t("clause.other", { clause: g.clause }))}</h3>
            <table class="data-table rules-table">
              <tbody>
                {g.items.map((r) => (
                  <tr>
                    <td class="rule-check">
                      <label class="check">
                        <input type="checkbox" name="rules" value={r.id} checked={v.rules.includes(r.id)} /> <code>{r.id}</code>
                      </label>
                    </td>
                    <td>
                      {ruleTitle(r)} <StatusBadge status={r.severity} group="severity" />
                      <div class="muted small">{t("plans.clauseGuide", { clause: r.clause, guide: r.guide })}</div>
                    </td>
                    <td class="threshold">
                      {r.threshold === null ? (
                        <span class="muted">{t("plans.manual")}</span>
                      ) : (
                        <label>
                          {comparisonSymbol[r.comparison]}{" "}
                          <input type="number" step="any" name={`threshold.${r.id}`} value={v.thresholds[r.id] ?? String(r.threshold)} aria-label={t("plans.thresholdOf", { rule: r.id })} />{" "}
                          {unitName(r.unit)}
                        </label>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="primary">
          {planId === null ? t("plans.create") : t("common.save")}
        </button>
        <a href={planId === null ? "/plans" : `/plans/${planId}`}>{t("common.cancel")}</a>
      </div>
    </form>
  );
}

export function PlanEditPage(props: PlanFormProps) {
  return (
    <Layout title={props.planId === null ? t("plans.create") : t("plans.edit")} principal={props.principal} active="/plans">
      <h1>{props.planId === null ? t("plans.create") : t("plans.edit")}</h1>
      <PlanForm {...props} />
    </Layout>
  );
}

export function RunsTable({ runs, showPlan }: { runs: RunView[]; showPlan: boolean }) {
  if (runs.length === 0) return <p class="empty">{t("runs.empty")}</p>;
  return (
    <table class="data-table" id="runs">
      <thead>
        <tr>
          <th>#</th>
          {showPlan && <th>{t("runs.plan")}</th>}
          <th>{t("runs.status")}</th>
          <th>{t("runs.trigger")}</th>
          <th>{t("runs.period")}</th>
          <th class="num">{t("runs.score")}</th>
          <th>{t("runs.finished")}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr>
            <td>
              <a href={`/runs/${r.id}`}>#{r.id}</a>
            </td>
            {showPlan && (
              <td>
                <a href={`/plans/${r.plan_id}`}>{r.plan_name}</a>
              </td>
            )}
            <td>
              <StatusBadge status={r.status} group="run" />
            </td>
            <td>{t(`runs.trigger.${r.trigger}`)}</td>
            <td class="small" title={r.timezone}>
              {periodDays(r)}
            </td>
            <td class="num">
              <a class={`score ${scoreClass(r.score)}`} href={`/runs/${r.id}`}>
                {formatValue(r.score, "percent")}
              </a>
            </td>
            <td>{when(r.finished_at ?? r.started_at ?? r.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PlanPage(props: {
  principal: Principal;
  plan: PlanView;
  runs: RunView[];
  values: PlanFormValues;
  services: Service[];
  rules: Rule[];
  waivers: Omit<WaiversSectionProps, "principal" | "planId">;
  applicability: Omit<ApplicabilitySectionProps, "principal">;
}) {
  const { principal, plan, runs } = props;
  const writer = can(principal.role, "plans.write");
  const selected = props.rules.filter((r) => plan.rules === null || plan.rules.includes(r.id));
  return (
    <Layout title={plan.name} principal={principal} active="/plans">
      <div class="page-head">
        <h1>{plan.name}</h1>
        <RunNowButton principal={principal} planId={plan.id} />
      </div>
      <section class="card plan-facts">
        <dl>
          <dt>{t("plans.schedule")}</dt>
          <dd>{scheduleWords(plan)}</dd>
          <dt>{t("plans.nextRun")}</dt>
          <dd>{nextRun(plan)}</dd>
          <dt>{t("plans.period")}</dt>
          <dd>{periodText(plan.period)}</dd>
          <dt>{t("plans.services")}</dt>
          <dd>{plan.services ? plan.services.join(", ") : t("plans.allServices")}</dd>
          <dt>{t("plans.owner")}</dt>
          <dd>{plan.owner ?? t("common.none")}</dd>
          <dt>{t("rulebooks.planField")}</dt>
          <dd>
            <a href={`/rulebooks/${plan.rulebook}${plan.rulebook_version ? `?version=${plan.rulebook_version}` : ""}`}>
              {plan.rulebook_version ? `${plan.rulebook}@${plan.rulebook_version}` : t("rulebooks.planLatest", { id: plan.rulebook })}
            </a>
          </dd>
          <dt>{t("plans.rules")}</dt>
          <dd>{plan.rules ? t("plans.ruleCount", { n: plan.rules.length }) : t("plans.allRules")}</dd>
        </dl>
      </section>
      <section class="card">
        <h2>{t("plans.runs")}</h2>
        <RunsTable runs={runs} showPlan={false} />
      </section>
      <WaiversSection principal={principal} planId={plan.id} {...props.waivers} />
      <ApplicabilitySection principal={principal} {...props.applicability} />
      {writer ? (
        <section>
          <h2>{t("plans.edit")}</h2>
          <PlanForm principal={principal} values={props.values} issues={[]} planId={plan.id} services={props.services} rules={props.rules} />
        </section>
      ) : (
        <section class="card">
          <h2>{t("plans.rules")}</h2>
          {groupByClause(selected, (r) => r.clause).map((g) => (
            <div class="clause-group">
              <h3>{label(`clause.${g.clause}`, t("clause.other", { clause: g.clause }))}</h3>
              <ul>
                {g.items.map((r) => (
                  <li>
                    <code>{r.id}</code> {ruleTitle(r)}
                    {r.threshold !== null && (
                      <span class="muted">
                        {" "}
                        ({comparisonSymbol[r.comparison]} {formatNumber(plan.thresholds[r.id] ?? r.threshold, 2)} {unitName(r.unit)})
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      )}
    </Layout>
  );
}

