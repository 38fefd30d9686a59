// AVAIL-MONTHLY: mean of a metric's samples per service and calendar month (plan time zone); the lowest mean counts.
import { sql } from "drizzle-orm";
import { metricSamples, services } from "../../server/db/schema.js";
import { fmt, judged, meets, symbol } from "../judge.js";
import { monthsOf } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateMetricThreshold(ctx: EvalContext, rule: RuleOf<"metric_threshold">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const months = monthsOf(ctx.period, ctx.timezone);
  if (months.length === 0) return judged(rule, threshold, null, 0, { count: 0, ids: [] }, resultText("result.metric.emptyPeriod"));
  const monthTable = sql.join(months.map((m) => sql`(${m.month}, ${m.start}, ${m.end})`), sql`, `);
  const serviceFilter = ctx.serviceIds ? sql`AND s.service_id IN (${sql.join(ctx.serviceIds.length ? ctx.serviceIds.map((id) => sql`${id}`) : [sql`NULL`], sql`, `)})` : sql``;
  const rows = await ctx.db.all<{ month: string; service: string; mean: number; n: number }>(sql`
    WITH months(month, start, finish) AS (VALUES ${monthTable})
    SELECT months.month AS month, coalesce(sv.key, '(organisation)') AS service, avg(s.value) AS mean, count(*) AS n
    FROM ${metricSamples} s JOIN months ON s.at >= months.start AND s.at < months.finish
    LEFT JOIN ${services} sv ON sv.id = s.service_id
    WHERE s.metric = ${rule.params.metric} AND s.at >= ${ctx.period.start} AND s.at < ${ctx.period.end} ${serviceFilter}
    GROUP BY months.month, s.service_id
    ORDER BY service, month`);
  if (rows.length === 0) return judged(rule, threshold, null, 0, { count: 0, ids: [] }, resultText("result.metric.none", { metric: rule.params.metric }));
  const lowest = Math.min(...rows.map((r) => r.mean));
  const below = rows.filter((r) => !meets(r.mean, threshold, rule.comparison)).map((r) => `${r.service}@${r.month}`);
  return judged(rule, threshold, lowest, rows.length, { count: below.length, ids: below }, resultText("result.metric.lowest", { lowest: fmt(lowest, 3), serviceMonths: rows.length, symbol: symbol[rule.comparison], threshold }), {
    details: { months: rows.map((r) => ({ service: r.service, month: r.month, mean: r.mean, samples: r.n })) },
  });
}
