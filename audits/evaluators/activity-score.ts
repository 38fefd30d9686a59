// TRAINING-SCORE: mean score of the activities of the type dated in the period.
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { activities } from "../../server/db/schema.js";
import { datedIn } from "../activity-dates.js";
import { fmt, judged, meets, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { activitiesOfServices } from "../run-scope.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateActivityScore(ctx: EvalContext, rule: RuleOf<"activity_score">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const rows = await ctx.db
    .select({ id: activities.id, score: activities.score })
    .from(activities)
    .where(and(eq(activities.type, rule.params.activityType), isNotNull(activities.score), datedIn(ctx.period, ctx.timezone), activitiesOfServices(ctx)))
    .orderBy(asc(activities.id));
  const value = rows.length === 0 ? null : rows.reduce((s, r) => s + r.score!, 0) / rows.length;
  const low = rows.filter((r) => !meets(r.score!, threshold, rule.comparison)).map((r) => r.id);
  return judged(rule, threshold, value, rows.length, { count: low.length, ids: low }, rows.length === 0 ? resultText("result.score.none", { activityType: rule.params.activityType }) : resultText("result.score.measured", { value: fmt(value), scored: rows.length, symbol: symbol[rule.comparison], threshold }));
}
