// Activities that must happen: pass when one of the type is dated in (asOf − N days, asOf]; gives the next due date.
import { and, desc, inArray, lte, ne, sql } from "drizzle-orm";
import { activities, runs } from "../../server/db/schema.js";
import { addDays, dayMs, localDate } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { activitiesOfServices } from "../scope.js";
import type { EvalContext, Outcome } from "./types.js";

interface Latest {
  at: number;
  date: string;
  id: string;
}

export async function evaluateActivityRecency(ctx: EvalContext, rule: RuleOf<"activity_recency">): Promise<Outcome> {
  const days = ctx.thresholdOf(rule) ?? rule.params.days;
  const [activity] = await ctx.db
    .select({ at: activities.at, date: activities.date, id: activities.id })
    .from(activities)
    .where(and(inArray(activities.type, rule.params.activityTypes), lte(activities.at, ctx.asOf), activitiesOfServices(ctx)))
    .orderBy(desc(activities.at))
    .limit(1);
  let latest: Latest | undefined = activity;
  if (rule.params.countsOtherPlanRuns) {
    const [run] = await ctx.db
      .select({ at: runs.finishedAt, id: runs.id })
      .from(runs)
      .where(and(sql`${runs.status} = 'completed'`, ne(runs.planId, ctx.planId), lte(runs.finishedAt, ctx.asOf)))
      .orderBy(desc(runs.finishedAt))
      .limit(1);
    if (run?.at != null && (!latest || run.at > latest.at)) latest = { at: run.at, date: localDate(run.at, ctx.timezone), id: `run:${run.id}` };
  }
  const base = { ruleId: rule.id, threshold: days, smallPopulation: false };
  if (!latest) {
    return { ...base, status: "fail", value: null, population: 0, evidence: { count: 0, ids: [] }, message: `no ${rule.params.activityTypes.join(" or ")} recorded`, nextDue: null };
  }
  const value = Math.floor((ctx.asOf - latest.at) / dayMs);
  const pass = latest.at > ctx.asOf - days * dayMs;
  const nextDue = addDays(latest.date, days);
  return {
    ...base,
    status: pass ? "pass" : "fail",
    value,
    population: 1,
    evidence: { count: pass ? 0 : 1, ids: pass ? [] : [latest.id] },
    message: `latest ${rule.params.activityTypes[0]} on ${latest.date}, ${value} days before the end of the period (within ${days} days required); next due by ${nextDue}`,
    nextDue,
    details: { latest: latest.id, latestDate: latest.date },
  };
}
