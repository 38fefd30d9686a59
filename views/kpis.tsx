// The KPI explorer: filters that live in the URL and swap the charts through htmx; every chart with its table and CSV.
import type { HtmlEscapedString } from "hono/utils/html";
import type { Principal } from "../server/env.js";
import type { KpiChart } from "../server/kpis/chart.js";
import { kpiPeriods, type KpiFilter } from "../server/kpis/scope.js";
import { ChartCard } from "./components/chart-card.js";
import { currentPresentation, t } from "../server/i18n/index.js";
import { Layout } from "./layout.js";

export interface KpiPageProps {
  principal: Principal;
  filter: KpiFilter;
  query: string;
  services: { key: string; name: string }[];
  /** the KpiCharts partial, already rendered (the route memoises it per filter and data revision) */
  chartsHtml: HtmlEscapedString;
}

function Select({ name, value, options, allLabel }: { name: "service" | "period" | "kind" | "priority"; value: string | undefined; options: { value: string; label: string }[]; allLabel?: string }) {
  return (
    <label>
      {t(`kpi.filter.${name}`)}
      <select name={name}>
        {allLabel !== undefined && (
          <option value="" selected={!value}>
            {allLabel}
          </option>
        )}
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function KpiFilters({ filter, services }: { filter: KpiFilter; services: KpiPageProps["services"] }) {
  return (
    <form id="kpi-filters" class="filters card" method="get" action="/kpis" hx-get="/kpis" hx-target="#kpi-charts" hx-swap="outerHTML" hx-trigger="change, submit" hx-push-url="true">
      <Select name="service" value={filter.service} allLabel={t("kpi.filter.allServices")} options={services.map((s) => ({ value: s.key, label: s.name }))} />
      <Select name="period" value={filter.period} options={kpiPeriods.map((p) => ({ value: p, label: t(`kpi.period.${p}`) }))} />
      <Select name="kind" value={filter.kind} allLabel={t("kpi.filter.allKinds")} options={(["incident", "request", "problem"] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
      <Select name="priority" value={filter.priority} allLabel={t("kpi.filter.allPriorities")} options={(["urgent", "important", "general"] as const).map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
      <button type="submit">{t("kpi.filter.apply")}</button>
    </form>
  );
}

/** The charts area: the htmx partial for a filter change, and part of the full page. */
export function KpiCharts({ charts, query }: { charts: KpiChart[]; query: string }) {
  return (
    <div id="kpi-charts" class="chart-grid" data-query={query}>
      {charts.map((c) => (
        <ChartCard chart={c} query={query} />
      ))}
    </div>
  );
}

export function KpiPage(props: KpiPageProps) {
  return (
    <Layout title={t("kpi.title")} principal={props.principal} active="/kpis">
      <h1>{t("kpi.title")}</h1>
      <p class="muted">{t("kpi.intro", { zone: currentPresentation().timeZone })}</p>
      <KpiFilters filter={props.filter} services={props.services} />
      {props.chartsHtml}
    </Layout>
  );
}
