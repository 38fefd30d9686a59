// CSAT-COVERAGE (kind satisfaction_coverage): the share of resolved tickets in scope that carry a satisfaction score.
import { sql } from "drizzle-orm";
import { tickets } from "../../server/db/schema.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";

export function contributeSatisfactionCoverage(rule: RuleOf<"satisfaction_coverage">, scan: TicketScan): Finish {
  // per ticket: 0 unresolved, 1 resolved without a score, 2 resolved with one
  const coverage = scan.perTicket("coverage", sql`(CASE WHEN ${tickets.resolvedAt} IS NULL THEN 0 WHEN ${tickets.satisfaction} IS NULL THEN 1 ELSE 2 END)`);
  scan.aggregate("resolved", countWhen(sql`${coverage} > 0`));
  scan.aggregate("rated", countWhen(sql`${coverage} = 2`));
  // unrated tickets are not nonconformities one by one: only their number is kept as evidence
  return (row) => {
    const resolved = row.get("resolved")!, rated = row.get("rated")!;
    const value = percent(rated, resolved);
    return judged(rule, scan.threshold, value, resolved, { count: resolved - rated, ids: [] }, resultText("result.coverage.measured", { value: fmt(value), resolved, symbol: symbol[rule.comparison], threshold: scan.threshold }));
  };
}
