// COMPLAINT-RESPONSE, COMPLAINT-ANSWERED, LOW-CSAT-FOLLOWUP, UNPRIORITISED and INCIDENT-RATE-TREND, run by
// the engine over data ingested through the HTTP API, against the independent computation of reference-rules.ts:
// same status and value, the same evidence. The data sits on the edges: a response at exactly 24 h and a minute
// later, business-hours pending, blank (Unicode) resolutions, complaints of another category or service, follow-ups
// at exactly 5 × 24 h and a millisecond later, a rise of exactly 20 %, a service new in the period, and a previous
// period without any ticket.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyRun } from "../../audits/verify-run.js";
import { evaluateRules } from "../../audits/evaluate.js";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, getRunDetail } from "../../audits/runs.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import type { Rule, RuleOf } from "../../audits/rulebooks/types.js";
import type { ActivityInput, TicketInput } from "../../server/contract/index.js";
import type { SlaCalendar } from "../../server/db/schema.js";
import { builtInTargets } from "../../server/ingest/sla-policies.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { testCtx } from "../support/ctx.js";
import { builtIn, builtInComplaintTrend, referenceComplaintTrend, type ComplaintTrendParams, type ReferenceInput, type ServicePolicy } from "./reference-rules.js";

const ruleIds = ["COMPLAINT-RESPONSE", "COMPLAINT-ANSWERED", "LOW-CSAT-FOLLOWUP", "UNPRIORITISED", "INCIDENT-RATE-TREND"];
const hour = 3_600_000, day = 24 * hour;
const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);

