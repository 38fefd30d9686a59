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
}

/** met: measured and within target; breached: over target, or missing and already past target at asOf; pending: the rest. */
export function slaConditions(p: RuleParams["sla_attainment"], asOf: number): SlaConditions {
  const { minutes, target } = measureColumns[p.measure];
  const population = and(
    sql`${tickets.kind} = ${p.ticketKind}`,
    p.priorities ? inArray(tickets.priority, p.priorities) : undefined,
    p.complex === null ? undefined : sql`${tickets.complex} = ${p.complex ? 1 : 0}`,
    sql`${target} IS NOT NULL`,
  )!;
  return {
    met: sql`(${population} AND ${minutes} IS NOT NULL AND ${minutes} <= ${target})`,
    breached: sql`(${population} AND (${minutes} > ${target} OR (${minutes} IS NULL AND (${asOf} - ${tickets.openedAt}) > ${target} * 60000.0)))`,
    pending: sql`(${population} AND ${minutes} IS NULL AND (${asOf} - ${tickets.openedAt}) <= ${target} * 60000.0)`,
  };
}

const blankChars = " \t\n\r";
const filled = (column: SQL | AnyColumn) => sql`(${column} IS NOT NULL AND trim(${column}, ${blankChars}) <> '')`;

/** `^[A-Z][A-Z0-9]*-\d{4}-\d{3,}$` without a regex function: split at the first '-' and test both parts with GLOB. */
export function idMatchesPattern(column: SQL | AnyColumn = tickets.id): SQL {
  const dash = sql`instr(${column}, '-')`;
  const prefix = sql`substr(${column}, 1, ${dash} - 1)`;
  const rest = sql`substr(${column}, ${dash} + 1)`;
  return sql`(${dash} > 1 AND ${prefix} GLOB '[A-Z]*' AND ${prefix} NOT GLOB '*[^A-Z0-9]*' AND ${rest} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9]*' AND substr(${column}, ${dash} + 6) NOT GLOB '*[^0-9]*')`;
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
