// The KPI explorer: filters that live in the URL and swap the charts through htmx; every chart with its table and CSV.
import type { HtmlEscapedString } from "hono/utils/html";
import type { Principal } from "../server/deps.js";
import type { KpiChart } from "../server/kpis/kpi-chart.js";
import type { Child } from "hono/jsx";
import { kpiPeriods, type KpiFilter, type KpiFilterProblem } from "../server/kpis/kpi-scope.js";
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

function Select({ name, value, options, allLabel, defaultValue = "" }: { name: "service" | "period" | "kind" | "priority"; value: string | undefined; options: { value: string; label: string }[]; allLabel?: string; defaultValue?: string }) {
  // data-default: what an address without this parameter means, so that app.js can set the select from the URL
  // after Back and Forward (a restored page keeps the selects as first rendered, not as the URL says)
  return (
    <label>
      {t(`kpi.filter.${name}`)}
      <select name={name} data-default={defaultValue}>
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
    <form id="kpi-filters" class="filters card" autocomplete="off" method="get" action="/kpis" hx-get="/kpis" hx-target="#kpi-charts" hx-swap="outerHTML" hx-trigger="change, submit" hx-push-url="true">
      <Select name="service" value={filter.service} allLabel={t("kpi.filter.allServices")} options={services.map((s) => ({ value: s.key, label: s.name }))} />
      <Select name="period" value={filter.period} defaultValue="12m" options={kpiPeriods.map((p) => ({ value: p, label: t(`kpi.period.${p}`) }))} />
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

/** Filter values that name nothing: said instead of drawing empty charts (the partial stands where the charts go). */
export function KpiFilterError({ problems, single }: { problems: KpiFilterProblem[]; single?: boolean }) {
  return (
    <div id={single ? undefined : "kpi-charts"} class="error-box kpi-filter-error" role="alert">
      {problems.map((p) => (
        <p>{t("kpi.invalidFilter", { field: t(`kpi.filter.${p.field}`), value: p.value })}</p>
      ))}
    </div>
  );
}

/** One chart opened by its address (/kpis/<chart>): the whole page, the chart drawn, a way back to all charts. */
export function KpiChartPage({ principal, title, query, content }: { principal: Principal; title: string; query: string; content: Child }) {
  return (
    <Layout title={title} principal={principal} active="/kpis">
      <div class="page-head">
        <h1>{title}</h1>
        <a href={`/kpis${query}`}>{t("kpi.allCharts")}</a>
      </div>
      <div class="chart-grid single">{content}</div>
    </Layout>
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
