// TRAINING-COVERAGE (ISO 7.2; G2.5, G6): of the distinct assignees of the tickets in scope, the share named among
// the participants of a training dated in (asOf − N days, asOf]. Names are compared trimmed of white space and case
// folded; a blank assignee is no one. A contribution to the run's one scan of its tickets: the scan collects the
// distinct assignees (one entry per spelling, never one per ticket) and, once, the trainings' participants read
// with json_each; only those few names reach JavaScript.
import { and, eq, gt, or, sql } from "drizzle-orm";
import { activities, tickets } from "../../server/db/schema.js";
import { countedInstant, datedBy } from "../activity-dates.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import { dayMs } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { activitiesOfServices } from "../run-scope.js";
import { attendeeKey, isBlank } from "./activity-window.js";
import type { Finish, TicketScan } from "./ticket-scan.js";

export function contributeTrainingCoverage(rule: RuleOf<"training_coverage">, scan: TicketScan): Finish {
  const { ctx } = scan;
  const { activityType, days } = rule.params;
  const assignee = scan.perTicket("assignee", sql`${tickets.assignee}`);
  // names ending in _json are read back as text
  scan.aggregate("assignees_json", sql`json_group_array(DISTINCT ${assignee})`, "jsonList");
  // an uncorrelated subquery: evaluated once for the scan, not per ticket
  scan.aggregate(
    "participants_json",
    sql`(SELECT json_group_array(json_array(p.value, ${activities.at}, ${activities.dateOnly})) FROM ${activities}, json_each(${activities.participants}) AS p WHERE ${and(
      eq(activities.type, activityType),
      sql`${activities.participants} IS NOT NULL`,
      sql`p.type = 'text'`,
      or(datedBy(ctx.asOf, ctx.timezone, "instant"), datedBy(ctx.asOf, ctx.timezone, "bare")),
      gt(activities.at, ctx.asOf - days * dayMs - 2 * dayMs),
      activitiesOfServices(ctx),
    )})`,
    "once",
  );
  return (row) => {
    const threshold = scan.threshold;
    // one entry per person: the key compared, the first spelling (by code point) shown
    const assignees = new Map<string, string>();
    for (const name of JSON.parse(row.text("assignees_json")) as (string | null)[]) {
      if (isBlank(name)) continue;
      const key = attendeeKey(name!);
      const shown = assignees.get(key);
      if (shown === undefined || name! < shown) assignees.set(key, name!);
    }
    const trained = new Set<string>();
    for (const [name, at, dateOnly] of JSON.parse(row.text("participants_json")) as [string, number, number | null][]) {
      const counted = countedInstant({ at, dateOnly: dateOnly === null ? null : Boolean(dateOnly) }, ctx.timezone);
      if (counted <= ctx.asOf && counted > ctx.asOf - days * dayMs && !isBlank(name)) trained.add(attendeeKey(name));
    }
    const untrained = [...assignees].filter(([key]) => !trained.has(key)).map(([, shown]) => shown).sort();
    const population = assignees.size;
    const value = percent(population - untrained.length, population);
    const text =
      population === 0
        ? resultText("result.training.none", {})
        : resultText("result.training.measured", { trained: population - untrained.length, assignees: population, days, symbol: symbol[rule.comparison], threshold, value: fmt(value), untrained: untrained.length });
    return judged(rule, threshold, value, population, { count: untrained.length, ids: untrained }, text, { details: { untrained: untrained.length } });
  };
}
