// REC-CONSISTENT (kind record_consistency): the number of tickets in scope with times out of order or impossible.
import { judged } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { inconsistentRecord } from "./ticket-conditions.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";

export function contributeRecordConsistency(rule: RuleOf<"record_consistency">, scan: TicketScan): Finish {
  const inconsistent = scan.perTicket("inconsistent", inconsistentRecord());
  scan.aggregate("bad", countWhen(inconsistent));
  scan.offends(inconsistent);
  return (row) => {
    const population = row.scopeCount, bad = row.get("bad")!;
    const o = judged(rule, scan.threshold, bad, population, { count: bad }, resultText("result.records.consistent", { bad, population, threshold: scan.threshold }));
    return { ...o, smallPopulation: false };
  };
}
