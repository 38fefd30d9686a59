// Response and resolution time percentiles (p50, p90) per month, read back from the log-bucket histogram.
import { and, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { ticketDurationHist as h } from "../db/schema.js";
import { bucketUpperMinutes } from "../ingest/rollups.js";
import type { KpiChart } from "./kpi-chart.js";
import { dimensionConditions, round, type KpiScope } from "./kpi-scope.js";

/** The upper bound of the bucket holding the p-th fraction of the counts (an over-estimate of at most 19 %). */
export function percentileFromBuckets(buckets: { bucket: number; count: number }[], p: number): number | null {
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((n, b) => n + b.count, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen >= p * total) return bucketUpperMinutes(b.bucket);
  }
  return bucketUpperMinutes(sorted[sorted.length - 1].bucket);
}

export async function durationsChart(db: DbOrTx, scope: KpiScope): Promise<KpiChart> {
  const rows = await db
    .select({ month: h.month, measure: h.measure, bucket: h.bucket, count: sql<number>`sum(${h.count})` })
    .from(h)
    .where(and(sql`${h.month} >= ${scope.months[0]}`, sql`${h.month} <= ${scope.months[scope.months.length - 1]}`, ...dimensionConditions(h, scope)))
    .groupBy(h.month, h.measure, h.bucket);
  const groups = new Map<string, { bucket: number; count: number }[]>();
  for (const row of rows) {
    const key = `${row.month}|${row.measure}`;
    const list = groups.get(key) ?? [];
    list.push({ bucket: row.bucket, count: row.count });
    groups.set(key, list);
  }
  const series = (measure: "response" | "resolution", p: number) => ({
    id: `${measure}_p${Math.round(p * 100)}`,
    data: scope.months.map((m) => {
      const minutes = percentileFromBuckets(groups.get(`${m}|${measure}`) ?? [], p);
      return minutes === null ? null : round(minutes / 60, 2);
    }),
  });
  return {
    id: "durations",
    type: "line",
    unit: "hours",
    axis: "month",
    labels: scope.months,
    series: [series("response", 0.5), series("response", 0.9), series("resolution", 0.5), series("resolution", 0.9)],
  };
}
