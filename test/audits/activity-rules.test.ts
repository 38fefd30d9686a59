// Activity rules at their boundaries: the window (asOf − N days, asOf], whole days since the latest, next due date.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, getRunDetail } from "../../audits/runs.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-02T00:00:00Z" });
  const activities = [
    // asOf = 2026-11-01T00:00Z (previous month in UTC)
    { id: "drill-1", type: "emergency_drill", date: "2026-08-15", outcome: "evaluated" },
    { id: "drill-2", type: "emergency_drill", date: "2026-10-20", outcome: " " },
    { id: "kb-old", type: "kb_update", date: "2026-10-01" }, // exactly 31 days before asOf: outside (asOf − 31 d, asOf]
    { id: "kb-other-service", type: "kb_update", date: "2026-10-30", service: "hr" }, // another service's activity
    { id: "training-1", type: "training", date: "2026-10-05", score: 70 },
    { id: "training-2", type: "training", date: "2026-10-25T10:00:00+08:00", score: 95 },
    { id: "future", type: "access_review", date: "2026-11-01" }, // on asOf's own date at midnight UTC = asOf: inside
  ];
  expect((await t.request("/api/v1/activities", { ...jsonBody({ activities }), role: "ingest" })).status).toBe(200);
});
afterAll(() => t.close());

describe("activity rules", () => {
  it("judge recency, follow-up and scores with next due dates", async () => {
    const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: {
      name: "activities",
      services: ["email"],
      rules: ["DRILL-HALFYEAR", "KB-UPDATE-MONTH", "ACCESS-REVIEW-QUARTER", "BACKUP-TEST-QUARTER", "DRILL-EVALUATED", "TRAINING-SCORE"],
      thresholds: { "DRILL-HALFYEAR": 60 },
    } });
    const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    await executeRun(t.database, t.clock, run.id, "test:1");
    const results = Object.fromEntries((await getRunDetail(t.database.db, run.id)).results!.map((r) => [r.rule_id, r]));
    expect(results["DRILL-HALFYEAR"]).toMatchObject({ status: "pass", value: 12, threshold: 60, next_due: "2026-12-19" });
    expect(results["KB-UPDATE-MONTH"]).toMatchObject({ status: "fail", value: 31, threshold: 31, next_due: "2026-11-01", evidence: { count: 1, ids: ["kb-old"] } });
    expect(results["ACCESS-REVIEW-QUARTER"]).toMatchObject({ status: "pass", value: 0, next_due: "2027-02-01" });
    expect(results["BACKUP-TEST-QUARTER"]).toMatchObject({ status: "fail", value: null, next_due: null });
    expect(results["DRILL-EVALUATED"]).toMatchObject({ status: "fail", value: 0, population: 1, small_population: true, evidence: { count: 1, ids: ["drill-2"] } });
    expect(results["TRAINING-SCORE"]).toMatchObject({ status: "pass", value: 82.5, population: 2 });
  });

  it("the latest drill counts with the default 183 days: 2026-10-20 gives next due 2027-04-21", async () => {
    const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "drill", rules: ["DRILL-HALFYEAR"] } });
    const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    await executeRun(t.database, t.clock, run.id, "test:1");
    const [result] = (await getRunDetail(t.database.db, run.id)).results!;
    expect(result).toMatchObject({ status: "pass", value: 12, threshold: 183, next_due: "2027-04-21" });
    expect(result.details).toMatchObject({ latest: "drill-2" });
  });
});
