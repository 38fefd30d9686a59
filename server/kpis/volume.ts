// Ticket volume in the period by category, stacked by priority, from the daily rollup.
import { and, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { ticketDailyRollup as r } from "../db/schema.js";
import type { KpiChart } from "./chart.js";
import { dimensionConditions, type KpiScope } from "./scope.js";

const stackOrder = ["urgent", "important", "general", ""] as const;

export async function volumeChart(db: DbOrTx, scope: KpiScope): Promise<KpiChart> {
  const rows = await db
    .select({ category: r.category, priority: r.priority, opened: sql<number>`sum(${r.opened})` })
    .from(r)
    .where(and(sql`${r.day} >= ${scope.fromDay}`, sql`${r.day} < ${scope.toDay}`, ...dimensionConditions(r, scope)))
    .groupBy(r.category, r.priority);
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.category, (totals.get(row.category) ?? 0) + row.opened);
  const categories = [...totals].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const count = new Map(rows.map((row) => [`${row.category}|${row.priority}`, row.opened]));
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
