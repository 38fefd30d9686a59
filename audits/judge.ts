// Turns a measured value into pass/fail against a threshold, and builds result outcomes consistently.
import type { Comparison, Rule } from "./rulebooks/types.js";
import { smallPopulationBelow, type Outcome } from "./evaluators/types.js";
import type { ResultText } from "./result-text.js";

export function meets(value: number, threshold: number, comparison: Comparison): boolean {
  switch (comparison) {
    case "gte":
      return value >= threshold;
    case "lte":
      return value <= threshold;
    case "lt":
      return value < threshold;
  }
}

export const symbol: Record<Comparison, string> = { gte: "≥", lte: "≤", lt: "<" };

/** A ratio or mean over a population: not applicable without data, small population flagged. */
export function judged(
  rule: Rule,
  threshold: number,
  value: number | null,
  population: number,
  evidence: Outcome["evidence"],
  text: ResultText,
  extra: Partial<Outcome> = {},
): Outcome {
  if (value === null || population === 0) {
    return { ruleId: rule.id, status: "not_applicable", value: null, threshold, population, smallPopulation: false, evidence, ...text, ...extra };
  }
  return {
    ruleId: rule.id,
    status: meets(value, threshold, rule.comparison) ? "pass" : "fail",
    value,
    threshold,
    population,
    smallPopulation: population < smallPopulationBelow,
    evidence,
    ...text,
    ...extra,
  };
}

export const percent = (part: number, whole: number) => (whole === 0 ? null : (part / whole) * 100);
export const fmt = (v: number | null, digits = 1) => (v === null ? "—" : Number.isInteger(v) ? String(v) : v.toFixed(digits));
