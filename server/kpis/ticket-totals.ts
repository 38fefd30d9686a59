// Ticket totals per month, priority and category over a KPI scope: whole months from the monthly rollup, and the
// days still inside the SLA pending window from the daily rollup, where a missing timestamp may not be a breach yet.
import { and, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { ticketDailyRollup as d, ticketMonthlyRollup as m } from "../db/schema.js";
import { dimensionConditions, localDate, type KpiScope } from "./kpi-scope.js";

/** The longest built-in target is 72 h: a ticket opened earlier than this with no timestamp has breached. */
export const pendingWindowMs = 3 * 86_400_000;

export interface TicketTotals {
  month: string;
  priority: string;
  category: string;
  opened: number;
  responseMet: number;
  /** breached, plus missing timestamps once the pending window has passed */
  responseBreached: number;
  resolutionMet: number;
  resolutionBreached: number;
  resolved: number;
  resolutionMinutes: number;
  rated: number;
  satisfied: number;
}

/** What the totals are split by besides priority; a dimension left out comes back as ''. */
export interface TotalsGrouping {
  month?: boolean;
  category?: boolean;
}

export async function ticketTotals(db: DbOrTx, scope: KpiScope, by: TotalsGrouping = {}): Promise<TicketTotals[]> {
  const cutoffDay = localDate(scope.zone, scope.now - pendingWindowMs);
  // months before the cutoff's month are read whole; from its first day on, day by day
  const splitMonth = cutoffDay.slice(0, 7);
  const splitDay = `${splitMonth}-01`;
  const months = db
    .select({
      month: by.month ? m.month : sql<string>`''`,
      priority: m.priority,
      category: by.category ? m.category : sql<string>`''`,
      opened: sql<number>`sum(${m.opened})`,
      responseMet: sql<number>`sum(${m.responseMet})`,
      responseBreached: sql<number>`sum(${m.responseBreached}) + sum(${m.responseMissing})`,
      resolutionMet: sql<number>`sum(${m.resolutionMet})`,
      resolutionBreached: sql<number>`sum(${m.resolutionBreached}) + sum(${m.resolutionMissing})`,
      resolved: sql<number>`sum(${m.resolvedCount})`,
      resolutionMinutes: sql<number>`total(${m.resolutionMinutesSum})`,
      rated: sql<number>`sum(${m.rated})`,
      satisfied: sql<number>`sum(${m.satisfied})`,
    })
    .from(m)
    .where(and(sql`${m.month} >= ${scope.months[0]}`, sql`${m.month} < ${splitMonth}`, ...dimensionConditions(m, scope)))
    .groupBy(sql`1`, sql`2`, sql`3`);
  const fromDay = scope.fromDay > splitDay ? scope.fromDay : splitDay;
  const days = db
    .select({
      month: by.month ? sql<string>`substr(${d.day}, 1, 7)` : sql<string>`''`,
      priority: d.priority,
      category: by.category ? d.category : sql<string>`''`,
      opened: sql<number>`sum(${d.opened})`,
      responseMet: sql<number>`sum(${d.responseMet})`,
      responseBreached: sql<number>`sum(${d.responseBreached}) + sum(CASE WHEN ${d.day} < ${cutoffDay} THEN ${d.responseMissing} ELSE 0 END)`,
      resolutionMet: sql<number>`sum(${d.resolutionMet})`,
      resolutionBreached: sql<number>`sum(${d.resolutionBreached}) + sum(CASE WHEN ${d.day} < ${cutoffDay} THEN ${d.resolutionMissing} ELSE 0 END)`,
      resolved: sql<number>`sum(${d.resolvedCount})`,
      resolutionMinutes: sql<number>`total(${d.resolutionMinutesSum})`,
      rated: sql<number>`sum(${d.rated})`,
      satisfied: sql<number>`sum(${d.satisfied})`,
    })
    .from(d)
    .where(and(sql`${d.day} >= ${fromDay}`, sql`${d.day} < ${scope.toDay}`, ...dimensionConditions(d, scope)))
    .groupBy(sql`1`, sql`2`, sql`3`);
  const [a, b] = await Promise.all([months, days]);
  return [...a, ...b];
}

/** Sums the totals by a key (month and priority, category, quarter…). */
export function sumBy(rows: TicketTotals[], key: (r: TicketTotals) => string): Map<string, TicketTotals> {
  const out = new Map<string, TicketTotals>();
  for (const r of rows) {
    const k = key(r);
    const acc = out.get(k);
    if (!acc) {
      out.set(k, { ...r });
      continue;
    }
    acc.opened += r.opened;
    acc.responseMet += r.responseMet;
    acc.responseBreached += r.responseBreached;
    acc.resolutionMet += r.resolutionMet;
    acc.resolutionBreached += r.resolutionBreached;
    acc.resolved += r.resolved;
    acc.resolutionMinutes += r.resolutionMinutes;
    acc.rated += r.rated;
    acc.satisfied += r.satisfied;
  }
  return out;
}
