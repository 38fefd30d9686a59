// MAJOR-INC-INFORMED (kind major_incident_notification): every major incident in scope has an activity of the rule's
// type naming it (ticket_id) dated from its opening to `withinHours` after it (a bare date: by days in the plan's
// time zone, as a post-incident review is). One opened less than `withinHours` before asOf and not yet notified is
// pending and left out. Value = informed / (informed + missing), as a percentage.
import { sql } from "drizzle-orm";
import { activities, tickets } from "../../server/db/schema.js";
import { datedAfter } from "../activity-dates.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";

const hourMs = 3_600_000;

export function contributeMajorIncidentNotification(rule: RuleOf<"major_incident_notification">, scan: TicketScan): Finish {
  const { activityType, withinHours } = rule.params;
  const windowMs = Math.round(withinHours * hourMs);
  const population = sql`(${tickets.kind} = 'incident' AND ${tickets.majorIncident} = 1)`;
  // the unary + keeps SQLite on the ticket_id index (a handful of rows per ticket), as the review lookup does
  const informed = sql`EXISTS (SELECT 1 FROM ${activities} WHERE ${activities.ticketId} = ${tickets.id} AND +${activities.type} = ${activityType} AND ${datedAfter(sql`${tickets.openedAt}`, windowMs, scan.ctx.timezone)})`;
  const due = sql`(${scan.ctx.asOf} - ${tickets.openedAt}) >= ${windowMs}`;
  // per major incident: 1 if informed, + 2 once due; NULL for every other ticket
  const state = scan.perTicket("notice", sql`(CASE WHEN ${population} THEN (CASE WHEN ${informed} THEN 1 ELSE 0 END) + (CASE WHEN ${due} THEN 2 ELSE 0 END) END)`);
  scan.aggregate("informed", countWhen(sql`${state} IN (1, 3)`));
  scan.aggregate("missing", countWhen(sql`${state} = 2`));
  scan.aggregate("pending", countWhen(sql`${state} = 0`));
  scan.offends(sql`${state} = 2`);
  return (row) => {
    const informedCount = row.get("informed")!, missing = row.get("missing")!, pending = row.get("pending")!;
    const judgedCount = informedCount + missing;
    const value = percent(informedCount, judgedCount);
    const text =
      judgedCount === 0
        ? resultText("result.informed.none", { pending })
        : resultText("result.informed.measured", { informed: informedCount, due: judgedCount, withinHours, symbol: symbol[rule.comparison], threshold: scan.threshold, missing, pending, value: fmt(value) });
    return judged(rule, scan.threshold, value, judgedCount, { count: missing }, text, { details: { informed: informedCount, missing, pending } });
  };
}