/** biz works Monday to Friday, 09:00–18:00 UTC, from September on */
const officeHours: SlaCalendar = { type: "business", timezone: "UTC", days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00", holidays: [] };
const servicePolicies: ServicePolicy[] = [{ service: "biz", from: at("2026-09-01T00:00:00Z"), targets: builtIn, calendar: officeHours }];

let t: TestApp;
const tickets: TicketInput[] = [];
const activities: ActivityInput[] = [];
const deleted = new Set<string>();

let n = 0;
/** a ticket opened at `opened`, answered after 30 min and resolved after 90 min unless overridden */
function add(id: string, service: string, opened: string, overrides: Partial<TicketInput> = {}) {
  const o = at(opened);
  tickets.push(ticket(n++, { id, service, opened_at: opened, first_response_at: iso(o + 30 * 60_000), resolved_at: iso(o + 90 * 60_000), satisfaction: null, ...overrides }));
}
const complaint = (id: string, service: string, opened: string, overrides: Partial<TicketInput> = {}) => add(id, service, opened, { category: "complaint", ...overrides });

function dataset() {
  // COMPLAINT-RESPONSE in October (desk: the built-in 24x7 calendar)
  complaint("CR-2026-001", "desk", "2026-10-02T10:00:00Z", { first_response_at: "2026-10-03T10:00:00Z", resolved_at: "2026-10-04T10:00:00Z" }); // exactly 24 h: met
  complaint("CR-2026-002", "desk", "2026-10-02T10:00:00Z", { first_response_at: "2026-10-03T10:01:00Z", resolved_at: "2026-10-04T10:00:00Z" }); // a minute late
  complaint("CR-2026-003", "desk", "2026-10-31T00:00:00Z", { first_response_at: null, resolved_at: null, resolution: null }); // 24 h exactly by asOf: pending
  complaint("CR-2026-004", "desk", "2026-10-30T23:59:59Z", { first_response_at: null, resolved_at: null, resolution: null }); // a second more: late
  complaint("CR-2026-005", "desk", "2026-10-05T10:00:00Z", { first_response_at: "2026-10-05T09:00:00Z" }); // answered before opening: impossible, late
  complaint("CR-2026-006", "desk", "2026-10-06T10:00:00Z", { first_response_at: null, resolved_at: "2026-10-06T12:00:00Z" }); // the resolution answers it
  complaint("CR-2026-007", "desk", "2026-10-07T10:00:00Z", { category: "Complaint", first_response_at: null, resolved_at: null, resolution: null }); // another category
  complaint("CR-2026-008", "desk", "2026-09-20T10:00:00Z", { first_response_at: null, resolved_at: null, resolution: null }); // opened before the period
  complaint("CR-2026-009", "other", "2026-10-08T10:00:00Z", { first_response_at: null, resolved_at: null, resolution: null }); // another service
  complaint("CR-2026-010", "desk", "2026-10-09T10:00:00Z", { first_response_at: null, resolved_at: null, resolution: null }); // deleted
  deleted.add("CR-2026-010");
  // biz: business hours, Monday to Friday 09:00–18:00
  complaint("CB-2026-001", "biz", "2026-10-30T17:00:00Z", { first_response_at: null, resolved_at: null, resolution: null }); // Friday 17:00: 1 business hour by asOf, pending
  complaint("CB-2026-002", "biz", "2026-10-26T10:00:00Z", { first_response_at: null, resolved_at: null, resolution: null }); // Monday 10:00: 44 business hours by asOf, late
  complaint("CB-2026-003", "biz", "2026-10-23T17:00:00Z", { first_response_at: "2026-10-26T17:00:00Z", resolved_at: "2026-10-27T10:00:00Z" }); // 9 business hours: met

  // COMPLAINT-ANSWERED: closed in October, whenever opened
  complaint("CC-2026-001", "desk", "2026-10-10T10:00:00Z", { closed_at: "2026-10-11T10:00:00Z", resolution: "apologised and refunded" });
  complaint("CC-2026-002", "desk", "2026-10-10T10:00:00Z", { closed_at: "2026-10-11T10:00:00Z", resolution: "\u3000\u00a0" }); // blank
  complaint("CC-2026-003", "desk", "2026-10-10T10:00:00Z", { closed_at: "2026-10-11T10:00:00Z", resolution: null }); // none
  complaint("CC-2026-004", "desk", "2026-09-20T10:00:00Z", { closed_at: "2026-10-03T10:00:00Z", resolution: " " }); // opened in September
  complaint("CC-2026-005", "desk", "2026-10-30T10:00:00Z", { closed_at: "2026-11-01T00:00:00Z", resolution: null }); // closed at the period's end: outside
  complaint("CC-2026-006", "desk", "2026-09-30T20:00:00Z", { closed_at: "2026-10-01T00:00:00Z", resolution: "\u200b" }); // at its start: inside; a zero-width space is content
  complaint("CC-2026-007", "desk", "2026-10-10T10:00:00Z", { category: "complaints", closed_at: "2026-10-11T10:00:00Z", resolution: null }); // another category
  complaint("CC-2026-008", "other", "2026-10-10T10:00:00Z", { closed_at: "2026-10-11T10:00:00Z", resolution: null }); // another service

  // LOW-CSAT-FOLLOWUP: scored 2 or less, resolved in October
  const low = (id: string, resolved: string, satisfaction: number, opened = "2026-10-01T08:00:00Z", service = "desk") =>
    add(id, service, opened, { resolved_at: resolved, first_response_at: opened, satisfaction, closed_at: null });
  low("LC-2026-001", "2026-10-05T10:00:00Z", 1);
  activities.push({ id: "fu-1", type: "complaint_followup", date: "2026-10-10T10:00:00Z", ticket_id: "LC-2026-001" }); // exactly 5 × 24 h
  low("LC-2026-002", "2026-10-05T10:00:00Z", 2);
  activities.push({ id: "fu-2", type: "complaint_followup", date: "2026-10-10T10:00:00.001Z", ticket_id: "LC-2026-002" }); // a millisecond later
  low("LC-2026-003", "2026-10-06T10:00:00Z", 2);
  activities.push({ id: "fu-3", type: "complaint_followup", date: "2026-10-11", ticket_id: "LC-2026-003" }); // a bare date: the fifth day
  low("LC-2026-004", "2026-10-06T10:00:00Z", 3); // not low
  low("LC-2026-005", "2026-10-29T12:00:00Z", 1); // not due by asOf: pending
  low("LC-2026-006", "2026-10-27T00:00:00Z", 1); // due exactly at asOf: missing
  low("LC-2026-007", "2026-10-08T10:00:00Z", 1);
  activities.push({ id: "fu-7", type: "complaint_followup", date: "2026-10-08T09:00:00Z", ticket_id: "LC-2026-007" }); // before the resolution
  low("LC-2026-008", "2026-10-02T10:00:00Z", 1, "2026-09-25T10:00:00Z"); // opened in September
  activities.push({ id: "fu-8", type: "kb_update", date: "2026-10-03", ticket_id: "LC-2026-008", service: "desk" }); // any type naming it counts
  low("LC-2026-009", "2026-10-12T10:00:00Z", 1, "2026-10-01T08:00:00Z", "other"); // another service
  low("LC-2026-010", "2026-11-01T00:00:00Z", 1, "2026-10-31T08:00:00Z"); // resolved at the period's end: outside

  // UNPRIORITISED
  add("UP-2026-001", "desk", "2026-10-12T10:00:00Z", { priority: null });
  add("UP-2026-002", "desk", "2026-10-12T10:00:00Z", { kind: "request", priority: null });
  add("UP-2026-003", "desk", "2026-10-12T10:00:00Z", { kind: "problem", priority: null }); // not an incident or request
  add("UP-2026-004", "other", "2026-10-12T10:00:00Z", { priority: null }); // another service
  add("UP-2026-005", "desk", "2026-09-12T10:00:00Z", { priority: null }); // before the period

  // INCIDENT-RATE-TREND: October against the 31 days before it, [2026-08-31, 2026-10-01)
  const incidents = (service: string, count: number, from: number, prefix: string) => {
    for (let i = 0; i < count; i++) add(`${prefix}-2026-${String(i + 1).padStart(3, "0")}`, service, iso(from + i * 2 * day + 3 * hour));
  };
  const september = at("2026-09-01T00:00:00Z"), october = at("2026-10-01T00:00:00Z");
  incidents("trend-flat", 10, september, "TF");
  incidents("trend-flat", 12, october, "TFN"); // +20 % exactly: not rising
  incidents("trend-up", 10, september, "TU");
  incidents("trend-up", 13, october, "TUN"); // +30 %
  incidents("trend-new", 10, october, "TN"); // none before
  incidents("trend-small", 2, september, "TS");
  incidents("trend-small", 9, october, "TSN"); // below the minimum population
  incidents("trend-down", 15, september, "TD");
  incidents("trend-down", 5, october, "TDN");
  // 9 + the one at the previous period's first instant = 10 before, 12 after: +20 % exactly (rising if the edge were left out)
  incidents("trend-edge", 9, september, "TEP");
  add("TE-2026-001", "trend-edge", "2026-08-31T00:00:00Z"); // the previous period's first instant
  add("TE-2026-002", "trend-edge", "2026-08-30T23:59:59Z"); // a second before it
  incidents("trend-edge", 12, october, "TEN");
}

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  dataset();
  const policy = await t.request("/api/v1/sla-policies", {
    ...jsonBody({ service: "biz", effective_from: "2026-09-01T00:00:00Z", reason: "biz desk staffed in office hours", calendar: officeHours, targets: builtInTargets }),
    role: "admin",
  });
  expect(policy.status, await policy.clone().text()).toBe(201);
  const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" });
  expect(res.status, await res.clone().text()).toBe(200);
  for (const id of deleted) expect((await t.request(`/api/v1/tickets/${id}?reason=test`, { method: "DELETE", role: "ingest" })).status).toBe(200);
  expect((await t.request("/api/v1/activities", { ...jsonBody({ activities }), role: "ingest" })).status).toBe(200);
}, 60_000);
afterAll(() => t.close());

