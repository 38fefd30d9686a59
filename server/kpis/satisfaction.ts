// Customer satisfaction (share of ratings 4 or 5) per calendar quarter, against the 90 % line.
import { and, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { ticketDailyRollup as r } from "../db/schema.js";
import type { KpiChart } from "./chart.js";
import { dimensionConditions, percent, type KpiScope } from "./scope.js";

export const csatTarget = 90;

export const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

/** Ratings are counted by the day the ticket was opened (the rollup's key). */
export async function csatChart(db: DbOrTx, scope: KpiScope): Promise<KpiChart> {
  const rows = await db
    .select({
      quarter: sql<string>`substr(${r.day}, 1, 4) || '-Q' || ((cast(substr(${r.day}, 6, 2) AS integer) + 2) / 3)`,
      rated: sql<number>`sum(${r.rated})`,
      satisfied: sql<number>`sum(${r.satisfied})`,
    })
    .from(r)
    .where(and(sql`${r.day} >= ${scope.fromDay}`, sql`${r.day} < ${scope.toDay}`, ...dimensionConditions(r, scope)))
    .groupBy(sql`1`);
  const byQuarter = new Map(rows.map((row) => [row.quarter, row]));
  const quarters = [...new Set(scope.months.map(quarterOf))];
  return {
    id: "csat",
    type: "bar",
    unit: "percent",
    axis: "quarter",
    labels: quarters,
    series: [
      { id: "csat", data: quarters.map((q) => (byQuarter.has(q) ? percent(byQuarter.get(q)!.satisfied, byQuarter.get(q)!.rated) : null)) },
      { id: "rated", tableOnly: true, data: quarters.map((q) => byQuarter.get(q)?.rated ?? 0) },
      { id: "target", target: true, data: quarters.map(() => csatTarget) },
    ],
  };
}
