// DRILL-EVALUATED: every activity of the type dated in the period (a bare date: its day in the plan's time zone)
// has an outcome (its evaluation), non-blank once Unicode white space is trimmed.
import { and, asc, eq } from "drizzle-orm";
import { activities } from "../../server/db/schema.js";
import { datedIn } from "../activity-dates.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { activitiesOfServices } from "../run-scope.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateActivityFollowup(ctx: EvalContext, rule: RuleOf<"activity_followup">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const rows = await ctx.db
    .select({ id: activities.id, outcome: activities.outcome })
    .from(activities)
    .where(and(eq(activities.type, rule.params.activityType), datedIn(ctx.period, ctx.timezone), activitiesOfServices(ctx)))
    .orderBy(asc(activities.id));
  const missing = rows.filter((r) => !r.outcome?.trim()).map((r) => r.id);
  const value = percent(rows.length - missing.length, rows.length);
  return judged(rule, threshold, value, rows.length, { count: missing.length, ids: missing }, rows.length === 0 ? resultText("result.followup.none", { activityType: rule.params.activityType }) : resultText("result.followup.measured", { evaluated: rows.length - missing.length, held: rows.length, symbol: symbol[rule.comparison], threshold, value: fmt(value) }));
}
