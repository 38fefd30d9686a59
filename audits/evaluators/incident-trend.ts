// INCIDENT-RATE-TREND (kind incident_trend): the tickets of a kind (incidents) per service in the period against the
// previous period of equal length [start − (end − start), start). Both periods have the same length, so the monthly
// rates compare as the counts do. A service with at least minIncidents in either period is compared; one whose count
// rose by more than risePercent (current > previous × (1 + risePercent / 100), a previous 0 included) is rising.
// Value = the number of rising services. No ticket at all in the previous period → not applicable (no baseline).
import { sql } from "drizzle-orm";
import { services, tickets } from "../../server/db/schema.js";
import { judged } from "../judge.js";
import { localDate } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { periodCoversMostTickets, ticketsOfServices } from "../run-scope.js";
import type { EvalContext, Outcome } from "./types.js";

export interface ServiceTrend {
  service: string;
  previous: number;
  current: number;
  /** percent change, null when the previous count is 0 */
  change: number | null;
  rising: boolean;
}

/** rising: more than `risePercent` % over the previous count, in integers (no rounding at the boundary) */
export const risesBy = (previous: number, current: number, risePercent: number) => current * 100 > previous * (100 + risePercent);

export async function evaluateIncidentTrend(ctx: EvalContext, rule: RuleOf<"incident_trend">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const { ticketKind, risePercent, minIncidents } = rule.params;
  const { start, end } = ctx.period;
  // a provisional run judges the data up to asOf: the previous period is as long as the part judged
  const previousStart = start - (Math.min(ctx.asOf, end) - start);
  const previousFrom = localDate(previousStart, ctx.timezone), previousTo = localDate(start - 1, ctx.timezone);
  const live = sql`+${tickets.deletedAt} IS NULL AND ${ticketsOfServices(ctx)}`;
  const [baseline] = await ctx.db.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${tickets} WHERE ${tickets.openedAt} >= ${previousStart} AND ${tickets.openedAt} < ${start} AND ${live} LIMIT 1)`,
  );
  if (Number(baseline.n) === 0) {
    const o = judged(rule, threshold, null, 0, { count: 0, ids: [] }, resultText("result.trend.noBaseline", { previousFrom, previousTo }));
    return { ...o, details: { previousPeriod: { from: previousFrom, to: previousTo }, services: [] } };
  }
  // the two periods holding most tickets: a plain table scan beats the opened_at index and a lookup per row
  const opened = (await periodCoversMostTickets(ctx.db, { start: previousStart, end })) ? sql`+${tickets.openedAt}` : sql`${tickets.openedAt}`;
  const rows = await ctx.db.all<{ service: string; current: number; previous: number }>(sql`
    SELECT sv.key AS service, count(CASE WHEN t.opened_at >= ${start} THEN 1 END) AS current, count(CASE WHEN t.opened_at < ${start} THEN 1 END) AS previous
    FROM (SELECT ${tickets.serviceId} AS service_id, ${tickets.openedAt} AS opened_at FROM ${tickets}
          WHERE ${opened} >= ${previousStart} AND ${opened} < ${end} AND ${tickets.kind} = ${ticketKind} AND ${live} LIMIT -1) AS t
    JOIN ${services} sv ON sv.id = t.service_id
    GROUP BY t.service_id
    ORDER BY sv.key`);
  const trends: ServiceTrend[] = rows
    .map((r) => ({ service: r.service, previous: Number(r.previous), current: Number(r.current) }))
    .filter((r) => Math.max(r.previous, r.current) >= minIncidents)
    .map((r) => ({ ...r, change: r.previous === 0 ? null : ((r.current - r.previous) / r.previous) * 100, rising: risesBy(r.previous, r.current, risePercent) }));
  const rising = trends.filter((r) => r.rising);
  const sum = (list: ServiceTrend[], k: "previous" | "current") => list.reduce((s, r) => s + r[k], 0);
  // the largest rise: by percent, a rise from 0 above any other; then by the count added
  const largest = [...rising].sort((a, b) => (b.change ?? Infinity) - (a.change ?? Infinity) || b.current - b.previous - (a.current - a.previous))[0];
  const details = { previousPeriod: { from: previousFrom, to: previousTo }, services: trends };
  if (trends.length === 0) {
    const o = judged(rule, threshold, null, 0, { count: 0, ids: [] }, resultText("result.trend.none", { minIncidents, ticketKind }));
    return { ...o, details };
  }
  const text = resultText("result.trend.measured", {
    rising: rising.length,
    compared: trends.length,
    risePercent,
    ticketKind,
    previousFrom,
    previousTo,
    previous: sum(trends, "previous"),
    current: sum(trends, "current"),
    from: largest?.previous ?? 0,
    to: largest?.current ?? 0,
    threshold,
  });
  const o = judged(rule, threshold, rising.length, trends.length, { count: rising.length, ids: rising.map((r) => `${r.service}: ${r.previous} → ${r.current}`) }, text, { details });
  return { ...o, smallPopulation: false };
}