async function run(input: Record<string, unknown>) {
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "complaints", timezone: "UTC", rules: ruleIds, ...input } });
  const created = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
  expect(await executeRun(t.database, t.clock, created.id, "test:1")).toEqual({ runId: created.id, status: "completed" });
  const detail = await getRunDetail(t.database.db, created.id);
  return { detail, results: Object.fromEntries(detail.results!.map((r) => [r.rule_id, r])) };
}

function reference(start: string, end: string, services: string[] | null, params?: ComplaintTrendParams) {
  const input: ReferenceInput = {
    tickets,
    deleted,
    samples: [],
    activities,
    actions: [],
    otherPlanRuns: [],
    start: at(start),
    end: at(end),
    timezone: "UTC",
    services,
    servicePolicies,
  };
  return referenceComplaintTrend(input, params);
}

type Results = Awaited<ReturnType<typeof run>>["results"];
function expectAgreement(results: Results, ref: ReturnType<typeof reference>) {
  for (const id of ruleIds) {
    const want = ref.results[id], got = results[id];
    expect({ id, status: got.status, value: got.value === null ? null : Number(got.value.toFixed(6)) }).toEqual({ id, status: want.status, value: want.value === null ? null : Number(want.value.toFixed(6)) });
  }
  const d = ref.details;
  expect(results["COMPLAINT-RESPONSE"].evidence.ids).toEqual([...d.late].sort());
  expect((results["COMPLAINT-RESPONSE"].details as { pending: number }).pending).toBe(d.pendingResponses);
  expect(results["COMPLAINT-ANSWERED"].evidence.ids).toEqual(d.unanswered);
  expect(results["LOW-CSAT-FOLLOWUP"].evidence.ids).toEqual([...d.notFollowedUp].sort());
  expect((results["LOW-CSAT-FOLLOWUP"].details as { pending: number }).pending).toBe(d.pendingFollowups);
  expect(results["UNPRIORITISED"].evidence.ids).toEqual(d.unprioritised);
  expect(results["INCIDENT-RATE-TREND"].evidence.ids).toEqual(d.trend.filter((s) => s.rising).map((s) => `${s.service}: ${s.previous} → ${s.current}`));
}

