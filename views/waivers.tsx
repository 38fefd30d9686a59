// Waivers: a plan's waivers with the request form (auditors), and the list awaiting approval (compliance officers),
// whose rows approve or reject inline (the row swaps itself).
import type { Rule } from "../audits/rulebooks/types.js";
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { CsrfField } from "./components/csrf-field.js";
import { FormIssues } from "./components/form-issues.js";
import { StatusBadge } from "./components/status-badge.js";
import { formatCalendarDate, formatDate, ruleTitle, t, type MessageKey } from "../server/i18n/index.js";
import { formatInstant } from "../views/format.js";
import type { WaiverRow } from "./types.js";

/** An approved waiver applies through its expiry day; after that it shows as expired. */
const expired = (w: WaiverRow, today: string) => w.status === "approved" && w.expiresOn < today;

/** Whether this caller may decide the waiver: a compliance officer (or admin) who did not request it. */
export const mayDecide = (principal: Principal, w: WaiverRow) => can(principal.role, "waivers.approve") && w.status === "requested" && w.requestedBy !== principal.actor;

function Decision({ principal, waiver, pending }: { principal: Principal; waiver: WaiverRow; pending?: boolean }) {
  if (!mayDecide(principal, waiver)) return null;
  const target = `#waiver-${waiver.id}`;
  return (
    <div class="waiver-decision">
      {(["approve", "reject"] as const).map((verb) => (
        <form class="inline" method="post" action={`/waivers/${waiver.id}/${verb}`} hx-post={`/waivers/${waiver.id}/${verb}`} hx-target={target} hx-swap="outerHTML">
          <CsrfField principal={principal} />
          {pending && <input type="hidden" name="list" value="pending" />}
          <button type="submit" class={verb === "approve" ? "primary" : undefined}>
            {t(`waivers.${verb}`)}
          </button>
        </form>
      ))}
    </div>
  );
}

export interface WaiverRowProps {
  principal: Principal;
  waiver: WaiverRow;
  today: string;
  /** the list across plans names the plan of each waiver */
  showPlan?: boolean;
  /** a decision just taken, or the reason it was refused */
  notice?: MessageKey;
  error?: string;
}

export function WaiverTableRow({ principal, waiver: w, today, showPlan, notice, error }: WaiverRowProps) {
  return (
    <tr id={`waiver-${w.id}`} class={`waiver waiver-${w.status}`}>
      {showPlan && (
        <td>
          <a href={`/plans/${w.planId}#waivers`}>{w.planName}</a>
        </td>
      )}
      <td>
        <code>{w.ruleId}</code>
      </td>
      <td class="waiver-reason">{w.reason}</td>
      <td>
        <StatusBadge status={w.status} group="waiver" />
        {expired(w, today) && <span class="badge badge-expired">{t("waivers.expired")}</span>}
      </td>
      <td class="date">
        {t("waivers.validRange", { from: w.validFrom ? formatCalendarDate(w.validFrom) : formatDate(w.createdAt), to: formatCalendarDate(w.expiresOn) })}
      </td>
      <td class="small">
        {t("waivers.requestedBy", { by: w.requestedBy, at: formatInstant(w.createdAt) })}
        {w.approvedBy && (
          <div>
            {t(w.status === "rejected" ? "waivers.rejectedBy" : "waivers.approvedBy", { by: w.approvedBy, at: formatInstant(w.approvedAt) })}
          </div>
        )}
      </td>
      <td>
        {notice && (
          <span class="saved" role="status">
            {t(notice)}
          </span>
        )}
        {error && (
          <div class="error-box" role="alert">
            {error}
          </div>
        )}
        <Decision principal={principal} waiver={w} pending={showPlan} />
      </td>
    </tr>
  );
}

function WaiverTable({ principal, waivers, today, showPlan }: { principal: Principal; waivers: WaiverRow[]; today: string; showPlan: boolean }) {
  return (
    <table class="data-table waivers-table">
      <thead>
        <tr>
          {showPlan && <th>{t("waivers.plan")}</th>}
          <th>{t("waivers.rule")}</th>
          <th>{t("waivers.reason")}</th>
          <th>{t("waivers.status")}</th>
          <th>{t("waivers.expiresOn")}</th>
          <th>{t("waivers.who")}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {waivers.map((w) => (
          <WaiverTableRow principal={principal} waiver={w} today={today} showPlan={showPlan} />
        ))}
      </tbody>
    </table>
  );
}

export interface WaiverFormState {
  values: { rule_id: string; reason: string; valid_from: string; expires_on: string };
  issues: Issue[];
}

export interface WaiversSectionProps {
  principal: Principal;
  planId: number;
  waivers: WaiverRow[];
  /** the plan's rules, offered in the request form */
  rules: Rule[];
  today: string;
  form?: WaiverFormState;
  notice?: MessageKey;
}

