// Customer satisfaction (share of ratings 4 or 5) per calendar quarter, against the 90 % line.
import type { DbOrTx } from "../db/client.js";
import type { KpiChart } from "./kpi-chart.js";
import { percent, type KpiScope } from "./kpi-scope.js";
import { kpiTargets } from "./targets.js";
import { sumBy, ticketTotals } from "./ticket-totals.js";

/** the rulebook's CSAT threshold (server/kpis/targets.ts) */
export const csatTarget = kpiTargets.csat;

export const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

/** Ratings are counted by the month the ticket was opened (the rollups' key). */
export async function csatChart(db: DbOrTx, scope: KpiScope): Promise<KpiChart> {
  const byQuarter = sumBy(await ticketTotals(db, scope, { month: true }), (r) => quarterOf(r.month));
  const quarters = [...new Set(scope.months.map(quarterOf))];
  return {
    id: "csat",
    type: "bar",
    unit: "percent",
    axis: "quarter",
    fromZero: true,
    labels: quarters,
    series: [
      { id: "csat", data: quarters.map((q) => (byQuarter.has(q) ? percent(byQuarter.get(q)!.satisfied, byQuarter.get(q)!.rated) : null)) },
      { id: "rated", tableOnly: true, data: quarters.map((q) => byQuarter.get(q)?.rated ?? 0) },
      { id: "target", target: true, data: quarters.map(() => csatTarget) },
    ],
  };
}
