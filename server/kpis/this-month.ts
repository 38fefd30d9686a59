// The overview's KPI tiles: SLA attainment, mean time to resolve, CSAT and availability for the current UTC month.
import { and, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { ticketDailyRollup as r } from "../db/schema.js";
import { availabilityByMonth, availabilityTarget } from "./availability.js";
import { csatTarget } from "./satisfaction.js";
import { isoDay, monthRange, percent, round } from "./scope.js";
import { slaTarget } from "./sla-attainment.js";

export interface KpiTiles {
  month: string;
  sla: { value: number | null; response: number | null; resolution: number | null; target: number };
  mttrHours: { value: number | null; resolved: number };
  csat: { value: number | null; rated: number; target: number };
  availability: { value: number | null; lowest: { name: string; value: number } | null; target: number };
}

const pendingWindowMs = 3 * 86_400_000;

export async function kpiTiles(db: DbOrTx, now: number): Promise<KpiTiles> {
  const { months, fromMs, toMs } = monthRange(now, 1);
  const cutoff = isoDay(now - pendingWindowMs);
  const [row] = await db
    .select({
      responseMet: sql<number>`coalesce(sum(${r.responseMet}), 0)`,
      responseBreached: sql<number>`coalesce(sum(${r.responseBreached}) + sum(CASE WHEN ${r.day} < ${cutoff} THEN ${r.responseMissing} ELSE 0 END), 0)`,
      resolutionMet: sql<number>`coalesce(sum(${r.resolutionMet}), 0)`,
      resolutionBreached: sql<number>`coalesce(sum(${r.resolutionBreached}) + sum(CASE WHEN ${r.day} < ${cutoff} THEN ${r.resolutionMissing} ELSE 0 END), 0)`,
      resolved: sql<number>`coalesce(sum(${r.resolvedCount}), 0)`,
      resolutionMinutes: sql<number>`coalesce(total(${r.resolutionMinutesSum}), 0)`,
      rated: sql<number>`coalesce(sum(${r.rated}), 0)`,
      satisfied: sql<number>`coalesce(sum(${r.satisfied}), 0)`,
    })
    .from(r)
    .where(and(sql`${r.day} >= ${isoDay(fromMs)}`, sql`${r.day} < ${isoDay(toMs)}`));
  const availability = await availabilityByMonth(db, fromMs, toMs, null);
  const lowest = availability.reduce<(typeof availability)[number] | null>((low, a) => (!low || a.mean < low.mean ? a : low), null);
  const mean = availability.length ? availability.reduce((s, a) => s + a.mean, 0) / availability.length : null;
  const met = row.responseMet + row.resolutionMet;
  return {
    month: months[0],
    sla: {
      value: percent(met, met + row.responseBreached + row.resolutionBreached),
      response: percent(row.responseMet, row.responseMet + row.responseBreached),
      resolution: percent(row.resolutionMet, row.resolutionMet + row.resolutionBreached),
      target: slaTarget,
    },
    mttrHours: { value: row.resolved > 0 ? round(row.resolutionMinutes / row.resolved / 60, 1) : null, resolved: row.resolved },
    csat: { value: percent(row.satisfied, row.rated), rated: row.rated, target: csatTarget },
    availability: { value: mean === null ? null : round(mean, 2), lowest: lowest ? { name: lowest.name, value: round(lowest.mean, 2) } : null, target: availabilityTarget },
  };
}
