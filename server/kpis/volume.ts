// Ticket volume in the period by category, stacked by priority, from the ticket totals.
import type { DbOrTx } from "../db/client.js";
import type { KpiChart } from "./kpi-chart.js";
import type { KpiScope } from "./kpi-scope.js";
import { sumBy, ticketTotals } from "./ticket-totals.js";

const stackOrder = ["urgent", "important", "general", ""] as const;

export async function volumeChart(db: DbOrTx, scope: KpiScope): Promise<KpiChart> {
  const rows = await ticketTotals(db, scope, { category: true });
  const count = new Map([...sumBy(rows, (r) => `${r.category}|${r.priority}`)].map(([k, v]) => [k, v.opened]));
  const totals = new Map([...sumBy(rows, (r) => r.category)].map(([k, v]) => [k, v.opened]));
  const categories = [...totals].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const present = stackOrder.filter((p) => categories.some((c) => (count.get(`${c}|${p}`) ?? 0) > 0));
  return {
    id: "volume",
    type: "bar",
    unit: "tickets",
    axis: "category",
    stacked: true,
    labels: categories,
    series: present.map((p) => ({ id: p === "" ? "no_priority" : p, data: categories.map((c) => count.get(`${c}|${p}`) ?? 0) })),
  };
}
