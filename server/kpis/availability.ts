// Availability per service and month: the mean of the 'availability' metric samples, against the 99.5 % target.
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { metricSamples as m, services } from "../db/schema.js";
import type { KpiChart } from "./kpi-chart.js";
import { round, type KpiScope } from "./kpi-scope.js";
import { localDateSql } from "../ingest/rollup-zone.js";
import { kpiTargets } from "./targets.js";
import type { TimeZone } from "../time-zones.js";

/** the rulebook's availability threshold (server/kpis/targets.ts) */
export const availabilityTarget = kpiTargets.availability;

/** Monthly means per service between two instants (metric_samples is indexed by metric, service, time). */
export async function availabilityByMonth(db: DbOrTx, fromMs: number, toMs: number, serviceId: number | null, zone: TimeZone) {
  return db
    .select({
      serviceId: m.serviceId,
      key: services.key,
      name: services.name,
      // the organisation's months, like the ticket rollups
      month: sql<string>`substr(${localDateSql(zone, m.at, fromMs, toMs)}, 1, 7)`,
      mean: sql<number>`avg(${m.value})`,
    })
    .from(m)
    .innerJoin(services, eq(services.id, m.serviceId))
    .where(and(eq(m.metric, "availability"), sql`${m.at} >= ${fromMs}`, sql`${m.at} < ${toMs}`, serviceId === null ? undefined : eq(m.serviceId, serviceId)))
    .groupBy(m.serviceId, sql`4`)
    .orderBy(asc(services.key));
}

/** Kind and priority do not apply to availability; the service filter does. */
export async function availabilityChart(db: DbOrTx, scope: KpiScope): Promise<KpiChart> {
  const rows = await availabilityByMonth(db, scope.fromMs, scope.toMs, scope.serviceId, scope.zone);
  const perService = new Map<string, { name: string; means: Map<string, number> }>();
  for (const row of rows) {
    const entry = perService.get(row.key) ?? { name: row.name, means: new Map() };
    entry.means.set(row.month, row.mean);
    perService.set(row.key, entry);
  }
  return {
    id: "availability",
    type: "line",
    unit: "percent",
    axis: "month",
    digits: 2,
    labels: scope.months,
    series: [
      ...[...perService].map(([key, s]) => ({ id: key, name: s.name, data: scope.months.map((mo) => (s.means.has(mo) ? round(s.means.get(mo)!, 3) : null)) })),
      { id: "target", target: true, data: scope.months.map(() => availabilityTarget) },
    ],
  };
}
