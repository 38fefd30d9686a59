// Open backlog over time: tickets opened minus tickets resolved, accumulated per day from the daily flow.
import { and, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { ticketDailyFlow as f } from "../db/schema.js";
import type { KpiChart } from "./kpi-chart.js";
import { dimensionConditions, type KpiScope } from "./kpi-scope.js";
import { dayOf, isoDay } from "../time-zones.js";

export async function backlogChart(db: DbOrTx, scope: KpiScope): Promise<KpiChart> {
  const dims = dimensionConditions(f, scope);
  const [base] = await db
    .select({ open: sql<number>`coalesce(sum(${f.opened} - ${f.resolved}), 0)` })
    .from(f)
    .where(and(sql`${f.day} < ${scope.fromDay}`, ...dims));
  const rows = await db
    .select({ day: f.day, delta: sql<number>`sum(${f.opened} - ${f.resolved})` })
    .from(f)
    .where(and(sql`${f.day} >= ${scope.fromDay}`, sql`${f.day} < ${scope.toDay}`, sql`${f.day} <= ${scope.today}`, ...dims))
    .groupBy(f.day);
  // no ticket ever opened in scope: an empty chart, not a flat zero line
  if (base.open === 0 && rows.length === 0) return { id: "backlog", type: "line", unit: "tickets", axis: "day", labels: [], series: [{ id: "open_backlog", data: [] }] };
  const delta = new Map(rows.map((row) => [row.day, row.delta]));
  // local day numbers: the rollups are keyed by the zone's calendar days
  const last = Math.min(dayOf(scope.toDay) - 1, dayOf(scope.today));
  // a point a day for a quarter, a point a week (and the last day) beyond that
  const step = scope.months.length <= 3 ? 1 : 7;
  const labels: string[] = [];
  const data: number[] = [];
  let open = base.open;
  let i = 0;
  for (let n = dayOf(scope.fromDay); n <= last; n++, i++) {
    const day = isoDay(n);
    open += delta.get(day) ?? 0;
    if (i % step === step - 1 || n === last) {
      labels.push(day);
      data.push(open);
    }
  }
  return { id: "backlog", type: "line", unit: "tickets", axis: "day", labels, series: [{ id: "open_backlog", data }] };
}
