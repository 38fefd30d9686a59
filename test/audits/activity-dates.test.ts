// A bare activity date (YYYY-MM-DD) is that calendar day in the plan's time zone: in the period when the day's first
// instant is, recency counted from that instant, a post-incident review judged by days of that zone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, getRunDetail } from "../../audits/runs.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  const activities = [
    // October in New York is [2026-10-01T04:00Z, 2026-11-01T04:00Z)
    { id: "drill-oct-1", type: "emergency_drill", date: "2026-10-01", outcome: "evaluated" },
    { id: "drill-nov-1", type: "emergency_drill", date: "2026-11-01", outcome: null },
    { id: "training-oct-1", type: "training", date: "2026-10-01", score: 90 },
    { id: "training-nov-1", type: "training", date: "2026-11-01", score: 50 },
    { id: "training-oct-31-late", type: "training", date: "2026-11-01T03:59:59Z", score: 70 }, // an instant: 23:59:59 on Oct 31 in New York
    // recency, asOf = 2026-11-24T02:00Z (21:00 on Nov 23 in New York)
    { id: "kb-oct-24", type: "kb_update", date: "2026-10-24" },
    { id: "kb-nov-24", type: "kb_update", date: "2026-11-24" }, // still tomorrow in New York
    { id: "audit-2025", type: "internal_audit", date: "2025-11-24", auditor: "Erik", area: "service desk", area_owner: "Dana" },
    // post-incident reviews by New York days
    { id: "rev-same-day", type: "incident_review", ticket_id: "OPS-2026-001", date: "2026-10-09" },
    { id: "rev-day-after", type: "incident_review", ticket_id: "OPS-2026-002", date: "2026-10-25" },
  ];
  expect((await t.request("/api/v1/activities", { ...jsonBody({ activities }), role: "ingest" })).status).toBe(200);
  const incidents = [
    // resolved 22:00 on Oct 9 in New York (02:00Z on Oct 10): a review dated Oct 9 is on the day of resolution
    ticket(1, { id: "OPS-2026-001", service: "ops", priority: "urgent", opened_at: "2026-10-10T01:00:00Z", first_response_at: "2026-10-10T01:10:00Z", resolved_at: "2026-10-10T02:00:00Z" }),
    // resolved 23:00 on Oct 19 in New York; 5 × 24 h later is 23:00 on Oct 24: a review dated Oct 25 is a day late
    ticket(2, { id: "OPS-2026-002", service: "ops", priority: "urgent", opened_at: "2026-10-20T02:00:00Z", first_response_at: "2026-10-20T02:10:00Z", resolved_at: "2026-10-20T03:00:00Z" }),
  ];
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: incidents }), role: "ingest" })).status).toBe(200);
});
afterAll(() => t.close());

async function run(input: Record<string, unknown>) {
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "dates", timezone: "America/New_York", ...input } });
  const created = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
  await executeRun(t.database, t.clock, created.id, "test:1");
  return Object.fromEntries((await getRunDetail(t.database.db, created.id)).results!.map((r) => [r.rule_id, r]));
}

describe("a bare activity date in the plan's time zone (point 12)", () => {
  it("is in the period when its day's first instant is: an October plan in New York counts Oct 1, not Nov 1", async () => {
    const r = await run({ period: { type: "previous_month" }, rules: ["DRILL-EVALUATED", "TRAINING-SCORE"] });
    expect(r["DRILL-EVALUATED"]).toMatchObject({ status: "pass", value: 100, population: 1, evidence: { count: 0, ids: [] } });
    expect(r["TRAINING-SCORE"]).toMatchObject({ status: "pass", value: 80, population: 2, evidence: { count: 1, ids: ["training-oct-31-late"] } });
  });

  it("counts recency from the day's first instant, and not before it has come", async () => {
    const r = await run({ period: { type: "custom", start: "2026-11-01T00:00:00Z", end: "2026-11-24T02:00:00Z" }, rules: ["KB-UPDATE-MONTH", "INTERNAL-AUDIT-YEAR"] });
    // 2026-10-24T04:00Z to asOf: 30 days 22 hours
    expect(r["KB-UPDATE-MONTH"]).toMatchObject({ status: "pass", value: 30, next_due: "2026-11-24", details: { latest: "kb-oct-24", latestDate: "2026-10-24" } });
    // 2025-11-24T05:00Z (EST) to asOf: 364 days 21 hours
    expect(r["INTERNAL-AUDIT-YEAR"]).toMatchObject({ status: "pass", value: 364, details: { latest: "audit-2025" } });
  });

  it("judges a post-incident review by the days of resolution and 5 × 24 h later in the plan's time zone", async () => {
    const r = await run({ period: { type: "previous_month" }, services: ["ops"], rules: ["MAJOR-INCIDENT-REVIEW"] });
    expect(r["MAJOR-INCIDENT-REVIEW"]).toMatchObject({ status: "fail", value: 50, population: 2, evidence: { count: 1, ids: ["OPS-2026-002"] } });
  });
});
