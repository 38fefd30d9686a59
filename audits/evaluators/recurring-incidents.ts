// RECURRING-NO-PROBLEM (kind recurring_incidents): the incidents in scope grouped by service and category (trimmed
// of Unicode white space; an incident without a category cannot recur "in the same category" and is left out). A
// group of at least `minIncidents` of which none is linked to a problem record (a live ticket of kind problem) is a
// finding. Value = the number of such groups; evidence = the groups ("service / category"); details = the groups.
import { and, asc, inArray, sql } from "drizzle-orm";
import { services, ticketDailyRollup, tickets } from "../../server/db/schema.js";
import { rollupZone } from "../../server/ingest/rollup-zone.js";
import { judged } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { ticketsInScope, ticketsOfServices } from "../run-scope.js";
import { filledText, linkedToProblemRecord } from "./problem-conditions.js";
import { whiteSpace } from "./ticket-conditions.js";
import type { EvalContext, Outcome } from "./types.js";
import { yieldToEventLoop } from "../../server/event-loop.js";

/** Groups named in the result's details (every group is in the evidence). */
const groupsListed = 100;

export async function evaluateRecurringIncidents(ctx: EvalContext, rule: RuleOf<"recurring_incidents">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const min = Math.max(1, Math.floor(rule.params.minIncidents));
  const category = sql`trim(${tickets.category}, ${whiteSpace})`;
  const incidents = and(ticketsInScope(ctx), sql`${tickets.kind} = 'incident'`, filledText(sql`${tickets.category}`))!;
  const counts = await incidentGroups(ctx);
  const linked = await ctx.db.all<{ service_id: number; category: string }>(
    sql`SELECT DISTINCT ${tickets.serviceId} AS service_id, ${category} AS category FROM ${tickets} WHERE ${tickets.problemId} IS NOT NULL AND ${incidents} AND ${linkedToProblemRecord()}`,
  );
  const linkedKeys = new Set(linked.map((r) => `${r.service_id}\u0000${r.category}`));
  let population = 0;
  const groups: { serviceId: number; category: string; incidents: number }[] = [];
  for (const [key, g] of counts) {
    population += g.n;
    if (g.n >= min && !linkedKeys.has(key)) groups.push({ serviceId: g.serviceId, category: g.category, incidents: g.n });
  }
  const offending = groups.reduce((s, g) => s + g.incidents, 0);
  const keys = groups.length ? await serviceKeys(ctx, [...new Set(groups.map((g) => g.serviceId))]) : new Map<number, string>();
  const listed = groups
    .map((g) => ({ service: keys.get(g.serviceId) ?? String(g.serviceId), category: g.category, incidents: g.incidents }))
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  const o = judged(
    rule,
    threshold,
    groups.length,
    population,
    // one evidence record per recurring group ("service / category"), not every incident of it: a group is what the
    // finding is about, and its incidents are the ticket list of that service and category (at 1,000,000 tickets
    // without problem links, every incident's id made half a million evidence rows and most of the run's time)
    { count: groups.length, ids: listed.map((g) => `${g.service} / ${g.category}`) },
    population === 0
      ? resultText("result.recurring.none")
      : resultText("result.recurring.measured", { groups: groups.length, minIncidents: min, incidents: offending, population, threshold }),
    { details: { minIncidents: min, groups: listed.slice(0, groupsListed), groupCount: groups.length } },
  );
  // a count of groups: the small-population flag is for ratios
  return { ...o, smallPopulation: false };
}

/** Days of the daily rollup read per statement. */
const daysPerRead = 31;

type Groups = Map<string, { serviceId: number; category: string; n: number }>;

/**
 * The live incidents opened in the period with a category, counted per service and trimmed category. The local days
 * of the rollups' zone that lie wholly inside the period come from the daily rollup (its `opened` counter, written
 * in the transaction of every ticket change, so the run's snapshot holds tickets and rollup alike): a few thousand
 * rows per day instead of every incident, whose grouping sorted 600,000 rows at 1,000,000 tickets (≈ 0.9 s). The
 * hours at either edge of the period, outside any whole day, are counted from the tickets through the opened_at index.
 */
async function incidentGroups(ctx: EvalContext): Promise<Groups> {
  const { start, end } = ctx.period;
  const zone = await rollupZone(ctx.db);
  let firstDay = zone.localDay(start);
  if (zone.startOfDay(firstDay) < start) firstDay++;
  const endDay = zone.localDay(end); // the day holding `end`: days before it end at or before `end`
  const counts: Groups = new Map();
  const add = (rows: { service_id: number; category: string; n: number }[]) => {
    for (const r of rows) {
      const key = `${r.service_id}\u0000${r.category}`;
      const g = counts.get(key);
      if (g) g.n += Number(r.n);
      else counts.set(key, { serviceId: Number(r.service_id), category: String(r.category), n: Number(r.n) });
    }
  };
  const edge = async (from: number, to: number) => {
    if (!(from < to)) return;
    add(
      await ctx.db.all(sql`SELECT ${tickets.serviceId} AS service_id, trim(${tickets.category}, ${whiteSpace}) AS category, count(*) AS n FROM ${tickets}
        WHERE ${tickets.openedAt} >= ${from} AND ${tickets.openedAt} < ${to} AND +${tickets.deletedAt} IS NULL AND ${ticketsOfServices(ctx)}
          AND ${tickets.kind} = 'incident' AND ${filledText(sql`${tickets.category}`)} GROUP BY 1, 2`),
    );
  };
  if (firstDay >= endDay) {
    await edge(start, end);
    return counts;
  }
  const wholeFrom = zone.startOfDay(firstDay), wholeTo = zone.startOfDay(endDay);
  const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
  const r = ticketDailyRollup;
  // a month of days per statement (a year at 1,000,000 tickets: ≈ 12 ms each instead of 140 ms at once), the event
  // loop answering between them
  for (let from = firstDay; from < endDay; from += daysPerRead) {
    const to = Math.min(endDay, from + daysPerRead);
    add(
      await ctx.db.all(sql`SELECT ${r.serviceId} AS service_id, trim(${r.category}, ${whiteSpace}) AS category, sum(${r.opened}) AS n FROM ${r}
        WHERE ${r.day} >= ${day(from)} AND ${r.day} < ${day(to)} AND ${r.kind} = 'incident' AND ${filledText(sql`${r.category}`)}
          AND ${ctx.serviceIds ? inArray(r.serviceId, ctx.serviceIds) : sql`1`} GROUP BY 1, 2 HAVING sum(${r.opened}) > 0`),
    );
    await yieldToEventLoop();
  }
  await edge(start, wholeFrom);
  await edge(wholeTo, end);
  return counts;
}

async function serviceKeys(ctx: EvalContext, ids: number[]): Promise<Map<number, string>> {
  const rows = await ctx.db.select({ id: services.id, key: services.key }).from(services).where(inArray(services.id, ids)).orderBy(asc(services.id));
  return new Map(rows.map((r) => [r.id, r.key]));
}
