// An independent, plain-TypeScript reading of rulebook.md, computed from the raw inputs (not from the engine's
// stored columns or SQL), to check every rule of a run against. Business time is walked day by day here.
import { DateTime } from "luxon";
import type { ActivityInput, MetricSampleInput, TicketInput } from "../../server/contract/index.js";
import type { SlaCalendar } from "../../server/db/schema.js";

const minute = 60_000;
const day = 86_400_000;

export interface ReferenceInput {
  tickets: TicketInput[];
  deleted: Set<string>;
  samples: MetricSampleInput[];
  activities: ActivityInput[];
  /** improvement actions of the plan */
  actions: { id: number; dueDate: string | null; status: string; completedAt: number | null }[];
  /** finish times of completed runs of other plans */
  otherPlanRuns: number[];
  start: number;
  end: number;
  timezone: string;
  services: string[] | null;
  /** services' own policies, each in force for its service's tickets opened from `from` on */
  servicePolicies: ServicePolicy[];
}

export interface ServicePolicy {
  service: string;
  from: number;
  targets: Targets;
  calendar: SlaCalendar;
}

export interface Expected {
  status: "pass" | "fail" | "not_applicable" | "pending";
  value: number | null;
}

const ms = (v: string | null | undefined) => (v ? Date.parse(v) : null);
/** nothing but Unicode white space (JavaScript's \s) */
const blank = (v: string | null | undefined) => v === null || v === undefined || /^\s*$/.test(v);
const idPattern = /^[A-Z][A-Z0-9]*-\d{4}-\d{3,}$/;
const isBareDate = (a: ActivityInput) => /^\d{4}-\d{2}-\d{2}$/.test(a.date);

/** Minutes of open hours between two instants, every local day walked (calendar minutes, negative, when to < from). */
export function businessMinutes(cal: SlaCalendar, from: number, to: number): number {
  if (cal.type === "24x7" || to <= from) return (to - from) / minute;
  const [sh, sm] = cal.start.split(":").map(Number);
  const [eh, em] = cal.end.split(":").map(Number);
  const last = DateTime.fromMillis(to, { zone: cal.timezone }).toISODate()!;
  let total = 0;
  for (let date = DateTime.fromMillis(from, { zone: cal.timezone }).toISODate()!; date <= last; date = DateTime.fromISO(date, { zone: "utc" }).plus({ days: 1 }).toISODate()!) {
    const dayStart = DateTime.fromISO(date, { zone: cal.timezone }).startOf("day");
    if (!cal.days.includes(dayStart.weekday) || cal.holidays.includes(date)) continue;
    const open = dayStart.set({ hour: sh, minute: sm }).toMillis(), close = dayStart.set({ hour: eh, minute: em }).toMillis();
    total += Math.max(0, Math.min(close, to) - Math.max(open, from)) / minute;
  }
  return total;
}

export const builtIn = {
  incident: { urgent: { response: 60, resolution: 120 }, important: { response: 120, resolution: 240 }, general: { response: 1440, resolution: 2880 } },
  request: { response: 1440, urgent: 1440, general: 2880, complex: 4320, feedback: 4320 },
};
export type Targets = typeof builtIn;

function ratio(part: number, whole: number) {
  return whole === 0 ? null : (part / whole) * 100;
}
function judge(value: number | null, threshold: number, cmp: "gte" | "lte" | "lt"): Expected {
  if (value === null) return { status: "not_applicable", value: null };
  const ok = cmp === "gte" ? value >= threshold : cmp === "lte" ? value <= threshold : value < threshold;
  return { status: ok ? "pass" : "fail", value };
}

