// GET /api/v1/runs/:id/report.pdf, GET /api/v1/runs/:id/reports and POST /api/v1/runs/:id/signoff.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../server/audit-trail.js";
import { auditTrail, reports, runs, signoffs } from "../../server/db/schema.js";
import type { Role } from "../../server/db/schema.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { pdfText, saveArtifact } from "./pdf-tools.js";
import { deferOpenQuestions, hostileScript, hostileSql, seedCompletedRun, type SeededRun } from "./seed.js";
import { planSnapshot } from "../support/factories.js";

let t: TestApp;
let seeded: SeededRun;
const sha = (bytes: ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");
const pdfUrl = (runId: number, query = "") => `/api/v1/runs/${runId}/report.pdf${query}`;

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-20T09:30:00Z" });
  seeded = await seedCompletedRun(t.database);
});
afterAll(() => t.close());

describe("report download: who may", () => {
  it("answers 401 without credentials", async () => {
    const res = await t.request(pdfUrl(seeded.runId));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized", message: "authentication required" });
  });

  for (const role of ["viewer", "manager", "auditor", "ingest"] as Role[]) {
    it(`answers 403 to ${role}`, async () => {
      const res = await t.request(pdfUrl(seeded.runId), { role });
      expect(res.status).toBe(403);
      expect((await res.json()).error).toBe("forbidden");
    });
  }

  it("answers 403 to a viewer's browser session too", async () => {
    const { cookie } = await t.session("viewer");
    const res = await t.app.request(pdfUrl(seeded.runId), { headers: { cookie } });
    expect(res.status).toBe(403);
  });
});

