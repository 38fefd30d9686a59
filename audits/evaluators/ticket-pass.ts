// Every ticket-based rule of a run in one aggregate pass over the tickets in scope (conditional counts); the same
// pass lists the offending tickets' ids, which the final transaction stores. Only offending ids reach JavaScript.
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../server/db/client.js";
import { tickets } from "../../server/db/schema.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import type { Rule, RuleOf } from "../rulebooks/types.js";
import { ticketsInScope } from "../scope.js";
import { breachedUnit, integer, incompleteRecord, inconsistentRecord, pendingUnit, resolvedUrgentIncident, reviewConditions, slaClass, slaPopulation } from "./ticket-conditions.js";
import type { EvalContext, Outcome } from "./types.js";

export const ticketPassKinds = new Set<Rule["kind"]>(["sla_attainment", "record_completeness", "record_consistency", "satisfaction_coverage", "metric_from_tickets", "incident_review"]);

export interface TicketPass {
  outcomes: Outcome[];
  fingerprint: { count: number; hashLow: number; hashHigh: number };
  policyIds: number[];
  /** stores every offending ticket id of every rule in run_evidence; call inside the run's final transaction */
  writeEvidence(tx: DbOrTx): Promise<void>;
}

/** A column of the per-ticket subquery `t`, as the outer aggregate reads it. */
const col = (name: string) => sql.raw(`t.${name}`);
const count = (cond: SQL) => sql<number>`count(CASE WHEN ${cond} THEN 1 END)`;
/** MTTR leaves out impossible (negative) resolution times: invalid evidence cannot lower the mean. */
const mttrUrgent = sql`(${tickets.kind} = 'incident' AND ${tickets.priority} = 'urgent' AND ${tickets.resolvedAt} IS NOT NULL AND ${tickets.resolutionMinutes} >= 0)`;

/**
 * ONE scan of the tickets in scope. An inner subquery classifies each ticket once per rule (every condition,
 * GLOB and review lookup evaluated once); the outer aggregate counts the classes and collects, as one JSON
 * list, id then bit mask of the rules it offends, for the offending tickets only, which the final transaction
 * expands into run_evidence without a second scan.
 * Packed mode sums each SLA rule's three counts into one aggregate (a third of the work); wide mode counts them
 * separately and is used when a period holds too many tickets for the packed sums.
 */
