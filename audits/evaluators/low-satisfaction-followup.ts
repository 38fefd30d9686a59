// LOW-CSAT-FOLLOWUP (kind low_satisfaction_followup): tickets scored at most maxScore and resolved in the period,
// each followed up by an activity that names the ticket (ticket_id; any type) dated within withinDays after the
// resolution; one not yet followed up whose window is still open at asOf is pending and left out.
// Improvement actions name a finding, not a ticket (audits/actions.ts), so only activities count.
import { and, gte, lt, sql } from "drizzle-orm";
import { activities, tickets } from "../../server/db/schema.js";
import { datedAfter } from "../activity-dates.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import { dayMs } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { periodSlices, summedOverSlices, ticketsOfServices } from "../run-scope.js";
import { idsWhere, insertEvidenceIds } from "./evidence-ids.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateLowSatisfactionFollowup(ctx: EvalContext, rule: RuleOf<"low_satisfaction_followup">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const { maxScore, withinDays } = rule.params;
  // the resolved_at index (resolved_at, satisfaction, deleted_at, service_id) reads the period's scored tickets alone
  // read in pieces of the period (periodSlices), each resolved_at range through that index
  const unhappy = and(
    sql`${tickets.satisfaction} <= ${maxScore}`,
    sql`+${tickets.deletedAt} IS NULL`,
    ticketsOfServices(ctx),
  )!;
  // the ticket_id index: a handful of activities per ticket
  const followedUp = sql`EXISTS (SELECT 1 FROM ${activities} WHERE ${activities.ticketId} = ${tickets.id} AND ${datedAfter(sql`${tickets.resolvedAt}`, withinDays * dayMs, ctx.timezone)})`;
  const due = sql`(${ctx.asOf} - ${tickets.resolvedAt}) >= ${withinDays * dayMs}`;
  const { sums: row, offending } = await summedOverSlices(ctx.db, periodSlices(ctx, sql`${tickets.resolvedAt}`), (slice) => sql`
    SELECT count(CASE WHEN f = 1 THEN 1 END) AS followed, count(CASE WHEN f = 0 AND d = 1 THEN 1 END) AS missing, count(CASE WHEN f = 0 AND d = 0 THEN 1 END) AS pending,
      ${idsWhere(sql`id`, sql`f = 0 AND d = 1`)} AS offending
    FROM (SELECT ${tickets.id} AS id, ${followedUp} AS f, ${due} AS d FROM ${tickets} WHERE ${slice} AND ${unhappy} LIMIT -1)`);
  const followed = row.followed, bad = row.missing, pending = row.pending;
  const judgedCount = followed + bad;
  const value = percent(followed, judgedCount);
  const text =
    judgedCount === 0
      ? resultText("result.lowCsat.none", { maxScore, pending })
      : resultText("result.lowCsat.measured", { followed, due: judgedCount, maxScore, withinDays, symbol: symbol[rule.comparison], threshold, value: fmt(value), missing: bad, pending });
  return judged(rule, threshold, value, judgedCount, { count: bad }, text, {
    details: { followed, missing: bad, pending },
    writeEvidence: (tx) => insertEvidenceIds(tx, ctx.runId, rule.id, offending),
  });
}
