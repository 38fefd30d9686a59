// Per-ticket conditions of the ticket-based rules as SQL over one `tickets` row (SLA met/breached,
// completeness, consistency, MTTR, post-incident review), shared by the aggregate and the evidence pass.
import { and, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { activities, tickets } from "../../server/db/schema.js";
import { dayMs } from "../period.js";
import type { RuleParams, TicketMeasure } from "../rulebooks/types.js";

const measureColumns = {
  response: { minutes: tickets.responseMinutes, target: tickets.responseTarget },
  resolution: { minutes: tickets.resolutionMinutes, target: tickets.resolutionTarget },
  closure: { minutes: tickets.closureMinutes, target: tickets.closureTarget },
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
 * breachedUnit when breached (over target, or missing and already past target at asOf); pendingUnit otherwise.
 * Every SLA rule on the measure shares it, so it is computed once per ticket.
 */
export function slaClass(measure: TicketMeasure, asOf: number): SQL {
  const { minutes, target } = measureColumns[measure];
  const overdue = sql`(${asOf} - ${tickets.openedAt}) > ${target} * 60000.0`;
  // a NULL minutes makes `minutes <= target` NULL, so the CASE falls through to the breach test
  return sql`(CASE WHEN ${target} IS NULL THEN 0 WHEN ${minutes} <= ${target} THEN 1 WHEN ${minutes} > ${target} OR ${overdue} THEN ${integer(breachedUnit)} ELSE ${integer(pendingUnit)} END)`;
}

/** The rule's tickets by kind, priority and complexity, over the given columns (the ticket's or a subquery's). */
export function slaPopulation(p: RuleParams["sla_attainment"], c: { kind: SQL; priority: SQL; complex: SQL }): SQL {
  return and(
    sql`${c.kind} = ${p.ticketKind}`,
    p.priorities === null ? undefined : sql`${c.priority} IN (${sql.join(p.priorities.map((v) => sql`${v}`), sql`, `)})`,
    p.complex === null ? undefined : sql`${c.complex} = ${integer(p.complex ? 1 : 0)}`,
  ) ?? sql`1`;
}

/**
 * non-empty: holds at least one character other than space, tab, newline or carriage return. The comparison is
 * a cheap first test (a first byte above the space is such a character); the GLOB decides the rest.
 */
const filled = (column: SQL | AnyColumn) => sql`(${column} >= '!' OR ${column} GLOB ${"*[^ \t\n\r]*"})`;

/**
 * `^[A-Z][A-Z0-9]*-\d{4}-\d{3,}$` without a regex function, in three GLOBs: the shape; only capitals and digits
 * before the first dash; nothing but digits from the sixth character after it (where the shape's `-dddd-` must
 * then start at that first dash). The last two read short substrings: a leading `*` GLOB costs per character.
 */
export function idMatchesPattern(column: SQL | AnyColumn = tickets.id): SQL {
  const dash = sql`instr(${column}, '-')`;
  return sql`(${column} GLOB '[A-Z]*-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9]*' AND substr(${column}, 1, ${dash} - 1) NOT GLOB '*[^A-Z0-9]*' AND substr(${column}, ${dash} + 6) NOT GLOB '*[^0-9]*')`;
}

export function incompleteRecord(): SQL {
  const complete = sql`(${filled(tickets.summary)} AND ${filled(tickets.category)} AND ${tickets.priority} IS NOT NULL AND ${filled(tickets.assignee)} AND ${idMatchesPattern()} AND (${tickets.resolvedAt} IS NULL OR ${filled(tickets.resolution)}))`;
  return sql`(CASE WHEN ${complete} THEN 0 ELSE 1 END = 1)`;
}

export function inconsistentRecord(): SQL {
  return sql`(coalesce(${tickets.firstResponseAt} < ${tickets.openedAt}, 0) OR coalesce(${tickets.resolvedAt} < ${tickets.openedAt}, 0) OR coalesce(${tickets.closedAt} < ${tickets.resolvedAt}, 0))`;
}

export const resolvedUrgentIncident = sql`(${tickets.kind} = 'incident' AND ${tickets.priority} = 'urgent' AND ${tickets.resolvedAt} IS NOT NULL)`;

/**
 * A review of the ticket dated from the day of resolution (UTC) to `withinDays` days after it. The unary + keeps
 * SQLite on the ticket_id index (a handful of rows per ticket) instead of a range of the type/at index, which
 * holds every review of those days for every ticket.
 */
export function reviewed(p: RuleParams["incident_review"]): SQL {
  return sql`EXISTS (SELECT 1 FROM ${activities} WHERE ${activities.ticketId} = ${tickets.id} AND +${activities.type} = ${p.reviewType} AND +${activities.at} >= ${tickets.resolvedAt} - (${tickets.resolvedAt} % ${dayMs}) AND +${activities.at} <= ${tickets.resolvedAt} + ${p.withinDays * dayMs})`;
}

export function reviewConditions(p: RuleParams["incident_review"], asOf: number) {
  const isReviewed = reviewed(p);
  const overdue = sql`(${asOf} - ${tickets.resolvedAt}) >= ${p.withinDays * dayMs}`;
  return {
    isReviewed,
    overdue,
    reviewed: sql`(${resolvedUrgentIncident} AND ${isReviewed})`,
    /** due and not reviewed: the offending incidents */
    missing: sql`(${resolvedUrgentIncident} AND ${overdue} AND NOT ${isReviewed})`,
  };
}
