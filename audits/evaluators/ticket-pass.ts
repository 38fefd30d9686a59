// Every ticket-based rule of a run in one aggregate pass over the tickets in scope (conditional counts),
// plus one INSERT … SELECT pass that stores every offending id; tickets never travel to JavaScript.
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../server/db/client.js";
import { tickets } from "../../server/db/schema.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import type { Rule, RuleOf } from "../rulebooks/types.js";
import { ticketsInScope } from "../scope.js";
import { breachedUnit, integer, incompleteRecord, inconsistentRecord, pendingUnit, reviewConditions, slaConditions } from "./ticket-conditions.js";
import type { EvalContext, Outcome } from "./types.js";

export const ticketPassKinds = new Set<Rule["kind"]>(["sla_attainment", "record_completeness", "record_consistency", "satisfaction_coverage", "metric_from_tickets", "incident_review"]);

export interface TicketPass {
  outcomes: Outcome[];
  fingerprint: { count: number; hashLow: number; hashHigh: number };
  policyIds: number[];
  /** stores every offending ticket id of every rule in run_evidence; call inside the run's final transaction */
  writeEvidence(tx: DbOrTx): Promise<void>;
}

const count = (cond: SQL) => sql<number>`count(CASE WHEN ${cond} THEN 1 END)`;
const mttrUrgent = sql`(${tickets.kind} = 'incident' AND ${tickets.priority} = 'urgent' AND ${tickets.resolvedAt} IS NOT NULL AND ${tickets.resolutionMinutes} IS NOT NULL)`;

/**
 * Packed mode sums each SLA rule's three counts into one aggregate (a third of the work); wide mode counts them
 * separately and is used when a period holds too many tickets for the packed sums.
 */
