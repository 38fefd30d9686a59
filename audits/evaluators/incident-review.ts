// MAJOR-INCIDENT-REVIEW (kind incident_review): the rule's resolved tickets (kind and priorities are its parameters,
// urgent incidents in the built-in rulebook) reviewed within the window, of those due.
import { sql } from "drizzle-orm";
import { judged, percent } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { reviewConditions } from "./ticket-conditions.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";

export function contributeIncidentReview(rule: RuleOf<"incident_review">, scan: TicketScan): Finish {
  // per ticket of the population: 1 if reviewed, + 2 if the review is due; NULL for other tickets
  const c = reviewConditions(rule.params, scan.ctx.asOf, scan.ctx.timezone);
  const review = scan.perTicket("review", sql`(CASE WHEN ${c.population} THEN (CASE WHEN ${c.isReviewed} THEN 1 ELSE 0 END) + (CASE WHEN ${c.overdue} THEN 2 ELSE 0 END) END)`);
  scan.aggregate("reviewed", countWhen(sql`${review} IN (1, 3)`));
  scan.aggregate("missing", countWhen(sql`${review} = 2`));
  scan.offends(sql`${review} = 2`);
  return (row) => {
    const reviewed = row.get("reviewed")!, missing = row.get("missing")!;
    const due = reviewed + missing;
    const value = percent(reviewed, due);
    return judged(rule, scan.threshold, value, due, { count: missing }, resultText("result.review.measured", { reviewed, due, withinDays: rule.params.withinDays, missing }), {
      details: { reviewed, missing },
    });
  };
}
