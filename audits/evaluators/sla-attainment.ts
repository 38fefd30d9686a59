// SLA attainment (kind sla_attainment): met / (met + breached) of the rule's tickets on one measure; pending left out.
import { sql } from "drizzle-orm";
import { tickets } from "../../server/db/schema.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { breachedUnit, integer, pendingUnit, slaClass, slaPopulation } from "./ticket-conditions.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";
import type { Outcome } from "./types.js";

export function contributeSlaAttainment(rule: RuleOf<"sla_attainment">, scan: TicketScan): Finish {
  // per ticket: 1 met, breachedUnit breached, pendingUnit pending, 0 outside the population
  // (a subquery sharing one standing per measure between rules measured slower: its columns cost more than the CASE)
  const population = slaPopulation(rule.params, { kind: sql`${tickets.kind}`, priority: sql`${tickets.priority}`, complex: sql`${tickets.complex}` });
  const c = scan.perTicket("sla", sql`(CASE WHEN ${population} THEN ${slaClass(rule.params.measure, scan.ctx.asOf)} ELSE 0 END)`);
  scan.offends(sql`${c} = ${integer(breachedUnit)}`);
  if (scan.wide) {
    scan.aggregate("met", countWhen(sql`${c} = 1`));
    scan.aggregate("breached", countWhen(sql`${c} = ${integer(breachedUnit)}`));
    scan.aggregate("pending", countWhen(sql`${c} = ${integer(pendingUnit)}`));
    return (row) => slaOutcome(rule, scan.threshold, row.get("met")!, row.get("breached")!, row.get("pending")!);
  }
  // read as text: the packed sum exceeds JavaScript's safe integers
  scan.aggregate("packed", sql`CAST(coalesce(sum(${c}), 0) AS TEXT)`, "packed");
  return (row) => {
    const packed = BigInt(row.text("packed"));
    const [b, p] = [BigInt(breachedUnit), BigInt(pendingUnit)];
    return slaOutcome(rule, scan.threshold, Number(packed % b), Number((packed % p) / b), Number(packed / p));
  };
}

function slaOutcome(rule: RuleOf<"sla_attainment">, threshold: number, met: number, breached: number, pending: number): Outcome {
  const judgedCount = met + breached;
  const value = percent(met, judgedCount);
  const target = rule.params.targetMinutes;
  const text =
    judgedCount === 0
      ? resultText("result.sla.none", { measure: rule.params.measure, pending })
      : resultText("result.sla.measured", { value: fmt(value), judged: judgedCount, symbol: symbol[rule.comparison], threshold, targetHours: target / 60, breached, pending });
  return judged(rule, threshold, value, judgedCount, { count: breached }, text, { details: { met, breached, pending } });
}