export function referenceResults(input: ReferenceInput): Record<string, Expected> {
  const { start, end, timezone } = input;
  const asOf = end;
  const inServices = (s: string | null | undefined) => input.services === null || (s !== null && s !== undefined && input.services.includes(s));
  const live = input.tickets.filter((t) => !input.deleted.has(t.id));
  const scope = live.filter((t) => {
    const o = ms(t.opened_at)!;
    return o >= start && o < end && inServices(t.service);
  });
  const out: Record<string, Expected> = {};
  const policy = (t: TicketInput): ServicePolicy | undefined => {
    const own = input.servicePolicies.filter((p) => t.service === p.service && ms(t.opened_at)! >= p.from);
    return own.sort((a, b) => b.from - a.from)[0];
  };
  const policyOf = (t: TicketInput): Targets => policy(t)?.targets ?? builtIn;
  const calendarOf = (t: TicketInput): SlaCalendar => policy(t)?.calendar ?? { type: "24x7" };
  const elapsed = (t: TicketInput, to: number) => businessMinutes(calendarOf(t), ms(t.opened_at)!, to);

  const measure = (t: TicketInput, what: "response" | "resolution" | "closure"): number | null => {
    const fr = ms(t.first_response_at), rs = ms(t.resolved_at), cl = ms(t.closed_at);
    if (what === "response") {
      const r = fr !== null && rs !== null ? Math.min(fr, rs) : (fr ?? rs);
      return r === null ? null : elapsed(t, r);
    }
    if (what === "resolution") return rs === null ? null : elapsed(t, rs) - (t.on_hold_minutes ?? 0);
    return cl === null ? null : elapsed(t, cl);
  };
  const isComplex = (t: TicketInput) => t.kind === "request" && !!t.complex;
  const sla = (id: string, pick: (t: TicketInput) => boolean, what: "response" | "resolution" | "closure", target: (t: TicketInput) => number | null) => {
    let met = 0, breached = 0;
    for (const t of scope.filter(pick)) {
      const T = target(t);
      if (T === null) continue;
      const m = measure(t, what);
      // a negative (impossible) time never counts as met; a missing one is measured to asOf like a present one
      if (m !== null) m >= 0 && m <= T ? met++ : breached++;
      else if (elapsed(t, asOf) > T) breached++;
    }
    out[id] = judge(ratio(met, met + breached), 95, "gte");
  };
  const inc = (p: "urgent" | "important" | "general") => (t: TicketInput) => t.kind === "incident" && t.priority === p;
  sla("INC-RESP-URGENT", inc("urgent"), "response", (t) => policyOf(t).incident.urgent.response);
  sla("INC-RESOLVE-URGENT", inc("urgent"), "resolution", (t) => policyOf(t).incident.urgent.resolution);
  sla("INC-RESP-IMPORTANT", inc("important"), "response", (t) => policyOf(t).incident.important.response);
  sla("INC-RESOLVE-IMPORTANT", inc("important"), "resolution", (t) => policyOf(t).incident.important.resolution);
  sla("INC-RESP-GENERAL", inc("general"), "response", (t) => policyOf(t).incident.general.response);
  sla("INC-RESOLVE-GENERAL", inc("general"), "resolution", (t) => policyOf(t).incident.general.resolution);
  const req = (t: TicketInput) => t.kind === "request";
  sla("REQ-RESP", req, "response", (t) => policyOf(t).request.response);
  sla("REQ-RESOLVE-URGENT", (t) => req(t) && !isComplex(t) && t.priority === "urgent", "resolution", (t) => policyOf(t).request.urgent);
  sla("REQ-RESOLVE-GENERAL", (t) => req(t) && !isComplex(t) && (t.priority === "important" || t.priority === "general"), "resolution", (t) => policyOf(t).request.general);
  sla("REQ-RESOLVE-COMPLEX", (t) => req(t) && isComplex(t), "resolution", (t) => policyOf(t).request.complex);
  sla("REQ-FEEDBACK", req, "closure", (t) => policyOf(t).request.feedback);

  const complete = (t: TicketInput) =>
    !blank(t.summary) && !blank(t.category) && !!t.priority && !blank(t.assignee) && idPattern.test(t.id) && (!t.resolved_at || !blank(t.resolution));
  out["REC-COMPLETE"] = judge(ratio(scope.filter(complete).length, scope.length), 99, "gte");

  const lt = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && Date.parse(a) < Date.parse(b);
  const inconsistent = scope.filter(
    (t) =>
      lt(t.first_response_at, t.opened_at) || lt(t.resolved_at, t.opened_at) || lt(t.closed_at, t.opened_at) || lt(t.closed_at, t.resolved_at) || (measure(t, "resolution") ?? 0) < 0,
  );
  out["REC-CONSISTENT"] = judge(inconsistent.length, 0, "lte");

  const since = DateTime.fromMillis(asOf, { zone: timezone }).minus({ years: 3 }).toMillis();
  const deletedRecent = input.tickets.filter((t) => input.deleted.has(t.id) && inServices(t.service) && ms(t.opened_at)! >= since && ms(t.opened_at)! < asOf);
  out["REC-RETENTION"] = judge(deletedRecent.length, 0, "lte");

  const qEnd = DateTime.fromMillis(asOf, { zone: timezone }).startOf("quarter");
  const qStart = qEnd.minus({ quarters: 1 });
  const rated = live.filter((t) => inServices(t.service) && t.satisfaction != null && t.resolved_at && ms(t.resolved_at)! >= qStart.toMillis() && ms(t.resolved_at)! < qEnd.toMillis());
  out["CSAT-QUARTER"] = judge(ratio(rated.filter((t) => t.satisfaction! >= 4).length, rated.length), 90, "gte");

  const resolved = scope.filter((t) => !!t.resolved_at);
  out["CSAT-COVERAGE"] = judge(ratio(resolved.filter((t) => t.satisfaction != null).length, resolved.length), 20, "gte");

  const groups = new Map<string, number[]>();
  for (const s of input.samples) {
    const at = Date.parse(s.at);
    if (s.metric !== "availability" || at < start || at >= end) continue;
    if (input.services !== null && !(s.service && input.services.includes(s.service))) continue;
    const key = `${s.service ?? ""}|${DateTime.fromMillis(at, { zone: timezone }).toFormat("yyyy-MM")}`;
    groups.set(key, [...(groups.get(key) ?? []), s.value]);
  }
  const means = [...groups.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
  out["AVAIL-MONTHLY"] = judge(means.length ? Math.min(...means) : null, 99.5, "gte");

  const urgentResolved = scope.filter((t) => t.kind === "incident" && t.priority === "urgent" && t.resolved_at);
  const possible = urgentResolved.map((t) => measure(t, "resolution")!).filter((m) => m >= 0);
  const mttr = possible.length ? possible.reduce((s, m) => s + m, 0) / possible.length : null;
  out["MTTR-URGENT"] = judge(mttr, 120, "lte");

  /** an instant as it is; a bare date from its day's first instant in the plan's time zone */
  const activityAt = (a: ActivityInput) => (isBareDate(a) ? DateTime.fromISO(a.date, { zone: timezone }).startOf("day").toMillis() : Date.parse(a.date));
  const localDay = (at: number) => DateTime.fromMillis(at, { zone: timezone }).toISODate()!;
  const acts = input.activities.filter((a) => a.service === null || a.service === undefined || inServices(a.service));
  const recency = (id: string, type: string, n: number, extra: number[] = []) => {
    const times = [...acts.filter((a) => a.type === type).map(activityAt), ...extra].filter((t) => t <= asOf);
    if (times.length === 0) return (out[id] = { status: "fail", value: null });
    const latest = Math.max(...times);
    out[id] = { status: latest > asOf - n * day ? "pass" : "fail", value: Math.floor((asOf - latest) / day) };
  };
  recency("DRILL-HALFYEAR", "emergency_drill", 183);
  recency("PLAN-REVIEW-HALFYEAR", "emergency_plan_review", 183);
  recency("TRAINING-QUARTER", "training", 92);
  recency("KB-UPDATE-MONTH", "kb_update", 31);
  recency("ACCESS-REVIEW-QUARTER", "access_review", 92);
  recency("BACKUP-TEST-QUARTER", "backup_restore_test", 92);
  recency("SLA-REVIEW-YEAR", "sla_review", 366);
  recency("MGMT-REVIEW-YEAR", "management_review", 366);
  // INTERNAL-AUDIT-YEAR: only an independent internal audit counts (issue 16), not another plan's run
  Object.assign(out, isoActivityReference(input).results);

  const inPeriod = (a: ActivityInput) => activityAt(a) >= start && activityAt(a) < end;
  const drills = acts.filter((a) => a.type === "emergency_drill" && inPeriod(a));
  out["DRILL-EVALUATED"] = judge(ratio(drills.filter((d) => !!d.outcome?.trim()).length, drills.length), 100, "gte");

  let reviewed = 0, missing = 0;
  for (const t of urgentResolved) {
    const rs = ms(t.resolved_at)!;
    const within = (a: ActivityInput) =>
      isBareDate(a) ? a.date >= localDay(rs) && a.date <= localDay(rs + 5 * day) : Date.parse(a.date) >= rs && Date.parse(a.date) <= rs + 5 * day;
    const ok = input.activities.some((a) => a.type === "incident_review" && a.ticket_id === t.id && within(a));
    if (ok) reviewed++;
    else if (asOf - rs >= 5 * day) missing++;
  }
  out["MAJOR-INCIDENT-REVIEW"] = judge(ratio(reviewed, reviewed + missing), 100, "gte");

  const scored = acts.filter((a) => a.type === "training" && a.score != null && inPeriod(a));
  out["TRAINING-SCORE"] = judge(scored.length ? scored.reduce((s, a) => s + a.score!, 0) / scored.length : null, 80, "gte");

  const firstDay = DateTime.fromMillis(start, { zone: timezone }).toISODate()!;
  const afterLast = DateTime.fromMillis(end, { zone: timezone }).toISODate()!;
  const due = input.actions.filter((a) => a.dueDate !== null && a.dueDate >= firstDay && a.dueDate < afterLast);
  const onTime = due.filter((a) => (a.status === "done" || a.status === "verified") && a.completedAt !== null && a.completedAt < DateTime.fromISO(a.dueDate!, { zone: timezone }).plus({ days: 1 }).toMillis());
  out["ACTIONS-ON-TIME"] = judge(ratio(onTime.length, due.length), 90, "gte");

  for (const id of ["MAN-CATALOGUE", "MAN-SLA-AGREED", "MAN-ROLES", "MAN-COMMS-TEMPLATES", "MAN-CLASSIFICATION"]) out[id] = { status: "pending", value: null };
  Object.assign(out, referenceComplaintTrend(input).results);
  recency("PROBLEM-REVIEW-QUARTER", "problem_review", 92);
  for (const [id, r] of Object.entries(referenceProblemAndMajorIncidentRules(input))) out[id] = { status: r.status, value: r.value };
  return out;
}

/** The parameters of the complaint and trend rules; the built-in rulebook's by default. */
export interface ComplaintTrendParams {
  complaintCategories: string[];
  responseTargetMinutes: number;
  maxScore: number;
  followupDays: number;
  risePercent: number;
  minIncidents: number;
}

export const builtInComplaintTrend: ComplaintTrendParams = { complaintCategories: ["complaint"], responseTargetMinutes: 1440, maxScore: 2, followupDays: 5, risePercent: 20, minIncidents: 10 };

/**
 * COMPLAINT-RESPONSE, COMPLAINT-ANSWERED, LOW-CSAT-FOLLOWUP, UNPRIORITISED and INCIDENT-RATE-TREND read
 * from README "Complaints and trends", from the raw inputs: business time walked day by day, every ticket looked at.
 * `details` holds what the rules' evidence and messages are checked against.
 */
export function referenceComplaintTrend(input: ReferenceInput, p: ComplaintTrendParams = builtInComplaintTrend) {
  const { start, end, timezone } = input;
  const asOf = end;
  const inServices = (s: string | null | undefined) => input.services === null || (s !== null && s !== undefined && input.services.includes(s));
  const live = input.tickets.filter((t) => !input.deleted.has(t.id) && inServices(t.service));
  const openedIn = (t: TicketInput, from: number, to: number) => ms(t.opened_at)! >= from && ms(t.opened_at)! < to;
  const scope = live.filter((t) => openedIn(t, start, end));
  const calendarOf = (t: TicketInput): SlaCalendar => {
    const own = input.servicePolicies.filter((sp) => t.service === sp.service && ms(t.opened_at)! >= sp.from).sort((a, b) => b.from - a.from)[0];
    return own?.calendar ?? { type: "24x7" };
  };
  const isComplaint = (t: TicketInput) => t.category !== null && t.category !== undefined && p.complaintCategories.includes(t.category);
  const out: Record<string, Expected> = {};
  const details = { late: [] as string[], unanswered: [] as string[], notFollowedUp: [] as string[], unprioritised: [] as string[], trend: [] as { service: string; previous: number; current: number; rising: boolean }[], pendingResponses: 0, pendingFollowups: 0 };

  // COMPLAINT-RESPONSE: the effective first response (the earlier of response and resolution), in the policy's time
  let met = 0, breached = 0;
  for (const t of scope.filter(isComplaint)) {
    const fr = ms(t.first_response_at), rs = ms(t.resolved_at);
    const r = fr !== null && rs !== null ? Math.min(fr, rs) : (fr ?? rs);
    const opened = ms(t.opened_at)!;
    const m = businessMinutes(calendarOf(t), opened, r ?? asOf);
    if (r !== null ? m >= 0 && m <= p.responseTargetMinutes : false) met++;
    else if (r !== null || m > p.responseTargetMinutes) {
      breached++;
      details.late.push(t.id);
    } else details.pendingResponses++;
  }
  out["COMPLAINT-RESPONSE"] = judge(ratio(met, met + breached), 95, "gte");

  // COMPLAINT-ANSWERED: complaints closed in the period, whenever opened
  const closed = live.filter((t) => isComplaint(t) && t.closed_at && ms(t.closed_at)! >= start && ms(t.closed_at)! < end);
  details.unanswered = closed.filter((t) => blank(t.resolution)).map((t) => t.id).sort();
  out["COMPLAINT-ANSWERED"] = judge(ratio(closed.length - details.unanswered.length, closed.length), 100, "gte");

  // LOW-CSAT-FOLLOWUP: any activity naming the ticket, from the resolution to N × 24 h after it (bare dates by days)
  const localDay = (at: number) => DateTime.fromMillis(at, { zone: timezone }).toISODate()!;
  let followed = 0;
  for (const t of live.filter((t) => t.satisfaction != null && t.satisfaction <= p.maxScore && t.resolved_at && ms(t.resolved_at)! >= start && ms(t.resolved_at)! < end)) {
    const rs = ms(t.resolved_at)!, until = rs + p.followupDays * day;
    const within = (a: ActivityInput) => (isBareDate(a) ? a.date >= localDay(rs) && a.date <= localDay(until) : Date.parse(a.date) >= rs && Date.parse(a.date) <= until);
    if (input.activities.some((a) => a.ticket_id === t.id && within(a))) followed++;
    else if (asOf - rs >= p.followupDays * day) details.notFollowedUp.push(t.id);
    else details.pendingFollowups++;
  }
  out["LOW-CSAT-FOLLOWUP"] = judge(ratio(followed, followed + details.notFollowedUp.length), 100, "gte");

  // UNPRIORITISED: a count of the incidents and requests in scope without a priority; none of them → not applicable
  const prioritisable = scope.filter((t) => t.kind === "incident" || t.kind === "request");
  details.unprioritised = prioritisable.filter((t) => !t.priority).map((t) => t.id).sort();
  out["UNPRIORITISED"] = prioritisable.length === 0 ? { status: "not_applicable", value: null } : judge(details.unprioritised.length, 0, "lte");

  // INCIDENT-RATE-TREND: incidents per service, this period against the previous one of equal length
  const previousStart = start - (end - start);
  if (!live.some((t) => openedIn(t, previousStart, start))) out["INCIDENT-RATE-TREND"] = { status: "not_applicable", value: null };
  else {
    const counts = new Map<string, { previous: number; current: number }>();
    for (const t of live.filter((t) => t.kind === "incident")) {
      const c = counts.get(t.service) ?? { previous: 0, current: 0 };
      if (openedIn(t, start, end)) c.current++;
      else if (openedIn(t, previousStart, start)) c.previous++;
      counts.set(t.service, c);
    }
    details.trend = [...counts]
      .filter(([, c]) => Math.max(c.previous, c.current) >= p.minIncidents)
      .map(([service, c]) => ({ service, ...c, rising: c.previous === 0 ? c.current > 0 : (c.current - c.previous) / c.previous > p.risePercent / 100 }))
      .sort((a, b) => (a.service < b.service ? -1 : 1));
    out["INCIDENT-RATE-TREND"] = details.trend.length === 0 ? { status: "not_applicable", value: null } : judge(details.trend.filter((s) => s.rising).length, 0, "lte");
  }
  return { results: out, details };
}

// ——— Issue 16: who took part in an activity and what it covered (README, "Who did it and what it covered") ———

type ActivityAt = (a: ActivityInput) => number;
/** white space removed, case folded: the internal-audit comparison of names */
const squashed = (v: string) => v.replace(/\s/g, "").toLowerCase();
/** trimmed, case folded: the training comparison of names */
const trimmedFolded = (v: string) => v.trim().toLowerCase();

/** INTERNAL-AUDIT-YEAR: the latest audit naming auditor and area, the auditor not the area's owner, within 366 days. */
function internalAudit(input: ReferenceInput, acts: ActivityInput[], activityAt: ActivityAt, out: Record<string, Expected>) {
  const independent = (a: ActivityInput) =>
    !blank(a.auditor) && !blank(a.area) && (blank(a.area_owner) || squashed(a.auditor!) !== squashed(a.area_owner!));
  const times = acts.filter((a) => a.type === "internal_audit" && independent(a)).map(activityAt).filter((t) => t <= input.end);
  if (times.length === 0) return (out["INTERNAL-AUDIT-YEAR"] = { status: "fail", value: null });
  const latest = Math.max(...times);
  out["INTERNAL-AUDIT-YEAR"] = { status: latest > input.end - 366 * day ? "pass" : "fail", value: Math.floor((input.end - latest) / day) };
}

/** The offending ids (or names) each of these rules should list, for tests that compare evidence too. */
export interface IsoActivityEvidence {
  flawedAudits: string[];
  missingInputs: string[];
  untrained: string[];
  untestedChanges: string[];
  pendingChanges: number;
}

/** INTERNAL-AUDIT-YEAR, MGMT-REVIEW-INPUTS, TRAINING-COVERAGE and CHANGE-CONTINUITY, with their evidence. */
export function isoActivityReference(input: ReferenceInput): { results: Record<string, Expected>; evidence: IsoActivityEvidence } {
  const asOf = input.end;
  const out: Record<string, Expected> = {};
  const inServices = (s: string | null | undefined) => input.services === null || (s !== null && s !== undefined && input.services.includes(s));
  const scope = input.tickets.filter((t) => !input.deleted.has(t.id) && ms(t.opened_at)! >= input.start && ms(t.opened_at)! < input.end && inServices(t.service));
  const acts = input.activities.filter((a) => a.service === null || a.service === undefined || inServices(a.service));
  const activityAt: ActivityAt = (a) => (isBareDate(a) ? DateTime.fromISO(a.date, { zone: input.timezone }).startOf("day").toMillis() : Date.parse(a.date));
  internalAudit(input, acts, activityAt, out);
  const inYear = (a: ActivityInput) => activityAt(a) <= asOf && activityAt(a) > asOf - 366 * day;

  const audits = acts.filter((a) => a.type === "internal_audit" && inYear(a));
  const flawedAudits = audits
    .filter((a) => blank(a.auditor) || blank(a.area) || (!blank(a.area_owner) && squashed(a.auditor!) === squashed(a.area_owner!)))
    .map((a) => a.id!)
    .sort();

  // MGMT-REVIEW-INPUTS: the latest review of the 366 days (ties: the greater id), its missing inputs
  const reviews = acts.filter((a) => a.type === "management_review" && inYear(a));
  reviews.sort((a, b) => activityAt(b) - activityAt(a) || (a.id! < b.id! ? 1 : -1));
  const required = ["audit_results", "customer_satisfaction", "service_performance", "nonconformities_actions", "risks", "improvement_opportunities"];
  const latestReview = reviews[0];
  const missingInputs = latestReview ? required.filter((i) => !(latestReview.inputs ?? []).includes(i as never)) : [];
  out["MGMT-REVIEW-INPUTS"] = latestReview ? judge(missingInputs.length, 0, "lte") : { status: "fail", value: null };

  // TRAINING-COVERAGE: distinct assignees of the tickets in scope named by a training of the 366 days
  const trained = new Set(acts.filter((a) => a.type === "training" && inYear(a)).flatMap((a) => (a.participants ?? []).filter((p) => !blank(p)).map(trimmedFolded)));
  const assignees = new Map<string, string>();
  for (const t of scope) {
    if (blank(t.assignee)) continue;
    const key = trimmedFolded(t.assignee!);
    if (!assignees.has(key) || t.assignee! < assignees.get(key)!) assignees.set(key, t.assignee!);
  }
  const untrained = [...assignees].filter(([k]) => !trained.has(k)).map(([, v]) => v).sort();
  out["TRAINING-COVERAGE"] = judge(ratio(assignees.size - untrained.length, assignees.size), 90, "gte");

  // CHANGE-CONTINUITY: each major change of the period tested (its service, or organisation-wide) within 30 days
  const localDay = (at: number) => DateTime.fromMillis(at, { zone: input.timezone }).toISODate()!;
  const within = 30 * day;
  const changes = acts.filter((a) => a.type === "change" && a.major === true && activityAt(a) >= input.start && activityAt(a) < input.end);
  let tested = 0, pendingChanges = 0;
  const untestedChanges: string[] = [];
  for (const c of changes) {
    const from = activityAt(c);
    const ok = input.activities.some(
      (t) =>
        t.type === "continuity_test" &&
        (t.service === null || t.service === undefined || t.service === c.service) &&
        (isBareDate(t) ? t.date >= localDay(from) && t.date <= localDay(from + within) : Date.parse(t.date) >= from && Date.parse(t.date) <= from + within),
    );
    if (ok) tested++;
    else if (asOf - from < within) pendingChanges++;
    else untestedChanges.push(c.id!);
  }
  out["CHANGE-CONTINUITY"] = judge(ratio(tested, tested + untestedChanges.length), 100, "gte");
  return { results: out, evidence: { flawedAudits, missingInputs, untrained, untestedChanges: untestedChanges.sort(), pendingChanges } };
}

// ---------- problem management and major incidents (issue 16) ----------

export interface ExpectedWithEvidence extends Expected {
  /** the offending record ids, sorted */
  evidence: string[];
}

/**
 * PROBLEM-RECORDS, RECURRING-NO-PROBLEM, MAJOR-INC-INFORMED and MAJOR-INC-PLAN-REVIEW as README ("Rulebook: problem
 * management and major incidents") specifies them, from the raw inputs, with the offending ids.
 */
export function referenceProblemAndMajorIncidentRules(input: ReferenceInput): Record<string, ExpectedWithEvidence> {
  const { start, end, timezone } = input;
  const asOf = end;
  const hour = 3_600_000;
  const inServices = (s: string | null | undefined) => input.services === null || (s !== null && s !== undefined && input.services.includes(s));
  const live = input.tickets.filter((t) => !input.deleted.has(t.id));
  const byId = new Map(live.map((t) => [t.id, t]));
  const opened = (t: TicketInput) => Date.parse(t.opened_at);
  const resolvedIn = (t: TicketInput) => !!t.resolved_at && Date.parse(t.resolved_at) >= start && Date.parse(t.resolved_at) < end;
  const scope = live.filter((t) => opened(t) >= start && opened(t) < end && inServices(t.service));
  const sorted = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const localDay = (at: number) => DateTime.fromMillis(at, { zone: timezone }).toISODate()!;
  /** an activity dated from `from` to `from + ms`: an instant inside; a bare date on a local day from day(from) to day(from + ms) */
  const within = (a: ActivityInput, from: number, ms: number) =>
    isBareDate(a) ? a.date >= localDay(from) && a.date <= localDay(from + ms) : Date.parse(a.date) >= from && Date.parse(a.date) <= from + ms;
  const out: Record<string, ExpectedWithEvidence> = {};
  const ratioRule = (id: string, ok: number, bad: string[]) => {
    const r = judge(ratio(ok, ok + bad.length), 100, "gte");
    out[id] = { ...r, evidence: sorted(bad) };
  };

  // PROBLEM-RECORDS: problems resolved in the period; a root cause, a live incident naming it, not resolved before opened
  const linkedIncidents = new Map<string, number>();
  for (const t of live) if (t.kind === "incident" && t.problem_id) linkedIncidents.set(t.problem_id, (linkedIncidents.get(t.problem_id) ?? 0) + 1);
  const problems = live.filter((t) => t.kind === "problem" && resolvedIn(t) && inServices(t.service));
  const undocumented = problems.filter((p) => blank(p.root_cause) || (linkedIncidents.get(p.id) ?? 0) < 1 || Date.parse(p.resolved_at!) < opened(p));
  ratioRule("PROBLEM-RECORDS", problems.length - undocumented.length, undocumented.map((p) => p.id));

  // RECURRING-NO-PROBLEM: incidents in scope with a category, by service and trimmed category
  const groups = new Map<string, TicketInput[]>();
  for (const t of scope) {
    if (t.kind !== "incident" || blank(t.category)) continue;
    const key = JSON.stringify([t.service, t.category!.trim()]);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const linkedToProblem = (t: TicketInput) => !!t.problem_id && byId.get(t.problem_id)?.kind === "problem";
  const recurring = [...groups.values()].filter((g) => g.length >= 3 && !g.some(linkedToProblem));
  const population = [...groups.values()].reduce((n, g) => n + g.length, 0);
  out["RECURRING-NO-PROBLEM"] = { ...judge(population === 0 ? null : recurring.length, 0, "lte"), evidence: sorted(recurring.map((g) => `${g[0].service} / ${g[0].category!.trim()}`)) };

  // MAJOR-INC-INFORMED: major incidents in scope, a management_notification naming each within 1 h of opening
  let informed = 0;
  const notInformed: string[] = [];
  for (const t of scope.filter((x) => x.kind === "incident" && x.major_incident === true)) {
    if (input.activities.some((a) => a.type === "management_notification" && a.ticket_id === t.id && within(a, opened(t), hour))) informed++;
    else if (asOf - opened(t) >= hour) notInformed.push(t.id);
  }
  ratioRule("MAJOR-INC-INFORMED", informed, notInformed);

  // MAJOR-INC-PLAN-REVIEW: major incidents resolved in the period, an emergency_plan_review of their service (or
  // organisation-wide) within 30 days after the resolution; resolved before opened: missing whatever was recorded
  let reviewed = 0;
  const notReviewed: string[] = [];
  for (const t of live.filter((x) => x.kind === "incident" && x.major_incident === true && resolvedIn(x) && inServices(x.service))) {
    const rs = Date.parse(t.resolved_at!);
    const impossible = rs < opened(t);
    const ok = !impossible && input.activities.some((a) => a.type === "emergency_plan_review" && (a.service === null || a.service === undefined || a.service === t.service) && within(a, rs, 30 * day));
    if (ok) reviewed++;
    else if (impossible || asOf - rs >= 30 * day) notReviewed.push(t.id);
  }
  ratioRule("MAJOR-INC-PLAN-REVIEW", reviewed, notReviewed);
  return out;
}