export async function evaluateTicketRules(ctx: EvalContext, rules: Rule[], wide = false): Promise<TicketPass> {
  /** per ticket: the subquery's columns */
  const perTicket: Record<string, SQL> = { id: sql`${tickets.id}`, content_hash: sql`${tickets.contentHash}`, policy_id: sql`${tickets.policyId}` };
  const fields: Record<string, SQL> = {
    scope_count: sql`count(*)`,
    // the 48-bit hashes summed in two 24-bit halves: a plain sum would overflow JavaScript's safe integers
    hash_low: sql`coalesce(sum(t.content_hash & 16777215), 0)`,
    hash_high: sql`coalesce(sum(t.content_hash >> 24), 0)`,
    policies: sql`group_concat(DISTINCT t.policy_id)`,
  };
  /** bit k of a ticket's mask: it offends offendingRules[k] */
  const offendingRules: string[] = [];
  const offendingBits: SQL[] = [];
  const offendingConds: SQL[] = [];
  const offends = (ruleId: string, cond: SQL) => {
    offendingBits.push(sql`(CASE WHEN ${cond} THEN ${integer(2 ** offendingRules.length)} ELSE 0 END)`);
    offendingConds.push(cond);
    offendingRules.push(ruleId);
  };
  const finishers: ((row: Record<string, number | null>) => Outcome)[] = [];

  rules.forEach((rule, i) => {
    const threshold = ctx.thresholdOf(rule) ?? 0;
    const f = (name: string) => `r${i}_${name}`;
    switch (rule.kind) {
      case "sla_attainment": {
        // per ticket: 1 met, breachedUnit breached, pendingUnit pending, 0 outside the population
        // (a subquery sharing one standing per measure between rules measured slower: its columns cost more than the CASE)
        const population = slaPopulation(rule.params, { kind: sql`${tickets.kind}`, priority: sql`${tickets.priority}`, complex: sql`${tickets.complex}` });
        perTicket[f("sla")] = sql`(CASE WHEN ${population} THEN ${slaClass(rule.params.measure, ctx.asOf)} ELSE 0 END)`;
        const c = col(f("sla"));
        offends(rule.id, sql`${c} = ${integer(breachedUnit)}`);
        if (wide) {
          fields[f("met")] = count(sql`${c} = 1`);
          fields[f("breached")] = count(sql`${c} = ${integer(breachedUnit)}`);
          fields[f("pending")] = count(sql`${c} = ${integer(pendingUnit)}`);
          finishers.push((row) => slaOutcome(rule, threshold, row[f("met")]!, row[f("breached")]!, row[f("pending")]!));
        } else {
          // read as text: the packed sum exceeds JavaScript's safe integers
          fields[f("packed")] = sql`CAST(coalesce(sum(${c}), 0) AS TEXT)`;
          finishers.push((row) => {
            const packed = BigInt(row[f("packed")] as unknown as string);
            const [b, p] = [BigInt(breachedUnit), BigInt(pendingUnit)];
            return slaOutcome(rule, threshold, Number(packed % b), Number((packed % p) / b), Number(packed / p));
          });
        }
        break;
      }
      case "record_completeness": {
        perTicket[f("incomplete")] = incompleteRecord();
        fields[f("bad")] = count(col(f("incomplete")));
        offends(rule.id, col(f("incomplete")));
        finishers.push((row) => {
          const population = row.scope_count!, bad = row[f("bad")]!;
          const value = percent(population - bad, population);
          return judged(rule, threshold, value, population, { count: bad }, `${fmt(value)} % of ${population} records complete (${symbol[rule.comparison]} ${threshold} % required); ${bad} incomplete`);
        });
        break;
      }
      case "record_consistency": {
        perTicket[f("inconsistent")] = inconsistentRecord();
        fields[f("bad")] = count(col(f("inconsistent")));
        offends(rule.id, col(f("inconsistent")));
        finishers.push((row) => {
          const population = row.scope_count!, bad = row[f("bad")]!;
          const o = judged(rule, threshold, bad, population, { count: bad }, `${bad} of ${population} records with times out of order (at most ${threshold} allowed)`);
          return { ...o, smallPopulation: false };
        });
        break;
      }
      case "satisfaction_coverage": {
        // per ticket: 0 unresolved, 1 resolved without a score, 2 resolved with one
        perTicket[f("coverage")] = sql`(CASE WHEN ${tickets.resolvedAt} IS NULL THEN 0 WHEN ${tickets.satisfaction} IS NULL THEN 1 ELSE 2 END)`;
        fields[f("resolved")] = count(sql`${col(f("coverage"))} > 0`);
        fields[f("rated")] = count(sql`${col(f("coverage"))} = 2`);
        // unrated tickets are not nonconformities one by one: only their number is kept as evidence
        finishers.push((row) => {
          const resolved = row[f("resolved")]!, rated = row[f("rated")]!;
          const value = percent(rated, resolved);
          return judged(rule, threshold, value, resolved, { count: resolved - rated, ids: [] }, `${fmt(value)} % of ${resolved} resolved tickets carry a satisfaction score (${symbol[rule.comparison]} ${threshold} % required)`);
        });
        break;
      }
      case "metric_from_tickets": {
        // per ticket: the resolution minutes of a resolved urgent incident, else NULL
        perTicket[f("minutes")] = sql`(CASE WHEN ${mttrUrgent} THEN ${tickets.resolutionMinutes} END)`;
        const minutes = col(f("minutes"));
        fields[f("n")] = sql`count(${minutes})`;
        fields[f("sum")] = sql`coalesce(sum(${minutes}), 0)`;
        fields[f("over")] = count(sql`${minutes} > ${threshold}`);
        offends(rule.id, sql`${minutes} > ${threshold}`);
        finishers.push((row) => {
          const n = row[f("n")]!;
          const value = n === 0 ? null : row[f("sum")]! / n;
          return judged(rule, threshold, value, n, { count: row[f("over")]! }, `mean resolution of ${n} urgent incidents: ${fmt(value)} min (${symbol[rule.comparison]} ${threshold} min required)`);
        });
        break;
      }
      case "incident_review": {
        // per resolved urgent incident: 1 if reviewed, + 2 if the review is due; NULL for other tickets
        const c = reviewConditions(rule.params, ctx.asOf, ctx.timezone);
        perTicket[f("review")] = sql`(CASE WHEN ${resolvedUrgentIncident} THEN (CASE WHEN ${c.isReviewed} THEN 1 ELSE 0 END) + (CASE WHEN ${c.overdue} THEN 2 ELSE 0 END) END)`;
        const review = col(f("review"));
        fields[f("reviewed")] = count(sql`${review} IN (1, 3)`);
        fields[f("missing")] = count(sql`${review} = 2`);
        offends(rule.id, sql`${review} = 2`);
        finishers.push((row) => reviewOutcome(rule, threshold, row[f("reviewed")]!, row[f("missing")]!));
        break;
      }
      default:
        throw new Error(`rule ${rule.id} of kind ${rule.kind} is not a ticket rule`);
    }
  });
  if (offendingBits.length > 31) throw new Error("too many ticket rules for one evidence mask");
  const mask = offendingBits.length ? sql.join(offendingBits, sql` + `) : sql`0`;
  // the filter stops at a ticket's first offence; the mask is built for the offending tickets only
  const offendsAny = offendingConds.length ? sql.join(offendingConds.map((c) => sql`(${c})`), sql` OR `) : sql`0`;
  // `"id",mask,"id",mask…`: a flat list that JavaScript parses as one array, far faster than an array of pairs
  fields.flagged = sql`group_concat(json_quote(t.id) || ',' || (${mask})) FILTER (WHERE ${offendsAny})`;

  const columns = (of: Record<string, SQL>) => sql.join(Object.entries(of).map(([name, expr]) => sql`${expr} AS ${sql.raw(name)}`), sql`, `);
  let row: Record<string, number | string | null>;
  try {
    // LIMIT -1 keeps the subquery from being flattened into the aggregate, so each column is computed once per ticket
    [row] = await ctx.db.all<Record<string, number | string | null>>(
      sql`SELECT ${columns(fields)} FROM (SELECT ${columns(perTicket)} FROM ${tickets} WHERE ${ticketsInScope(ctx)} LIMIT -1) AS t`,
    );
  } catch (e) {
    if (!wide && /overflow/i.test(String((e as { cause?: unknown }).cause ?? e))) return evaluateTicketRules(ctx, rules, true);
    throw e;
  }
  if (!wide && Number(row.scope_count ?? 0) >= breachedUnit) return evaluateTicketRules(ctx, rules, true);
  const numeric: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === "flagged") continue;
    numeric[k] = k === "policies" || k.endsWith("_packed") ? (v as number | null) : v === null ? null : Number(v);
  }
  const policies = (row.policies as string | null) ?? "";
  const flagged = row.flagged === null ? "[]" : `[${row.flagged as string}]`;

  const outcomes = finishers.map((finish) => finish(numeric));
  return {
    outcomes,
    fingerprint: { count: numeric.scope_count ?? 0, hashLow: numeric.hash_low ?? 0, hashHigh: numeric.hash_high ?? 0 },
    policyIds: policies === "" ? [] : policies.split(",").map(Number).sort((a, b) => a - b),
    writeEvidence: (tx) => writeTicketEvidence(tx, ctx.runId, flagged, offendingRules),
  };
}

