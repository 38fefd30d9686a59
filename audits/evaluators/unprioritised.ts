// UNPRIORITISED (kind unprioritised, in the ticket scan): incidents and requests in scope without a priority. Every SLA
// rule selects its tickets by priority (or kind alone), so such a ticket escapes the rules that would judge it: the
// count of them is an evidence gap, judged like REC-CONSISTENT (at most the threshold, 0 by default).
import { sql } from "drizzle-orm";
import { tickets } from "../../server/db/schema.js";
import { judged } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";

export function contributeUnprioritised(rule: RuleOf<"unprioritised">, scan: TicketScan): Finish {
  const kinds = rule.params.ticketKinds;
  // per ticket of the kinds: 1 without a priority, 0 with one; NULL for other tickets
  const c = scan.perTicket(
    "unprioritised",
    kinds.length ? sql`(CASE WHEN ${tickets.kind} IN (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)}) THEN (${tickets.priority} IS NULL) END)` : sql`NULL`,
  );
  scan.aggregate("population", sql<number>`count(${c})`);
  scan.aggregate("bad", countWhen(sql`${c} = 1`));
  scan.offends(sql`${c} = 1`);
  return (row) => {
    const population = row.get("population")!, bad = row.get("bad")!;
    const o = judged(rule, scan.threshold, bad, population, { count: bad }, resultText("result.unprioritised.measured", { bad, population, threshold: scan.threshold }), {
      details: { unprioritised: bad, population },
    });
    return { ...o, smallPopulation: false };
  };
}
