import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSchema } from "../../server/contract/index.js";
import { ticket } from "../support/factories.js";
import { buildEngineApp, json } from "./engine-helpers.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";

let t: Awaited<ReturnType<typeof buildEngineApp>>;
beforeAll(async () => {
  t = await buildEngineApp();
  const tickets = [
    ticket(1, { opened_at: "2026-10-05T00:00:00Z", first_response_at: "2026-10-05T00:30:00Z", resolved_at: "2026-10-05T01:00:00Z" }),
    ticket(2, { priority: "urgent", opened_at: "2026-10-06T00:00:00Z", first_response_at: "2026-10-06T03:00:00Z", resolved_at: "2026-10-06T05:00:00Z" }),
  ];
  await t.request("/api/v1/tickets", { ...json({ tickets }), role: "ingest" });
});
afterAll(() => t.close());

describe("plans, runs, findings, actions and waivers: happy paths", () => {
  let planId: number;
  let runId: number;

  it("lists the built-in rulebook", async () => {
    const body = await (await t.request("/api/v1/rulebooks", { role: "viewer" })).json();
    expect(body.rulebooks[0]).toMatchObject({ id: "iso20000-support", version: iso20000Support.version });
    expect(body.rulebooks[0].rules).toHaveLength(iso20000Support.rules.length);
  });

  it("creates a plan (201) with defaults and words for its schedule", async () => {
    const res = await t.request("/api/v1/plans", { ...json({ name: "Monthly", schedule: "0 2 1 * *", timezone: "Asia/Shanghai", owner: "manager@example.test", rules: ["INC-RESP-URGENT", "INC-RESOLVE-GENERAL", "MAN-ROLES"] }), role: "auditor" });
    expect(res.status).toBe(201);
    const plan = await res.json();
    expect(plan).toMatchObject({
      name: "Monthly",
      rulebook: "iso20000-support",
      thresholds: {},
      services: null,
      period: { type: "previous_month" },
      report_locale: "en",
      schedule_words: "monthly on day 1 at 02:00, Asia/Shanghai",
      next_run_at: "2026-11-30T18:00:00.000Z",
    });
    planId = plan.id;
    expect((await (await t.request("/api/v1/plans", { role: "viewer" })).json()).plans.map((p: { id: number }) => p.id)).toEqual([planId]);
  });

  it("edits only the fields sent", async () => {
    const res = await t.request(`/api/v1/plans/${planId}`, { ...json({ thresholds: { "INC-RESOLVE-GENERAL": 99 } }, "PATCH"), role: "auditor" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ thresholds: { "INC-RESOLVE-GENERAL": 99 }, timezone: "Asia/Shanghai", schedule: "0 2 1 * *" });
  });

  it("runs a plan (202) and returns the run in the contract's shape", async () => {
    const res = await t.request(`/api/v1/plans/${planId}/runs`, { method: "POST", role: "auditor" });
    expect(res.status).toBe(202);
    const started = await res.json();
    expect(started).toEqual({ id: expect.any(Number), status: "queued" });
    runId = started.id;
    await t.settled();
    const run = await (await t.request(`/api/v1/runs/${runId}`, { role: "viewer" })).json();
    expect(runSchema.parse(run)).toBeTruthy();
    expect(run).toMatchObject({ status: "completed", period: { start: "2026-09-30T16:00:00.000Z", end: "2026-10-31T16:00:00.000Z" }, score: 50, score_raw: 50, policy_versions: [1] });
    expect(run.results).toEqual([
      expect.objectContaining({ rule_id: "INC-RESP-URGENT", status: "fail", value: 0, threshold: 95, population: 1, small_population: true, evidence: { count: 1, ids: ["IT-2026-000002"] } }),
      expect.objectContaining({ rule_id: "INC-RESOLVE-GENERAL", status: "pass", value: 100, threshold: 99, population: 1, evidence: { count: 0, ids: [] } }),
      expect.objectContaining({ rule_id: "MAN-ROLES", status: "pending", value: null }),
    ]);
  });

  it("raises a finding with an action owned by the plan owner, due in 30 days for a major rule", async () => {
    const body = await (await t.request(`/api/v1/findings?plan_id=${planId}`, { role: "viewer" })).json();
    expect(body.findings).toHaveLength(1);
    expect(body.findings[0]).toMatchObject({ rule_id: "INC-RESP-URGENT", grade: "major_nonconformity", status: "open", recurrence: 1, evidence: { count: 1, ids: ["IT-2026-000002"] } });
    expect(body.findings[0].actions[0]).toMatchObject({ owner: "manager@example.test", due_date: "2026-12-24", status: "open", overdue: false });
  });

  it("a nonconformant answer fails the question, re-scores the run and raises a minor finding", async () => {
    const res = await t.request(`/api/v1/runs/${runId}/answers/MAN-ROLES`, { ...json({ answer: "nonconformant", note: "roles not published" }, "PUT"), role: "auditor" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rule_id: "MAN-ROLES", status: "fail" });
    const run = await (await t.request(`/api/v1/runs/${runId}`, { role: "viewer" })).json();
    expect(run.score).toBeCloseTo(100 / 3, 10);
    const findings = (await (await t.request(`/api/v1/findings?severity=minor`, { role: "viewer" })).json()).findings;
    expect(findings.map((f: { rule_id: string }) => f.rule_id)).toEqual(["MAN-ROLES"]);
    expect(findings[0].actions[0].due_date).toBe("2027-02-22");
  });

  it("stores an attachment to an answer", async () => {
    const form = new FormData();
    form.append("file", new File(["minutes of the roles workshop"], "roles.txt", { type: "text/plain" }));
    const res = await t.request(`/api/v1/runs/${runId}/answers/MAN-ROLES/attachments`, { method: "POST", body: form, role: "auditor" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ filename: "roles.txt", size: 29, rule_id: "MAN-ROLES" });
  });

  it("a manager moves their own action forward; it is verified only after a passing run", async () => {
    const finding = (await (await t.request(`/api/v1/findings?rule_id=INC-RESP-URGENT`, { role: "viewer" })).json()).findings[0];
    const id = finding.actions[0].id;
    const manager = await t.session("manager");
    // the session user is not the owner: forbidden
    const notMine = await t.app.request(`/api/v1/actions/${id}`, { ...json({ status: "in_progress" }, "PATCH"), headers: { "content-type": "application/json", cookie: manager.cookie, "x-csrf-token": manager.csrf } });
    expect(notMine.status).toBe(403);
    expect((await t.request(`/api/v1/actions/${id}`, { ...json({ owner: manager.email }, "PATCH"), role: "auditor" })).status).toBe(200);
    const mine = await t.app.request(`/api/v1/actions/${id}`, { ...json({ status: "done" }, "PATCH"), headers: { "content-type": "application/json", cookie: manager.cookie, "x-csrf-token": manager.csrf } });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ status: "done", completed_at: "2026-11-24T12:00:00.000Z" });
    const early = await t.request(`/api/v1/actions/${id}`, { ...json({ status: "verified" }, "PATCH"), role: "auditor" });
    expect(early.status).toBe(409);

    // the urgent ticket is corrected; the next run passes and resolves the finding
    await t.request("/api/v1/tickets", { ...json({ tickets: [ticket(2, { priority: "urgent", opened_at: "2026-10-06T00:00:00Z", first_response_at: "2026-10-06T00:10:00Z", resolved_at: "2026-10-06T01:00:00Z" })] }), role: "ingest" });
    expect((await t.request(`/api/v1/plans/${planId}/runs`, { method: "POST", role: "auditor" })).status).toBe(202);
    await t.settled();
    const after = (await (await t.request(`/api/v1/findings?rule_id=INC-RESP-URGENT`, { role: "viewer" })).json()).findings[0];
    expect(after).toMatchObject({ status: "resolved_pending_verification", recurrence: 1 });
    // closing records the root cause and the later run that verified the remedy (and verifies the action with it)
    const closed = await t.request(`/api/v1/findings/${after.id}/close`, { ...json({ root_cause: "the on-call rota had a gap at weekends", verified_by_run_id: after.resolved_run_id }), role: "auditor" });
    expect(closed.status).toBe(200);
    const final = (await (await t.request(`/api/v1/findings?rule_id=INC-RESP-URGENT`, { role: "viewer" })).json()).findings[0];
    expect(final).toMatchObject({ status: "closed", closure: { root_cause: "the on-call rota had a gap at weekends", verified_by_run_id: after.resolved_run_id } });
    expect(final.actions[0]).toMatchObject({ status: "verified", verified_run_id: after.resolved_run_id });
  });

  it("a waiver requested by an auditor and approved by a compliance officer shows the rule as waived with its value", async () => {
    const req = await t.request(`/api/v1/plans/${planId}/waivers`, { ...json({ rule_id: "INC-RESOLVE-GENERAL", reason: "migration", valid_from: "2026-10-31", expires_on: "2026-12-31" }), role: "auditor" });
    expect(req.status).toBe(201);
    const waiver = await req.json();
    const ok = await t.request(`/api/v1/waivers/${waiver.id}/approve`, { method: "POST", role: "compliance_officer" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "approved", approved_by: "token:test-compliance_officer" });
    const res = await t.request(`/api/v1/plans/${planId}/runs`, { method: "POST", role: "auditor" });
    await t.settled();
    const run = await (await t.request(`/api/v1/runs/${(await res.json()).id}`, { role: "viewer" })).json();
    expect(run.results.find((r: { rule_id: string }) => r.rule_id === "INC-RESOLVE-GENERAL")).toMatchObject({ status: "waived", raw_status: "pass", value: 100 });
  });

  it("deletes a plan softly", async () => {
    expect((await t.request(`/api/v1/plans/${planId}`, { method: "DELETE", role: "auditor" })).status).toBe(200);
    expect((await t.request(`/api/v1/plans/${planId}`, { role: "viewer" })).status).toBe(404);
    expect((await t.request(`/api/v1/runs/${runId}`, { role: "viewer" })).status).toBe(200);
  });
});
