// Activities that must happen: pass when one of the type is dated in (asOf − N days, asOf]; gives the next due date.
// A bare date counts from its day's first instant in the plan's time zone.
import { and, desc, inArray, lte, ne, sql } from "drizzle-orm";
import { activities, runs } from "../../server/db/schema.js";
import { countedDate, countedInstant, datedBy } from "../activity-dates.js";
import { addDays, dayMs, localDate } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { activitiesOfServices } from "../run-scope.js";
import type { EvalContext, Outcome } from "./types.js";

interface Latest {
  at: number;
  date: string;
  id: string;
}

/** The latest activity of the types by the instant it counts from: the latest instant and the latest bare date, compared. */
async function latestActivity(ctx: EvalContext, types: string[]): Promise<Latest | undefined> {
  const latestOf = (kind: "instant" | "bare") =>
    ctx.db
      .select({ at: activities.at, date: activities.date, dateOnly: activities.dateOnly, id: activities.id })
      .from(activities)
      .where(and(inArray(activities.type, types), datedBy(ctx.asOf, ctx.timezone, kind), activitiesOfServices(ctx)))
      .orderBy(desc(activities.at), desc(activities.id))
      .limit(1);
  const found = [...(await latestOf("instant")), ...(await latestOf("bare"))].map((a) => ({ at: countedInstant(a, ctx.timezone), date: countedDate(a, ctx.timezone), id: a.id }));
  return found.sort((a, b) => b.at - a.at)[0];
}

export async function evaluateActivityRecency(ctx: EvalContext, rule: RuleOf<"activity_recency">): Promise<Outcome> {
  const days = ctx.thresholdOf(rule) ?? rule.params.days;
  let latest = await latestActivity(ctx, rule.params.activityTypes);
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
    return { ...base, status: "fail", value: null, population: 0, evidence: { count: 0, ids: [] }, ...resultText("result.recency.none", { activityType: rule.params.activityTypes.join(" or ") }), nextDue: null };
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
    ...resultText("result.recency.latest", { activityType: rule.params.activityTypes[0], date: latest.date, days: value, required: days, nextDue }),
    nextDue,
    details: { latest: latest.id, latestDate: latest.date },
  };
}
