// Scheduling across processes: three server processes on one database run each of ten occurrences exactly
// once; a run killed with SIGKILL is interrupted at the next start and the next run completes.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, getRunDetail, thisWorker } from "../../audits/runs.js";
import { systemClock } from "../../server/clock.js";
import { plans } from "../../server/db/schema.js";
import { startScheduler } from "../../server/scheduler.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  await t.request("/api/v1/tickets", { method: "POST", body: JSON.stringify({ tickets: [ticket(1), ticket(2)] }), headers: { "content-type": "application/json" }, role: "ingest" });
});
afterAll(() => t.close());

function child(mode: string, env: Record<string, string>) {
  const proc = spawn(process.execPath, ["--import", "tsx", "test/support/scheduler-process.ts", mode], { env: { ...process.env, DATABASE_URL: t.url, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let buffer = "";
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  proc.stdout!.on("data", (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((w) => w.match(line))) w.resolve(line);
    }
  });
  proc.stderr!.on("data", (d: Buffer) => process.stderr.write(d));
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  const line = (prefix: string) =>
    new Promise<string>((resolve) => {
      const found = lines.find((l) => l.startsWith(prefix));
      if (found) resolve(found);
      else waiters.push({ match: (l) => l.startsWith(prefix), resolve });
    });
  return { proc: proc as ChildProcess, line, exited };
}

const hour = 3_600_000;

describe("scheduled runs", () => {
  it("three processes run each of ten hourly occurrences exactly once", async () => {
    const start = Date.parse("2027-01-01T00:30:00Z");
    const plan = await createPlan({ ctx: testCtx(t.database.db, start, "test"), input: { name: "hourly", schedule: "0 * * * *", rules: ["REC-CONSISTENT", "MAN-ROLES"] } });
    const goFile = join(t.dir, "go");
    const env = { START: String(start), SPEED: String(hour / 400), END: String(start + 10 * hour + 15 * 60_000), GO_FILE: goFile };
    const children = [child("schedule", env), child("schedule", env), child("schedule", env)];
    await Promise.all(children.map((c) => c.line("ready")));
    // the shared fake clock reaches START three seconds after the go signal
    writeFileSync(goFile, String(Date.now() + 3000));
    const started = await Promise.all(children.map((c) => c.line("started")));
    // every process was up before the first occurrence, so no catch-up was involved
    for (const r of started) expect(Number(r.split(" ")[1])).toBeLessThan(start);
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0, 0]);

    const claims = await t.database.db.all<{ at: number; run: number }>(sql`SELECT scheduled_for AS at, run_id AS run FROM schedule_claims WHERE plan_id = ${plan.id} ORDER BY scheduled_for`);
    expect(claims.map((c) => c.at)).toEqual(Array.from({ length: 10 }, (_, i) => Date.parse("2027-01-01T01:00:00Z") + i * hour));
    const runs = await t.database.db.all<{ status: string; at: number; n: number }>(sql`SELECT status, scheduled_for AS at, count(*) AS n FROM runs WHERE plan_id = ${plan.id} GROUP BY status, scheduled_for ORDER BY scheduled_for`);
    expect(runs).toEqual(claims.map((c) => ({ status: "completed", at: c.at, n: 1 })));
  }, 120_000);

  it("node-cron fires a per-second schedule, each occurrence claimed and run once", async () => {
    // plans are now refused a schedule more often than hourly (audits/schedule.ts); one stored before that rule
    // still fires, which lets this test watch node-cron in real time without waiting hours
    const created = await createPlan({ ctx: testCtx(t.database.db, Date.now(), "test"), input: { name: "every second", rules: ["REC-CONSISTENT"] } });
    await t.database.db.update(plans).set({ schedule: "* * * * * *" }).where(eq(plans.id, created.id));
    const plan = { id: created.id };
    const scheduler = await startScheduler({ database: t.database, clock: systemClock, worker: thisWorker(), storeReports: false });
    const completed = async () => (await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM runs WHERE plan_id = ${plan.id} AND status = 'completed'`))[0].n;
    while ((await completed()) < 3) await new Promise((r) => setTimeout(r, 100));
    scheduler.stop();
    await scheduler.idle();
    const rows = await t.database.db.all<{ at: number; run: number; status: string }>(
      sql`SELECT c.scheduled_for AS at, c.run_id AS run, r.status AS status FROM schedule_claims c JOIN runs r ON r.id = c.run_id WHERE c.plan_id = ${plan.id} ORDER BY c.scheduled_for`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.at)).size).toBe(rows.length);
    for (const r of rows) expect([r.at % 1000, r.status]).toEqual([0, "completed"]);
  }, 60_000);

  it("occurrences missed while no process was up run once at start-up, only the latest", async () => {
    const created = Date.parse("2027-03-01T00:10:00Z");
    const plan = await createPlan({ ctx: testCtx(t.database.db, created, "test"), input: { name: "missed", schedule: "0 * * * *", rules: ["REC-CONSISTENT"] } });
    t.clock.set(created + 5 * hour + 20 * 60_000);
    for (let i = 0; i < 2; i++) {
      const scheduler = await startScheduler({ database: t.database, clock: t.clock, worker: thisWorker(), storeReports: false });
      scheduler.stop();
      await scheduler.idle();
    }
    const runs = await t.database.db.all<{ trigger: string; at: number; status: string }>(sql`SELECT trigger, scheduled_for AS at, status FROM runs WHERE plan_id = ${plan.id}`);
    expect(runs).toEqual([{ trigger: "catch_up", at: Date.parse("2027-03-01T05:00:00Z"), status: "completed" }]);
    t.clock.set("2026-11-24T12:00:00Z");
  });

  it("a run killed mid-run is interrupted at the next start, and the next run completes", async () => {
    const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "crash", rules: ["REC-CONSISTENT", "REC-COMPLETE"] } });
    const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    const c = child("pause-run", { RUN_ID: String(run.id) });
    await c.line("paused");
    const during = await getRunDetail(t.database.db, run.id);
    expect(during).toMatchObject({ status: "running", worker: `${thisWorker().split(":")[0]}:${c.proc.pid}`, results: [] });
    c.proc.kill("SIGKILL");
    await c.exited;

    const scheduler = await startScheduler({ database: t.database, clock: t.clock, worker: thisWorker(), storeReports: false });
    scheduler.stop();
    const after = await getRunDetail(t.database.db, run.id);
    expect(after).toMatchObject({ status: "interrupted", results: [], score: null });
    const [{ n }] = await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM run_evidence WHERE run_id = ${run.id}`);
    expect(n).toBe(0);

    const next = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    expect(await executeRun(t.database, t.clock, next.id, thisWorker())).toEqual({ runId: next.id, status: "completed" });
    expect((await getRunDetail(t.database.db, next.id)).results).toHaveLength(2);
  }, 60_000);
});
