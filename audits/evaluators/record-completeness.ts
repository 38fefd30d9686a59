// REC-COMPLETE (kind record_completeness): complete / tickets in scope, by the rule's required fields and id pattern
// (read from the flag ingest stored per ticket when the rule's parameters are the ones it was derived by).
import { fmt, judged, percent, symbol } from "../judge.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { incompleteRecord } from "./ticket-conditions.js";
import { countWhen, type Finish, type TicketScan } from "./ticket-scan.js";

export function contributeRecordCompleteness(rule: RuleOf<"record_completeness">, scan: TicketScan): Finish {
  const incomplete = scan.perTicket("incomplete", incompleteRecord(rule.params));
  scan.aggregate("bad", countWhen(incomplete));
  scan.offends(incomplete);
  return (row) => {
    const population = row.scopeCount, bad = row.get("bad")!;
    const value = percent(population - bad, population);
    return judged(rule, scan.threshold, value, population, { count: bad }, resultText("result.records.complete", { value: fmt(value), population, symbol: symbol[rule.comparison], threshold: scan.threshold, bad }));
  };
}
