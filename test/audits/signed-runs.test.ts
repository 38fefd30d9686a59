// A signed-off run is evidence: locked until reopened with a reason; a sign-off needs every question answered or
// deferred, a signer who took no part in the audit, and a period that has ended; waivers reach the runs they cover.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../server/audit-trail.js";
import { auditTrail, manualAnswers, reports, runs, signoffs, users } from "../../server/db/schema.js";
import { pdfText, saveArtifact } from "../reports/pdf-tools.js";
import { buildEngineApp, json } from "../api/engine-helpers.js";
import { planSnapshot, ticket } from "../support/factories.js";
import type { TestApp } from "../support/app.js";

let t: TestApp & { settled(): Promise<void> };
let planId: number;

const put = (answer: string, note?: string) => json({ answer, note }, "PUT");

async function startRun(plan = planId) {
  const res = await t.request(`/api/v1/plans/${plan}/runs`, { method: "POST", role: "auditor" });
  expect(res.status).toBe(202);
  const { id } = await res.json();
  await t.settled();
  return id as number;
}
const runOf = async (id: number) => (await t.request(`/api/v1/runs/${id}`, { role: "viewer" })).json();
const resultOf = async (id: number, rule: string) => (await runOf(id)).results.find((r: { rule_id: string }) => r.rule_id === rule);
const trailCount = async (action: string) => (await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, action))).length;

beforeAll(async () => {
  t = await buildEngineApp("2026-11-24T12:00:00Z");
  // October: 30 general incidents, 3 of them resolved after 50 h (target 48 h): 90 % < 95 %, a failure
  const tickets = Array.from({ length: 30 }, (_, i) =>
    ticket(i + 1, i < 3 ? { resolved_at: new Date(Date.parse("2026-10-01T00:00:00Z") + (i + 1) * 60_000 + 50 * 3600_000).toISOString() } : {}),
  );
  expect((await t.request("/api/v1/tickets", { ...json({ tickets }), role: "ingest" })).status).toBe(200);
  const plan = await t.request("/api/v1/plans", { ...json({ name: "October", rules: ["INC-RESOLVE-GENERAL", "MAN-ROLES", "MAN-CATALOGUE"], owner: "m@example.test" }), role: "auditor" });
  planId = (await plan.json()).id;
});
afterAll(() => t.close());

