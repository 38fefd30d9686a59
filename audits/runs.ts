// Audit runs: creating one (queued, never two of a plan at once), reading it in the contract's shape,
// listing, paging its evidence, and marking runs cut off by a dead process as interrupted.
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import { hostname } from "node:os";
import { recordChange } from "../server/audit-trail.js";
import type { Ctx } from "../server/context.js";
import type { Db, DbOrTx } from "../server/db/client.js";
import { plans, runEvidence, runResults, runs } from "../server/db/schema.js";
import { AppError } from "../server/errors.js";
import { findPlan, type Plan } from "./plans.js";
import { iso, periodFor } from "./period.js";
import { resolveRulebook } from "./rulebooks/store.js";
import type { Rulebook } from "./rulebooks/types.js";

export type Run = typeof runs.$inferSelect;
export type RunTrigger = Run["trigger"];

import type { PlanSnapshot } from "../server/db/schema.js";
export type { PlanSnapshot };

/** `book`: the plan's rulebook at the version the run judges with. */
export function snapshotOf(plan: Plan, book: Rulebook): PlanSnapshot {
  return {
    name: plan.name,
    rulebook: plan.rulebook,
    rules: plan.rules ?? book.rules.map((r) => r.id),
    thresholds: plan.thresholds,
    services: plan.services,
    period: plan.period,
    timezone: plan.timezone,
    owner: plan.owner,
  };
}

/** This process, as recorded on the runs it holds. */
export const thisWorker = () => `${hostname()}:${process.pid}`;

/**
 * Creates a queued run. A manual run is refused (409) while the plan has one queued or running; a scheduled
 * one queues behind it (the executor starts one run of a plan at a time).
 */
export async function createRun({
  ctx,
  input: opts,
  tx: outer,
}: {
  ctx: Ctx;
  input: { planId: number; trigger: RunTrigger; scheduledFor?: number | null; worker?: string | null };
  /** the caller's transaction (the scheduler claims the occurrence in the same one) */
  tx?: DbOrTx;
}): Promise<Run> {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const create = async (tx: DbOrTx) => {
    const plan = await findPlan(tx, opts.planId);
    if (opts.trigger === "manual") {
      const [busy] = await tx.select({ id: runs.id }).from(runs).where(and(eq(runs.planId, plan.id), inArray(runs.status, ["queued", "running"]))).limit(1);
      if (busy) throw AppError.conflict(`plan ${plan.id} already has run ${busy.id} in progress`);
    }
    const period = periodFor(plan.period, plan.timezone, opts.scheduledFor ?? now);
    // the version the plan names, or the latest one now: the run records it and is judged by exactly it
    const book = await resolveRulebook(tx, plan.rulebook, plan.rulebookVersion);
    const [run] = await tx
      .insert(runs)
      .values({
        planId: plan.id,
        status: "queued",
        trigger: opts.trigger,
        scheduledFor: opts.scheduledFor ?? null,
        periodStart: period.start,
        periodEnd: period.end,
        timezone: plan.timezone,
        planSnapshot: snapshotOf(plan, book),
        rulebookVersion: book.version,
        startedBy: actor,
        worker: opts.worker ?? thisWorker(),
        createdAt: now,
      })
      .returning();
    await recordChange(tx, now, { actor, action: "run.create", entity: "run", entityId: run.id, after: { planId: plan.id, trigger: run.trigger, period: { start: iso(period.start), end: iso(period.end) } } });
    return run;
  };
  return outer ? create(outer) : db.transaction(create);
}

export type RunResult = typeof runResults.$inferSelect;

/** A result as the API shows it; `messageArgs` (the message in the reader's language) only for the pages, never in the API. */
export function resultJson(r: RunResult, opts: { messageArgs?: boolean } = {}) {
  return {
    rule_id: r.ruleId,
    status: r.status,
    raw_status: r.rawStatus,
    value: r.value,
    threshold: r.threshold,
    population: r.population,
    small_population: r.smallPopulation,
    evidence: { count: r.evidenceCount, ids: r.evidenceIds },
    message: r.message,
    next_due: r.nextDue,
    details: r.details ?? null,
    ...(opts.messageArgs ? { messageArgs: r.messageArgs } : {}),
  };
}

export function runJson(run: Run, results: RunResult[] | null, planName?: string, opts: { messageArgs?: boolean } = {}) {
  return {
    id: run.id,
    plan_id: run.planId,
    plan_name: planName ?? run.planSnapshot.name ?? null,
    status: run.status,
    trigger: run.trigger,
    period: { start: iso(run.periodStart), end: iso(run.periodEnd) },
    timezone: run.timezone,
    score: run.score,
    score_raw: run.scoreRaw,
    rulebook_version: run.rulebookVersion,
    policy_versions: run.policyVersions ?? [],
    data_hash: run.dataHash,
    data_revision: run.dataRevision,
    provisional: run.provisional,
    as_of: run.asOf === null ? null : iso(run.asOf),
    small_population: results ? results.filter((r) => r.smallPopulation).map((r) => r.ruleId) : undefined,
    scheduled_for: run.scheduledFor === null ? null : iso(run.scheduledFor),
    created_at: iso(run.createdAt),
    started_at: run.startedAt === null ? null : iso(run.startedAt),
    finished_at: run.finishedAt === null ? null : iso(run.finishedAt),
    started_by: run.startedBy,
    worker: run.worker,
    error: run.error,
    ...(results ? { results: results.map((r) => resultJson(r, opts)) } : {}),
  };
}