const october = { type: "custom", start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" };

describe("the complaint and trend rules agree with the independent computation", () => {
  it("over October for every service", async () => {
    const { results } = await run({ period: october });
    const ref = reference(october.start, october.end, null);
    expectAgreement(results, ref);
    // the edges the data set is meant to reach
    expect(ref.details.late).toEqual(expect.arrayContaining(["CR-2026-002", "CR-2026-004", "CR-2026-005", "CB-2026-002"]));
    expect(ref.details.late).not.toContain("CR-2026-003");
    expect(ref.details.late).not.toContain("CB-2026-001");
    expect(ref.details.late).not.toContain("CR-2026-007");
    expect(ref.details.pendingResponses).toBe(2);
    expect(ref.details.unanswered).toEqual(["CC-2026-002", "CC-2026-003", "CC-2026-004", "CC-2026-008"]);
    expect(ref.details.notFollowedUp.sort()).toEqual(["LC-2026-002", "LC-2026-006", "LC-2026-007", "LC-2026-009"]);
    expect(ref.details.unprioritised).toEqual(["UP-2026-001", "UP-2026-002", "UP-2026-004"]);
    const trend = Object.fromEntries(ref.details.trend.map((s) => [s.service, s]));
    expect(trend["trend-small"]).toBeUndefined();
    expect(trend["trend-edge"]).toMatchObject({ previous: 10, current: 12, rising: false });
    expect(trend["trend-flat"]).toMatchObject({ rising: false });
    expect(trend["trend-down"]).toMatchObject({ rising: false });
    expect(trend["trend-up"]).toMatchObject({ rising: true });
    expect(trend["trend-new"]).toMatchObject({ previous: 0, current: 10, rising: true });
    for (const id of ruleIds) expect(results[id].status, id).toBe("fail");
    // the numbers in the trend's message: both periods' counts, and the largest rise (from none before)
    const rising = ref.details.trend.filter((s) => s.rising).length;
    const { previous, current } = ref.details.trend.reduce((s, r) => ({ previous: s.previous + r.previous, current: s.current + r.current }), { previous: 0, current: 0 });
    expect(results["INCIDENT-RATE-TREND"].message).toBe(
      `${rising} of ${ref.details.trend.length} services rose by more than 20 % against 2026-08-31 to 2026-09-30 (at most 0 allowed): ${previous} incidents before, ${current} in the period; largest rise 0 → 10`,
    );
    expect(results["INCIDENT-RATE-TREND"].details).toMatchObject({ previousPeriod: { from: "2026-08-31", to: "2026-09-30" } });
  });

  it("for a plan of some services: the scope filters complaints, scores, priorities and trends alike", async () => {
    const services = ["desk", "biz", "trend-flat", "trend-edge"];
    const { results } = await run({ period: october, services });
    const ref = reference(october.start, october.end, services);
    expectAgreement(results, ref);
    expect(ref.details.unanswered).not.toContain("CC-2026-008");
    expect(ref.details.notFollowedUp).not.toContain("LC-2026-009");
    expect(ref.details.unprioritised).toEqual(["UP-2026-001", "UP-2026-002"]);
    expect(ref.details.trend.map((s) => s.service)).not.toContain("trend-up");
    // trend services alone: compared, none rising
    const flat = await run({ period: october, services: ["trend-flat", "trend-edge", "trend-down"] });
    expectAgreement(flat.results, reference(october.start, october.end, ["trend-flat", "trend-edge", "trend-down"]));
    expect(flat.results["INCIDENT-RATE-TREND"]).toMatchObject({ status: "pass", value: 0, population: 3 });
  });

  it("over a rolling 30 days ending at the clock (Asia/Shanghai): pending at the end of the window", async () => {
    const { detail, results } = await run({ period: { type: "rolling_days", days: 30 }, timezone: "Asia/Shanghai" });
    const ref = referenceComplaintTrend({ tickets, deleted, samples: [], activities, actions: [], otherPlanRuns: [], start: at(detail.period.start), end: at(detail.period.end), timezone: "Asia/Shanghai", services: null, servicePolicies });
    expectAgreement(results, ref);
  });

  it("with no ticket in the previous period: the trend is not applicable, the other rules judge as usual", async () => {
    const august = { type: "custom", start: "2026-08-01T00:00:00Z", end: "2026-09-01T00:00:00Z" };
    const { results } = await run({ period: august });
    const ref = reference(august.start, august.end, null);
    expectAgreement(results, ref);
    expect(results["INCIDENT-RATE-TREND"]).toMatchObject({ status: "not_applicable", value: null, message: "no ticket opened from 2026-07-01 to 2026-07-31, the previous period, to compare with" });
    expect(results["COMPLAINT-RESPONSE"]).toMatchObject({ status: "not_applicable", message: "no complaint to judge" });
  });

  it("with other parameters (two complaint categories, a 1 h target, scores of 1, 3 days, a 10 % rise of 5): the same reading", async () => {
    const params: ComplaintTrendParams = { complaintCategories: ["complaint", "Complaint"], responseTargetMinutes: 60, maxScore: 1, followupDays: 3, risePercent: 10, minIncidents: 5 };
    const byId = new Map(iso20000Support.rules.map((r) => [r.id, r]));
    const rules: Rule[] = [
      { ...(byId.get("COMPLAINT-RESPONSE") as RuleOf<"complaint_response">), params: { complaintCategories: params.complaintCategories, targetMinutes: params.responseTargetMinutes } },
      { ...(byId.get("COMPLAINT-ANSWERED") as RuleOf<"complaint_closure">), params: { complaintCategories: params.complaintCategories } },
      { ...(byId.get("LOW-CSAT-FOLLOWUP") as RuleOf<"low_satisfaction_followup">), params: { maxScore: params.maxScore, withinDays: params.followupDays } },
      byId.get("UNPRIORITISED")!,
      { ...(byId.get("INCIDENT-RATE-TREND") as RuleOf<"incident_trend">), params: { ticketKind: "incident", risePercent: params.risePercent, minIncidents: params.minIncidents } },
    ];
    const period = { start: at(october.start), end: at(october.end) };
    const evaluation = await evaluateRules(
      { db: t.database.db, runId: 0, planId: 0, period, asOf: period.end, evaluatedAt: t.clock.now(), timezone: "UTC", serviceIds: null, scanAll: false, thresholdOf: (r) => r.threshold },
      rules,
      new Map(),
    );
    const ref = reference(october.start, october.end, null, params);
    for (const o of evaluation.outcomes) {
      const want = ref.results[o.ruleId];
      expect({ id: o.ruleId, status: o.status, value: o.value === null ? null : Number(o.value.toFixed(6)) }).toEqual({ id: o.ruleId, status: want.status, value: want.value === null ? null : Number(want.value.toFixed(6)) });
    }
    const out = Object.fromEntries(evaluation.outcomes.map((o) => [o.ruleId, o]));
    expect(out["COMPLAINT-RESPONSE"].evidence.count).toBe(ref.details.late.length);
    expect(ref.details.late).toContain("CR-2026-007"); // the other category now counts
    expect(out["LOW-CSAT-FOLLOWUP"].evidence.count).toBe(ref.details.notFollowedUp.length);
    expect(out["INCIDENT-RATE-TREND"].evidence.ids).toEqual(ref.details.trend.filter((s) => s.rising).map((s) => `${s.service}: ${s.previous} → ${s.current}`));
    expect(ref.details.trend.find((s) => s.service === "trend-flat")).toMatchObject({ rising: true });
    expect(builtInComplaintTrend.responseTargetMinutes).toBe((byId.get("COMPLAINT-RESPONSE") as RuleOf<"complaint_response">).params.targetMinutes);
  });

  it("reads COMPLAINT-ANSWERED's tickets only when the daily rollup holds a complaint, and verify-run finds a rollup that lost its complaints", async () => {
    const before = await run({ period: october });
    expect(before.results["COMPLAINT-ANSWERED"].population).toBeGreaterThan(0);
    const counted = await t.database.db.all<{ day: string; service_id: number; kind: string; priority: string; opened: number }>(
      sql`SELECT day, service_id, kind, priority, opened FROM ticket_daily_rollup WHERE category = 'complaint'`,
    );
    await t.database.db.run(sql`UPDATE ticket_daily_rollup SET opened = 0 WHERE category = 'complaint'`);
    try {
      const drifted = await run({ period: october });
      expect(drifted.results["COMPLAINT-ANSWERED"]).toMatchObject({ status: "not_applicable", population: 0 });
      const differences = (await verifyRun(t.database, drifted.detail.id)).differences;
      expect(differences.map((d) => d.ruleId)).toContain("COMPLAINT-ANSWERED");
    } finally {
      for (const r of counted) {
        await t.database.db.run(sql`UPDATE ticket_daily_rollup SET opened = ${r.opened} WHERE day = ${r.day} AND service_id = ${r.service_id} AND kind = ${r.kind} AND priority = ${r.priority} AND category = 'complaint'`);
      }
    }
    const after = await run({ period: october });
    expect(after.results["COMPLAINT-ANSWERED"]).toMatchObject({ status: before.results["COMPLAINT-ANSWERED"].status, population: before.results["COMPLAINT-ANSWERED"].population });
  });
});