describe("sign-off needs a complete audit", () => {
  let runId: number;
  it("refuses the sign-off with 409 unanswered, naming every open question, and writes nothing", async () => {
    runId = await startRun();
    const res = await t.request(`/api/v1/runs/${runId}/signoff`, { ...json({ comment: "ok" }), role: "compliance_officer" });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "unanswered", message: "answer or defer every manual question before signing off: MAN-CATALOGUE, MAN-ROLES", rules: ["MAN-CATALOGUE", "MAN-ROLES"] });
    expect(await t.database.db.select().from(signoffs)).toHaveLength(0);
  });

  it("takes a deferral only with a note; a deferred question stays pending but no longer blocks", async () => {
    const bare = await t.request(`/api/v1/runs/${runId}/answers/MAN-ROLES`, { ...put("deferred"), role: "auditor" });
    expect(bare.status).toBe(400);
    expect((await bare.json()).issues).toEqual([{ path: "note", message: "a note is required for nonconformant, not applicable and deferred answers" }]);
    const ok = await t.request(`/api/v1/runs/${runId}/answers/MAN-ROLES`, { ...put("deferred", "RACI chart expected from HR in December"), role: "auditor" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ rule_id: "MAN-ROLES", status: "pending", message: "deferred: RACI chart expected from HR in December" });
    const still = await t.request(`/api/v1/runs/${runId}/signoff`, { ...json({}), role: "compliance_officer" });
    expect(await still.json()).toMatchObject({ error: "unanswered", rules: ["MAN-CATALOGUE"] });
  });

  it("refuses a signer who answered the run's questions (separation of duties), unless an admin", async () => {
    // an auditor answers, then becomes a compliance officer: they still may not sign what they audited
    const auditor = await t.session("auditor");
    const answer = await t.app.request(`/api/v1/runs/${runId}/answers/MAN-CATALOGUE`, {
      method: "PUT",
      headers: { cookie: auditor.cookie, "x-csrf-token": auditor.csrf, "content-type": "application/json" },
      body: JSON.stringify({ answer: "conformant" }),
    });
    expect(answer.status).toBe(200);
    await t.database.db.update(users).set({ role: "compliance_officer" }).where(eq(users.email, auditor.email));
    const res = await t.app.request(`/api/v1/runs/${runId}/signoff`, {
      method: "POST",
      headers: { cookie: auditor.cookie, "x-csrf-token": auditor.csrf, "content-type": "application/json" },
      body: JSON.stringify({ comment: "mine" }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "forbidden", message: "separation of duties: you answered questions of this run; someone who did not take part in the audit must sign it off" });
    expect(await t.database.db.select().from(signoffs)).toHaveLength(0);
  });

  it("signs as the signed-in account (a typed name is refused by name), and the report lists the deferred question", async () => {
    const officer = await t.session("compliance_officer", { name: "Li Na" });
    const sign = (body: unknown) =>
      t.app.request(`/api/v1/runs/${runId}/signoff`, {
        method: "POST",
        headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const typed = await sign({ name: "Someone Else", comment: "Reviewed" });
    expect(typed.status).toBe(400);
    expect((await typed.json()).issues).toEqual([{ path: "name", message: "the signer is the signed-in account: send no name" }]);
    const res = await sign({ comment: "Reviewed" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.signoff).toMatchObject({ name: "Li Na", comment: "Reviewed", voided: false });
    const pdf = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    const text = pdfText(saveArtifact("signed-deferred.pdf", new Uint8Array(await pdf.arrayBuffer())));
    expect(text).toMatch(/MAN-ROLES[\s\S]*?Deferred\s+RACI chart expected from HR in\s/);
    expect(text).toContain("Signed off by Li Na on");
  });
});

describe("a signed-off run is locked", () => {
  let runId: number;
  let signedVersion: number;
  beforeAll(async () => {
    runId = (await t.database.db.select({ id: runs.id }).from(runs).orderBy(runs.id)).at(-1)!.id;
    const latest = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    signedVersion = Number(latest.headers.get("x-report-version"));
  });

  it("answers 409 locked to a changed answer, and nothing is written: not the answer, not the score, not the trail", async () => {
    const before = await runOf(runId);
    const answersBefore = await t.database.db.select().from(manualAnswers).where(eq(manualAnswers.runId, runId));
    const trailBefore = await trailCount("manual.answer");
    const res = await t.request(`/api/v1/runs/${runId}/answers/MAN-CATALOGUE`, { ...put("nonconformant", "actually not published"), role: "auditor" });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error).toBe("locked");
    expect(body.message).toMatch(new RegExp(`^run ${runId} was signed off by Li Na on .*; it is locked`));
    expect(await runOf(runId)).toEqual(before);
    expect(await t.database.db.select().from(manualAnswers).where(eq(manualAnswers.runId, runId))).toEqual(answersBefore);
    expect(await trailCount("manual.answer")).toBe(trailBefore);
  });

  it("answers 409 locked to an attachment upload, and stores no file", async () => {
    const form = new FormData();
    form.append("file", new Blob(["late evidence"], { type: "text/plain" }), "late.txt");
    const res = await t.request(`/api/v1/runs/${runId}/answers/MAN-CATALOGUE/attachments`, { method: "POST", body: form, role: "auditor" });
    expect(res.status).toBe(409);
    expect((await res.json()).error).toBe("locked");
    expect((await (await t.request(`/api/v1/runs/${runId}/attachments`, { role: "viewer" })).json()).attachments).toEqual([]);
  });

  it("says so on the page: no answer form, and a stale form posted anyway gets the lock message (409) beside the question", async () => {
    const auditor = await t.session("auditor");
    const page = await (await t.app.request(`/runs/${runId}`, { headers: { accept: "text/html", cookie: auditor.cookie } })).text();
    expect(page).not.toContain('class="answer-form"');
    expect(page).toContain("This run is signed off and locked; reopen it to change an answer.");
    const res = await t.app.request(`/runs/${runId}/answers/MAN-CATALOGUE`, {
      method: "POST",
      headers: { cookie: auditor.cookie, accept: "text/html", "hx-request": "true", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: auditor.csrf, answer: "nonconformant", note: "stale form" }),
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("This run was signed off by Li Na, ");
    expect(html).toContain("it is locked");
  });

  it("keeps serving the signed version: no new version is stored", async () => {
    const again = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    expect(Number(again.headers.get("x-report-version"))).toBe(signedVersion);
  });

  it("is not re-scored by a waiver approved after the sign-off", async () => {
    const req = await t.request(`/api/v1/plans/${planId}/waivers`, { ...json({ rule_id: "INC-RESOLVE-GENERAL", reason: "vendor outage", valid_from: "2026-10-31", expires_on: "2026-12-31" }), role: "auditor" });
    const waiver = await req.json();
    const ok = await t.request(`/api/v1/waivers/${waiver.id}/approve`, { method: "POST", role: "compliance_officer" });
    expect((await ok.json()).rescored_runs).not.toContain(runId);
    expect(await resultOf(runId, "INC-RESOLVE-GENERAL")).toMatchObject({ status: "fail", raw_status: "fail" });
  });
});

describe("reopening a signed-off run", () => {
  let runId: number;
  beforeAll(async () => {
    runId = (await t.database.db.select({ id: runs.id }).from(runs).orderBy(runs.id)).at(-1)!.id;
  });

  it("needs a reason (400 naming it) and a compliance officer or admin (403 for an auditor)", async () => {
    const bare = await t.request(`/api/v1/runs/${runId}/reopen`, { ...json({}), role: "compliance_officer" });
    expect(bare.status).toBe(400);
    expect((await bare.json()).issues[0].path).toBe("reason");
    expect((await t.request(`/api/v1/runs/${runId}/reopen`, { ...json({ reason: "x" }), role: "auditor" })).status).toBe(403);
  });

  it("voids the sign-off (kept, shown as voided), records who and why, and the next report version says so", async () => {
    t.clock.set("2026-11-25T09:00:00Z");
    const res = await t.request(`/api/v1/runs/${runId}/reopen`, { ...json({ reason: "MAN-CATALOGUE evidence was for the wrong year" }), role: "compliance_officer" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.signoff).toMatchObject({ name: "Li Na", voided: true, voided_by: "test-compliance_officer", void_reason: "MAN-CATALOGUE evidence was for the wrong year" });
    const kept = await t.database.db.select().from(signoffs).where(eq(signoffs.runId, runId));
    expect(kept).toHaveLength(1);
    const [trail] = await t.database.db.select().from(auditTrail).where(and(eq(auditTrail.action, "run.reopen"), eq(auditTrail.entityId, String(runId))));
    expect(trail.actor).toBe("token:test-compliance_officer");
    expect(JSON.parse(trail.after!)).toEqual({ voidedAt: Date.parse("2026-11-25T09:00:00Z"), reason: "MAN-CATALOGUE evidence was for the wrong year" });
    expect((await verifyAuditTrail(t.database.db)).ok).toBe(true);
    const pdf = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    const text = pdfText(saveArtifact("reopened.pdf", new Uint8Array(await pdf.arrayBuffer())));
    expect(text).toContain("VOIDED: the sign-off by Li Na");
    expect(text).toContain("Reason: MAN-CATALOGUE evidence was for the wrong year");
    expect(text).not.toContain("Signed off by Li Na on");
    const [stored] = await t.database.db.select().from(reports).where(and(eq(reports.runId, runId), eq(reports.version, Number(pdf.headers.get("x-report-version")))));
    expect(stored.signoffId).toBeNull();
  });

  it("takes answers again, and needs a new sign-off", async () => {
    const res = await t.request(`/api/v1/runs/${runId}/answers/MAN-CATALOGUE`, { ...put("nonconformant", "catalogue of 2025 only"), role: "auditor" });
    expect(res.status).toBe(200);
    const again = await t.request(`/api/v1/runs/${runId}/reopen`, { ...json({ reason: "twice" }), role: "compliance_officer" });
    expect(again.status).toBe(409);
    const sign = await t.request(`/api/v1/runs/${runId}/signoff`, { ...json({ comment: "second review" }), role: "admin" });
    expect(sign.status).toBe(201);
    expect(await t.database.db.select().from(signoffs).where(eq(signoffs.runId, runId))).toHaveLength(2);
  });
});

describe("waivers reach the runs they cover", () => {
  it("a waiver valid from the request date does not cover a run whose period ended before it", async () => {
    const runId = await startRun();
    const req = await t.request(`/api/v1/plans/${planId}/waivers`, { ...json({ rule_id: "MAN-ROLES", reason: "restructuring", expires_on: "2026-12-31" }), role: "auditor" });
    const waiver = await req.json();
    expect(waiver.valid_from).toBe("2026-11-25");
    const ok = await (await t.request(`/api/v1/waivers/${waiver.id}/approve`, { method: "POST", role: "compliance_officer" })).json();
    expect(ok.rescored_runs).toEqual([]);
    expect(await resultOf(runId, "INC-RESOLVE-GENERAL")).toMatchObject({ status: "waived" }); // the earlier waiver (valid from 31 October) covers it
  });

  it("approval re-scores the completed, unsigned run it covers, stores a new report version, and leaves signed runs as they were", async () => {
    // a second plan with its own run, failing INC-RESOLVE-GENERAL, not signed
    const plan = await (await t.request("/api/v1/plans", { ...json({ name: "Waived later", rules: ["INC-RESOLVE-GENERAL", "INC-RESP-GENERAL"] }), role: "auditor" })).json();
    const runId = await startRun(plan.id);
    expect(await runOf(runId)).toMatchObject({ score: 50, score_raw: 50 });
    const v1 = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    expect(v1.headers.get("x-report-version")).toBe("1");
    const req = await (await t.request(`/api/v1/plans/${plan.id}/waivers`, { ...json({ rule_id: "INC-RESOLVE-GENERAL", reason: "vendor outage", valid_from: "2026-10-31", expires_on: "2026-11-30" }), role: "auditor" })).json();
    const ok = await (await t.request(`/api/v1/waivers/${req.id}/approve`, { method: "POST", role: "compliance_officer" })).json();
    expect(ok.rescored_runs).toEqual([runId]);
    const after = await runOf(runId);
    expect(after.results.find((r: { rule_id: string }) => r.rule_id === "INC-RESOLVE-GENERAL")).toMatchObject({ status: "waived", raw_status: "fail", value: 90 });
    expect(after).toMatchObject({ score: 100, score_raw: 50 });
    // the new version is stored with the approval, not at the next download
    const versions = (await (await t.request(`/api/v1/runs/${runId}/reports`, { role: "viewer" })).json()).versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v2 = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    expect(v2.headers.get("x-report-version")).toBe("2");
  });
});

describe("provisional runs", () => {
  it("judge an unfinished period as of their start: a 10-minute-old urgent incident is pending, nothing is raised, no sign-off", async () => {
    t.clock.set("2026-11-24T12:00:00Z");
    const fresh = ticket(900, { id: "IT-2026-000900", priority: "urgent", opened_at: "2026-11-24T11:50:00Z", first_response_at: null, resolved_at: null, resolution: null });
    expect((await t.request("/api/v1/tickets", { ...json({ tickets: [fresh] }), role: "ingest" })).status).toBe(200);
    const plan = await (
      await t.request("/api/v1/plans", {
        ...json({ name: "Month to date", rules: ["INC-RESP-URGENT", "INC-RESOLVE-URGENT"], period: { type: "custom", start: "2026-11-01T00:00:00Z", end: "2026-12-01T00:00:00Z" } }),
        role: "auditor",
      })
    ).json();
    const runId = await startRun(plan.id);
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "completed", provisional: true, as_of: "2026-11-24T12:00:00.000Z" });
    expect(run.results.map((r: { rule_id: string; status: string }) => [r.rule_id, r.status])).toEqual([
      ["INC-RESP-URGENT", "not_applicable"],
      ["INC-RESOLVE-URGENT", "not_applicable"],
    ]);
    expect(run.results[0].message).toBe("no response to judge (1 pending)");
    expect((await (await t.request(`/api/v1/findings?plan_id=${plan.id}`, { role: "viewer" })).json()).findings).toEqual([]);
    const sign = await t.request(`/api/v1/runs/${runId}/signoff`, { ...json({}), role: "compliance_officer" });
    expect(sign.status).toBe(409);
    expect((await sign.json()).error).toBe("provisional");
    const pdf = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    expect(pdfText(saveArtifact("provisional.pdf", new Uint8Array(await pdf.arrayBuffer())))).toContain("PROVISIONAL");
  });

  it("a run that starts after its period ended is not provisional", async () => {
    const run = await runOf((await t.database.db.select({ id: runs.id }).from(runs).where(eq(runs.planId, planId)).orderBy(runs.id)).at(-1)!.id);
    expect(run).toMatchObject({ provisional: false, as_of: "2026-11-01T00:00:00.000Z" });
  });
});

describe("evidence on a run that did not complete", () => {
  it("refuses an attachment on an interrupted run (409) and stores nothing", async () => {
    const [cut] = await t.database.db
      .insert(runs)
      .values({ planId, status: "interrupted", trigger: "manual", periodStart: 0, periodEnd: 1, timezone: "UTC", planSnapshot: planSnapshot({ rules: ["MAN-ROLES"] }), rulebookVersion: "x", startedBy: "a@example.test" })
      .returning({ id: runs.id });
    const form = new FormData();
    form.append("file", new Blob(["evidence"], { type: "text/plain" }), "e.txt");
    const res = await t.request(`/api/v1/runs/${cut.id}/answers/MAN-ROLES/attachments`, { method: "POST", body: form, role: "auditor" });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "conflict", message: `run ${cut.id} is interrupted; evidence is attached to a completed run` });
    expect((await (await t.request(`/api/v1/runs/${cut.id}/attachments`, { role: "viewer" })).json()).attachments).toEqual([]);
  });
});
