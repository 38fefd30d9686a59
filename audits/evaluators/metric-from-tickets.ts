// MTTR-URGENT (kind metric_from_tickets): the mean resolution time of the rule's resolved tickets (its ticket kind
// and priority are rule parameters); impossible (negative) times are left out: invalid evidence cannot lower the mean.
import { sql } from "drizzle-orm";
import { tickets } from "../../server/db/schema.js";
import { fmt, judged, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";

export function contributeMetricFromTickets(rule: RuleOf<"metric_from_tickets">, scan: TicketScan): Finish {
  const { ticketKind, priority } = rule.params;
  const counted = sql`(${tickets.kind} = ${ticketKind} AND ${tickets.priority} = ${priority} AND ${tickets.resolvedAt} IS NOT NULL AND ${tickets.resolutionMinutes} >= 0)`;
  // per ticket: the resolution minutes of a counted ticket, else NULL
  const minutes = scan.perTicket("minutes", sql`(CASE WHEN ${counted} THEN ${tickets.resolutionMinutes} END)`);
  scan.aggregate("n", sql`count(${minutes})`);
  scan.aggregate("sum", sql`coalesce(sum(${minutes}), 0)`);
  scan.aggregate("over", countWhen(sql`${minutes} > ${scan.threshold}`));
  scan.offends(sql`${minutes} > ${scan.threshold}`);
  return (row) => {
    const n = row.get("n")!;
    const value = n === 0 ? null : row.get("sum")! / n;
    return judged(rule, scan.threshold, value, n, { count: row.get("over")! }, resultText("result.mttr.measured", { resolved: n, priority, ticketKind, value: fmt(value), symbol: symbol[rule.comparison], threshold: scan.threshold }));
  };
}
