// REC-RETENTION: soft-deleted tickets opened within the retention years before asOf.
import { and, isNotNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { tickets } from "../../server/db/schema.js";
import { judged } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { ticketsOfServices } from "../scope.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateRetention(ctx: EvalContext, rule: RuleOf<"retention">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const since = DateTime.fromMillis(ctx.asOf, { zone: ctx.timezone }).minus({ years: rule.params.years }).toMillis();
  // the unary + keeps SQLite on the deleted_at index (few rows) instead of a range over three years of opened_at
  const opened = sql`+${tickets.openedAt}`;
  const where = and(isNotNull(tickets.deletedAt), sql`${opened} >= ${since}`, sql`${opened} < ${ctx.asOf}`, ticketsOfServices(ctx))!;
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)` }).from(tickets).where(where);
  const o = judged(rule, threshold, n, Math.max(n, 1), { count: n }, `${n} records deleted before the end of their ${rule.params.years}-year retention`, {
    writeEvidence: async (tx) => {
      await tx.run(sql`INSERT INTO run_evidence (run_id, rule_id, record_id) SELECT ${ctx.runId}, ${rule.id}, ${tickets.id} FROM ${tickets} WHERE ${where}`);
    },
  });
  return { ...o, population: n, smallPopulation: false };
}
