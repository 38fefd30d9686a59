// REC-RETENTION: soft-deleted tickets opened within the retention years before asOf.
import { and, isNotNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { tickets } from "../../server/db/schema.js";
import { judged } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { ticketsOfServices } from "../run-scope.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateRetention(ctx: EvalContext, rule: RuleOf<"retention">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const since = DateTime.fromMillis(ctx.asOf, { zone: ctx.timezone }).minus({ years: rule.params.years }).toMillis();
  // few tickets are deleted: read them through the deleted_at index. Without statistics SQLite judges
  // `IS NOT NULL` unselective and scans the whole table once the other terms are added, hence INDEXED BY.
  const where = and(isNotNull(tickets.deletedAt), sql`${tickets.openedAt} >= ${since}`, sql`${tickets.openedAt} < ${ctx.asOf}`, ticketsOfServices(ctx))!;
  const deleted = sql`${tickets} INDEXED BY tickets_deleted_idx`;
  const [{ n }] = await ctx.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${deleted} WHERE ${where}`);
  const o = judged(rule, threshold, n, Math.max(n, 1), { count: n }, resultText("result.records.retention", { deleted: n, years: rule.params.years }), {
    writeEvidence: async (tx) => {
      if (n === 0) return;
      await tx.run(sql`INSERT INTO run_evidence (run_id, rule_id, record_id) SELECT ${ctx.runId}, ${rule.id}, ${tickets.id} FROM ${deleted} WHERE ${where}`);
    },
  });
  return { ...o, population: n, smallPopulation: false };
}