function slaOutcome(rule: RuleOf<"sla_attainment">, threshold: number, met: number, breached: number, pending: number): Outcome {
  const judgedCount = met + breached;
  const value = percent(met, judgedCount);
  const target = rule.params.targetMinutes;
  const message =
    judgedCount === 0
      ? `no ${rule.params.measure} to judge${pending ? ` (${pending} pending)` : ""}`
      : `${fmt(value)} % of ${judgedCount} within target (${symbol[rule.comparison]} ${threshold} % required; built-in target ${target / 60} h); ${breached} breached, ${pending} pending`;
  return judged(rule, threshold, value, judgedCount, { count: breached }, message, { details: { met, breached, pending } });
}

function reviewOutcome(rule: RuleOf<"incident_review">, threshold: number, reviewed: number, missing: number): Outcome {
  const due = reviewed + missing;
  const value = percent(reviewed, due);
  return judged(rule, threshold, value, due, { count: missing }, `${reviewed} of ${due} resolved urgent incidents reviewed within ${rule.params.withinDays} days; ${missing} missing`, {
    details: { reviewed, missing },
  });
}

/**
 * Splits the pass's id, mask list by rule and stores each rule's ids in key order, so that the evidence index
 * grows at its end; each rule's ids travel as one JSON parameter per chunk.
 */
async function writeTicketEvidence(tx: DbOrTx, runId: number, flagged: string, offendingRules: string[]) {
  if (flagged === "[]" || offendingRules.length === 0) return;
  const byRule: string[][] = offendingRules.map(() => []);
  const pairs = JSON.parse(flagged) as (string | number)[];
  for (let i = 0; i < pairs.length; i += 2) {
    const id = pairs[i] as string;
    for (let k = 0, m = pairs[i + 1] as number; m > 0; k++, m >>>= 1) if (m & 1) byRule[k].push(id);
  }
  const order = offendingRules.map((ruleId, k) => ({ ruleId, ids: byRule[k] })).sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  for (const { ruleId, ids } of order) {
    if (ids.length === 0) continue;
    ids.sort();
    for (let i = 0; i < ids.length; i += evidenceChunk) {
      const chunk = JSON.stringify(ids.slice(i, i + evidenceChunk));
      await tx.run(sql`INSERT INTO run_evidence (run_id, rule_id, record_id) SELECT ${runId}, ${ruleId}, value FROM json_each(${chunk})`);
    }
  }
}

const evidenceChunk = 100_000;
