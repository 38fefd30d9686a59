// CSAT-QUARTER: share of satisfied scores (≥ minScore) among tickets resolved in the last complete quarter.
import { and, gte, isNotNull, lt, sql } from "drizzle-orm";
import { tickets } from "../../server/db/schema.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import { iso, lastCompleteQuarter } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { ticketsOfServices } from "../run-scope.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateSatisfaction(ctx: EvalContext, rule: RuleOf<"satisfaction">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const quarter = lastCompleteQuarter(ctx.asOf, ctx.timezone);
  const rated = and(isNotNull(tickets.satisfaction), gte(tickets.resolvedAt, quarter.start), lt(tickets.resolvedAt, quarter.end), sql`+${tickets.deletedAt} IS NULL`, ticketsOfServices(ctx))!;
  const unhappy = sql`${tickets.satisfaction} < ${rule.params.minScore}`;
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)`, satisfied: sql<number>`count(CASE WHEN ${tickets.satisfaction} >= ${rule.params.minScore} THEN 1 END)` })
    .from(tickets)
    .where(rated);
  const value = percent(row.satisfied, row.n);
  return judged(
    rule,
    threshold,
    value,
    row.n,
    { count: row.n - row.satisfied },
    row.n === 0
      ? resultText("result.satisfaction.none")
      : resultText("result.satisfaction.measured", { value: fmt(value), rated: row.n, minScore: rule.params.minScore, symbol: symbol[rule.comparison], threshold }),
    {
      details: { quarter: { start: iso(quarter.start), end: iso(quarter.end) } },
      writeEvidence: async (tx) => {
        if (row.n === row.satisfied) return;
        await tx.run(sql`INSERT INTO run_evidence (run_id, rule_id, record_id) SELECT ${ctx.runId}, ${rule.id}, ${tickets.id} FROM ${tickets} WHERE ${rated} AND ${unhappy}`);
      },
    },
  );
}
