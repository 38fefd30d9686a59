// The sharpened "Common semantics" of rulebook.md, rule by rule: business-time pending, impossible records,
// post-incident reviews dated before the resolution, and blank fields made of any Unicode white space.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, getRunDetail } from "../../audits/runs.js";
import type { TicketInput } from "../../server/contract/index.js";
import { builtInTargets } from "../../server/ingest/sla-policies.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;

/** Monday to Friday, 09:00–18:00 UTC, no holidays. */
const officeHours = { type: "business", timezone: "UTC", days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00", holidays: [] };

const postTickets = async (tickets: TicketInput[]) => {
  const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" });
  expect(res.status, await res.clone().text()).toBe(200);
};
const postPolicy = async (service: string) => {
  const res = await t.request("/api/v1/sla-policies", {
    ...jsonBody({ service, effective_from: "2026-10-01T00:00:00Z", reason: "office hours from October", calendar: officeHours, targets: builtInTargets }),
    role: "admin",
  });
  expect(res.status, await res.clone().text()).toBe(201);
};
const urgent = (id: string, service: string, overrides: Partial<TicketInput>) =>
  ticket(0, { id, service, priority: "urgent", first_response_at: null, resolved_at: null, resolution: null, satisfaction: null, ...overrides });

/** Thursday 16:00 (11 business hours by Saturday), Friday 10:00 (met), Friday 17:30 (30 business minutes by Saturday). */
const weekEnd = (prefix: string, service: string) => [
  urgent(`${prefix}-2026-001`, service, { opened_at: "2026-10-08T16:00:00Z" }),
  urgent(`${prefix}-2026-002`, service, { opened_at: "2026-10-09T10:00:00Z", first_response_at: "2026-10-09T10:30:00Z", resolved_at: "2026-10-09T11:00:00Z", resolution: "fixed" }),
  urgent(`${prefix}-2026-003`, service, { opened_at: "2026-10-09T17:30:00Z" }),
];

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  // erp's business-hours policy is in force before its tickets arrive; hr's arrives after them (recompute)
  await postPolicy("erp");
  await postPolicy("desk");
  await postTickets([
    ...weekEnd("ERP", "erp"),
    ...weekEnd("HR", "hr"),
    // 24x7 (built-in): exactly 60 minutes by asOf is still pending, a second more is breached
    urgent("MAIL-2026-001", "mail", { opened_at: "2026-10-09T23:00:00Z" }),
    urgent("MAIL-2026-002", "mail", { opened_at: "2026-10-09T22:59:59Z" }),
    // impossible records
    urgent("NET-2026-001", "net", { opened_at: "2026-10-03T08:00:00Z", first_response_at: "2026-10-03T07:50:00Z", resolved_at: "2026-10-03T09:30:00Z", resolution: "fixed" }),
    urgent("NET-2026-002", "net", { opened_at: "2026-10-03T12:00:00Z", first_response_at: "2026-10-03T12:20:00Z", resolved_at: "2026-10-03T11:00:00Z", resolution: "fixed" }),
    urgent("NET-2026-003", "net", { opened_at: "2026-10-04T08:00:00Z", first_response_at: "2026-10-04T08:10:00Z", resolved_at: "2026-10-04T09:40:00Z", resolution: "fixed" }),
    // Friday 17:00 to Monday 09:30: 64.5 calendar hours, 90 business minutes, 120 minutes on hold
    urgent("DESK-2026-001", "desk", { opened_at: "2026-10-02T17:00:00Z", first_response_at: "2026-10-02T17:10:00Z", resolved_at: "2026-10-05T09:30:00Z", resolution: "fixed", on_hold_minutes: 120 }),
    // post-incident reviews (instants)
    urgent("OPS-2026-001", "ops", { opened_at: "2026-10-05T09:00:00Z", first_response_at: "2026-10-05T09:10:00Z", resolved_at: "2026-10-05T10:00:00Z", resolution: "fixed" }),
    urgent("OPS-2026-002", "ops", { opened_at: "2026-10-06T09:00:00Z", first_response_at: "2026-10-06T09:10:00Z", resolved_at: "2026-10-06T10:00:00Z", resolution: "fixed" }),
    urgent("OPS-2026-003", "ops", { opened_at: "2026-10-07T09:00:00Z", first_response_at: "2026-10-07T09:10:00Z", resolved_at: "2026-10-07T10:00:00Z", resolution: "fixed" }),
    urgent("OPS-2026-004", "ops", { opened_at: "2026-10-08T09:00:00Z", first_response_at: "2026-10-08T09:10:00Z", resolved_at: "2026-10-08T10:00:00Z", resolution: "fixed" }),
    // blank fields
    ticket(1, { id: "CRM-2026-001", service: "crm" }),
    ticket(2, { id: "CRM-2026-002", service: "crm", summary: "\u3000" }),
    ticket(3, { id: "CRM-2026-003", service: "crm", assignee: "\u00a0\u2003" }),
    ticket(4, { id: "CRM-2026-004", service: "crm", category: "\ufeff" }),
    ticket(5, { id: "CRM-2026-005", service: "crm", resolution: "\u2028\u205f" }),
    ticket(6, { id: "CRM-2026-006", service: "crm", summary: "\u200b" }), // a zero-width space is not white space
    ticket(7, { id: "CRM-2026-007", service: "crm", summary: "\u3000x\u3000" }),
  ]);
  await postPolicy("hr");
  const reviews = [
    { id: "rev-1", type: "incident_review", ticket_id: "OPS-2026-001", date: "2026-10-05T08:00:00Z" }, // 2 h before the resolution
    { id: "rev-2", type: "incident_review", ticket_id: "OPS-2026-002", date: "2026-10-11T10:00:00Z" }, // exactly 5 × 24 h after it
    { id: "rev-3", type: "incident_review", ticket_id: "OPS-2026-003", date: "2026-10-12T10:00:00.001Z" }, // a millisecond later
    { id: "rev-4", type: "incident_review", ticket_id: "OPS-2026-004", date: "2026-10-08" }, // a bare date: the day of resolution
  ];
  expect((await t.request("/api/v1/activities", { ...jsonBody({ activities: reviews }), role: "ingest" })).status).toBe(200);
});
afterAll(() => t.close());

