// The KPI charts' target lines and the overview's targets, read from the built-in rulebook (the same thresholds the
// audit judges by): the SLA rules', CSAT-QUARTER's and the availability rule's.
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import type { Rule } from "../../audits/rulebooks/types.js";

function threshold(rules: Rule[], what: string): number {
  const values = rules.map((r) => r.threshold).filter((v): v is number => v !== null);
  if (values.length === 0) throw new Error(`the built-in rulebook has no ${what} rule with a threshold`);
  // several rules (one per priority and measure): the line is the strictest of them
  return Math.max(...values);
}

const rules = iso20000Support.rules;

export const kpiTargets = {
  /** percent of tickets within their SLA target */
  sla: threshold(rules.filter((r) => r.kind === "sla_attainment"), "SLA attainment"),
  /** percent of ratings 4 or 5 */
  csat: threshold(rules.filter((r) => r.kind === "satisfaction"), "satisfaction"),
  /** percent availability per service and month */
  availability: threshold(rules.filter((r) => r.kind === "metric_threshold" && (r.params as { metric?: string }).metric === "availability"), "availability"),
} as const;