export async function findRun(db: DbOrTx, id: number): Promise<Run> {
  const [run] = await db.select().from(runs).where(eq(runs.id, id));
  if (!run) throw AppError.notFound(`run ${id}`);
  return run;
}

/** The run with its results in rulebook order; results only exist once the run completed. */
/** A run with its results; `messageArgs: true` (pages) adds each result's message arguments, which the API leaves out. */
export async function getRunDetail(db: DbOrTx, id: number, opts: { messageArgs?: boolean } = {}) {
  const run = await findRun(db, id);
  const rows = await db.select().from(runResults).where(eq(runResults.runId, id));
  const order = run.planSnapshot.rules ?? [];
  rows.sort((a, b) => order.indexOf(a.ruleId) - order.indexOf(b.ruleId));
  return runJson(run, rows, undefined, opts);
}

export async function listRuns(db: DbOrTx, opts: { planId?: number; limit?: number } = {}) {
  const rows = await db
    .select({ run: runs, plan: plans.name })
    .from(runs)
    .innerJoin(plans, eq(plans.id, runs.planId))
    .where(opts.planId === undefined ? undefined : eq(runs.planId, opts.planId))
    .orderBy(desc(runs.id))
    .limit(opts.limit ?? 200);
  return rows.map((r) => runJson(r.run, null, r.plan));
}

/** Every offending record of one result, paged by record id. */
export async function listEvidence(db: DbOrTx, runId: number, ruleId: string, opts: { after?: string; limit?: number } = {}) {
  await findRun(db, runId);
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
  const rows = await db
    .select({ id: runEvidence.recordId })
    .from(runEvidence)
    .where(and(eq(runEvidence.runId, runId), eq(runEvidence.ruleId, ruleId), opts.after ? gt(runEvidence.recordId, opts.after) : undefined))
    .orderBy(asc(runEvidence.recordId))
    .limit(limit);
  const ids = rows.map((r) => r.id);
  return { run_id: runId, rule_id: ruleId, ids, next_after: ids.length === limit ? ids[ids.length - 1] : null };
}

/** Whether the process that holds a run is known to be gone: same host and its pid is dead (or is ours, at start-up). */
export function workerIsGone(worker: string | null, self: string, atStartUp = true): boolean {
  if (!worker) return true;
  const at = worker.lastIndexOf(":");
  const host = worker.slice(0, at);
  const pid = Number(worker.slice(at + 1));
  const selfAt = self.lastIndexOf(":");
  if (host !== self.slice(0, selfAt) || !Number.isInteger(pid)) return false;
  if (String(pid) === self.slice(selfAt + 1)) return atStartUp;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * At start-up: runs left queued or running by a process that no longer exists become `interrupted`. Later
 * (atStartUp false) this process's own runs are alive, and only a dead process's `running` runs are marked.
 */
export async function markInterruptedRuns(db: Db, now: number, self = thisWorker(), atStartUp = true): Promise<number[]> {
  const open = await db
    .select({ id: runs.id, worker: runs.worker, status: runs.status })
    .from(runs)
    .where(inArray(runs.status, atStartUp ? ["queued", "running"] : ["running"]));
  const gone = open.filter((r) => workerIsGone(r.worker, self, atStartUp));
  const marked: number[] = [];
  for (const r of gone) {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(runs)
        .set({ status: "interrupted", finishedAt: now, error: `the process ${r.worker ?? "(none)"} stopped before the run finished` })
        .where(and(eq(runs.id, r.id), inArray(runs.status, ["queued", "running"])))
        .returning({ id: runs.id });
      if (!row) return;
      // partial evidence of an interrupted run never shows
      await tx.delete(runEvidence).where(eq(runEvidence.runId, r.id));
      await recordChange(tx, now, { actor: `system:${self}`, action: "run.interrupt", entity: "run", entityId: r.id, before: { status: r.status, worker: r.worker }, after: { status: "interrupted" } });
      marked.push(r.id);
    });
  }
  return marked;
}

/** Runs of the plan still waiting or running (the scheduler's queue). */
export async function activeRunsOf(db: DbOrTx, planId: number) {
  return db.select().from(runs).where(and(eq(runs.planId, planId), inArray(runs.status, ["queued", "running"]))).orderBy(asc(runs.id));
}

