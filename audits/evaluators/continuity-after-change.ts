// CHANGE-CONTINUITY (ISO 8.7.2, 8.5.1): every change marked major dated in the period (plan's services
// or organisation-wide) is followed by a continuity test of its service, or of the whole organisation, within N
// days: dated from the change's instant to N × 24 h after it (a bare date: on a day of the plan's time zone from the
// change's day to the day N × 24 h later). A change whose N days have not passed at asOf, untested, is pending.
import { and, asc, eq } from "drizzle-orm";
import { activities } from "../../server/db/schema.js";
import { countedInstant, datedIn } from "../activity-dates.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import { dayMs, localDate } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { activitiesOfServices } from "../run-scope.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateContinuityAfterChange(ctx: EvalContext, rule: RuleOf<"continuity_after_change">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 100;
  const { changeType, testType, withinDays } = rule.params;
  const changes = await ctx.db
    .select({ id: activities.id, at: activities.at, dateOnly: activities.dateOnly, serviceId: activities.serviceId })
    .from(activities)
    .where(and(eq(activities.type, changeType), eq(activities.major, true), datedIn(ctx.period, ctx.timezone), activitiesOfServices(ctx)))
    .orderBy(asc(activities.id));
  const tests = changes.length
    ? await ctx.db.select({ at: activities.at, dateOnly: activities.dateOnly, date: activities.date, serviceId: activities.serviceId }).from(activities).where(eq(activities.type, testType))
    : [];
  const within = withinDays * dayMs;
  let followed = 0, pending = 0;
  const missing: string[] = [];
  for (const c of changes) {
    const from = countedInstant(c, ctx.timezone), until = from + within;
    const firstDay = localDate(from, ctx.timezone), lastDay = localDate(until, ctx.timezone);
    const ok = tests.some(
      (t) => (t.serviceId === null || t.serviceId === c.serviceId) && (t.dateOnly ? t.date >= firstDay && t.date <= lastDay : t.at >= from && t.at <= until),
    );
    if (ok) followed++;
    else if (ctx.asOf - from < within) pending++;
    else missing.push(c.id);
  }
  const due = followed + missing.length;
  const value = percent(followed, due);
  const text =
    due === 0
      ? resultText("result.continuity.none", { pending })
      : resultText("result.continuity.measured", { followed, due, withinDays, missing: missing.length, pending, symbol: symbol[rule.comparison], threshold, value: fmt(value) });
  return judged(rule, threshold, value, due, { count: missing.length, ids: missing }, text, { details: { pending } });
}
