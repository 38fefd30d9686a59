// TRAINING-COVERAGE (ISO 7.2; G2.5, G6): of the distinct assignees of the tickets in scope, the share named among
// the participants of a training dated in (asOf − N days, asOf]. Names are compared trimmed of white space and case
// folded; a blank assignee is no one. The tickets are grouped by assignee in SQL (one row per person, never per
// ticket); the participants are read with json_each.
import { and, eq, gt, or, sql } from "drizzle-orm";
import { activities, tickets } from "../../server/db/schema.js";
import { countedInstant, datedBy } from "../activity-dates.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import { dayMs } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { activitiesOfServices, ticketsInScope } from "../run-scope.js";
import { attendeeKey, isBlank } from "./activity-window.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateTrainingCoverage(ctx: EvalContext, rule: RuleOf<"training_coverage">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 90;
  const { activityType, days } = rule.params;
  const assigneeRows = await ctx.db
    .select({ assignee: tickets.assignee })
    .from(tickets)
    .where(and(ticketsInScope(ctx), sql`${tickets.assignee} IS NOT NULL`))
    .groupBy(tickets.assignee);
  // one entry per person: the key compared, the first spelling (by code point) shown
  const assignees = new Map<string, string>();
  for (const { assignee } of assigneeRows) {
    if (isBlank(assignee)) continue;
    const key = attendeeKey(assignee!);
    const shown = assignees.get(key);
    if (shown === undefined || assignee! < shown) assignees.set(key, assignee!);
  }
  const participantRows = await ctx.db.all<{ name: string; at: number; dateOnly: number | null }>(sql`
    SELECT DISTINCT p.value AS name, ${activities.at} AS at, ${activities.dateOnly} AS dateOnly
    FROM ${activities}, json_each(${activities.participants}) AS p
    WHERE ${and(
      eq(activities.type, activityType),
      sql`${activities.participants} IS NOT NULL`,
      sql`p.type = 'text'`,
      or(datedBy(ctx.asOf, ctx.timezone, "instant"), datedBy(ctx.asOf, ctx.timezone, "bare")),
      gt(activities.at, ctx.asOf - days * dayMs - 2 * dayMs),
      activitiesOfServices(ctx),
    )}`);
  const trained = new Set<string>();
  for (const p of participantRows) {
    const counted = countedInstant({ at: p.at, dateOnly: p.dateOnly === null ? null : Boolean(p.dateOnly) }, ctx.timezone);
    if (counted <= ctx.asOf && counted > ctx.asOf - days * dayMs && !isBlank(p.name)) trained.add(attendeeKey(p.name));
  }
  const untrained = [...assignees].filter(([key]) => !trained.has(key)).map(([, shown]) => shown).sort();
  const population = assignees.size;
  const value = percent(population - untrained.length, population);
  const text =
    population === 0
      ? resultText("result.training.none", {})
      : resultText("result.training.measured", { trained: population - untrained.length, assignees: population, days, symbol: symbol[rule.comparison], threshold, value: fmt(value), untrained: untrained.length });
  return judged(rule, threshold, value, population, { count: untrained.length, ids: untrained }, text, { details: { untrained: untrained.length } });
}
