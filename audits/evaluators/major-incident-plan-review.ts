// MAJOR-INC-PLAN-REVIEW (kind major_incident_plan_review): every major incident resolved in the period (not deleted,
// in the plan's services) is followed by an activity of the rule's type, of its own service or organisation-wide,
// dated from the resolution instant to `withinDays` × 24 h after it (a bare date: by days in the plan's time zone),
// as MAJOR-INCIDENT-REVIEW reads its window. Not yet reviewed and resolved less than `withinDays` before asOf:
// pending, left out. Resolved before opened (an impossible record): due and not reviewed, whatever was recorded.
import { and, sql } from "drizzle-orm";
import { activities, tickets } from "../../server/db/schema.js";
import { datedAfter } from "../activity-dates.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import { dayMs } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { ticketsOfServices } from "../run-scope.js";
import { resolvedBeforeOpened } from "./problem-conditions.js";
import { idsOf, idsWhere, insertEvidenceIds } from "./evidence-ids.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateMajorIncidentPlanReview(ctx: EvalContext, rule: RuleOf<"major_incident_plan_review">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const { activityType, withinDays } = rule.params;
  const windowMs = Math.round(withinDays * dayMs);
  // the partial index of major incidents by resolution (tickets_major_resolved_idx) reads the period's resolved
  // major incidents alone
  const population = and(
    sql`${tickets.resolvedAt} >= ${ctx.period.start}`,
    sql`${tickets.resolvedAt} < ${ctx.period.end}`,
    sql`+${tickets.kind} = 'incident'`,
    sql`${tickets.majorIncident} = 1`,
    sql`+${tickets.deletedAt} IS NULL`,
    ticketsOfServices(ctx),
  )!;
  const impossible = resolvedBeforeOpened();
  const reviewed = sql`(NOT ${impossible} AND EXISTS (SELECT 1 FROM ${activities} WHERE ${activities.type} = ${activityType} AND (${activities.serviceId} IS NULL OR ${activities.serviceId} = ${tickets.serviceId}) AND ${datedAfter(sql`${tickets.resolvedAt}`, windowMs, ctx.timezone)}))`;
  const due = sql`(${impossible} OR (${ctx.asOf} - ${tickets.resolvedAt}) >= ${windowMs})`;
  const [row] = await ctx.db.all<{ reviewed: number; missing: number; pending: number; impossible: number; offending: string | null }>(sql`
    SELECT coalesce(sum(r), 0) AS reviewed, coalesce(sum(d AND NOT r), 0) AS missing, coalesce(sum(NOT d AND NOT r), 0) AS pending, coalesce(sum(i), 0) AS impossible,
      ${idsWhere(sql`id`, sql`d AND NOT r`)} AS offending
    FROM (SELECT ${tickets.id} AS id, ${reviewed} AS r, ${due} AS d, ${impossible} AS i FROM ${tickets} WHERE ${population} LIMIT -1)`);
  const reviewedCount = Number(row.reviewed), missingCount = Number(row.missing), pending = Number(row.pending);
  const dueCount = reviewedCount + missingCount;
  const value = percent(reviewedCount, dueCount);
  const text =
    dueCount === 0
      ? resultText("result.planReview.none", { pending })
      : resultText("result.planReview.measured", { reviewed: reviewedCount, due: dueCount, withinDays, symbol: symbol[rule.comparison], threshold, missing: missingCount, pending, value: fmt(value) });
  return judged(rule, threshold, value, dueCount, { count: missingCount }, text, {
    details: { reviewed: reviewedCount, missing: missingCount, pending, impossible: Number(row.impossible) },
    writeEvidence: (tx) => insertEvidenceIds(tx, ctx.runId, rule.id, idsOf(row.offending)),
  });
}
