// GET /kpis (page, or the charts partial for an htmx filter change), /kpis/:chart (one chart) and /kpis/:chart.csv.
import { Hono, type Context } from "hono";
import { raw } from "hono/html";
import { ChartCard, labelChart } from "../../../views/components/chart-card.js";
import { KpiCharts, KpiPage } from "../../../views/kpis.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../env.js";
import { listServices } from "../../ingest/services.js";
import { isChartId } from "../../kpis/chart.js";
import { buildAllCharts, buildChart } from "../../kpis/charts.js";
import { kpiFilterQuery, parseKpiFilter, resolveScope } from "../../kpis/scope.js";
import { chartCsv } from "../../kpis/csv.js";
import { currentLocale } from "../../i18n/index.js";
import { varyOnHtmx, wantsPartial } from "./htmx.js";

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
    const filter = parseKpiFilter(c.req.query());
    const query = kpiFilterQuery(filter);
    // the charts partial is the same for every reader of a language, so it is memoised as rendered HTML per language
    const chartsHtml = await cached(c, `kpis:all:${currentLocale()}:${query}`, async () => {
      const charts = await buildAllCharts(database.db, await resolveScope(database.db, filter, clock.now()));
      return raw(await (<KpiCharts charts={charts} query={query} />).toString());
    });
    varyOnHtmx(c);
    if (wantsPartial(c)) return c.html(chartsHtml);
    const services = await listServices(database.db);
    return c.html(<KpiPage principal={currentPrincipal(c)} filter={filter} query={query} services={services} chartsHtml={chartsHtml} />);
  });
  app.get("/kpis/:name", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    const name = c.req.param("name");
    const csv = name.endsWith(".csv");
    const id = csv ? name.slice(0, -4) : name;
    if (!isChartId(id)) throw AppError.notFound(`chart ${id}`);
    const filter = parseKpiFilter(c.req.query());
    const chart = await cached(c, `kpis:${id}:${kpiFilterQuery(filter)}`, async () => buildChart(database.db, await resolveScope(database.db, filter, clock.now()), id));
    if (!csv) return c.html(<ChartCard chart={chart} query={kpiFilterQuery(filter)} />);
    const labelled = labelChart(chart);
    return c.body(chartCsv(labelled.axisTitle, labelled.labels, labelled.datasets), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${id}.csv"`,
    });
  });
  return app;
}
