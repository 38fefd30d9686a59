// Findings and their improvement actions as a working table: filters, sort and page in the URL, counts, a CSV of the
// filter; overdue actions stand out; actions edited inline with comments and evidence files; closing with a root cause.
import type { actionActivity } from "../audits/actions.js";
import type { listFindings, verificationCandidates } from "../audits/findings.js";
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { CsrfField } from "./components/csrf-field.js";
import { FormIssues } from "./components/form-issues.js";
import { Pager } from "./components/pager.js";
import { StatusBadge } from "./components/status-badge.js";
import { formatCalendarDate, t } from "../server/i18n/index.js";
import type { ResultMessageArgs } from "../server/db/schema.js";
import { actionDescription, actionTitle, findingDescription, findingTitle } from "./finding-text.js";
import { formatBytes, formatInstant } from "./format.js";
import { Layout } from "./layout.js";
import type { FindingsFilter, WaiverRow } from "./types.js";
import { PendingWaivers } from "./waivers.js";

type Listed = Awaited<ReturnType<typeof listFindings>>[number];
/** `messageArgs`: the latest result's message key and values, so that the description reads in the reader's language */
export type FindingView = Listed & { mine?: boolean; messageArgs?: ResultMessageArgs | null };
type ActionView = Listed["actions"][number];
type Activity = Awaited<ReturnType<typeof actionActivity>>;
export type ActionActivity = { comments: Activity["comments"]; attachments: Activity["attachments"] };
export type Candidates = Awaited<ReturnType<typeof verificationCandidates>>;

const actionStatuses = ["open", "in_progress", "done", "verified"] as const;
export const findingsPageSize = 25;

const ownerDue = (a: ActionView) => t("findings.ownerDue", { owner: a.owner ?? t("findings.noOwner"), due: a.due_date ? t("findings.dueOn", { date: formatCalendarDate(a.due_date) }) : t("findings.noDue") });

/** The query string of a filter (empty values left out), for links that keep it: pages, sorting, the CSV. */
export function filterQuery(filter: FindingsFilter, change: Partial<FindingsFilter> = {}): string {
  const f = { ...filter, ...change };
  const params = new URLSearchParams();
  const put = (k: string, v: string | number | undefined) => v !== undefined && v !== "" && params.set(k, String(v));
  put("status", f.status);
  put("severity", f.severity);
  put("plan", f.plan);
  put("rule", f.rule);
  put("owner", f.owner);
  put("overdue", f.overdue);
  put("sort", f.sort);
  put("order", f.order);
  if (f.page && f.page > 1) put("page", f.page);
  const q = params.toString();
  return q ? `?${q}` : "";
}

