// storeRunReport: the scheduler's hook when a run completes; one version per sign-off state.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRunReports, storeRunReport } from "../../reports/store.js";
import { AppError } from "../../server/errors.js";
import { auditTrail, reports, runs, signoffs } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedCompletedRun, type SeededRun } from "./seed.js";
import { planSnapshot } from "../support/factories.js";

let t: TestApp;
let seeded: SeededRun;
const t0 = Date.parse("2026-11-01T00:00:00Z");

beforeAll(async () => {
  t = await buildTestApp();
  seeded = await seedCompletedRun(t.database);
});
afterAll(() => t.close());

describe("storeRunReport", () => {
  it("stores version 1 with its SHA-256, size and the given time", async () => {
    await storeRunReport(t.database, seeded.runId, t0);
    const [row] = await t.database.db.select().from(reports).where(eq(reports.runId, seeded.runId));
    expect(row).toMatchObject({ version: 1, size: row.pdf.length, signoffId: null, createdAt: t0 });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.pdf.subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
  });

  it("records each stored version and its hash in the audit trail", async () => {
    const [row] = await t.database.db.select().from(reports).where(eq(reports.runId, seeded.runId));
    const trail = await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "report.store"));
    expect(trail.map((e) => ({ actor: e.actor, entityId: e.entityId, at: e.at, after: JSON.parse(e.after!) }))).toEqual([
      { actor: "system:reports", entityId: String(seeded.runId), at: t0, after: { version: 1, sha256: row.sha256, size: row.size, signoffId: null, stateRevision: 0, locale: "en" } },
    ]);
  });

  it("does not add a version when called again for the same sign-off state", async () => {
    await storeRunReport(t.database, seeded.runId, t0 + 1000);
    await Promise.all([storeRunReport(t.database, seeded.runId, t0 + 2000), storeRunReport(t.database, seeded.runId, t0 + 3000)]);
    expect((await listRunReports(t.database.db, seeded.runId)).map((v) => v.version)).toEqual([1]);
  });

  it("adds one version when the run has been signed off since, with a different hash", async () => {
    const [s] = await t.database.db.insert(signoffs).values({ runId: seeded.runId, name: "Officer", comment: null, signedAt: t0 + 5000 }).returning({ id: signoffs.id });
    await Promise.all([storeRunReport(t.database, seeded.runId, t0 + 6000), storeRunReport(t.database, seeded.runId, t0 + 6000)]);
    const versions = await listRunReports(t.database.db, seeded.runId);
    expect(versions.map((v) => [v.version, v.signoffId])).toEqual([
      [1, null],
      [2, s.id],
    ]);
    expect(versions[1].sha256).not.toBe(versions[0].sha256);
    expect(await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "report.store"))).toHaveLength(2);
  });

  it("gives a previous run its own report", async () => {
    await storeRunReport(t.database, seeded.previousRunIds[0], t0);
    const [v] = await listRunReports(t.database.db, seeded.previousRunIds[0]);
    expect(v.version).toBe(1);
    const [ours] = await listRunReports(t.database.db, seeded.runId);
    expect(v.sha256).not.toBe(ours.sha256);
  });

  it("refuses unknown and unfinished runs", async () => {
    await expect(storeRunReport(t.database, 424242, t0)).rejects.toMatchObject({ code: "not_found", status: 404 });
    const [failed] = await t.database.db
      .insert(runs)
      .values({ planId: seeded.planId, status: "failed", trigger: "schedule", periodStart: 0, periodEnd: 1, timezone: "UTC", planSnapshot: planSnapshot(), rulebookVersion: "x", startedBy: "scheduler", error: "boom" })
      .returning({ id: runs.id });
    const err = await storeRunReport(t.database, failed.id, t0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "conflict", message: `run ${failed.id} is failed; only a completed run has a report` });
  });
});
