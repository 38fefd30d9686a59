// One ticket as the audit sees it: fields, derived values, its standing on each SLA rule, and every version it had.
import { formatNumber, label, t } from "../server/i18n/index.js";
import { formatInstant } from "./format.js";
import { Layout } from "./layout.js";
import type { Principal } from "../server/deps.js";
import type { getTicketRecord } from "../audits/ticket-record.js";

export type TicketRecordView = Awaited<ReturnType<typeof getTicketRecord>>;

const standingClass = { met: "pass", breached: "fail", pending: "pending", no_target: "not_applicable" } as const;
const none = () => t("common.none");
const show = (v: string | number | boolean | null) => (v === null ? none() : typeof v === "number" ? formatNumber(v, 1) : String(v));
const instant = (iso: string | null) => (iso === null ? none() : formatInstant(Date.parse(iso)));

/** Codes read as words (kind, priority, category), instants in the organisation's time zone; the rest as stored. */
function fieldValue(field: string, v: string | number | boolean | null): string {
  if (v === null) return none();
  if (field === "kind" || field === "priority" || field === "category") return label(`${field}.${String(v)}`, String(v));
  if (field.endsWith("_at") && typeof v === "string") return instant(v);
  return show(v);
}

export function TicketPage({ principal, ticket }: { principal: Principal; ticket: TicketRecordView }) {
  const fields: [string, string | number | boolean | null][] = [
    ["kind", ticket.kind],
    ["service", ticket.service],
    ["priority", ticket.priority],
    ["category", ticket.category],
    ["summary", ticket.summary],
    ["assignee", ticket.assignee],
    ["opened_at", ticket.opened_at],
    ["first_response_at", ticket.first_response_at],
    ["resolved_at", ticket.resolved_at],
    ["closed_at", ticket.closed_at],
    ["on_hold_minutes", ticket.on_hold_minutes],
    ["satisfaction", ticket.satisfaction],
    ["resolution", ticket.resolution],
  ];
  // the problem links: shown where they mean something (or whenever one was given)
  const major = ticket.kind === "incident" || ticket.major_incident;
  const showProblemId = ticket.kind !== "problem" || ticket.problem_id !== null;
  const showRootCause = ticket.kind === "problem" || ticket.root_cause !== null;
  const d = ticket.derived;
  return (
    <Layout title={t("ticket.title", { id: ticket.id })} principal={principal} active="/runs">
      <div class="page-head">
        <h1>
          {t("ticket.title", { id: ticket.id })} {ticket.deleted_at && <span class="badge badge-fail">{t("ticket.deleted")}</span>}
        </h1>
      </div>
      <div class="run-layout">
        <section class="card">
          <h2>{t("ticket.fields")}</h2>
          <dl class="ticket-fields">
            {fields.map(([k, v]) => (
              <>
                <dt>
                  <code>{k}</code>
                </dt>
                <dd>{fieldValue(k, v)}</dd>
              </>
            ))}
            {major && (
              <>
                <dt>
                  <code>major_incident</code>
                </dt>
                <dd>{ticket.major_incident ? <span class="badge badge-fail">{t("ticket.major.yes")}</span> : t("ticket.major.no")}</dd>
              </>
            )}
            {showProblemId && (
              <>
                <dt>
                  <code>problem_id</code>
                </dt>
                <dd>
                  {ticket.problem_id === null ? (
                    none()
                  ) : (
                    <a href={`/tickets/${encodeURIComponent(ticket.problem_id)}`} title={t("ticket.problem.open")}>
                      {ticket.problem_id}
                    </a>
                  )}
                </dd>
              </>
            )}
            {showRootCause && (
              <>
                <dt>
                  <code>root_cause</code>
                </dt>
                <dd>{show(ticket.root_cause)}</dd>
              </>
            )}
          </dl>
          {ticket.kind === "problem" && (
            <>
              <h3>{t("ticket.problem.linked", { n: ticket.linked.tickets.length })}</h3>
              {ticket.linked.tickets.length === 0 ? (
                <p class="muted small">{t("ticket.problem.none")}</p>
              ) : (
                <ul class="linked-tickets">
                  {ticket.linked.tickets.map((l) => (
                    <li>
                      <a href={`/tickets/${encodeURIComponent(l.id)}`}>{l.id}</a> <span class="muted small">{label(`kind.${l.kind}`, l.kind)}</span>
                    </li>
                  ))}
                </ul>
              )}
              {ticket.linked.more && <p class="muted small">{t("ticket.problem.more", { n: ticket.linked.tickets.length })}</p>}
            </>
          )}
        </section>
        <aside>
          <section class="card">
            <h2>{t("ticket.derived")}</h2>
            <table class="data-table">
              <thead>
                <tr>
                  <th>{t("ticket.measure")}</th>
                  <th class="num">{t("ticket.minutes")}</th>
                  <th class="num">{t("ticket.target")}</th>
                </tr>
              </thead>
              <tbody>
                {(["response", "resolution", "closure"] as const).map((m) => (
                  <tr>
                    <td>{t(`ticket.measure.${m}`)}</td>
                    <td class="num">{show(d[`${m}_minutes`] === null ? null : Math.round(d[`${m}_minutes`]! * 10) / 10)}</td>
                    <td class="num">{show(d.targets[m])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="small muted">
              {d.policy ? t("ticket.policy", { name: d.policy.name, version: d.policy.version }) : t("ticket.noPolicy")} · {d.calendar?.type === "business" ? t("ticket.calendarBusiness", { tz: d.calendar.timezone, start: d.calendar.start, end: d.calendar.end }) : t("ticket.calendar24x7")}
            </p>
            <h3>{t("ticket.sla", { at: instant(ticket.sla.as_of) })}</h3>
            <ul class="sla-standings">
              {ticket.sla.rules.map((r) => (
                <li>
                  <span class={`badge badge-${standingClass[r.standing]}`}>{t(`ticket.standing.${r.standing}`)}</span> <code>{r.rule_id}</code>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
      <section class="card">
        <h2>{t("ticket.history", { n: ticket.history.length })}</h2>
        <table class="data-table ticket-history">
          <thead>
            <tr>
              <th class="num">{t("ticket.revision")}</th>
              <th>{t("ticket.when")}</th>
              <th>{t("ticket.change")}</th>
              <th>{t("ticket.changed")}</th>
            </tr>
          </thead>
          <tbody>
            {ticket.history.map((v) => (
              <tr>
                <td class="num">{v.revision}</td>
                <td>{instant(v.at)}</td>
                <td>
                  {label(`ticket.kind.${v.kind}`, v.kind)}
                  {v.batch_id !== null && ` · ${t("ticket.batch", { id: v.batch_id })}`} · {v.actor ?? none()}
                  {v.reason && <div class="muted small">{v.reason}</div>}
                </td>
                <td>{v.changed === null ? <span class="muted">{t("ticket.created")}</span> : v.changed.map((f) => <code class="changed-field">{f}</code>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