async function run(input: Record<string, unknown>) {
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "semantics", timezone: "UTC", ...input } });
  const created = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
  expect(await executeRun(t.database, t.clock, created.id, "test:1")).toEqual({ runId: created.id, status: "completed" });
  return Object.fromEntries((await getRunDetail(t.database.db, created.id)).results!.map((r) => [r.rule_id, r]));
}
const twoDays = { type: "custom", start: "2026-10-08T00:00:00Z", end: "2026-10-10T00:00:00Z" };
const october = { type: "custom", start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" };

describe("a missing timestamp under a business calendar (point 11)", () => {
  for (const service of ["erp", "hr"]) {
    it(`is pending until the business time from opening passes the target (${service}: policy ${service === "erp" ? "before" : "after"} ingest)`, async () => {
      const r = await run({ services: [service], period: twoDays, rules: ["INC-RESP-URGENT", "INC-RESOLVE-URGENT"] });
      const prefix = service.toUpperCase();
      expect(r["INC-RESP-URGENT"]).toMatchObject({ status: "fail", value: 50, population: 2, evidence: { count: 1, ids: [`${prefix}-2026-001`] }, details: { met: 1, breached: 1, pending: 1 } });
      expect(r["INC-RESOLVE-URGENT"]).toMatchObject({ status: "fail", value: 50, population: 2, evidence: { count: 1, ids: [`${prefix}-2026-001`] }, details: { met: 1, breached: 1, pending: 1 } });
    });
  }

  it("stores each target's deadline: the last instant whose elapsed time is still within the target", async () => {
    const rows = await t.database.db.all<{ id: string; response: number | null; resolution: number | null; closure: number | null }>(
      sql`SELECT id, response_deadline AS response, resolution_deadline AS resolution, closure_deadline AS closure FROM tickets WHERE id IN ('ERP-2026-001', 'HR-2026-003', 'MAIL-2026-001') ORDER BY id`,
    );
    const at = (s: string) => Date.parse(s);
    expect(rows).toEqual([
      // Thursday 16:00 + 120 business minutes ends at 18:00; the elapsed time stays 120 until Friday 09:00
      { id: "ERP-2026-001", response: at("2026-10-08T17:00:00Z"), resolution: at("2026-10-09T09:00:00Z"), closure: null },
      // Friday 17:30 + 60 business minutes: 30 on Friday, 30 on Monday from 09:00
      { id: "HR-2026-003", response: at("2026-10-12T09:30:00Z"), resolution: at("2026-10-12T10:30:00Z"), closure: null },
      { id: "MAIL-2026-001", response: at("2026-10-10T00:00:00Z"), resolution: at("2026-10-10T01:00:00Z"), closure: null },
    ]);
  });

  it("keeps calendar time under the built-in 24x7 policy: breached only once asOf − opened_at exceeds the target", async () => {
    const r = await run({ services: ["mail"], period: twoDays, rules: ["INC-RESP-URGENT"] });
    expect(r["INC-RESP-URGENT"]).toMatchObject({ status: "fail", value: 0, population: 1, evidence: { count: 1, ids: ["MAIL-2026-002"] }, details: { met: 0, breached: 1, pending: 1 } });
  });
});

describe("impossible records never pass (point 14)", () => {
  it("a response or resolution before opening is breached, a consistency violation, and left out of MTTR", async () => {
    const r = await run({ services: ["net"], period: october, rules: ["INC-RESP-URGENT", "INC-RESOLVE-URGENT", "REC-CONSISTENT", "MTTR-URGENT"] });
    expect(r["INC-RESP-URGENT"]).toMatchObject({ status: "fail", population: 3, evidence: { count: 2, ids: ["NET-2026-001", "NET-2026-002"] }, details: { met: 1, breached: 2, pending: 0 } });
    expect(r["INC-RESP-URGENT"].value).toBeCloseTo(100 / 3, 10);
    expect(r["INC-RESOLVE-URGENT"]).toMatchObject({ status: "fail", population: 3, evidence: { count: 1, ids: ["NET-2026-002"] }, details: { met: 2, breached: 1, pending: 0 } });
    expect(r["REC-CONSISTENT"]).toMatchObject({ status: "fail", value: 2, evidence: { count: 2, ids: ["NET-2026-001", "NET-2026-002"] } });
    expect(r["MTTR-URGENT"]).toMatchObject({ status: "pass", value: 95, population: 2, evidence: { count: 0 } });
  });

  it("a resolution time negative after subtracting on-hold minutes is breached and a consistency violation", async () => {
    const r = await run({ services: ["desk"], period: october, rules: ["INC-RESOLVE-URGENT", "REC-CONSISTENT", "MTTR-URGENT"] });
    expect(r["INC-RESOLVE-URGENT"]).toMatchObject({ status: "fail", value: 0, population: 1, evidence: { count: 1, ids: ["DESK-2026-001"] } });
    expect(r["REC-CONSISTENT"]).toMatchObject({ status: "fail", value: 1, evidence: { count: 1, ids: ["DESK-2026-001"] } });
    expect(r["MTTR-URGENT"]).toMatchObject({ status: "not_applicable", value: null, population: 0 });
  });
});

describe("a post-incident review (point 13)", () => {
  it("counts from the resolution instant to 5 × 24 h after it; a bare date from the day of resolution", async () => {
    const r = await run({ services: ["ops"], period: october, rules: ["MAJOR-INCIDENT-REVIEW"] });
    expect(r["MAJOR-INCIDENT-REVIEW"]).toMatchObject({ status: "fail", value: 50, population: 4, evidence: { count: 2, ids: ["OPS-2026-001", "OPS-2026-003"] }, details: { reviewed: 2, missing: 2 } });
  });
});

describe("blank means nothing but Unicode white space (point 15)", () => {
  it("REC-COMPLETE counts a field of ideographic, no-break or other Unicode spaces as empty", async () => {
    const r = await run({ services: ["crm"], period: october, rules: ["REC-COMPLETE"] });
    expect(r["REC-COMPLETE"]).toMatchObject({ status: "fail", population: 7, evidence: { count: 4, ids: ["CRM-2026-002", "CRM-2026-003", "CRM-2026-004", "CRM-2026-005"] } });
    expect(r["REC-COMPLETE"].value).toBeCloseTo(300 / 7, 10);
  });

  it("judges a re-posted record by its new content (the flag is derived again)", async () => {
    await postTickets([ticket(2, { id: "CRM-2026-002", service: "crm", summary: "printer jam" }), ticket(7, { id: "CRM-2026-007", service: "crm", summary: "\u205f" })]);
    const r = await run({ services: ["crm"], period: october, rules: ["REC-COMPLETE"] });
    expect(r["REC-COMPLETE"]).toMatchObject({ evidence: { count: 4, ids: ["CRM-2026-003", "CRM-2026-004", "CRM-2026-005", "CRM-2026-007"] } });
  });
});
