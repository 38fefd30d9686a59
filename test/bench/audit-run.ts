// Row 3: a full run of the built-in rulebook over every benchmark ticket (a custom period covering the year),
// against one raw GROUP BY over the ticket table through the same client.
import { sql } from "drizzle-orm";
import type { Clock } from "../../server/clock.js";
import type { Database } from "../../server/db/client.js";
import { benchNow, benchStart } from "./dataset.js";
import { importPart } from "./not-available.js";
import { testCtx } from "../support/ctx.js";

export interface AuditBench {
  runMs: number;
  baselineMs: number;
  runId: number;
  detail: string;
}

/** The completed run of row 3, whose report row 5 also renders. */
export let benchRunId: number | null = null;

/**
 * A completed run over the same year of one rule that fails with more than 1,000 offending records
 * (REC-COMPLETE): its report prints exactly 1,000 evidence ids, the report's per-rule cap.
 */
export async function runWithThousandEvidenceIds(database: Database, clock: Clock): Promise<number> {
  const plans = await importPart<typeof import("../../audits/plans.js")>("../../audits/plans.js", "the audit plans");
  const runs = await importPart<typeof import("../../audits/runs.js")>("../../audits/runs.js", "the audit runs");
  const executor = await importPart<typeof import("../../audits/run-executor.js")>("../../audits/run-executor.js", "the run executor");
  const plan = await plans.createPlan({ ctx: testCtx(database.db, clock.now(), "bench"), input: {
    name: "Benchmark: record completeness over the whole year",
    rules: ["REC-COMPLETE"],
    period: { type: "custom", start: new Date(benchStart).toISOString(), end: new Date(benchNow).toISOString() },
    timezone: "UTC",
  } });
  const run = await runs.createRun({ ctx: testCtx(database.db, clock.now(), "bench"), input: { planId: plan.id, trigger: "manual" } });
  const outcome = await executor.executeRun(database, clock, run.id, runs.thisWorker());
  if (outcome?.status !== "completed") throw new Error(`the REC-COMPLETE run ended ${outcome?.status ?? "unclaimed"}`);
  return run.id;
}

const groupBy = "SELECT kind, priority, count(*) AS n FROM tickets GROUP BY kind, priority";

/** `warmUp`: one untimed run of the same plan first (the scale curve compares cost per ticket, not a cold start). */
export async function runAuditBench(database: Database, clock: Clock, opts: { warmUp?: boolean } = {}): Promise<AuditBench> {
  const plans = await importPart<typeof import("../../audits/plans.js")>("../../audits/plans.js", "the audit plans");
  const runs = await importPart<typeof import("../../audits/runs.js")>("../../audits/runs.js", "the audit runs");
  const executor = await importPart<typeof import("../../audits/run-executor.js")>("../../audits/run-executor.js", "the run executor");
  // the baseline first, twice: the second, warm, reading is the one compared (the run then also reads warm pages)
  await database.client.execute(groupBy);
  let started = performance.now();
  await database.client.execute(groupBy);
  const baselineMs = performance.now() - started;

  const plan = await plans.createPlan({ ctx: testCtx(database.db, clock.now(), "bench"), input: {
    name: "Benchmark: the built-in rulebook over the whole year",
    period: { type: "custom", start: new Date(benchStart).toISOString(), end: new Date(benchNow).toISOString() },
    timezone: "UTC",
  } });
  if (opts.warmUp) {
    const warm = await runs.createRun({ ctx: testCtx(database.db, clock.now(), "bench"), input: { planId: plan.id, trigger: "manual" } });
    const warmed = await executor.executeRun(database, clock, warm.id, runs.thisWorker());
    if (warmed?.status !== "completed") throw new Error(`the warm-up run ended ${warmed?.status ?? "unclaimed"}`);
  }
  const run = await runs.createRun({ ctx: testCtx(database.db, clock.now(), "bench"), input: { planId: plan.id, trigger: "manual" } });
  started = performance.now();
  const outcome = await executor.executeRun(database, clock, run.id, runs.thisWorker());
  const runMs = performance.now() - started;
  if (outcome?.status !== "completed") throw new Error(`the run ended ${outcome?.status ?? "unclaimed"}`);
  benchRunId = run.id;
  const statuses = await database.db.all<{ status: string; n: number }>(sql`SELECT status, count(*) AS n FROM run_results WHERE run_id = ${run.id} GROUP BY status ORDER BY status`);
  const [{ population }] = await database.db.all<{ population: number }>(sql`SELECT max(population) AS population FROM run_results WHERE run_id = ${run.id}`);
  const [{ evidence }] = await database.db.all<{ evidence: number }>(sql`SELECT count(*) AS evidence FROM run_evidence WHERE run_id = ${run.id}`);
  return {
    runMs,
    baselineMs,
    runId: run.id,
    detail: `run ${run.id}: ${statuses.map((s) => `${s.n} ${s.status}`).join(", ")}; largest population ${population}; ${evidence} evidence rows written`,
  };
}

/** A plan of the whole built-in rulebook over [start, end) (ms, UTC), for the mixed-load row. */
export async function createPlanOver(database: Database, clock: Clock, args: { name: string; start: number; end: number }): Promise<{ planId: number }> {
  const plans = await importPart<typeof import("../../audits/plans.js")>("../../audits/plans.js", "the audit plans");
  const plan = await plans.createPlan({ ctx: testCtx(database.db, clock.now(), "bench"), input: {
    name: args.name,
    period: { type: "custom", start: new Date(args.start).toISOString(), end: new Date(args.end).toISOString() },
    timezone: "UTC",
  } });
  return { planId: plan.id };
}

/** Queues and executes one run of the plan in this process (as the server's runner would); its wall time. */
export async function runPlan(database: Database, clock: Clock, planId: number): Promise<{ runId: number; runMs: number; startedAt: number; finishedAt: number }> {
  const runs = await importPart<typeof import("../../audits/runs.js")>("../../audits/runs.js", "the audit runs");
  const executor = await importPart<typeof import("../../audits/run-executor.js")>("../../audits/run-executor.js", "the run executor");
  const run = await runs.createRun({ ctx: testCtx(database.db, clock.now(), "bench"), input: { planId, trigger: "manual" } });
  // wall-clock instants (performance.timeOrigin differs between processes), so the parent can place the run
  const startedAt = Date.now();
  const started = performance.now();
  const outcome = await executor.executeRun(database, clock, run.id, runs.thisWorker());
  const runMs = performance.now() - started;
  if (outcome?.status !== "completed") throw new Error(`run ${run.id} ended ${outcome?.status ?? "unclaimed"}`);
  return { runId: run.id, runMs, startedAt, finishedAt: Date.now() };
}
