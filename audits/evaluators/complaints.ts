// Complaints (ISO 8.3.2; G2.4): tickets whose category is one of the rule's complaint categories.
// COMPLAINT-RESPONSE (kind complaint_response, in the ticket scan): the complaints in scope answered within the target,
// of those judged; COMPLAINT-ANSWERED (kind complaint_closure, its own query): the complaints closed in
// the period carry a non-blank resolution.
import { and, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { slaPolicies, ticketDailyRollup, tickets } from "../../server/db/schema.js";
import { elapsedMinutes } from "../../server/ingest/elapsed-time.js";
import { builtInCalendar } from "../../server/ingest/sla-policies.js";
import type { SlaCalendar } from "../../server/db/schema.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { rowidSlices, summedOverSlices, ticketsOfServices } from "../run-scope.js";
import { integer, whiteSpace } from "./ticket-conditions.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";
import { idsWhere, insertEvidenceIds } from "./evidence-ids.js";
import type { EvalContext, Outcome } from "./types.js";

/** the ticket's category is one of the complaint categories (exact values) */
export function isComplaint(categories: string[], category: SQL = sql`${tickets.category}`): SQL {
  if (categories.length === 0) return sql`0`;
  return sql`(${category} IN (${sql.join(categories.map((c) => sql`${c}`), sql`, `)}))`;
}

/**
 * Per SLA policy (and for tickets without one, the built-in calendar): the earliest opening instant whose elapsed
 * time to asOf, under the policy's calendar, is still within the target. A complaint with no response yet is
 * breached exactly when it was opened before its policy's cutoff (elapsed time only shrinks as the opening moves
 * later), pending otherwise: the business-time reading of a missing timestamp, with one instant per policy.
 */
export interface ResponseCutoffs {
  byPolicy: Map<number, number>;
  withoutPolicy: number;
}

/** The smallest whole ms o in [from, asOf] with elapsedMinutes(calendar, o, asOf) ≤ minutes (from when none before it is). */
export function openingCutoff(calendar: SlaCalendar, from: number, asOf: number, minutes: number): number {
  const over = (o: number) => elapsedMinutes(calendar, o, asOf) > minutes;
  if (from >= asOf || !over(from)) return from;
  let lo = from, hi = asOf; // over(lo), !over(hi)
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (over(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

export async function prepareComplaintResponse(ctx: EvalContext, rule: RuleOf<"complaint_response">): Promise<ResponseCutoffs> {
  const policies = await ctx.db.select({ id: slaPolicies.id, calendar: slaPolicies.calendar }).from(slaPolicies);
  const { start } = ctx.period, { asOf } = ctx, target = rule.params.targetMinutes;
  return {
    byPolicy: new Map(policies.map((p) => [p.id, openingCutoff(p.calendar, start, asOf, target)])),
    withoutPolicy: openingCutoff(builtInCalendar, start, asOf, target),
  };
}

export function contributeComplaintResponse(rule: RuleOf<"complaint_response">, scan: TicketScan, cutoffs: ResponseCutoffs): Finish {
  const target = rule.params.targetMinutes;
  const cases = [...cutoffs.byPolicy].map(([id, at]) => sql`WHEN ${integer(id)} THEN ${integer(at)}`);
  const cutoff = cases.length ? sql`(CASE ${tickets.policyId} ${sql.join(cases, sql` `)} ELSE ${integer(cutoffs.withoutPolicy)} END)` : integer(cutoffs.withoutPolicy);
  // per complaint: 1 answered within target, 2 late (or impossible: a response before opening), 3 pending; NULL for other tickets
  const c = scan.perTicket(
    "complaint",
    sql`(CASE WHEN ${isComplaint(rule.params.complaintCategories)} THEN (CASE WHEN ${tickets.responseMinutes} IS NULL THEN (CASE WHEN ${tickets.openedAt} < ${cutoff} THEN 2 ELSE 3 END) WHEN ${tickets.responseMinutes} >= 0 AND ${tickets.responseMinutes} <= ${target} THEN 1 ELSE 2 END) END)`,
  );
  scan.aggregate("met", countWhen(sql`${c} = 1`));
  scan.aggregate("breached", countWhen(sql`${c} = 2`));
  scan.aggregate("pending", countWhen(sql`${c} = 3`));
  scan.offends(sql`${c} = 2`);
  return (row) => {
    const met = row.get("met")!, breached = row.get("breached")!, pending = row.get("pending")!;
    const n = met + breached;
    const value = percent(met, n);
    const text =
      n === 0
        ? resultText("result.complaint.responseNone", { pending })
        : resultText("result.complaint.response", { value: fmt(value), judged: n, targetHours: target / 60, symbol: symbol[rule.comparison], threshold: scan.threshold, breached, pending });
    return judged(rule, scan.threshold, value, n, { count: breached }, text, { details: { met, breached, pending } });
  };
}

export async function evaluateComplaintClosure(ctx: EvalContext, rule: RuleOf<"complaint_closure">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const { complaintCategories } = rule.params;
  // no index leads with closed_at or category (each index of tickets costs every ingested ticket): one read of the table
  const closed = and(
    complaintCategories.length ? inArray(tickets.category, complaintCategories) : sql`0`,
    gte(tickets.closedAt, ctx.period.start),
    lt(tickets.closedAt, ctx.period.end),
    sql`+${tickets.deletedAt} IS NULL`,
    ticketsOfServices(ctx),
  )!;
  const unanswered = sql`NOT coalesce(trim(${tickets.resolution}, ${whiteSpace}) <> '', 0)`;
  // a period holding most tickets: the table in rowid slices (the ticket pass's), the event loop answering between;
  // none when the daily rollup holds no live complaint at all (then none can have closed in the period)
  const slices = !(await anyComplaint(ctx, complaintCategories)) ? [] : ctx.scanAll ? await rowidSlices(ctx) : [sql`1`];
  const { sums, offending } = await summedOverSlices(ctx.db, slices, (slice) =>
    sql`SELECT count(*) AS n, ${countWhen(unanswered)} AS bad, ${idsWhere(sql`${tickets.id}`, unanswered)} AS offending FROM ${tickets} WHERE ${slice} AND ${closed}`,
  );
  const row = { n: sums.n ?? 0, bad: sums.bad ?? 0 };
  const value = percent(row.n - row.bad, row.n);
  const text =
    row.n === 0
      ? resultText("result.complaint.closedNone")
      : resultText("result.complaint.closed", { answered: row.n - row.bad, closed: row.n, symbol: symbol[rule.comparison], threshold, value: fmt(value), bad: row.bad });
  return judged(rule, threshold, value, row.n, { count: row.bad }, text, {
    writeEvidence: (tx) => insertEvidenceIds(tx, ctx.runId, rule.id, offending),
  });
}

/**
 * Whether any live ticket in the plan's services has one of the complaint categories, from the daily rollup (which
 * counts the live tickets by exact category in the transaction of every change): a few thousand rows per day of
 * data, where the closure query reads the whole ticket table, having no index on category or closed_at.
 */
async function anyComplaint(ctx: EvalContext, categories: string[]): Promise<boolean> {
  if (categories.length === 0) return false;
  const r = ticketDailyRollup;
  const rows = await ctx.db.all(sql`SELECT 1 FROM ${r} WHERE ${inArray(r.category, categories)} AND ${r.opened} > 0
    AND ${ctx.serviceIds ? inArray(r.serviceId, ctx.serviceIds) : sql`1`} LIMIT 1`);
  return rows.length > 0;
}
