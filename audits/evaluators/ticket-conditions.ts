// Per-ticket conditions of the ticket-based rules as SQL over one `tickets` row (SLA met/breached/pending,
// completeness, consistency, post-incident review), shared by the aggregate and the evidence pass.
import { and, sql, type SQL } from "drizzle-orm";
import { activities, tickets } from "../../server/db/schema.js";
import { datedAfter } from "../activity-dates.js";
import { dayMs } from "../period.js";
import { derivedCompleteness } from "../../server/ingest/record-completeness.js";
import type { RecordField, RuleParams, TicketMeasure } from "../rulebooks/types.js";

const measureColumns = {
  response: { minutes: tickets.responseMinutes, target: tickets.responseTarget, deadline: tickets.responseDeadline },
  resolution: { minutes: tickets.resolutionMinutes, target: tickets.resolutionTarget, deadline: tickets.resolutionDeadline },
  closure: { minutes: tickets.closureMinutes, target: tickets.closureTarget, deadline: tickets.closureDeadline },
};

/** Three counts in one sum: met + breached × 2^22 + pending × 2^44 (valid while met and breached < 2^22, pending < 2^19). */
export const breachedUnit = 2 ** 22;
export const pendingUnit = 2 ** 44;

/** An integer literal: a bound JavaScript number arrives as REAL and would turn the packed sums into floats. */
export const integer = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`${n} is not a safe integer`);
  return sql.raw(String(n));
};

/**
 * A ticket's standing on one measure, whatever the rule: 0 without a target; 1 met (measured, within target);
 * breachedUnit when breached: over target, impossible (negative: a timestamp before opened_at, or more on-hold
 * time than elapsed time), or missing with asOf past the deadline stored at ingest (the last instant whose
 * elapsed time from opening, under the policy's calendar, is within target); pendingUnit otherwise.
 * Every SLA rule on the measure shares it, so it is computed once per ticket.
 */
export function slaClass(measure: TicketMeasure, asOf: number): SQL {
  const { minutes, target, deadline } = measureColumns[measure];
  return sql`(CASE WHEN ${target} IS NULL THEN 0 WHEN ${minutes} IS NULL THEN (CASE WHEN ${asOf} > ${deadline} THEN ${integer(breachedUnit)} ELSE ${integer(pendingUnit)} END) WHEN ${minutes} >= 0 AND ${minutes} <= ${target} THEN 1 ELSE ${integer(breachedUnit)} END)`;
}

/** The rule's tickets by kind, priority and complexity, over the given columns (the ticket's or a subquery's). */
export function slaPopulation(p: RuleParams["sla_attainment"], c: { kind: SQL; priority: SQL; complex: SQL }): SQL {
  return and(
    sql`${c.kind} = ${p.ticketKind}`,
    p.priorities === null ? undefined : sql`${c.priority} IN (${sql.join(p.priorities.map((v) => sql`${v}`), sql`, `)})`,
    p.complex === null ? undefined : sql`${c.complex} = ${integer(p.complex ? 1 : 0)}`,
  ) ?? sql`1`;
}

const recordColumns = { summary: tickets.summary, category: tickets.category, priority: tickets.priority, assignee: tickets.assignee, resolution: tickets.resolution };

/** The characters String#trim removes (ingest's "blank"), for SQLite's trim(X, Y). */
export const whiteSpace = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

const sameCompleteness = (a: RuleParams["record_completeness"], b: RuleParams["record_completeness"]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Not complete by REC-COMPLETE's parameters. With the parameters ingest derived the stored flag by
 * (server/ingest/record-completeness.ts), the flag is read (null would be a row start-up has not filled yet);
 * a rule with other parameters is tested per ticket here, by the same reading of "blank".
 */
export function incompleteRecord(p: RuleParams["record_completeness"]): SQL {
  if (sameCompleteness(p, derivedCompleteness)) return sql`(${tickets.recordComplete} IS NOT 1)`;
  const filled = (f: RecordField) => sql`coalesce(trim(${recordColumns[f]}, ${whiteSpace}) <> '', 0)`;
  const conditions = [
    ...p.requiredFields.map(filled),
    sql`coalesce(${tickets.id} REGEXP ${p.idPattern}, 0)`,
    ...p.requiredOnceResolved.map((f) => sql`(${tickets.resolvedAt} IS NULL OR ${filled(f)})`),
  ];
  return sql`(NOT (${sql.join(conditions, sql` AND `)}))`;
}

/**
 * Times out of order, each named: a response, resolution or closure before opening, a closure before the
 * resolution, or a resolution time negative once on-hold minutes are subtracted (impossible records, rulebook
 * "SLA attainment"). REC-CONSISTENT counts a record meeting any of them; the data-quality view names which.
 */
export function inconsistencyChecks() {
  return {
    first_response_before_opened: sql`coalesce(${tickets.firstResponseAt} < ${tickets.openedAt}, 0)`,
    resolved_before_opened: sql`coalesce(${tickets.resolvedAt} < ${tickets.openedAt}, 0)`,
    closed_before_resolved: sql`coalesce(${tickets.closedAt} < ${tickets.resolvedAt}, 0)`,
    closed_before_opened: sql`coalesce(${tickets.closedAt} < ${tickets.openedAt}, 0)`,
    negative_resolution_time: sql`coalesce(${tickets.resolutionMinutes} < 0, 0)`,
  } satisfies Record<string, SQL>;
}

export type InconsistencyCheck = keyof ReturnType<typeof inconsistencyChecks>;

export function inconsistentRecord(): SQL {
  return sql`(${sql.join(Object.values(inconsistencyChecks()), sql` OR `)})`;
}

/** The resolved tickets whose review the rule wants: its ticket kind and priorities. */
export function reviewPopulation(p: RuleParams["incident_review"]): SQL {
  return sql`(${tickets.kind} = ${p.ticketKind} AND ${tickets.priority} IN (${sql.join(p.priorities.map((v) => sql`${v}`), sql`, `)}) AND ${tickets.resolvedAt} IS NOT NULL)`;
}

/**
 * A review of the ticket dated within `withinDays` × 24 h after its resolution (a bare date: by days in the plan's
 * time zone). The unary + keeps SQLite on the ticket_id index (a handful of rows per ticket) instead of a range
 * of the type/at index, which holds every review of those days for every ticket.
 */
export function reviewed(p: RuleParams["incident_review"], timezone: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${activities} WHERE ${activities.ticketId} = ${tickets.id} AND +${activities.type} = ${p.reviewType} AND ${datedAfter(sql`${tickets.resolvedAt}`, p.withinDays * dayMs, timezone)})`;
}

export function reviewConditions(p: RuleParams["incident_review"], asOf: number, timezone: string) {
  const isReviewed = reviewed(p, timezone);
  const overdue = sql`(${asOf} - ${tickets.resolvedAt}) >= ${p.withinDays * dayMs}`;
  const population = reviewPopulation(p);
  return {
    population,
    isReviewed,
    overdue,
    reviewed: sql`(${population} AND ${isReviewed})`,
    /** due and not reviewed: the offending tickets */
    missing: sql`(${population} AND ${overdue} AND NOT ${isReviewed})`,
  };
}
