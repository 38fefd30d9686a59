// SLA attainment per month and priority, for response or resolution, from the daily rollup.
import { and, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { ticketDailyRollup as r } from "../db/schema.js";
import type { KpiChart } from "./chart.js";
import { dimensionConditions, isoDay, percent, type KpiScope } from "./scope.js";

export const slaTarget = 95;
/** The longest built-in target is 72 h: a ticket opened earlier than this with no timestamp has breached. */
const pendingWindowMs = 3 * 86_400_000;
const chartPriorities = ["urgent", "important", "general"] as const;

export interface Attainment {
  met: number;
  breached: number;
}

/** met and breached per month and priority; "missing" counts as breached once the pending window has passed. */
export async function attainmentByMonth(db: DbOrTx, scope: KpiScope, measure: "response" | "resolution") {
  const cutoff = isoDay(scope.now - pendingWindowMs);
  const met = measure === "response" ? r.responseMet : r.resolutionMet;
  const breached = measure === "response" ? r.responseBreached : r.resolutionBreached;
  const missing = measure === "response" ? r.responseMissing : r.resolutionMissing;
  return db
    .select({
      month: sql<string>`substr(${r.day}, 1, 7)`,
      priority: r.priority,
      met: sql<number>`coalesce(sum(${met}), 0)`,
      breached: sql<number>`coalesce(sum(${breached}) + sum(CASE WHEN ${r.day} < ${cutoff} THEN ${missing} ELSE 0 END), 0)`,
    })
    .from(r)
    .where(and(sql`${r.day} >= ${scope.fromDay}`, sql`${r.day} < ${scope.toDay}`, ...dimensionConditions(r, scope)))
    .groupBy(sql`1`, r.priority);
}

export async function slaAttainmentChart(db: DbOrTx, scope: KpiScope, measure: "response" | "resolution"): Promise<KpiChart> {
  const rows = await attainmentByMonth(db, scope, measure);
  const byKey = new Map(rows.map((row) => [`${row.month}|${row.priority}`, row]));
  const shown = scope.filter.priority ? [scope.filter.priority] : chartPriorities;
  return {
    id: measure === "response" ? "sla-response" : "sla-resolution",
    type: "line",
    unit: "percent",
    axis: "month",
    labels: scope.months,
    series: [
      ...shown.map((p) => ({
        id: p,
        data: scope.months.map((m) => {
          const row = byKey.get(`${m}|${p}`);
          return row ? percent(row.met, row.met + row.breached) : null;
        }),
      })),
      ...shown.map((p) => ({
        id: `${p}_judged`,
        tableOnly: true,
        data: scope.months.map((m) => {
          const row = byKey.get(`${m}|${p}`);
          return row ? row.met + row.breached : 0;
        }),
      })),
      { id: "target", target: true, data: scope.months.map(() => slaTarget) },
    ],
  };
}
