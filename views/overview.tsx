// The overview: what waits for the reader ("waiting for you", by role), the verdict per plan with its failing rules and
// what the colours mean, KPI tiles for this month, open findings by severity, overdue actions.
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/deps.js";
import type { OverdueAction, PlanScore } from "../server/kpis/compliance.js";
import type { KpiTiles } from "../server/kpis/this-month.js";
import { Sparkline } from "./components/sparkline.js";
import { formatCalendarDate, formatPercent, t } from "../server/i18n/index.js";
import { formatMonth } from "./components/chart-card.js";
import { actionTitle } from "./finding-text.js";
import { formatValue, scoreBands, scoreClass } from "../views/format.js";
import type { PlanVerdict } from "../server/kpis/verdict.js";
import type { Queue } from "../server/queues/waiting.js";
import { findRule } from "../audits/rulebooks/index.js";
import { ruleTitle } from "../server/i18n/rule-text.js";
import { comparisonSymbol, measured } from "./runs.js";
import { Layout } from "./layout.js";

export interface OverviewProps {
  principal: Principal;
  tiles: KpiTiles;
  scores: PlanScore[];
  openFindings: Record<"major" | "minor" | "observation", number>;
  overdue: { total: number; items: OverdueAction[] };
  /** waiver requests awaiting a decision, counted for those who may approve them */
  pendingWaivers?: number;
  /** the reader's work queues, only the non-empty ones */
  queues: Queue[];
  verdicts: PlanVerdict[];
}

/** The work waiting for the reader, each item a link to where it is done; an empty list says so. */
export function WaitingForYou({ queues }: { queues: Queue[] }) {
  return (
    <section class="card waiting" id="waiting">
      <h2>{t("queues.title")}</h2>
      {queues.length === 0 ? (
        <p class="empty">{t("queues.nothing")}</p>
      ) : (
        queues.map((q) => (
          <div class="queue" id={`queue-${q.id}`}>
            <h3>
              {t(q.heading)} <span class="count">({q.total})</span>
            </h3>
            <ul>
              {q.items.map((item) => (
                <li class={item.tone ?? undefined}>
                  <a href={item.href}>{t(item.key, { ...item.values, ...(typeof item.values.due === "string" && item.values.due ? { due: formatCalendarDate(item.values.due) } : {}) })}</a>
                </li>
              ))}
            </ul>
            {q.total > q.items.length && <p class="muted small">{t("queues.shown", { shown: q.items.length, total: q.total })}</p>}
          </div>
        ))
      )}
    </section>
  );
}

function VerdictCell({ v }: { v: PlanVerdict | undefined }) {
  if (!v) return <span class="muted">{t("overview.noRuns")}</span>;
  if (v.failing.length) return <strong class="verdict verdict-bad">{t("queues.notConformant")}</strong>;
  if (v.pending) return <span class="verdict verdict-pending">{t("queues.notJudged")}</span>;
  return <strong class="verdict verdict-good">{t("queues.conformant")}</strong>;
}

function FailingRules({ v }: { v: PlanVerdict | undefined }) {
  if (!v) return null;
  return (
    <>
      {v.failing.length === 0 ? (
        <span class="muted">{t("queues.noFailing")}</span>
      ) : (
        <ul class="failing-rules">
          {v.failing.map((f) => {
            const rule = f.rule ?? findRule(v.rulebook, f.ruleId);
            return (
              <li>
                <a href={`/runs/${v.runId}#result-${f.ruleId}`}>
                  {t("queues.failingRule", {
                    rule: f.ruleId,
                    title: rule ? ruleTitle(rule) : f.ruleId,
                    value: measured(f.value, rule?.unit ?? null),
                    symbol: rule ? comparisonSymbol[rule.comparison] : "",
                    threshold: measured(f.threshold, rule?.unit ?? null),
                  })}
                </a>
              </li>
            );
          })}
        </ul>
      )}
      {v.pending > 0 && <p class="muted small">{t("queues.pendingQuestions", { n: v.pending })}</p>}
    </>
  );
}

function Tile({ name, value, unit, good, detail, href, digits }: { name: string; value: number | null; unit: "percent" | "hours"; good: boolean | null; detail: string; href: string; digits?: number }) {
  const state = value === null || good === null ? "none" : good ? "good" : "bad";
  return (
    <a class={`tile card tile-${state}`} href={href}>
      <span class="tile-name">{name}</span>
      <span class="tile-value">{value === null ? t("tile.noData") : formatValue(value, unit, digits)}</span>
      <span class="tile-detail muted">{detail}</span>
    </a>
  );
}