describe("report download", () => {
  it("generates and stores version 1 on the first download, then serves the stored bytes", async () => {
    expect(await t.database.db.select({ id: reports.id }).from(reports).where(eq(reports.runId, seeded.runId))).toHaveLength(0);
    const first = await t.request(pdfUrl(seeded.runId), { role: "compliance_officer" });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/pdf");
    expect(first.headers.get("x-report-version")).toBe("1");
    expect(first.headers.get("content-disposition")).toBe(`attachment; filename="assay-run-${seeded.runId}-report-v1.pdf"`);
    const a = await first.arrayBuffer();
    expect(first.headers.get("x-report-sha256")).toBe(sha(a));
    expect(first.headers.get("etag")).toBe(`"${sha(a)}"`);

    const second = await t.request(pdfUrl(seeded.runId), { role: "admin" });
    const b = await second.arrayBuffer();
    expect(sha(b)).toBe(sha(a));
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);

    const [stored] = await t.database.db.select().from(reports).where(eq(reports.runId, seeded.runId));
    expect(stored.version).toBe(1);
    expect(stored.sha256).toBe(sha(a));
    expect(stored.size).toBe(a.byteLength);
    expect(stored.signoffId).toBeNull();
    expect(stored.createdAt).toBe(Date.parse("2026-11-20T09:30:00Z"));
    const text = pdfText(saveArtifact("api-v1.pdf", new Uint8Array(a)));
    expect(text).toContain(hostileScript);
    expect(text).toContain("This run has not been signed off.");
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const first = await t.request(pdfUrl(seeded.runId), { role: "compliance_officer" });
    const etag = first.headers.get("etag")!;
    const again = await t.request(pdfUrl(seeded.runId), { role: "compliance_officer", headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
  });

  it("answers 404 for an unknown run or version and 400 for a malformed version", async () => {
    expect((await t.request(pdfUrl(999_999), { role: "admin" })).status).toBe(404);
    expect((await t.request(pdfUrl(seeded.runId, "?version=7"), { role: "admin" })).status).toBe(404);
    const bad = await t.request(pdfUrl(seeded.runId, "?version=abc"), { role: "admin" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([{ path: "version", message: "not a positive integer" }]);
    expect((await t.request("/api/v1/runs/abc/report.pdf", { role: "admin" })).status).toBe(404);
  });

  it("answers 409 for a run that has not completed", async () => {
    const [running] = await t.database.db
      .insert(runs)
      .values({ planId: seeded.planId, status: "running", trigger: "manual", periodStart: 0, periodEnd: 1, timezone: "UTC", planSnapshot: planSnapshot(), rulebookVersion: "x", startedBy: "auditor@example.test" })
      .returning({ id: runs.id });
    const res = await t.request(pdfUrl(running.id), { role: "admin" });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "conflict", message: `run ${running.id} is running; only a completed run has a report` });
    const sign = await t.request(`/api/v1/runs/${running.id}/signoff`, { role: "compliance_officer", ...jsonBody({ comment: "ok" }) });
    expect(sign.status).toBe(409);
  });
});

describe("sign-off", () => {
  it("is refused to auditors, managers and viewers (403) and to anonymous callers (401)", async () => {
    for (const role of ["auditor", "manager", "viewer"] as Role[]) {
      expect((await t.request(`/api/v1/runs/${seeded.runId}/signoff`, { role, ...jsonBody({ comment: "x" }) })).status).toBe(403);
    }
    expect((await t.request(`/api/v1/runs/${seeded.runId}/signoff`, jsonBody({ comment: "x" }))).status).toBe(401);
  });

  it("rejects a comment that is not text with 400 and a non-JSON body with 415", async () => {
    const res = await t.request(`/api/v1/runs/${seeded.runId}/signoff`, { role: "compliance_officer", ...jsonBody({ comment: 42 }) });
    expect(res.status).toBe(400);
    expect((await res.json()).issues).toEqual([{ path: "comment", message: "Invalid input: expected string, received number" }]);
    const form = await t.request(`/api/v1/runs/${seeded.runId}/signoff`, { role: "compliance_officer", method: "POST", body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
  });

  it("records the sign-off in the audit trail and adds a report version that shows it, with its own hash", async () => {
    t.clock.set("2026-11-21T02:00:00Z");
    const before = await t.request(pdfUrl(seeded.runId), { role: "compliance_officer" });
    const unsignedHash = before.headers.get("x-report-sha256");

    await deferOpenQuestions(t, seeded.runId);
    const { cookie, csrf } = await t.session("compliance_officer", { name: "李娜 (Compliance)" });
    // the signed-in account signs: its name, not a typed one
    const res = await t.app.request(`/api/v1/runs/${seeded.runId}/signoff`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      body: JSON.stringify({ comment: `Reviewed with management. ${hostileSql}` }),
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.signoff).toEqual({
      id: body.signoff.id,
      run_id: seeded.runId,
      name: "李娜 (Compliance)",
      comment: `Reviewed with management. ${hostileSql}`,
      signed_at: "2026-11-21T02:00:00.000Z",
      voided: false,
      voided_at: null,
      voided_by: null,
      void_reason: null,
    });
    expect(body.report.version).toBe(2);
    expect(body.report.signoff_id).toBe(body.signoff.id);
    expect(body.report.sha256).not.toBe(unsignedHash);

    const trail = await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "run.signoff"));
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ entity: "run", entityId: String(seeded.runId), at: Date.parse("2026-11-21T02:00:00Z") });
    expect(trail[0].actor).toMatch(/^compliance_officer-\d+@example\.test$/);
    expect(JSON.parse(trail[0].after!)).toEqual({ signoffId: body.signoff.id, name: "李娜 (Compliance)", comment: `Reviewed with management. ${hostileSql}`, signedAt: Date.parse("2026-11-21T02:00:00Z") });
    expect((await verifyAuditTrail(t.database.db)).ok).toBe(true);

    const latest = await t.request(pdfUrl(seeded.runId), { role: "compliance_officer" });
    expect(latest.headers.get("x-report-version")).toBe("2");
    const signedBytes = await latest.arrayBuffer();
    expect(sha(signedBytes)).toBe(body.report.sha256);
    const text = pdfText(saveArtifact("api-v2-signed.pdf", new Uint8Array(signedBytes)));
    expect(text).toContain("Signed off by 李娜 (Compliance) on 21 Nov 2026, 10:00.");
    expect(text).toContain(`Reviewed with management. ${hostileSql}`);
    expect(text).toContain("Run #3 · signed off");

    // version 1 is still served as it was
    const v1 = await t.request(pdfUrl(seeded.runId, "?version=1"), { role: "compliance_officer" });
    expect(v1.headers.get("x-report-sha256")).toBe(unsignedHash);
    expect(sha(await v1.arrayBuffer())).toBe(unsignedHash);
  });

  it("answers 409 to a second sign-off of the same run", async () => {
    const res = await t.request(`/api/v1/runs/${seeded.runId}/signoff`, { role: "admin", ...jsonBody({ comment: "again" }) });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "conflict", message: `run ${seeded.runId} was already signed off by 李娜 (Compliance)` });
    expect(await t.database.db.select().from(signoffs).where(eq(signoffs.runId, seeded.runId))).toHaveLength(1);
  });

  it("lists the versions with their hashes to every reader", async () => {
    const res = await t.request(`/api/v1/runs/${seeded.runId}/reports`, { role: "viewer" });
    expect(res.status).toBe(200);
    const body = await res.json();
    const stored = await t.database.db.select().from(reports).where(eq(reports.runId, seeded.runId)).orderBy(reports.version);
    expect(body).toEqual({
      run_id: seeded.runId,
      versions: stored.map((r) => ({
        version: r.version,
        locale: "en",
        sha256: r.sha256,
        size: r.size,
        signoff_id: r.signoffId,
        created_at: new Date(r.createdAt).toISOString(),
        url: `/api/v1/runs/${seeded.runId}/report.pdf?version=${r.version}`,
      })),
    });
    expect(body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(new Set(body.versions.map((v: { sha256: string }) => v.sha256)).size).toBe(2);
    expect((await t.request(`/api/v1/runs/999999/reports`, { role: "viewer" })).status).toBe(404);
    expect((await t.request(`/api/v1/runs/${seeded.runId}/reports`, { role: "ingest" })).status).toBe(403);
  });
});