export async function evaluateTicketRules(ctx: EvalContext, rules: Rule[], wide = false): Promise<TicketPass> {
  const fields: Record<string, SQL> = {
    scope_count: sql<number>`count(*)`,
    // the 48-bit hashes summed in two 24-bit halves: a plain sum would overflow JavaScript's safe integers
    hash_low: sql<number>`coalesce(sum(${tickets.contentHash} & 16777215), 0)`,
    hash_high: sql<number>`coalesce(sum(${tickets.contentHash} >> 24), 0)`,
    policies: sql<string | null>`group_concat(DISTINCT ${tickets.policyId})`,
  };
  /** the offending condition of each rule that stores ticket evidence */
  const offending = new Map<string, SQL>();
  const finishers: ((row: Record<string, number | null>) => Outcome)[] = [];

  rules.forEach((rule, i) => {
    const threshold = ctx.thresholdOf(rule) ?? 0;
    const f = (name: string) => `r${i}_${name}`;
    switch (rule.kind) {
      case "sla_attainment": {
        const c = slaConditions(rule.params, ctx.asOf);
        offending.set(rule.id, c.breached);
        if (wide) {
          fields[f("met")] = count(c.met);
          fields[f("breached")] = count(c.breached);
          fields[f("pending")] = count(c.pending);
          finishers.push((row) => slaOutcome(rule, threshold, row[f("met")]!, row[f("breached")]!, row[f("pending")]!));
        } else {
          // read as text: the packed sum exceeds JavaScript's safe integers
          fields[f("packed")] = sql`CAST(coalesce(sum(${c.packed}), 0) AS TEXT)`;
          finishers.push((row) => {
            const packed = BigInt(row[f("packed")] as unknown as string);
            const [b, p] = [BigInt(breachedUnit), BigInt(pendingUnit)];
            return slaOutcome(rule, threshold, Number(packed % b), Number((packed % p) / b), Number(packed / p));
          });
        }
        break;
      }
      case "record_completeness": {
        fields[f("bad")] = count(incompleteRecord());
        offending.set(rule.id, incompleteRecord());
        finishers.push((row) => {
          const population = row.scope_count!, bad = row[f("bad")]!;
          const value = percent(population - bad, population);
          return judged(rule, threshold, value, population, { count: bad }, `${fmt(value)} % of ${population} records complete (${symbol[rule.comparison]} ${threshold} % required); ${bad} incomplete`);
        });
        break;
      }
      case "record_consistency": {
        fields[f("bad")] = count(inconsistentRecord());
        offending.set(rule.id, inconsistentRecord());
        finishers.push((row) => {
          const population = row.scope_count!, bad = row[f("bad")]!;
          const o = judged(rule, threshold, bad, population, { count: bad }, `${bad} of ${population} records with times out of order (at most ${threshold} allowed)`);
          return { ...o, smallPopulation: false };
        });
        break;
      }
      case "satisfaction_coverage": {
        fields[f("resolved")] = count(sql`${tickets.resolvedAt} IS NOT NULL`);
        fields[f("rated")] = count(sql`${tickets.resolvedAt} IS NOT NULL AND ${tickets.satisfaction} IS NOT NULL`);
        // unrated tickets are not nonconformities one by one: only their number is kept as evidence
        finishers.push((row) => {
          const resolved = row[f("resolved")]!, rated = row[f("rated")]!;
          const value = percent(rated, resolved);
          return judged(rule, threshold, value, resolved, { count: resolved - rated, ids: [] }, `${fmt(value)} % of ${resolved} resolved tickets carry a satisfaction score (${symbol[rule.comparison]} ${threshold} % required)`);
        });
        break;
      }
      case "metric_from_tickets": {
        fields[f("n")] = count(mttrUrgent);
        fields[f("sum")] = sql<number>`coalesce(sum(CASE WHEN ${mttrUrgent} THEN ${tickets.resolutionMinutes} END), 0)`;
        fields[f("over")] = count(sql`${mttrUrgent} AND ${tickets.resolutionMinutes} > ${threshold}`);
        offending.set(rule.id, sql`(${mttrUrgent} AND ${tickets.resolutionMinutes} > ${threshold})`);
        finishers.push((row) => {
          const n = row[f("n")]!;
          const value = n === 0 ? null : row[f("sum")]! / n;
          return judged(rule, threshold, value, n, { count: row[f("over")]! }, `mean resolution of ${n} urgent incidents: ${fmt(value)} min (${symbol[rule.comparison]} ${threshold} min required)`);
        });
        break;
      }
      case "incident_review": {
        const c = reviewConditions(rule.params, ctx.asOf);
        fields[f("reviewed")] = count(c.reviewed);
        fields[f("missing")] = count(c.missing);
        offending.set(rule.id, c.missing);
        finishers.push((row) => reviewOutcome(rule, threshold, row[f("reviewed")]!, row[f("missing")]!));
        break;
      }
      default:
        throw new Error(`rule ${rule.id} of kind ${rule.kind} is not a ticket rule`);
    }
  });

  let row: Record<string, number | null>;
  try {
    [row] = (await ctx.db.select(fields as Record<string, SQL<number>>).from(tickets).where(ticketsInScope(ctx))) as Record<string, number | null>[];
  } catch (e) {
    if (!wide && /overflow/i.test(String((e as { cause?: unknown }).cause ?? e))) return evaluateTicketRules(ctx, rules, true);
    throw e;
  }
  if (!wide && (row.scope_count ?? 0) >= breachedUnit) return evaluateTicketRules(ctx, rules, true);
  const numeric: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(row)) numeric[k] = k === "policies" || k.endsWith("_packed") ? v : v === null ? null : Number(v);
  const policies = (row.policies as unknown as string | null) ?? "";

  const outcomes = finishers.map((finish) => finish(numeric));
  // rules without an offending ticket need no evidence pass (and no condition evaluated in it)
  for (const o of outcomes) if (o.evidence.count === 0) offending.delete(o.ruleId);
  return {
    outcomes,
    fingerprint: { count: numeric.scope_count ?? 0, hashLow: numeric.hash_low ?? 0, hashHigh: numeric.hash_high ?? 0 },
    policyIds: policies === "" ? [] : policies.split(",").map(Number).sort((a, b) => a - b),
    writeEvidence: (tx) => writeTicketEvidence(tx, ctx, offending),
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
 * One scan: each ticket in scope gets a bit mask of the rules it offends (every condition evaluated once),
 * then only the offending tickets (the mask is computed again for them alone) are expanded to one row per rule,
 * inserted in key order so that the evidence index grows at its end.
 */
async function writeTicketEvidence(tx: DbOrTx, ctx: EvalContext, offending: Map<string, SQL>) {
  const entries = [...offending.entries()];
  if (entries.length === 0) return;
  const numbers = sql.join(entries.map((_, i) => sql`(${i})`), sql`, `);
  const ruleName = sql.join(entries.map(([id], i) => sql` WHEN ${i} THEN ${id}`), sql``);
  const mask = sql.join(entries.map(([, cond], i) => sql`(CASE WHEN ${cond} THEN ${integer(2 ** i)} ELSE 0 END)`), sql` + `);
  await tx.run(sql`WITH flagged AS MATERIALIZED (SELECT ${tickets.id} AS id, ${mask} AS mask FROM ${tickets} WHERE ${ticketsInScope(ctx)} AND ${mask} <> 0),
    rule_numbers(n) AS (VALUES ${numbers})
    INSERT INTO run_evidence (run_id, rule_id, record_id)
    SELECT ${ctx.runId}, CASE rule_numbers.n${ruleName} END, flagged.id
    FROM flagged CROSS JOIN rule_numbers
    WHERE flagged.mask <> 0 AND (flagged.mask >> rule_numbers.n) & 1 = 1
    ORDER BY 2, 3`);
}
