// INTERNAL-AUDIT-YEAR (ISO 9.2): an internal audit in (asOf − N days, asOf] that names its auditor and the area
// audited, the auditor not the owner of that area (names compared with every white space removed, case folded;
// blank = missing). A run of the tool is not an internal audit. Evidence: the audits of the window that lack an
// auditor or an area, or whose auditor owns the area.
import { addDays, dayMs } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import { activitiesUpTo, isBlank, personKey, type WindowActivity } from "./activity-window.js";
import type { EvalContext, Outcome } from "./types.js";

/** Why an internal audit does not show independence, or null when it does. */
export function auditFlaw(a: Pick<WindowActivity, "auditor" | "area" | "areaOwner">): "no_auditor" | "no_area" | "owner_audits" | null {
  if (isBlank(a.auditor)) return "no_auditor";
  if (isBlank(a.area)) return "no_area";
  if (!isBlank(a.areaOwner) && personKey(a.auditor!) === personKey(a.areaOwner!)) return "owner_audits";
  return null;
}

export async function evaluateAuditIndependence(ctx: EvalContext, rule: RuleOf<"audit_independence">): Promise<Outcome> {
  const days = ctx.thresholdOf(rule) ?? rule.params.days;
  const all = await activitiesUpTo(ctx, rule.params.activityType);
  const inWindow = all.filter((a) => a.counted > ctx.asOf - days * dayMs);
  const flawed = inWindow.filter((a) => auditFlaw(a) !== null).map((a) => a.id).sort();
  const latest = all.find((a) => auditFlaw(a) === null);
  const base = { ruleId: rule.id, threshold: days, smallPopulation: false, population: inWindow.length, evidence: { count: flawed.length, ids: flawed } };
  const activityType = rule.params.activityType;
  if (!latest) {
    return { ...base, status: "fail", value: null, ...resultText("result.audit.none", { activityType, flawed: flawed.length }), nextDue: null, details: { flawed: flawReasons(inWindow) } };
  }
  const value = Math.floor((ctx.asOf - latest.counted) / dayMs);
  const pass = latest.counted > ctx.asOf - days * dayMs;
  const nextDue = addDays(latest.countedDate, days);
  return {
    ...base,
    status: pass ? "pass" : "fail",
    value,
    ...resultText("result.audit.latest", { activityType, date: latest.countedDate, days: value, required: days, nextDue, flawed: flawed.length }),
    nextDue,
    details: { latest: latest.id, latestDate: latest.countedDate, auditor: latest.auditor, area: latest.area, flawed: flawReasons(inWindow) },
  };
}

const flawReasons = (audits: WindowActivity[]) => Object.fromEntries(audits.flatMap((a) => (auditFlaw(a) ? [[a.id, auditFlaw(a)]] : [])));
