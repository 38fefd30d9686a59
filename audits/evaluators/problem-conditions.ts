// Problem links as SQL over one `tickets` row: a problem's root cause and linked incidents, an incident's link to a
// problem record. A link is a ticket's problem_id naming another ticket by id; deleted tickets link nothing.
import { sql, type SQL } from "drizzle-orm";
import { tickets } from "../../server/db/schema.js";
import { whiteSpace } from "./ticket-conditions.js";

/** The other end of a link (the incident naming a problem, or the problem an incident names): `tickets AS linked`. */
const other = sql`${tickets} AS linked`;

/** A text column holding something besides Unicode white space (rulebook.md: blank). */
export const filledText = (column: SQL) => sql`coalesce(trim(${column}, ${whiteSpace}) <> '', 0)`;

/** The problem of the current row has a root cause. */
export const hasRootCause = () => filledText(sql`${tickets.rootCause}`);

/**
 * The number of live incidents whose problem_id names the current row, counted up to `atLeast` (enough to decide
 * `>= atLeast`); read through the partial index on problem_id.
 */
export function linkedIncidentsAtLeast(atLeast: number): SQL {
  const n = Math.max(0, Math.floor(atLeast));
  if (n === 0) return sql`1`;
  return sql`((SELECT count(*) FROM (SELECT 1 FROM ${other} WHERE linked.problem_id = ${tickets.id} AND linked.kind = 'incident' AND linked.deleted_at IS NULL LIMIT ${sql.raw(String(n))})) >= ${sql.raw(String(n))})`;
}

/** The current row names a live ticket of kind problem as its problem record (a primary-key lookup, only when it names one). */
export function linkedToProblemRecord(): SQL {
  return sql`(${tickets.problemId} IS NOT NULL AND EXISTS (SELECT 1 FROM ${other} WHERE linked.id = ${tickets.problemId} AND linked.kind = 'problem' AND linked.deleted_at IS NULL))`;
}

/** The current row's resolution precedes its opening: an impossible record, which can prove nothing. */
export const resolvedBeforeOpened = () => sql`coalesce(${tickets.resolvedAt} < ${tickets.openedAt}, 0)`;
