// SLA attainment per month and priority, for response or resolution, from the ticket totals.
import type { DbOrTx } from "../db/client.js";
import type { KpiChart } from "./kpi-chart.js";
import { percent, type KpiScope } from "./kpi-scope.js";
import { kpiTargets } from "./targets.js";
import { sumBy, ticketTotals } from "./ticket-totals.js";

/** the rulebook's SLA threshold (server/kpis/targets.ts) */
export const slaTarget = kpiTargets.sla;
const chartPriorities = ["urgent", "important", "general"] as const;

export async function slaAttainmentChart(db: DbOrTx, scope: KpiScope, measure: "response" | "resolution"): Promise<KpiChart> {
  const byKey = sumBy(await ticketTotals(db, scope, { month: true }), (r) => `${r.month}|${r.priority}`);
  const judged = (month: string, p: string) => {
    const row = byKey.get(`${month}|${p}`);
    if (!row) return { met: 0, breached: 0 };
    return measure === "response" ? { met: row.responseMet, breached: row.responseBreached } : { met: row.resolutionMet, breached: row.resolutionBreached };
  };
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
          const { met, breached } = judged(m, p);
          return percent(met, met + breached);
        }),
      })),
      ...shown.map((p) => ({
        id: `${p}_judged`,
        tableOnly: true,
        data: scope.months.map((m) => {
          const { met, breached } = judged(m, p);
          return met + breached;
        }),
      })),
      { id: "target", target: true, data: scope.months.map(() => slaTarget) },
    ],
  };
}
