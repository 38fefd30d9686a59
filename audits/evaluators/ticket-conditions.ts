// Per-ticket conditions of the ticket-based rules as SQL over one `tickets` row (SLA met/breached,
// completeness, consistency, MTTR, post-incident review), shared by the aggregate and the evidence pass.
import { and, inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { activities, tickets } from "../../server/db/schema.js";
import { dayMs } from "../period.js";
import type { RuleParams } from "../rulebooks/types.js";

const measureColumns = {
  response: { minutes: tickets.responseMinutes, target: tickets.responseTarget },
  resolution: { minutes: tickets.resolutionMinutes, target: tickets.resolutionTarget },
  closure: { minutes: tickets.closureMinutes, target: tickets.closureTarget },
};

export interface SlaConditions {
  met: SQL;
  breached: SQL;
  pending: SQL;
  /** per ticket of the population: 1 when met, breachedUnit when breached, pendingUnit when pending; else 0 */
  packed: SQL;
}

/** Three counts in one sum: met + breached × 2^22 + pending × 2^44 (valid while met and breached < 2^22, pending < 2^19). */
export const breachedUnit = 2 ** 22;
export const pendingUnit = 2 ** 44;

/** An integer literal: a bound JavaScript number arrives as REAL and would turn the packed sums into floats. */
export const integer = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`${n} is not a safe integer`);
  return sql.raw(String(n));
};

/** met: measured and within target; breached: over target, or missing and already past target at asOf; pending: the rest. */
export function slaConditions(p: RuleParams["sla_attainment"], asOf: number): SlaConditions {
  const { minutes, target } = measureColumns[p.measure];
  const population = and(
    sql`${tickets.kind} = ${p.ticketKind}`,
    p.priorities === null ? undefined : p.priorities.length === 1 ? sql`${tickets.priority} = ${p.priorities[0]}` : inArray(tickets.priority, p.priorities),
    p.complex === null ? undefined : sql`${tickets.complex} = ${p.complex ? 1 : 0}`,
    sql`${target} IS NOT NULL`,
  )!;
  const overdue = sql`(${asOf} - ${tickets.openedAt}) > ${target} * 60000.0`;
  return {
    met: sql`(${population} AND ${minutes} IS NOT NULL AND ${minutes} <= ${target})`,
    breached: sql`(${population} AND (${minutes} > ${target} OR (${minutes} IS NULL AND ${overdue})))`,
    pending: sql`(${population} AND ${minutes} IS NULL AND NOT ${overdue})`,
    // a NULL minutes makes `minutes <= target` NULL, so the CASE falls through to the breach test
    packed: sql`(CASE WHEN ${population} THEN (CASE WHEN ${minutes} <= ${target} THEN 1 WHEN ${minutes} > ${target} OR ${overdue} THEN ${integer(breachedUnit)} ELSE ${integer(pendingUnit)} END) ELSE 0 END)`,
  };
}

/** non-empty: holds at least one character other than space, tab, newline or carriage return */
const filled = (column: SQL | AnyColumn) => sql`(${column} GLOB ${"*[^ \t\n\r]*"})`;

/**
 * `^[A-Z][A-Z0-9]*-\d{4}-\d{3,}$` without a regex function, in three GLOBs: the shape; only capitals, digits
 * and dashes; and nothing but digits after the second dash (which also rules out a third dash).
 */
export function idMatchesPattern(column: SQL | AnyColumn = tickets.id): SQL {
  return sql`(${column} GLOB '[A-Z]*-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9]*' AND ${column} NOT GLOB '*[^A-Z0-9-]*' AND ${column} NOT GLOB '*-*-*[^0-9]*')`;
}

export function incompleteRecord(): SQL {
  const complete = sql`(${filled(tickets.summary)} AND ${filled(tickets.category)} AND ${tickets.priority} IS NOT NULL AND ${filled(tickets.assignee)} AND ${idMatchesPattern()} AND (${tickets.resolvedAt} IS NULL OR ${filled(tickets.resolution)}))`;
  return sql`(CASE WHEN ${complete} THEN 0 ELSE 1 END = 1)`;
}

export function inconsistentRecord(): SQL {
  return sql`(coalesce(${tickets.firstResponseAt} < ${tickets.openedAt}, 0) OR coalesce(${tickets.resolvedAt} < ${tickets.openedAt}, 0) OR coalesce(${tickets.closedAt} < ${tickets.resolvedAt}, 0))`;
}

export const resolvedUrgentIncident = sql`(${tickets.kind} = 'incident' AND ${tickets.priority} = 'urgent' AND ${tickets.resolvedAt} IS NOT NULL)`;

/** A review of the ticket dated from the day of resolution (UTC) to `withinDays` days after it. */
export function reviewed(p: RuleParams["incident_review"]): SQL {
  return sql`EXISTS (SELECT 1 FROM ${activities} WHERE ${activities.ticketId} = ${tickets.id} AND ${activities.type} = ${p.reviewType} AND ${activities.at} >= ${tickets.resolvedAt} - (${tickets.resolvedAt} % ${dayMs}) AND ${activities.at} <= ${tickets.resolvedAt} + ${p.withinDays * dayMs})`;
}

export function reviewConditions(p: RuleParams["incident_review"], asOf: number) {
  const isReviewed = reviewed(p);
  const overdue = sql`(${asOf} - ${tickets.resolvedAt}) >= ${p.withinDays * dayMs}`;
  return {
    reviewed: sql`(${resolvedUrgentIncident} AND ${isReviewed})`,
    /** due and not reviewed: the offending incidents */
    missing: sql`(${resolvedUrgentIncident} AND ${overdue} AND NOT ${isReviewed})`,
  };
}
