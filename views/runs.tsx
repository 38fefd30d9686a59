// Runs: the list, and a run's page (results grouped by clause with status colours, value against threshold,
// evidence drill-down, manual questions answered inline, findings raised, the report panel).
import type { Child } from "hono/jsx";
import type { Rule, TicketMeasure } from "../audits/rulebooks/types.js";
import { formatMeasure } from "../audits/rulebooks/units.js";
import { evidenceColumns } from "./evidence-durations.js";
import type { runJson } from "../audits/runs.js";
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/deps.js";
import type { Issue } from "../server/errors.js";
import { groupByClause } from "./components/clauses.js";
import { CsrfField } from "./components/csrf-field.js";
import { FormIssues } from "./components/form-issues.js";
import { Pager } from "./components/pager.js";
import { StatusBadge } from "./components/status-badge.js";
import { describeTimeZone, formatFixed, formatNumber, isMessageKey, label, t, type MessageKey } from "../server/i18n/index.js";
import { findingTitle, resultMessage, ruleQuestion, ruleTitle } from "../server/i18n/rule-text.js";
import { formatBytes, formatInstant, formatValue, scoreClass } from "../views/format.js";
import { Layout } from "./layout.js";
import { inZone, RunsTable, when } from "./plans.js";
import { RunWaiverRequest } from "./waivers.js";
import { formatWhen } from "./components/run-report-panel.js";
import { progressOf } from "../audits/run-progress.js";
import { localDate as localDay } from "../audits/period.js";
import type { AttachmentView, EvidenceRow, FindingRow, ManualAnswerRow } from "./types.js";

type RunView = ReturnType<typeof runJson>;
type ResultView = NonNullable<RunView["results"]>[number];

export interface RunDetailView {
  run: RunView;
  rules: Rule[];
  answers: Map<string, ManualAnswerRow>;
  findings: FindingRow[];
  /** evidence attachments of the manual questions, by rule */
  attachments: Map<string, AttachmentView[]>;
  maxAttachmentBytes: number;
  /** the sign-off in force: the run is locked */
  locked: { name: string; signedAt: number } | null;
  /** tickets in the run's scope changed since it read them */
  changedSince: number;
  /** an SLA policy version governing the run's tickets was added after the run */
  policyChanged: boolean;
  /** the organisation's today, 'YYYY-MM-DD' (the earliest end of a waiver requested from the page) */
  today: string;
  /** the key and values of each result's message, by rule, so that it reads in the reader's language */
}

export const comparisonSymbol = { gte: "≥", lte: "≤", lt: "<" } as const;

export function measured(value: number | null, unit: Rule["unit"]): string {
  return value === null ? t("common.none") : formatMeasure(value, unit);
}

export function RunsPage({ principal, runs }: { principal: Principal; runs: RunView[] }) {
  return (
    <Layout title={t("runs.title")} principal={principal} active="/runs">
      <h1>{t("runs.title")}</h1>
      <section class="card">
        {runs.length === 0 ? <p class="empty">{can(principal.role, "runs.start") ? t("runs.emptyStarter") : t("runs.emptyReader")}</p> : <RunsTable runs={runs} showPlan={true} />}
      </section>
    </Layout>
  );
}

export function RunProgress({ runId, status, progress }: { runId: number; status: string; progress?: { done: number; total: number } | null }) {
  const percent = progress ? Math.floor((100 * progress.done) / progress.total) : null;
  return (
    <div id="run-progress" class="notice" hx-get={`/runs/${runId}/progress`} hx-trigger="every 1s" hx-swap="outerHTML">
      <StatusBadge status={status} group="run" /> {t("runs.inProgress")}
      {progress && percent !== null && (
        <div class="run-progress-bar">
          <progress max={progress.total} value={progress.done} aria-label={t("runs.progress", { percent, done: progress.done, total: progress.total })} />
          <span class="muted small"> {t("runs.progress", { percent, done: progress.done, total: progress.total })}</span>
        </div>
      )}
    </div>
  );
}

