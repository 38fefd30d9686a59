// The snapshot reader (server/db/snapshot-reader.ts): a worker thread reading the very snapshot of a run's read
// transaction, on which the ticket pass reads while the main thread judges the other rules.
import { asc, eq, sql } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, getRunDetail } from "../../audits/runs.js";
import { onAlignedSnapshots } from "../../server/db/client.js";
import { runEvidence } from "../../server/db/schema.js";
import { SnapshotReader } from "../../server/db/snapshot-reader.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { testCtx } from "../support/ctx.js";
import { randomDataset } from "../audits/random-dataset.js";
import { scanSlices } from "../../audits/run-scope.js";
import { readShared } from "../../audits/evaluators/ticket-pass.js";
import type { EvalContext } from "../../audits/evaluators/types.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-05T03:00:00Z" });
  const data = randomDataset(20261130, Date.parse("2026-05-01T00:00:00Z"), Date.parse("2026-11-05T03:00:00Z"), 2000);
  const post = async (path: string, body: unknown) => expect((await t.request(path, { ...jsonBody(body), role: "ingest" })).status).toBe(200);
  await post("/api/v1/tickets", { tickets: data.tickets });
  await post("/api/v1/activities", { activities: data.activities });
});
afterAll(() => t.close());

async function runWhole(rowids = scanSlices.rowids) {
  const saved = scanSlices.rowids;
  scanSlices.rowids = rowids;
  try {
    return await runWholeNow();
  } finally {
    scanSlices.rowids = saved;
  }
}

async function runWholeNow() {
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: `whole ${Math.random()}`, timezone: "UTC", period: { type: "custom", start: "2026-05-01T00:00:00Z", end: "2026-11-05T03:00:00Z" } } });
  const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
  expect(await executeRun(t.database, t.clock, run.id, "test:1")).toEqual({ runId: run.id, status: "completed" });
  const detail = await getRunDetail(t.database.db, run.id);
  const evidence = await t.database.db.select({ rule: runEvidence.ruleId, id: runEvidence.recordId }).from(runEvidence).where(eq(runEvidence.runId, run.id)).orderBy(asc(runEvidence.ruleId), asc(runEvidence.recordId));
  const results = detail.results!.map((r) => ({ rule: r.rule_id, status: r.status, value: r.value, population: r.population, message: r.message, evidence: r.evidence.count }));
  return { results, evidence, dataHash: detail.data_hash };
}

describe("the snapshot reader", () => {
  it("reads the ticket pass of a run beside the main thread, with the results and evidence of the main thread alone", async () => {
    const reader = t.database.reader!;
    expect(reader.available()).toBe(true);
    const before = reader.executed();
    // in slices of 97 rowids (about twenty), which the worker and the main thread share
    const beside = await runWhole(97);
    // the pass's statements went to the worker
    expect(reader.executed()).toBeGreaterThan(before);
    // the same database without a reader: everything on the main thread
    const saved = t.database.reader;
    t.database.reader = null;
    try {
      const alone = await runWhole(97);
      expect(beside).toEqual(alone);
      expect(alone.evidence.length).toBeGreaterThan(0);
    } finally {
      t.database.reader = saved;
    }
  });

  it("shares the slices with the main thread once it is free: every slice read once, the rows in slice order", async () => {
    const n = 40;
    const queries = Array.from({ length: n }, (_, i) => sql`SELECT ${i} AS slice, count(*) AS tickets FROM tickets WHERE rowid % ${n} = ${i}`);
    const rows = await onAlignedSnapshots(t.database, async (db, beside) => {
      const before = t.database.reader!.executed();
      const ctx = { db, runId: 0 } as unknown as EvalContext;
      const out = await readShared(ctx, beside!, queries, Promise.resolve());
      const onWorker = t.database.reader!.executed() - before;
      // both threads read some
      expect(onWorker).toBeGreaterThan(0);
      expect(onWorker).toBeLessThan(n);
      return out;
    });
    expect(rows.map((r) => r.slice)).toEqual(Array.from({ length: n }, (_, i) => i));
    const [{ total }] = await t.database.db.all<{ total: number }>(sql`SELECT count(*) AS total FROM tickets`);
    expect(rows.reduce((s, r) => s + Number(r.tickets), 0)).toBe(total);
  });

  it("starts its snapshot with the main thread's, so that a commit racing the start reaches both or neither", async () => {
    const count = async (db: Parameters<Parameters<typeof onAlignedSnapshots>[1]>[0]) => (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets`))[0].n;
    for (let i = 0; i < 5; i++) {
      const write = t.request("/api/v1/tickets", { ...jsonBody({ tickets: [{ id: `RACE-${i}`, kind: "incident", service: "mail", opened_at: "2026-10-01T00:00:00Z" }] }), role: "ingest" });
      const seen = onAlignedSnapshots(t.database, async (db, beside) => {
        expect(beside).not.toBeNull();
        const main = await count(db);
        // a commit after the start reaches neither
        await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [{ id: `LATE-${i}`, kind: "incident", service: "mail", opened_at: "2026-10-01T00:00:00Z" }] }), role: "ingest" });
        return { main, beside: await count(beside!), again: await count(db) };
      });
      const [res, s] = await Promise.all([write, seen]);
      expect(res.status).toBe(200);
      expect(s.beside).toBe(s.main);
      expect(s.again).toBe(s.main);
    }
    expect(t.database.reader!.available()).toBe(true);
  });

  it("is absent when the worker cannot open the database: runs read on the main thread alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "assay-reader-"));
    try {
      expect(await SnapshotReader.start(dir)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
