// GET /kpis (page, or the charts partial for an htmx filter change), /kpis/:chart (one chart) and /kpis/:chart.csv.
import { Hono, type Context } from "hono";
import { raw } from "hono/html";
import { ChartCard, labelChart } from "../../../views/components/chart-card.js";
import { KpiChartPage, KpiCharts, KpiFilterError, KpiPage } from "../../../views/kpis.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../deps.js";
import { listServices } from "../../ingest/services.js";
import { isChartId } from "../../kpis/kpi-chart.js";
import { buildAllCharts, buildChart } from "../../kpis/charts-by-id.js";
import { kpiFilterProblems, kpiFilterQuery, parseKpiFilter, resolveScope } from "../../kpis/kpi-scope.js";
import { chartCsv } from "../../kpis/csv.js";
import { t } from "../../i18n/index.js";
import { varyOnHtmx, wantsPartial } from "./htmx.js";
import { html, inPresentation, renderNow } from "./render.js";

/** Charts change with the data and the day (the current month's days), so both are part of the key. */
function cached<T>(c: Context<AppEnv>, key: string, compute: () => Promise<T>): Promise<T> {
  const { database, clock, kpiCache } = c.get("deps");
  const day = new Date(clock.now()).toISOString().slice(0, 10);
  return kpiCache ? kpiCache.get(database.db, `${day}|${key}`, compute) : compute();
}

export function kpiPages() {
  const app = new Hono<AppEnv>();
  app.get("/kpis", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    // the services change only with the data (an ingest writes the audit trail): memoised like the charts
    const services = await cached(c, "services", () => listServices(database.db));
    const filter = parseKpiFilter(c.req.query());
    const query = kpiFilterQuery(filter);
    varyOnHtmx(c);
    const problems = kpiFilterProblems(c.req.query(), services.map((s) => s.key));
    if (problems.length > 0) {
      const error = <KpiFilterError problems={problems} />;
      c.status(400);
      if (wantsPartial(c)) return html(c, () => error);
      return html(c, () => <KpiPage principal={currentPrincipal(c)} filter={filter} query={query} services={services} chartsHtml={raw(renderNow(error))} />);
    }
    // the charts partial is the same for every reader of a language, so it is memoised as rendered HTML per language
    const chartsHtml = await cached(c, `kpis:all:${c.get("presentation").locale}:${query}`, async () => {
      const charts = await buildAllCharts(database.db, await resolveScope(database.db, filter, clock.now()));
      return raw(inPresentation(c, () => renderNow(<KpiCharts charts={charts} query={query} />)));
    });
    if (wantsPartial(c)) return html(c, () => chartsHtml);
    return html(c, () => <KpiPage principal={currentPrincipal(c)} filter={filter} query={query} services={services} chartsHtml={chartsHtml} />);
  });
  app.get("/kpis/:name", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    const name = c.req.param("name");
    const csv = name.endsWith(".csv");
    const id = csv ? name.slice(0, -4) : name;
    if (!isChartId(id)) throw AppError.notFound(`chart ${id}`);
    const filter = parseKpiFilter(c.req.query());
    const query = kpiFilterQuery(filter);
    const problems = kpiFilterProblems(c.req.query(), (await listServices(database.db)).map((s) => s.key));
    if (problems.length > 0) throw AppError.invalid("invalid KPI filter", problems.map((p) => ({ path: p.field, message: `"${p.value}" is not one of the choices` })));
    const chart = await cached(c, `kpis:${id}:${kpiFilterQuery(filter)}`, async () => buildChart(database.db, await resolveScope(database.db, filter, clock.now()), id));
    if (!csv) {
      // an htmx swap takes the card alone; an address opened in the browser is a whole page with the chart drawn
      varyOnHtmx(c);
      const card = <ChartCard chart={chart} query={query} />;
      if (wantsPartial(c)) return html(c, () => card);
      return html(c, () => <KpiChartPage principal={currentPrincipal(c)} title={t(`kpi.chart.${id}.title`)} query={query} content={card} />);
    }
    const body = inPresentation(c, () => {
      const labelled = labelChart(chart);
      return chartCsv(labelled.axisTitle, labelled.labels, labelled.datasets);
    });
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${id}.csv"`,
    });
  });
  return app;
}
