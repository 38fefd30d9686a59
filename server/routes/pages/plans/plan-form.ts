// Reads the plan form (rules grouped by clause with thresholds, services, period, schedule) into the contract's plan input.
import type { PlanInput } from "../../../contract/index.js";
import type { Issue } from "../../../errors.js";
import type { Rule } from "../../../../audits/rulebooks/types.js";
import type { PlanFormValues } from "../../../../views/types.js";

export type FormBody = Record<string, string | File | (string | File)[]>;

const strings = (v: FormBody[string] | undefined): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string"));
const one = (body: FormBody, name: string) => strings(body[name])[0]?.trim() ?? "";


export function planFormValues(body: FormBody, rules: Rule[]): PlanFormValues {
  const thresholds: Record<string, string> = {};
  for (const r of rules) thresholds[r.id] = one(body, `threshold.${r.id}`);
  return {
    name: one(body, "name"),
    services: strings(body.services),
    rules: strings(body.rules),
    thresholds,
    periodType: one(body, "period") || "previous_month",
    days: one(body, "days"),
    start: one(body, "start"),
    end: one(body, "end"),
    schedule: one(body, "schedule"),
    timezone: one(body, "timezone") || "UTC",
    owner: one(body, "owner"),
    reportLocale: one(body, "report_locale") || "en",
  };
}

/** Every rule ticked means "all rules" (null), so a plan follows rules added to its rulebook later. */
export function planInputFromForm(v: PlanFormValues, rulebook: string, rules: Rule[]): { input: PlanInput | Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const thresholds: Record<string, number> = {};
  for (const r of rules) {
    const raw = v.thresholds[r.id];
    if (r.kind === "manual" || raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isFinite(n)) issues.push({ path: `thresholds.${r.id}`, message: "not a number" });
    else if (n !== r.threshold) thresholds[r.id] = n;
  }
  const period =
    v.periodType === "rolling_days"
      ? { type: "rolling_days", days: Number(v.days) }
      : v.periodType === "custom"
        ? { type: "custom", start: v.start ? `${v.start}T00:00:00Z` : "", end: v.end ? `${v.end}T00:00:00Z` : "" }
        : { type: v.periodType };
  return {
    input: {
      name: v.name,
      rulebook,
      rules: v.rules.length === rules.length ? null : v.rules,
      thresholds,
      services: v.services.length ? v.services : null,
      period,
      schedule: v.schedule || null,
      timezone: v.timezone,
      owner: v.owner || null,
      report_locale: v.reportLocale,
    },
    issues,
  };
}

/** A stored plan as form values. */
export function planToFormValues(plan: { name: string; rules: string[] | null; thresholds: Record<string, number>; services: string[] | null; period: PlanInput["period"]; schedule: string | null; timezone: string; owner: string | null; report_locale?: string }, rules: Rule[]): PlanFormValues {
  const thresholds: Record<string, string> = {};
  for (const r of rules) if (r.threshold !== null) thresholds[r.id] = String(plan.thresholds[r.id] ?? r.threshold);
  const p = plan.period;
  return {
    name: plan.name,
    services: plan.services ?? [],
    rules: plan.rules ?? rules.map((r) => r.id),
    thresholds,
    periodType: p.type,
    days: p.type === "rolling_days" ? String(p.days) : "",
    start: p.type === "custom" ? p.start.slice(0, 10) : "",
    end: p.type === "custom" ? p.end.slice(0, 10) : "",
    schedule: plan.schedule ?? "",
    timezone: plan.timezone,
    owner: plan.owner ?? "",
    reportLocale: plan.report_locale ?? "en",
  };
}