/** The plan page's waivers; the request form posts back here and the section swaps itself. */
export function WaiversSection({ principal, planId, waivers, rules, today, form, notice }: WaiversSectionProps) {
  const action = `/plans/${planId}/waivers`;
  const v = form?.values ?? { rule_id: "", reason: "", valid_from: today, expires_on: "" };
  return (
    <section id="waivers" class="card">
      <h2>{t("waivers.title")}</h2>
      <p class="muted small">{t("waivers.help")}</p>
      {notice && (
        <p class="notice" role="status">
          {t(notice)}
        </p>
      )}
      {waivers.length === 0 ? <p class="empty">{t("waivers.none")}</p> : <WaiverTable principal={principal} waivers={waivers} today={today} showPlan={false} />}
      {can(principal.role, "waivers.request") && (
        <form id="waiver-form" class="stacked waiver-form" method="post" action={action} hx-post={action} hx-target="#waivers" hx-swap="outerHTML">
          <h3>{t("waivers.request")}</h3>
          <FormIssues issues={form?.issues} />
          <CsrfField principal={principal} />
          <label>
            {t("waivers.rule")}
            <select name="rule_id" required>
              <option value="">{t("waivers.chooseRule")}</option>
              {rules.map((r) => (
                <option value={r.id} selected={v.rule_id === r.id}>
                  {t("waivers.ruleOption", { rule: r.id, title: ruleTitle(r) })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("waivers.reason")}
            <textarea name="reason" rows={2} required maxlength={2000}>
              {v.reason}
            </textarea>
          </label>
          <label>
            {t("waivers.validFromLabel")}
            <input type="date" name="valid_from" required value={v.valid_from || today} />
            <span class="muted small">{t("waivers.validFromHelp")}</span>
          </label>
          <label>
            {t("waivers.expiresOnLabel")}
            <input type="date" name="expires_on" required min={today} value={v.expires_on} />
          </label>
          <div class="form-actions">
            <button type="submit" class="primary">
              {t("waivers.submit")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Waivers awaiting a decision across plans, for those who may approve them. */
export function PendingWaivers({ principal, waivers, today }: { principal: Principal; waivers: WaiverRow[]; today: string }) {
  if (!can(principal.role, "waivers.approve")) return null;
  return (
    <section id="pending-waivers" class="card">
      {/* the count follows every decision taken in the table below (the rows swap themselves) */}
      <h2 id="pending-waivers-title" hx-get="/findings" hx-select="#pending-waivers-title" hx-target="this" hx-swap="outerHTML" hx-trigger="waivers-changed from:body">
        {t("waivers.pending", { n: waivers.length })}
      </h2>
      {waivers.length === 0 ? <p class="empty">{t("waivers.noPending")}</p> : <WaiverTable principal={principal} waivers={waivers} today={today} showPlan={true} />}
    </section>
  );
}

export interface RunWaiverRequestProps {
  principal: Principal;
  planId: number;
  runId: number;
  ruleId: string;
  /** the first day the waiver applies by default: the run period's last day, so that it covers this run */
  validFrom: string;
  today: string;
  form?: WaiverFormState;
  requested?: boolean;
}

/**
 * "Request a waiver" beside a failed rule on the run page: the form opens in place and posts to the plan's waivers
 * (from_run names the run, so the answer is this block again and the auditor stays on the run).
 */
export function RunWaiverRequest({ principal, planId, runId, ruleId, validFrom, today, form, requested }: RunWaiverRequestProps) {
  const id = `waiver-request-${ruleId}`;
  if (requested) {
    return (
      <div class="waiver-request" id={id}>
        <p class="notice" role="status">
          {t("waivers.requested")}
        </p>
      </div>
    );
  }
  const action = `/plans/${planId}/waivers`;
  const v = form?.values ?? { rule_id: ruleId, reason: "", valid_from: validFrom, expires_on: "" };
  return (
    <details class="waiver-request" id={id} open={form ? true : undefined}>
      <summary>{t("waivers.requestFor")}</summary>
      <form class="stacked waiver-form" method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML">
        <FormIssues issues={form?.issues} />
        <CsrfField principal={principal} />
        <input type="hidden" name="rule_id" value={ruleId} />
        <input type="hidden" name="from_run" value={String(runId)} />
        <label>
          {t("waivers.reason")}
          <textarea name="reason" rows={2} required maxlength={2000}>
            {v.reason}
          </textarea>
        </label>
        <label>
          {t("waivers.validFromLabel")}
          <input type="date" name="valid_from" required value={v.valid_from || validFrom} />
        </label>
        <label>
          {t("waivers.expiresOnLabel")}
          <input type="date" name="expires_on" required min={today} value={v.expires_on} />
        </label>
        <button type="submit" class="primary">
          {t("waivers.submit")}
        </button>
      </form>
    </details>
  );
}
