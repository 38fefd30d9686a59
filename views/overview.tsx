// The overview: KPI tiles for this month, compliance score per plan, open findings by severity, overdue actions.
import { can } from "../server/auth/roles.js";
import type { Principal } from "../server/env.js";
import type { OverdueAction, PlanScore } from "../server/kpis/compliance.js";
import type { KpiTiles } from "../server/kpis/this-month.js";
import { Sparkline } from "./components/sparkline.js";
import { formatCalendarDate, formatPercent, t } from "../server/i18n/index.js";
import { formatMonth } from "./components/chart-card.js";
import { actionTitle } from "./finding-text.js";
import { formatValue, scoreClass } from "../views/format.js";
import { Layout } from "./layout.js";

export interface OverviewProps {
  principal: Principal;
  tiles: KpiTiles;
  scores: PlanScore[];
  openFindings: Record<"major" | "minor" | "observation", number>;
  overdue: { total: number; items: OverdueAction[] };
  /** waiver requests awaiting a decision, counted for those who may approve them */
  pendingWaivers?: number;
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

export function OverviewPage({ principal, tiles, scores, openFindings, overdue, pendingWaivers }: OverviewProps) {
  return (
    <Layout title={t("overview.title")} principal={principal} active="/">
      <h1>{t("overview.title")}</h1>
      {!!pendingWaivers && (
        <p class="notice" id="pending-waivers-notice">
          <a href="/findings#pending-waivers">{t("overview.pendingWaivers", { n: pendingWaivers })}</a>
        </p>
      )}
      <KpiTilesView tiles={tiles} />
      <div class="columns">
        <section class="card">
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
                  <th class="num">{t("overview.latestScore")}</th>
                  <th>{t("overview.trend")}</th>
                </tr>
              </thead>
              <tbody>
                {scores.map((s) => (
                  <tr>
                    <td>
                      <a href={`/plans/${s.planId}`}>{s.name}</a>
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
                    <td class={scoreClass(s.latest?.score ?? null)}>
                      <Sparkline values={s.trend} label={t("overview.trendLabel", { name: s.name, n: s.trend.length })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
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