/** An activity named as evidence: its type and date, title, and who did it or what it covered. */
function ActivityFacts({ row }: { row: EvidenceRow }) {
  const facts: [MessageKey, string][] = [];
  const shown = (v: string | null | undefined) => (v === null || v === undefined || /^\s*$/.test(v) ? t("common.none") : v);
  if (row.activityType === "internal_audit") facts.push(["runs.activity.auditor", shown(row.auditor)], ["runs.activity.area", shown(row.area)], ["runs.activity.areaOwner", shown(row.areaOwner)]);
  if (row.participants?.length) facts.push(["runs.activity.participants", row.participants.join(", ")]);
  if (row.inputs) facts.push(["runs.activity.inputs", row.inputs.length ? row.inputs.map((i) => (isMessageKey(`runs.activity.input.${i}`) ? t(`runs.activity.input.${i}` as MessageKey) : i)).join(", ") : t("common.none")]);
  if (row.major) facts.push(["runs.activity.major", t("runs.activity.yes")]);
  return (
    <span class="activity-facts">
      {" "}
      <code>{row.activityType}</code> {row.activityDate}
      {row.activityTitle ? ` · ${row.activityTitle}` : ""}
      {facts.map(([key, value]) => ` · ${t("runs.activity.fact", { label: t(key), value })}`)}
    </span>
  );
}

/** The measure an SLA rule's evidence is over its target on; null for rules of other kinds. */
export const measureOf = (rule: Rule | undefined): TicketMeasure | null => (rule?.kind === "sla_attainment" ? rule.params.measure : null);

