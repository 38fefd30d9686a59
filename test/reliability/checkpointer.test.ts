// WAL checkpoints in a worker thread (server/db/checkpointer.ts): the server's connections leave the copying of the
// log to the worker, and take it back when the worker stops or cannot start.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.js";
import { startCheckpointer } from "../../server/db/checkpointer.js";
import { tempDatabaseUrl } from "../support/app.js";
import { fixedClock } from "../../server/clock.js";
import { prepareDatabase } from "../../server/startup.js";
import { ingestTicketBatch } from "../../server/ingest/tickets.js";
import { createPlan } from "../../audits/plans.js";
import { createRun } from "../../audits/runs.js";
import { executeRun } from "../../audits/run-executor.js";
import { ticket } from "../support/factories.js";
import { testCtx } from "../support/ctx.js";

const autoCheckpoint = async (database: Database) => Number((await database.client.execute("PRAGMA wal_autocheckpoint")).rows[0][0]);

async function until(ok: () => boolean, what: string) {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(ok(), what).toBe(true);
}

describe("the WAL checkpoint worker", () => {
  const opened: Database[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of opened.splice(0)) d.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("copies the log on its own thread while the process's connections never checkpoint", async () => {
    const { dir, url } = await tempDatabaseUrl();
    dirs.push(dir);
    const database = await openDatabase(url, undefined, { checkpointInWorker: true });
    opened.push(database);
    expect(database.checkpointer?.running()).toBe(true);
    await database.client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
    // 3,000 pages of log, three times the threshold at which a connection would have copied it itself
    for (let i = 0; i < 30; i++) {
      const tx = await database.client.transaction("write");
      await tx.execute({ sql: "INSERT INTO t (body) SELECT ? FROM (WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 100) SELECT k FROM n)", args: ["x".repeat(4000)] });
      await tx.commit();
      // every connection the pool hands out, the transaction's included, has checkpoints off
      expect(await autoCheckpoint(database)).toBe(0);
    }
    await until(() => (database.checkpointer?.stats().pages ?? 0) >= 3000, "the worker copied every page of the log");
    expect(database.checkpointer!.stats().checkpoints).toBeGreaterThan(0);
    expect(Number((await database.client.execute("SELECT count(*) FROM t")).rows[0][0])).toBe(3000);
  });

  it("hands checkpoints back to the connections when it stops", async () => {
    const { dir, url } = await tempDatabaseUrl();
    dirs.push(dir);
    const database = await openDatabase(url, undefined, { checkpointInWorker: true });
    opened.push(database);
    expect(await autoCheckpoint(database)).toBe(0);
    await database.checkpointer!.stop();
    expect(database.checkpointer!.running()).toBe(false);
    expect(await autoCheckpoint(database)).toBe(1000);
  });

  it("leaves the connections checkpointing when it cannot open the database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "assay-ckpt-"));
    dirs.push(dir);
    // a folder where the file should be: the worker's connection fails to open
    const checkpointer = await startCheckpointer(dir);
    expect(checkpointer.running()).toBe(false);
    const { dir: other, url } = await tempDatabaseUrl();
    dirs.push(other);
    const database = await openDatabase(url);
    opened.push(database);
    expect(await autoCheckpoint(database)).toBe(1000);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it("is the same worker as the snapshot reader when the database has both, which checkpoints outside the run's snapshots", async () => {
    const { dir, url } = await tempDatabaseUrl();
    dirs.push(dir);
    const database = await openDatabase(url, undefined, { checkpointInWorker: true, snapshotReader: true });
    opened.push(database);
    expect(database.reader?.checkpointer()).not.toBeNull();
    await database.client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
    await database.client.execute({ sql: "INSERT INTO t (body) SELECT ? FROM (WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 2000) SELECT k FROM n)", args: ["x".repeat(4000)] });
    await until(() => (database.checkpointer?.stats().pages ?? 0) >= 2000, "the worker copied the log");
    expect(database.reader!.checkpointer()!.stats()).toEqual(database.checkpointer!.stats());
    await database.reader!.stop();
    expect(database.checkpointer!.running()).toBe(false);
    expect(await autoCheckpoint(database)).toBe(1000);
  });

  it("checkpoints again once a run's snapshot on the same worker has ended", async () => {
    const { dir, url } = await tempDatabaseUrl();
    dirs.push(dir);
    const database = await openDatabase(url, undefined, { checkpointInWorker: true, snapshotReader: true });
    opened.push(database);
    const clock = fixedClock("2026-11-24T12:00:00Z");
    await prepareDatabase(database, clock);
    await ingestTicketBatch(database.db, clock.now(), "test", Array.from({ length: 50 }, (_, i) => ticket(i + 1)));
    const plan = await createPlan({ ctx: testCtx(database.db, clock.now(), "test"), input: { name: "p", timezone: "UTC", period: { type: "previous_month" } } });
    const run = await createRun({ ctx: testCtx(database.db, clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    const before = database.reader!.executed();
    expect(await executeRun(database, clock, run.id, "test:1")).toEqual({ runId: run.id, status: "completed" });
    expect(database.reader!.executed()).toBeGreaterThan(before);
    expect(database.reader!.available()).toBe(true);
    const copied = database.checkpointer!.stats().pages;
    await database.client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
    await database.client.execute({ sql: "INSERT INTO t (body) SELECT ? FROM (WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 500) SELECT k FROM n)", args: ["x".repeat(4000)] });
    await until(() => database.checkpointer!.stats().pages >= copied + 500, "the worker checkpointed after the run");
  });
});
