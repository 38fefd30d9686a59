// Findings across runs of a plan: recurrence updates the open finding, a pass resolves it, an observation's
// action has no due date, a waiver applies until it expires, and every offending id can be paged.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFindings } from "../../audits/findings.js";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, getRunDetail, listEvidence } from "../../audits/runs.js";
import { approveWaiver, requestWaiver } from "../../audits/waivers.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
let planId: number;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-02T00:00:00Z" });
  // 120 general incidents in October without an assignee: incomplete records, and no rated one
  const tickets = Array.from({ length: 120 }, (_, i) => ticket(i + 1, { assignee: null, satisfaction: null }));
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
  planId = (await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "records", rules: ["REC-COMPLETE", "CSAT-COVERAGE"], owner: "o@example.test" } })).id;
});
afterAll(() => t.close());

async function run() {
  const r = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId, trigger: "manual" } });
  expect(await executeRun(t.database, t.clock, r.id, "test:1")).toEqual({ runId: r.id, status: "completed" });
  return getRunDetail(t.database.db, r.id);
}

describe("findings across runs", () => {
  it("raises one finding per failed rule; an observation's action has no due date", async () => {
    const first = await run();
    expect(first.results!.map((r) => [r.rule_id, r.status, r.value, r.evidence.count, r.evidence.ids.length])).toEqual([
      ["REC-COMPLETE", "fail", 0, 120, 50],
      ["CSAT-COVERAGE", "fail", 0, 120, 0],
    ]);
    expect(first.results![0].evidence.ids[0]).toBe("IT-2026-000001");
    const findings = await listFindings(t.database.db, { plan_id: String(planId) }, "2026-11-02");
    expect(findings.map((f) => [f.rule_id, f.grade, f.recurrence, f.actions.map((a) => a.due_date)])).toEqual([
      ["CSAT-COVERAGE", "observation", 1, [null]],
      ["REC-COMPLETE", "minor_nonconformity", 1, ["2027-01-31"]],
    ]);
  });

  it("pages every offending id", async () => {
    const [{ id }] = await t.database.db.all<{ id: number }>(sql`SELECT max(id) AS id FROM runs`);
    const page1 = await listEvidence(t.database.db, id, "REC-COMPLETE", { limit: 100 });
    expect(page1.ids).toHaveLength(100);
    const page2 = await listEvidence(t.database.db, id, "REC-COMPLETE", { after: page1.next_after!, limit: 100 });
    expect(page2).toMatchObject({ next_after: null });
    expect(page2.ids.at(-1)).toBe("IT-2026-000120");
    expect(page2.ids).toHaveLength(20);
  });

  it("a second failure updates the open finding instead of raising another", async () => {
    t.clock.set("2026-11-03T00:00:00Z");
    await run();
    const findings = await listFindings(t.database.db, { rule_id: "REC-COMPLETE" }, "2026-11-03");
    expect(findings.map((f) => [f.status, f.recurrence, f.actions.length])).toEqual([["open", 2, 1]]);
  });

  it("a waiver covers only runs whose period ends inside its validity: one from today does not reach October", async () => {
    // requested on 3 November with the default validity (from the request date): October's run ended on 1 November
    const late = await requestWaiver({ ctx: testCtx(t.database.db, t.clock.now(), "auditor@example.test", { today: "2026-11-03" }), input: { planId: planId, data: { rule_id: "REC-COMPLETE", reason: "migration", expires_on: "2026-11-30" } } });
    expect(late.valid_from).toBe("2026-11-03");
    await approveWaiver({ ctx: testCtx(t.database.db, t.clock.now(), "officer@example.test"), input: { waiverId: late.id } });
    const notWaived = await run();
    expect(notWaived.results![0]).toMatchObject({ status: "fail", raw_status: "fail", value: 0 });
    const [finding] = await listFindings(t.database.db, { rule_id: "REC-COMPLETE" }, "2026-11-03");
    expect(finding.recurrence).toBe(3);
  });

  it("approving a waiver that covers a completed, unsigned run re-scores it: waived, value kept, a new score, and the finding stays as it was", async () => {
    const [latest] = (await t.database.db.all<{ id: number }>(sql`SELECT max(id) AS id FROM runs`)) as { id: number }[];
    const before = await getRunDetail(t.database.db, latest.id);
    expect(before.results![0].status).toBe("fail");
    const w = await requestWaiver({ ctx: testCtx(t.database.db, t.clock.now(), "auditor@example.test", { today: "2026-11-03" }), input: { planId: planId, data: { rule_id: "REC-COMPLETE", reason: "migration", valid_from: "2026-10-31", expires_on: "2026-11-03" } } });
    const approved = await approveWaiver({ ctx: testCtx(t.database.db, t.clock.now(), "officer@example.test"), input: { waiverId: w.id } });
    // every completed run of the plan for October is unsigned: all of them are re-scored
    expect(approved.rescored_runs).toContain(latest.id);
    const after = await getRunDetail(t.database.db, latest.id);
    expect(after.results![0]).toMatchObject({ status: "waived", raw_status: "fail", value: 0 });
    expect(after.results![0].message).toContain("waived until 2026-11-03: migration");
    expect(after).toMatchObject({ score: 0, score_raw: 0 });
    const next = await run();
    expect(next.results![0]).toMatchObject({ status: "waived", raw_status: "fail", value: 0 });
    const [finding] = await listFindings(t.database.db, { rule_id: "REC-COMPLETE" }, "2026-11-04");
    expect(finding.recurrence).toBe(3);
  });

  it("a passing run resolves the finding pending verification", async () => {
    // the waiver is withdrawn (revoked waivers cover nothing), so that the run judges the rule itself
    await t.database.db.run(sql`UPDATE waivers SET status = 'revoked' WHERE rule_id = 'REC-COMPLETE'`);
    await t.request("/api/v1/tickets", { ...jsonBody({ tickets: Array.from({ length: 120 }, (_, i) => ticket(i + 1, { satisfaction: null })) }), role: "ingest" });
    const passing = await run();
    expect(passing.results![0]).toMatchObject({ rule_id: "REC-COMPLETE", status: "pass", value: 100, evidence: { count: 0, ids: [] } });
    const [finding] = await listFindings(t.database.db, { rule_id: "REC-COMPLETE" }, "2026-11-04");
    expect(finding).toMatchObject({ status: "resolved_pending_verification", resolved_run_id: passing.id, recurrence: 3 });
  });
});

describe("reproducibility fingerprints", () => {
  it("stay exact with thousands of activities (sums of instants would leave the safe integers)", async () => {
    const activities = Array.from({ length: 6000 }, (_, i) => ({ id: `kb-${i}`, type: "kb_update", date: "2026-10-15" }));
    expect((await t.request("/api/v1/activities", { ...jsonBody({ activities }), role: "ingest" })).status).toBe(200);
    const first = await run();
    expect(first.data_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await run()).data_hash).toBe(first.data_hash);
    await t.request("/api/v1/activities", { ...jsonBody({ activities: [{ id: "kb-0", type: "kb_update", date: "2026-10-16" }] }), role: "ingest" });
    expect((await run()).data_hash).not.toBe(first.data_hash);
  });
});