export function EvidencePanel({ runId, ruleId, measure, page, pageSize, total, rows }: { runId: number; ruleId: string; measure: TicketMeasure | null; page: number; pageSize: number; total: number; rows: EvidenceRow[] }) {
  const href = (p: number) => `/runs/${runId}/evidence/${encodeURIComponent(ruleId)}?page=${p}`;
  const columns = evidenceColumns(measure);
  const span = 7 + columns.length;
  return (
    <div class="evidence" id={`evidence-${ruleId}`}>
      {total === 0 ? (
        <p class="empty">{t("runs.noEvidence")}</p>
      ) : (
        <>
          <p class="evidence-head">
            <a class="csv" href={`/runs/${runId}/evidence/${encodeURIComponent(ruleId)}/records.csv`} download>
              {t("runs.evidenceCsv", { n: total })}
            </a>
          </p>
          <table class="data-table evidence-table">
            <thead>
              <tr>
                <th>{t("runs.record")}</th>
                <th>{t("runs.ticketKind")}</th>
                <th>{t("runs.service")}</th>
                <th>{t("runs.priority")}</th>
                <th>{t("runs.opened")}</th>
                <th>{t("runs.resolved")}</th>
                {columns.map((c) => (
                  <th class="num">{t(c.key)}</th>
                ))}
                <th>{t("runs.summary")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) =>
                r.ticketId === null ? (
                  <tr>
                    <td colspan={span} class="nowrap">
                      <code>{r.recordId}</code>
                      {r.activityType ? <ActivityFacts row={r} /> : null}
                    </td>
                  </tr>
                ) : (
                  <tr class={r.deletedAt !== null ? "disabled" : undefined}>
                    <td class="nowrap">
                      <a href={`/tickets/${encodeURIComponent(r.ticketId)}`}>
                        <code>{r.ticketId}</code>
                      </a>
                    </td>
                    <td>{r.kind ? t(`kind.${r.kind}`) : ""}</td>
                    <td title={r.serviceKey ?? undefined}>{r.service ?? r.serviceKey}</td>
                    <td>{r.priority ? t(`priority.${r.priority}`) : t("common.none")}</td>
                    <td class="nowrap">{formatInstant(r.openedAt)}</td>
                    <td class="nowrap">{formatInstant(r.resolvedAt)}</td>
                    {columns.map((c) => {
                      const h = c.hours(r);
                      return <td class={c.key === "runs.overByHours" && h !== null && h > 0 ? "num over" : "num"}>{h === null ? t("common.none") : formatFixed(h, 1)}</td>;
                    })}
                    <td>{r.summary ?? t("common.none")}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </>
      )}
      <Pager page={page} pageSize={pageSize} total={total} href={href} target={`#evidence-${ruleId}`} noPush />
    </div>
  );
}

function ValueLine({ rule, result }: { rule: Rule; result: ResultView }) {
  if (rule.kind === "manual") return null;
  return (
    <p class="value-line">
      <strong>{measured(result.value, rule.unit)}</strong>{" "}
      <span class="muted">
        {t("runs.against", { symbol: comparisonSymbol[rule.comparison], threshold: measured(result.threshold, rule.unit) })} · {t("runs.population", { n: result.population })}
        {result.small_population && ` · ${t("runs.smallPopulation")}`}
      </span>
    </p>
  );
}

function EvidenceLink({ runId, result }: { runId: number; result: ResultView }) {
  if (result.evidence.count === 0) return null;
  const href = `/runs/${runId}/evidence/${encodeURIComponent(result.rule_id)}`;
  return (
    <a class="evidence-link" href={href} hx-get={href} hx-target={`#evidence-${result.rule_id}`} hx-swap="outerHTML">
      {t("runs.showEvidence", { n: result.evidence.count })}
    </a>
  );
}

function ResultHead({ rule, result }: { rule: Rule; result: ResultView }) {
  return (
    <header class="result-head">
      <StatusBadge status={result.status} />
      <code>{rule.id}</code>
      <span class="result-title">{ruleTitle(rule)}</span>
      <StatusBadge status={rule.severity} group="severity" />
      {result.status !== result.raw_status && <span class="muted small">{t("runs.rawStatus", { status: t(`status.${result.raw_status}`) })}</span>}
    </header>
  );
}

export interface AttachmentsProps {
  principal: Principal;
  runId: number;
  ruleId: string;
  attachments: AttachmentView[];
  /** the upload form shows to those who answer, while the run takes answers */
  canAttach: boolean;
  maxBytes: number;
  issues?: Issue[];
  added?: string;
}

/** A manual question's evidence files: size, SHA-256 and a download link (always served as a download, never shown inline). */
export function Attachments({ principal, runId, ruleId, attachments, canAttach, maxBytes, issues, added }: AttachmentsProps) {
  const action = `/runs/${runId}/answers/${encodeURIComponent(ruleId)}/attachments`;
  return (
    <div class="attachments" id={`attachments-${ruleId}`}>
      <h4>{t("attachments.title")}</h4>
      {added && (
        <p class="saved" role="status">
          {t("attachments.added", { name: added })}
        </p>
      )}
      {attachments.length === 0 ? (
        <p class="muted small">{t("attachments.none")}</p>
      ) : (
        <ul>
          {attachments.map((a) => (
            <li id={`attachment-${a.id}`}>
              <a href={`/runs/${runId}/attachments/${a.id}`} download={a.filename}>
                {a.filename}
              </a>{" "}
              <span class="muted small">
                {formatBytes(a.size)} · {t("attachments.by", { by: a.uploaded_by, at: formatInstant(Date.parse(a.created_at)) })}
              </span>
              <div>
                <code class="sha" title="SHA-256">
                  sha256 {a.sha256}
                </code>
              </div>
            </li>
          ))}
        </ul>
      )}
      {canAttach && (
        <form class="attachment-form" method="post" action={action} enctype="multipart/form-data" hx-post={action} hx-encoding="multipart/form-data" hx-target={`#attachments-${ruleId}`} hx-swap="outerHTML">
          <FormIssues issues={issues} />
          <CsrfField principal={principal} />
          <label>
            {t("attachments.file", { limit: formatBytes(maxBytes) })}
            <input type="file" name="file" required />
          </label>
          <button type="submit">{t("attachments.add")}</button>
        </form>
      )}
    </div>
  );
}

export interface ManualQuestionProps {
  principal: Principal;
  runId: number;
  runStatus: string;
  rule: Rule;
  result: ResultView;
  answer: ManualAnswerRow | undefined;
  attachments: AttachmentView[];
  maxAttachmentBytes: number;
  /** signed off: no answers, no evidence */
  locked: boolean;
  issues?: Issue[];
  draft?: { answer: string; note: string };
}

/** A manual question with its answer; auditors answer it inline (the article swaps itself). */
export function ManualQuestion({ principal, runId, runStatus, rule, result, answer, attachments, maxAttachmentBytes, locked, issues, draft }: ManualQuestionProps) {
  const canAnswer = can(principal.role, "manual.answer") && runStatus === "completed" && !locked;
  const chosen = draft?.answer ?? answer?.answer ?? "";
  const action = `/runs/${runId}/answers/${encodeURIComponent(rule.id)}`;
  return (
    <article class={`result result-${result.status}`} id={`result-${rule.id}`}>
      <ResultHead rule={rule} result={result} />
      {rule.kind === "manual" && rule.params.question !== rule.title && <p class="question">{ruleQuestion({ id: rule.id, question: rule.params.question })}</p>}
      {answer ? (
        <p>
          {answer.answer === "deferred"
            ? t("runs.deferred", { by: answer.answeredBy, at: formatInstant(answer.answeredAt) })
            : t("runs.answered", { answer: t(`answer.${answer.answer}`), by: answer.answeredBy, at: formatInstant(answer.answeredAt) })}
          {answer.note && <span class="note"> {t("runs.quoted", { text: answer.note })}</span>}
        </p>
      ) : (
        <p class="muted">{t("runs.unanswered")}</p>
      )}
      {locked && can(principal.role, "manual.answer") && <p class="muted small">{t("runs.lockedAnswer")}</p>}
      {!canAnswer && <FormIssues issues={issues} />}
      {canAnswer && (
        <form class="answer-form" method="post" action={action} hx-post={action} hx-target={`#result-${rule.id}`} hx-swap="outerHTML">
          <FormIssues issues={issues} />
          <CsrfField principal={principal} />
          <fieldset class="inline">
            {(["conformant", "nonconformant", "not_applicable", "deferred"] as const).map((a) => (
              <label class="check">
                <input type="radio" name="answer" value={a} checked={chosen === a} required /> {t(`answer.${a}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t("runs.note")}
            <textarea name="note" rows={2}>
              {draft?.note ?? answer?.note ?? ""}
            </textarea>
          </label>
          <button type="submit" class="primary">
            {answer ? t("runs.changeAnswer") : t("runs.answer")}
          </button>
        </form>
      )}
      <Attachments principal={principal} runId={runId} ruleId={rule.id} attachments={attachments} canAttach={canAnswer} maxBytes={maxAttachmentBytes} />
    </article>
  );
}

function MeasuredResult({ principal, runId, planId, periodLastDay, today, rule, result, evidence }: { principal: Principal; runId: number; planId: number; periodLastDay: string; today: string; rule: Rule; result: ResultView; evidence?: Child }) {
  return (
    <article class={`result result-${result.status}`} id={`result-${rule.id}`}>
      <ResultHead rule={rule} result={result} />
      <ValueLine rule={rule} result={result} />
      <p class="message">{resultMessage(result)}</p>
      <EvidenceLink runId={runId} result={result} />
      {result.status === "fail" && can(principal.role, "waivers.request") && <RunWaiverRequest principal={principal} planId={planId} runId={runId} ruleId={rule.id} validFrom={periodLastDay} today={today} />}
      {evidence ?? <div id={`evidence-${rule.id}`}></div>}
    </article>
  );
}

/** The statuses a run page filters its results by (?status=fail: failures only). */
export const resultStatuses = ["pass", "fail", "waived", "not_applicable", "pending", "error"] as const;
export type ResultStatus = (typeof resultStatuses)[number];

/** "All · Failures · …": the results shown, each status with its count, a link to the list filtered by it. */
function StatusFilter({ runId, counts, status, total }: { runId: number; counts: Map<string, number>; status?: ResultStatus; total: number }) {
  const href = (s?: string) => `/runs/${runId}${s ? `?status=${s}` : ""}#run-results`;
  return (
    <nav class="status-filter" aria-label={t("runs.filterByStatus")}>
      <a href={href()} class={status ? undefined : "active"} aria-current={status ? undefined : "true"}>
        {t("runs.allResults", { n: total })}
      </a>
      {resultStatuses
        .filter((s) => (counts.get(s) ?? 0) > 0 || s === status)
        .map((s) => (
          <a href={href(s)} class={status === s ? "active" : undefined} aria-current={status === s ? "true" : undefined}>
            <StatusBadge status={s} /> {formatNumber(counts.get(s) ?? 0)}
          </a>
        ))}
    </nav>
  );
}

export function RunPage({ principal, run, rules, answers, findings, attachments, maxAttachmentBytes, locked, changedSince, policyChanged, openEvidence, status, today }: RunDetailView & { principal: Principal; openEvidence?: { ruleId: string; panel: Child }; status?: ResultStatus }) {
  const results = run.results ?? [];
  const byRule = new Map(rules.map((r) => [r.id, r]));
  const shown = results.filter((r) => byRule.has(r.rule_id) && (!status || r.status === status));
  const statusQuery = status ? `?status=${status}` : "";
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const active = run.status === "queued" || run.status === "running";
  return (
    <Layout title={t("runs.runTitle", { id: run.id, plan: run.plan_name ?? "" })} principal={principal} active="/runs">
      <div class="page-head">
        <h1>
          {t("runs.runTitle", { id: run.id, plan: run.plan_name ?? "" })} <StatusBadge status={run.status} group="run" />
          {run.provisional && <span class="badge badge-provisional">{t("runs.provisional")}</span>}
          {locked && <span class="badge badge-locked">{t("runs.locked")}</span>}
        </h1>
        <a href={`/plans/${run.plan_id}`}>{t("runs.toPlan")}</a>
      </div>
      {/* the facts and the findings follow every change of the run (an answer, a waiver, a sign-off) in place */}
      <section class="card run-facts" id="run-facts" hx-get={`/runs/${run.id}`} hx-select="#run-facts" hx-target="this" hx-swap="outerHTML" hx-trigger="run-changed from:body" hx-disinherit="*">
        {run.provisional && <p class="notice provisional">{t("runs.provisionalNote", { end: inZone(run.period.end, run.timezone), asOf: inZone(run.as_of, run.timezone) })}</p>}
        {locked && <p class="notice locked">{t("runs.lockedNote", { name: locked.name, at: formatWhen(locked.signedAt, run.timezone) })}</p>}
        {!locked && policyChanged && <p class="notice warn policy-changed">{t("runs.policyChanged")}</p>}
        {changedSince > 0 && <p class="notice changed-since">{t("runs.changedSince", { n: changedSince })}</p>}
        <dl>
          <dt>{t("runs.score")}</dt>
          <dd>
            <span class={`score big ${scoreClass(run.score)}`}>{formatValue(run.score, "percent")}</span>
            {run.score_raw !== run.score && <span class="muted"> {t("runs.scoreRaw", { score: formatValue(run.score_raw, "percent") })}</span>}
          </dd>
          <dt>{t("runs.period")}</dt>
          <dd>
            {t("runs.periodLine", { start: inZone(run.period.start, run.timezone), end: inZone(run.period.end, run.timezone), zone: describeTimeZone(run.timezone, Date.parse(run.period.start)) })}
          </dd>
          <dt>{t("runs.startedBy")}</dt>
          <dd>
            {run.started_by} · {t(`runs.trigger.${run.trigger}`)} · {when(run.started_at)}
          </dd>
          <dt>{t("runs.counts")}</dt>
          <dd class="status-counts">
            {resultStatuses.map((s) =>
              (counts.get(s) ?? 0) > 0 ? (
                <a href={`/runs/${run.id}?status=${s}#run-results`} title={t("runs.onlyStatus", { status: t(`status.${s}`) })}>
                  <StatusBadge status={s} /> {formatNumber(counts.get(s) ?? 0)}
                </a>
              ) : (
                <span>
                  <StatusBadge status={s} /> 0
                </span>
              ),
            )}
          </dd>
          {run.as_of && (
            <>
              <dt>{t("runs.asOf")}</dt>
              <dd>{inZone(run.as_of, run.timezone)}</dd>
            </>
          )}
          {run.data_hash && (
            <>
              <dt>{t("runs.dataHash")}</dt>
              <dd>
                <code class="small">{run.data_hash}</code>
              </dd>
            </>
          )}
        </dl>
        {run.error && <div class="error-box">{run.error}</div>}
      </section>
      {active && <RunProgress runId={run.id} status={run.status} progress={progressOf(run.id)} />}
      <div class="run-layout">
        <section class="results" id="run-results" hx-get={`/runs/${run.id}${statusQuery}`} hx-select="#run-results" hx-target="this" hx-swap="outerHTML" hx-trigger="run-locked from:body" hx-disinherit="*">
          <h2>{t("runs.results")}</h2>
          {results.length > 0 && <StatusFilter runId={run.id} counts={counts} status={status} total={results.length} />}
          {shown.length === 0 && !active && <p class="empty card">{status ? t("runs.noResultsWithStatus", { status: t(`status.${status}`) }) : t("runs.noResults")}</p>}
          {groupByClause(shown, (r) => byRule.get(r.rule_id)!.clause).map((g) => (
            <section class="card clause-group">
              <h3>{label(`clause.${g.clause}`, t("clause.other", { clause: g.clause }))}</h3>
              {g.items.map((result) => {
                const rule = byRule.get(result.rule_id)!;
                return rule.kind === "manual" ? (
                  <ManualQuestion
                    principal={principal}
                    runId={run.id}
                    runStatus={run.status}
                    rule={rule}
                    result={result}
                    answer={answers.get(rule.id)}
                    attachments={attachments.get(rule.id) ?? []}
                    maxAttachmentBytes={maxAttachmentBytes}
                    locked={locked !== null}
                  />
                ) : (
                  <MeasuredResult principal={principal} runId={run.id} planId={run.plan_id} periodLastDay={localDay(Date.parse(run.period.end) - 1, run.timezone)} today={today} rule={rule} result={result} evidence={openEvidence?.ruleId === rule.id ? openEvidence.panel : undefined} />
                );
              })}
            </section>
          ))}
        </section>
        <aside>
          <section class="card" id="run-findings" hx-get={`/runs/${run.id}`} hx-select="#run-findings" hx-target="this" hx-swap="outerHTML" hx-trigger="run-changed from:body" hx-disinherit="*">
            <h2>{t("runs.findings")}</h2>
            {findings.length === 0 ? (
              <p class="empty">{t("runs.noFindings")}</p>
            ) : (
              <ul class="finding-list">
                {findings.map((f) => (
                  <li>
                    <StatusBadge status={f.severity} group="severity" /> <a href={`/findings?finding=${f.id}#finding-${f.id}`}>{findingTitle(f.ruleId, f.title)}</a> <StatusBadge status={f.status} group="finding" />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {/* the report engineer's partial: versions, hashes, download, sign-off */}
          <div id="report-panel" hx-get={`/runs/${run.id}/report-panel`} hx-trigger="load" hx-swap="innerHTML">
            <p class="card muted">
              <a href={`/runs/${run.id}/report-panel`}>{t("runs.reportLoading")}</a>
            </p>
          </div>
        </aside>
      </div>
    </Layout>
  );
}