export function KpiTilesView({ tiles }: { tiles: KpiTiles }) {
  const { sla, mttrHours, csat, availability } = tiles;
  const month = formatMonth(tiles.month);
  return (
    <section id="kpi-tiles" class="tiles" aria-label={t("overview.kpis", { month })}>
      <Tile
        name={t("tile.sla", { month })}
        value={sla.value}
        unit="percent"
        good={sla.value === null ? null : sla.value >= sla.target}
        detail={t("tile.slaDetail", { response: formatValue(sla.response, "percent"), resolution: formatValue(sla.resolution, "percent"), target: formatPercent(sla.target, 0) })}
        href="/kpis#chart-sla-resolution"
      />
      <Tile name={t("tile.mttr", { month })} value={mttrHours.value} unit="hours" good={null} detail={t("tile.mttrDetail", { resolved: mttrHours.resolved })} href="/kpis#chart-durations" />
      <Tile
        name={t("tile.csat", { month })}
        value={csat.value}
        unit="percent"
        good={csat.value === null ? null : csat.value >= csat.target}
        detail={t("tile.csatDetail", { rated: csat.rated, target: formatPercent(csat.target, 0) })}
        href="/kpis#chart-csat"
      />
      <Tile
        name={t("tile.availability", { month })}
        value={availability.value}
        unit="percent"
        good={availability.lowest === null ? null : availability.lowest.value >= availability.target}
        detail={availability.lowest ? t("tile.availabilityDetail", { name: availability.lowest.name, value: formatPercent(availability.lowest.value, 2), target: formatPercent(availability.target, 1) }) : t("tile.availabilityNone")}
        href="/kpis#chart-availability"
        digits={2}
      />
    </section>
  );
}

export function OverviewPage({ principal, tiles, scores, openFindings, overdue, pendingWaivers, queues, verdicts }: OverviewProps) {
  return (
    <Layout title={t("overview.title")} principal={principal} active="/">
      <h1>{t("overview.title")}</h1>
      <WaitingForYou queues={queues} />
      {!!pendingWaivers && (
        <p class="notice" id="pending-waivers-notice">
          <a href="/findings#pending-waivers">{t("overview.pendingWaivers", { n: pendingWaivers })}</a>
        </p>
      )}
      <KpiTilesView tiles={tiles} />
      <div class="columns">
        {/* the verdict names its failing rules and thresholds: it takes the whole width */}
        <section class="card wide">
          <h2>{t("overview.compliance")}</h2>
          {scores.length === 0 ? (
            <p class="empty">
              {t("overview.noPlans")} {can(principal.role, "plans.write") && <a href="/plans/new">{t("plans.create")}</a>}
            </p>
          ) : (
            <table class="data-table">
              <thead>
                <tr>
                  <th>{t("overview.plan")}</th>
                  <th>{t("queues.verdict")}</th>
                  <th class="num">{t("overview.latestScore")}</th>
                  <th>{t("queues.failingRules")}</th>
                  <th>{t("overview.trend")}</th>
                </tr>
              </thead>
              <tbody>
                {scores.map((s) => (
                  <tr>
                    <td>
                      <a href={`/plans/${s.planId}`}>{s.name}</a>
                    </td>
                    <td>
                      <VerdictCell v={verdicts.find((v) => v.planId === s.planId)} />
                    </td>
                    <td class="num">
                      {s.latest ? (
                        <a class={`score ${scoreClass(s.latest.score)}`} href={`/runs/${s.latest.runId}`}>
                          {formatValue(s.latest.score, "percent")}
                        </a>
                      ) : (
                        <span class="muted">{t("overview.noRuns")}</span>
                      )}
                    </td>
                    <td>
                      <FailingRules v={verdicts.find((v) => v.planId === s.planId)} />
                    </td>
                    <td class={scoreClass(s.latest?.score ?? null)}>
                      <Sparkline values={s.trend} label={t("overview.trendLabel", { name: s.name, n: s.trend.length })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="muted small legend" id="score-legend">
            {t("queues.legend", { good: scoreBands.good, warn: scoreBands.warn })}
          </p>
        </section>
        <section class="card">
          <h2>{t("overview.openFindings")}</h2>
          <ul class="severity-counts">
            {(["major", "minor", "observation"] as const).map((s) => (
              <li>
                <a href={`/findings?status=open&severity=${s}`} class={`sev sev-${s}`}>
                  <span class="count">{openFindings[s]}</span> {t(`severity.${s}`)}
                </a>
              </li>
            ))}
          </ul>
          <h2>{t("overview.overdue", { total: overdue.total })}</h2>
          {overdue.items.length === 0 ? (
            <p class="empty">{t("overview.noOverdue")}</p>
          ) : (
            <ul class="overdue-list">
              {overdue.items.map((a) => (
                <li class="overdue">
                  <a href={`/findings?finding=${a.findingId}#action-${a.id}`}>{actionTitle(a.title)}</a>
                  <span class="muted"> · {t("overview.dueOwner", { due: formatCalendarDate(a.dueDate), owner: a.owner ?? t("findings.noOwner"), plan: a.planName })}</span>
                </li>
              ))}
            </ul>
          )}
          {overdue.total > overdue.items.length && <a href="/findings?overdue=1">{t("overview.allOverdue", { total: overdue.total })}</a>}
        </section>
      </div>
    </Layout>
  );
}
