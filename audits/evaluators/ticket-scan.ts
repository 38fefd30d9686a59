// What a ticket-based rule kind contributes to the run's one aggregate scan of its tickets: per-ticket columns,
// aggregate columns, the condition that makes a ticket its evidence, and how the aggregate row becomes an outcome.
import { sql, type SQL } from "drizzle-orm";
import type { EvalContext, Outcome } from "./types.js";

/** One rule's view of the scan: names are the rule's own (the scan keeps rules apart). */
export interface TicketScan {
  ctx: EvalContext;
  /** the plan's threshold for the rule, else the rule's default */
  threshold: number;
  /** wide mode: counts kept apart (a period with too many tickets for packed sums) */
  wide: boolean;
  /** a column of the per-ticket subquery, computed once per ticket; answers the reference the aggregate reads */
  perTicket(name: string, expr: SQL): SQL;
  /**
   * a column of the aggregate row; `combine` says how the rows of the scan's slices add up (the scan of a large
   * period reads the table in slices of rowids): `sum` (counts and sums, the default), `packed` (a packed sum read
   * as text), `jsonList` (a JSON array: the slices' lists concatenated), `once` (the same in every slice: an
   * uncorrelated subquery)
   */
  aggregate(name: string, expr: SQL, combine?: Combine): void;
  /** a ticket meeting `cond` is evidence of this rule (its id is stored with the run) */
  offends(cond: SQL): void;
}

export type Combine = "sum" | "packed" | "jsonList" | "once";

/** Reads the rule's aggregate columns (and the number of tickets in scope) once the scan has run. */
export interface ScanRow {
  get(name: string): number | null;
  /** a column read as text (a packed sum beyond JavaScript's safe integers) */
  text(name: string): string;
  scopeCount: number;
}

export type Finish = (row: ScanRow) => Outcome;

export const countWhen = (cond: SQL) => sql<number>`count(CASE WHEN ${cond} THEN 1 END)`;
