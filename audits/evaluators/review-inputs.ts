// MGMT-REVIEW-INPUTS (ISO 9.3): the latest management review in (asOf − N days, asOf] lists every required input;
// value = the number of required inputs it does not list. No review in the window: fail, value null.
import { managementReviewInputs } from "../../server/contract/activities.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { activitiesUpTo } from "./activity-window.js";
import { meets } from "../judge.js";
import type { EvalContext, Outcome } from "./types.js";

/**
 * The missing inputs as message values: one per possible input, `first`, `next` (a later one of the list) or
 * `no`, so that each language writes the list in its own words.
 */
export function missingInputValues(missing: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let seen = 0;
  for (const input of managementReviewInputs) out[`in_${input}`] = missing.includes(input) ? (seen++ === 0 ? "first" : "next") : "no";
  return out;
}

export async function evaluateReviewInputs(ctx: EvalContext, rule: RuleOf<"review_inputs">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const { activityType, days, requiredInputs } = rule.params;
  const [latest] = await activitiesUpTo(ctx, activityType, days);
  const base = { ruleId: rule.id, threshold, smallPopulation: false };
  if (!latest) {
    return { ...base, status: "fail", value: null, population: 0, evidence: { count: 0, ids: [] }, ...resultText("result.reviewInputs.none", { activityType, days }) };
  }
  const listed = new Set(latest.inputs ?? []);
  const missing = requiredInputs.filter((i) => !listed.has(i));
  const value = missing.length;
  return {
    ...base,
    status: meets(value, threshold, rule.comparison) ? "pass" : "fail",
    value,
    population: 1,
    evidence: { count: missing.length ? 1 : 0, ids: missing.length ? [latest.id] : [] },
    ...resultText(missing.length ? "result.reviewInputs.missing" : "result.reviewInputs.complete", {
      activityType,
      date: latest.countedDate,
      required: requiredInputs.length,
      missing: missing.length,
      ...missingInputValues(missing),
    }),
    details: { review: latest.id, reviewDate: latest.countedDate, missing },
  };
}
