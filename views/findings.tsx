// Findings and their improvement actions: filters in the URL, overdue actions stand out, actions edited inline.
import type { listFindings } from "../audits/findings.js";
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/env.js";
import { CsrfField } from "./components/csrf-field.js";
import { StatusBadge } from "./components/status-badge.js";
import { t } from "../server/i18n/index.js";
import { findingTitle, resultMessage } from "../server/i18n/rule-text.js";
import { Layout } from "./layout.js";
import type { FindingsFilter, WaiverRow } from "./types.js";
import { PendingWaivers } from "./waivers.js";

type Listed = Awaited<ReturnType<typeof listFindings>>[number];
export type FindingView = Listed & { mine?: boolean };
type ActionView = Listed["actions"][number];

const actionStatuses = ["open", "in_progress", "done", "verified"] as const;

const ownerDue = (a: ActionView) => t("findings.ownerDue", { owner: a.owner ?? t("findings.noOwner"), due: a.due_date ? t("findings.dueOn", { date: a.due_date }) : t("findings.noDue") });

/** One action; those the caller may change carry an inline form that swaps the row. */
export function ActionRow({ principal, action, findingStatus, saved }: { principal: Principal; action: ActionView; findingStatus: string; saved?: boolean }) {
  const anyOwner = can(principal.role, "actions.write");
  const own = !!action.owner && action.owner.toLowerCase() === principal.actor.toLowerCase();
  const editable = anyOwner || (can(principal.role, "actions.update_own") && own);
  const url = `/findings/actions/${action.id}`;
  // verified only after a later run passed the rule; other moves are checked by the engine
  const options = actionStatuses.filter((s) => s !== "verified" || findingStatus === "resolved_pending_verification" || action.status === "verified");
  return (
    <div class={`action${action.overdue ? " overdue" : ""}`} id={`action-${action.id}`}>
      <div class="action-head">
        <strong>{action.title}</strong> <StatusBadge status={action.status} group="action" />
        {action.overdue && <span class="badge badge-fail">{t("findings.overdue")}</span>}
        {saved && (
          <span class="saved" role="status">
            {t("common.saved")}
          </span>
        )}
      </div>
      <p class="muted small">{action.description}</p>
      {editable && action.status !== "verified" ? (
        <form class="inline action-form" method="post" action={url} hx-post={url} hx-target={`#action-${action.id}`} hx-swap="outerHTML">
          <CsrfField principal={principal} />
          <label>
            {t("findings.status")}
            <select name="status">
              {options.map((s) => (
                <option value={s} selected={s === action.status}>
                  {t(`action.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {anyOwner ? (
            <>
              <label>
                {t("findings.owner")}
                <input type="text" name="owner" value={action.owner ?? ""} />
              </label>
              <label>
                {t("findings.due")}
                <input type="date" name="due_date" value={action.due_date ?? ""} />
              </label>
            </>
          ) : (
            <span class="muted small">{ownerDue(action)}</span>
          )}
          <button type="submit">{t("common.save")}</button>
        </form>
      ) : (
        <p class="small">{ownerDue(action)}</p>
      )}
    </div>
  );
}

export function FindingsList({ principal, findings, filter }: { principal: Principal; findings: FindingView[]; filter: FindingsFilter }) {
  return (
    <div id="findings-list">
      {filter.finding !== undefined && (
        <p>
          <a href="/findings">{t("findings.showAll")}</a>
        </p>
      )}
      {findings.length === 0 ? (
        <p class="empty card">{t("findings.empty")}</p>
      ) : (
        findings.map((f) => (
          <article class={`card finding finding-${f.severity}${f.mine ? " mine" : ""}`} id={`finding-${f.id}`}>
            <header class="finding-head">
              <StatusBadge status={f.severity} group="severity" />
              <h2>{findingTitle(f.rule_id, f.title)}</h2>
              <StatusBadge status={f.status} group="finding" />
              {f.mine && <span class="badge badge-mine">{t("findings.mine")}</span>}
            </header>
            <p>{resultMessage({ message: f.description, messageArgs: f.messageArgs })}</p>
            <p class="muted small">
              {t("findings.meta", { plan: f.plan_name, recurrence: f.recurrence, evidence: f.evidence.count })} · <a href={`/runs/${f.first_run_id}`}>{t("findings.firstRun", { id: f.first_run_id })}</a> ·{" "}
              <a href={`/runs/${f.last_run_id}#result-${f.rule_id}`}>{t("findings.lastRun", { id: f.last_run_id })}</a>
            </p>
            <div class="actions">
              {f.actions.map((a) => (
                <ActionRow principal={principal} action={a} findingStatus={f.status} />
              ))}
            </div>
          </article>
        ))
      )}
    </div>
  );
}

export function FindingsPage({
  principal,
  findings,
  filter,
  plans,
  pendingWaivers,
  today,
}: {
  principal: Principal;
  findings: FindingView[];
  filter: FindingsFilter;
  plans: { id: number; name: string }[];
  /** for those who approve waivers: the requests awaiting a decision */
  pendingWaivers: WaiverRow[];
  today: string;
}) {
  return (
    <Layout title={t("findings.title")} principal={principal} active="/findings">
      <h1>{t("findings.title")}</h1>
      <PendingWaivers principal={principal} waivers={pendingWaivers} today={today} />
      <form class="filters card" method="get" action="/findings" hx-get="/findings" hx-target="#findings-list" hx-swap="outerHTML" hx-trigger="change, submit" hx-push-url="true">
        <label>
          {t("findings.status")}
          <select name="status">
            <option value="">{t("common.all")}</option>
            {(["open", "resolved_pending_verification", "closed"] as const).map((s) => (
              <option value={s} selected={filter.status === s}>
                {t(`finding.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("findings.severity")}
          <select name="severity">
            <option value="">{t("common.all")}</option>
            {(["major", "minor", "observation"] as const).map((s) => (
              <option value={s} selected={filter.severity === s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("findings.plan")}
          <select name="plan">
            <option value="">{t("common.all")}</option>
            {plans.map((p) => (
              <option value={String(p.id)} selected={filter.plan === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("findings.owner")}
          <input type="search" name="owner" value={filter.owner ?? ""} />
        </label>
        <label class="check">
          <input type="checkbox" name="overdue" value="1" checked={filter.overdue === "1"} /> {t("findings.overdueOnly")}
        </label>
        <button type="submit">{t("common.filter")}</button>
      </form>
      <FindingsList principal={principal} findings={findings} filter={filter} />
    </Layout>
  );
}