function ActionWork({ principal, action, activity, editable, maxBytes }: { principal: Principal; action: ActionView; activity?: ActionActivity; editable: boolean; maxBytes?: number }) {
  const comments = activity?.comments ?? [];
  const files = activity?.attachments ?? [];
  const base = `/findings/actions/${action.id}`;
  return (
    <details class="action-work" open={comments.length + files.length > 0 ? true : undefined}>
      <summary>{t("queues.actionWork", { comments: comments.length, files: files.length })}</summary>
      {comments.length > 0 && (
        <ul class="comments">
          {comments.map((c) => (
            <li id={`comment-${c.id}`}>
              <span class="muted small">{t("queues.commentBy", { by: c.author, at: formatInstant(Date.parse(c.created_at)) })}</span>
              <p>{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul class="attachments">
          {files.map((a) => (
            <li id={`action-attachment-${a.id}`}>
              <a href={`/api/v1/actions/${action.id}/attachments/${a.id}`} download={a.filename}>
                {a.filename}
              </a>{" "}
              <span class="muted small">
                {formatBytes(a.size)} · {t("attachments.by", { by: a.uploaded_by, at: formatInstant(Date.parse(a.created_at)) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <>
          <form class="inline comment-form" method="post" action={`${base}/comments`} hx-post={`${base}/comments`} hx-target={`#action-${action.id}`} hx-swap="outerHTML">
            <CsrfField principal={principal} />
            <label>
              {t("queues.comment")}
              <textarea name="body" rows={2} required maxlength={5000}></textarea>
            </label>
            <button type="submit">{t("queues.addComment")}</button>
          </form>
          <form
            class="inline attachment-form"
            method="post"
            action={`${base}/attachments`}
            enctype="multipart/form-data"
            hx-post={`${base}/attachments`}
            hx-encoding="multipart/form-data"
            hx-target={`#action-${action.id}`}
            hx-swap="outerHTML"
          >
            <CsrfField principal={principal} />
            <label>
              {t("attachments.file", { limit: formatBytes(maxBytes ?? 0) })}
              <input type="file" name="file" required />
            </label>
            <button type="submit">{t("attachments.add")}</button>
          </form>
        </>
      )}
    </details>
  );
}

/**
 * One action; those the caller may change carry an inline form that swaps the row. An action whose finding awaits
 * verification shows "awaiting verification" and never "overdue" (audits/actions.ts isOverdue): the two never sit side by side.
 */
/** `ruleId`: the rule of the action's finding, whose remediation advice the action was created with */
export function ActionRow({
  principal,
  action,
  findingStatus,
  ruleId,
  saved,
  activity,
  maxBytes,
  issues,
}: {
  principal: Principal;
  action: ActionView;
  findingStatus: string;
  ruleId?: string;
  saved?: boolean;
  activity?: ActionActivity;
  maxBytes?: number;
  issues?: Issue[];
}) {
  const anyOwner = can(principal.role, "actions.write");
  const own = !!action.owner && action.owner.toLowerCase() === principal.actor.toLowerCase();
  const editable = anyOwner || (can(principal.role, "actions.update_own") && own);
  const url = `/findings/actions/${action.id}`;
  // verified by closing the finding (root cause and the verifying run); other moves are checked by the engine
  const options = actionStatuses.filter((s) => s !== "verified" || action.status === "verified");
  return (
    <div class={`action${action.overdue ? " overdue" : ""}`} id={`action-${action.id}`}>
      <div class="action-head">
        <strong>{actionTitle(action.title)}</strong> <StatusBadge status={action.status} group="action" />
        {action.overdue && <span class="badge badge-fail">{t("findings.overdue")}</span>}
        {action.awaiting_verification && <span class="badge badge-pending">{t("queues.awaitingVerification")}</span>}
        {saved && (
          <span class="saved" role="status">
            {t("common.saved")}
          </span>
        )}
      </div>
      <FormIssues issues={issues} labels={{ root_cause: t("queues.rootCause"), verified_by_run_id: t("queues.verifyingRun") }} />
      <p class="muted small">{actionDescription(ruleId, action.description)}</p>
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
      <ActionWork principal={principal} action={action} activity={activity} editable={editable} maxBytes={maxBytes} />
    </div>
  );
}

function Closure({ principal, finding, candidates, issues }: { principal: Principal; finding: FindingView; candidates?: Candidates; issues?: Issue[] }) {
  if (finding.closure) {
    return (
      <p class="closure small" id={`closure-${finding.id}`}>
        {t("queues.closedWith", { by: finding.closure.closed_by, at: formatInstant(Date.parse(finding.closure.closed_at)) })} <a href={`/runs/${finding.closure.verified_by_run_id}#result-${finding.rule_id}`}>{t("queues.verifiedBy", { id: finding.closure.verified_by_run_id })}</a>
        <br />
        {t("queues.rootCause")}: {finding.closure.root_cause}
      </p>
    );
  }
  if (finding.status !== "resolved_pending_verification" || !can(principal.role, "findings.write")) return null;
  const url = `/findings/${finding.id}/close`;
  return (
    <form class="close-form" method="post" action={url} id={`close-${finding.id}`}>
      <CsrfField principal={principal} />
      <h3>{t("queues.closeTitle")}</h3>
      <FormIssues issues={issues} />
      {!candidates || candidates.length === 0 ? (
        <p class="muted small">{t("queues.noVerifyingRun")}</p>
      ) : (
        <>
          <label>
            {t("queues.rootCause")}
            <textarea name="root_cause" rows={2} required minlength={10} maxlength={5000}></textarea>
          </label>
          <label>
            {t("queues.verifyingRun")}
            <select name="verified_by_run_id">
              {candidates.map((r) => (
                <option value={String(r.id)}>{t("queues.runOption", { id: r.id, finished: r.finishedAt === null ? "—" : formatInstant(r.finishedAt) })}</option>
              ))}
            </select>
          </label>
          <button type="submit">{t("queues.close")}</button>
        </>
      )}
    </form>
  );
}

export interface FindingsListProps {
  principal: Principal;
  findings: FindingView[];
  filter: FindingsFilter;
  total: number;
  counts: { open: number; resolved_pending_verification: number; closed: number };
  activity: Map<number, ActionActivity>;
  candidates: Map<number, Candidates>;
  maxBytes: number;
  /** a refused closing: the finding and why, shown in its close form */
  closeIssues?: { findingId: number; issues: Issue[] };
}

export function FindingsList({ principal, findings, filter, total, counts, activity, candidates, maxBytes, closeIssues }: FindingsListProps) {
  return (
    <div id="findings-list">
      {filter.finding !== undefined && (
        <p>
          <a href="/findings">{t("findings.showAll")}</a>
        </p>
      )}
      <p class="finding-counts" id="finding-counts">
        {(["open", "resolved_pending_verification", "closed"] as const).map((s) => (
          <a href={`/findings${filterQuery(filter, { status: s, page: undefined })}`} class={filter.status === s ? "current" : undefined}>
            {t(`finding.${s}`)}: <span class="count">{counts[s]}</span>
          </a>
        ))}{" "}
        · <a href={`/findings.csv${filterQuery(filter, { page: undefined })}`}>{t("queues.csv", { n: total })}</a>
      </p>
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
            <p>{findingDescription(f.description, f.messageArgs)}</p>
            <p class="muted small">
              {t("findings.meta", { plan: f.plan_name, recurrence: f.recurrence, evidence: f.evidence.count })} · <a href={`/runs/${f.first_run_id}`}>{t("findings.firstRun", { id: f.first_run_id })}</a> ·{" "}
              <a href={`/runs/${f.last_run_id}#result-${f.rule_id}`}>{t("findings.lastRun", { id: f.last_run_id })}</a>
            </p>
            <Closure principal={principal} finding={f} candidates={candidates.get(f.id)} issues={closeIssues?.findingId === f.id ? closeIssues.issues : undefined} />
            <div class="actions">
              {f.actions.map((a) => (
                <ActionRow principal={principal} action={a} findingStatus={f.status} ruleId={f.rule_id} activity={activity.get(a.id)} maxBytes={maxBytes} />
              ))}
            </div>
          </article>
        ))
      )}
      <Pager page={filter.page ?? 1} pageSize={findingsPageSize} total={total} href={(page) => `/findings${filterQuery(filter, { page })}`} target="#findings-list" />
    </div>
  );
}

export function FindingsPage({
  pendingWaivers,
  today,
  plans,
  ...list
}: FindingsListProps & {
  plans: { id: number; name: string }[];
  /** for those who approve waivers: the requests awaiting a decision */
  pendingWaivers: WaiverRow[];
  today: string;
}) {
  const { principal, filter } = list;
  return (
    <Layout title={t("findings.title")} principal={principal} active="/findings">
      <h1>{t("findings.title")}</h1>
      <PendingWaivers principal={principal} waivers={pendingWaivers} today={today} />
      <form class="filters card" method="get" action="/findings" hx-get="/findings" hx-target="#findings-list" hx-swap="outerHTML" hx-trigger="change, submit" hx-push-url="true">
        <label>
          {t("findings.status")}
          <select name="status">
            {(["active", "open", "resolved_pending_verification", "closed", "all"] as const).map((s) => (
              <option value={s} selected={(filter.status ?? "active") === s}>
                {s === "active" ? t("queues.statusActive") : s === "all" ? t("common.all") : t(`finding.${s}`)}
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
          {t("queues.rule")}
          <input type="search" name="rule" value={filter.rule ?? ""} />
        </label>
        <label>
          {t("findings.owner")}
          <input type="search" name="owner" value={filter.owner ?? ""} />
        </label>
        <label class="check">
          <input type="checkbox" name="overdue" value="1" checked={filter.overdue === "1"} /> {t("findings.overdueOnly")}
        </label>
        <label>
          {t("queues.sort")}
          <select name="sort">
            {(["newest", "severity", "due", "plan", "rule", "status"] as const).map((s) => (
              <option value={s} selected={(filter.sort ?? "newest") === s}>
                {t(`queues.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="order" value="desc" checked={filter.order === "desc"} /> {t("queues.reverse")}
        </label>
        <button type="submit">{t("common.filter")}</button>
      </form>
      <FindingsList {...list} />
    </Layout>
  );
}
