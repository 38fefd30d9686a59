// PROBLEM-RECORDS (kind problem_records): the problems resolved in the period (not deleted, in the plan's services)
// that carry a root cause and at least `minLinkedIncidents` linked incidents; a problem resolved before it was opened
// is an impossible record and counts as not documented.
import { and, sql } from "drizzle-orm";
import { tickets } from "../../server/db/schema.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { periodSlices, summedOverSlices, ticketsOfServices } from "../run-scope.js";
import { hasRootCause, linkedIncidentsAtLeast, resolvedBeforeOpened } from "./problem-conditions.js";
import { idsWhere, insertEvidenceIds } from "./evidence-ids.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateProblemRecords(ctx: EvalContext, rule: RuleOf<"problem_records">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  // the partial index of problems by resolution (tickets_problem_resolved_idx) reads the period's resolved problems
  // alone; the resolved_at index would read every ticket resolved in the period and look each one up
  // read in pieces of the period (periodSlices), each resolved_at range through that index
  const population = and(
    sql`${tickets.kind} = 'problem'`,
    sql`+${tickets.deletedAt} IS NULL`,
    ticketsOfServices(ctx),
  )!;
  const cause = hasRootCause(), linked = linkedIncidentsAtLeast(rule.params.minLinkedIncidents), impossible = resolvedBeforeOpened();
  const documented = sql`(${cause} AND ${linked} AND NOT ${impossible})`;
  const { sums: row, offending } = await summedOverSlices(ctx.db, periodSlices(ctx, sql`${tickets.resolvedAt}`), (slice) => sql`
    SELECT count(*) AS n, coalesce(sum(d), 0) AS documented, count(*) - coalesce(sum(c), 0) AS no_cause, count(*) - coalesce(sum(l), 0) AS unlinked, coalesce(sum(i), 0) AS impossible,
      ${idsWhere(sql`id`, sql`NOT d`)} AS offending
    FROM (SELECT ${tickets.id} AS id, ${cause} AS c, ${linked} AS l, ${impossible} AS i, ${documented} AS d FROM ${tickets} WHERE ${slice} AND ${population} LIMIT -1)`);
  const n = row.n, ok = row.documented;
  const value = percent(ok, n);
  const values = { documented: ok, resolved: n, noCause: Number(row.no_cause), unlinked: Number(row.unlinked), impossible: Number(row.impossible) };
  return judged(
    rule,
    threshold,
    value,
    n,
    { count: n - ok },
    n === 0 ? resultText("result.problems.none") : resultText("result.problems.measured", { ...values, symbol: symbol[rule.comparison], threshold, value: fmt(value) }),
    {
      details: values,
      writeEvidence: (tx) => insertEvidenceIds(tx, ctx.runId, rule.id, offending),
    },
  );
}
