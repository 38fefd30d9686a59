// Executes a queued run: claims it (one running run per plan), evaluates every rule with reads only, then
// writes results, evidence, scores and findings in ONE transaction, so a crash never leaves partial results.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import { enqueueNotifications } from "../server/notifications/enqueue.js";
import type { Clock } from "../server/clock.js";
import { onAlignedSnapshots, onSnapshot, type Database, type DbOrTx } from "../server/db/client.js";
import { currentDataRevision } from "../server/ingest/data-changes.js";
import { runEvidence, runResults, runs, services } from "../server/db/schema.js";
import { evaluateRules } from "./evaluate.js";
import type { EvalContext, Outcome } from "./evaluators/types.js";
import { applyFindings } from "./findings.js";
import { answersOfRun } from "./manual-answers.js";
import type { Rule } from "./rulebooks/types.js";
import { rulesOfRun } from "./rulebooks/store.js";
import { periodCoversMostTickets } from "./run-scope.js";
import { findRun, markInterruptedRuns, thisWorker, type PlanSnapshot, type Run } from "./runs.js";
import { waivedText } from "./result-text.js";
import { runScores } from "./scores.js";
import { waiversCovering } from "./run-state.js";
import { logger } from "../server/log.js";
import { yieldToEventLoop } from "../server/event-loop.js";
import { evaluatorOf } from "./evaluators/registry.js";
import { beginProgress, endProgress } from "./run-progress.js";

export interface RunHooks {
  /** called after every rule was evaluated, before the results are written (tests pause a run here) */
  afterEvaluate?: (runId: number) => Promise<void>;
  /** how long to wait between attempts while another run of the plan is running */
  retryMs?: number;
}

export type ExecuteOutcome = { runId: number; status: Run["status"] } | null;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes the queued run if no other run of its plan is running; waits its turn otherwise. */
async function claim(database: Database, clock: Clock, runId: number, worker: string, retryMs: number): Promise<Run | null> {
  for (;;) {
    const claimed = await database.db.transaction(async (tx) => {
      const [row] = await tx
        .update(runs)
        // started before its period ended: provisional, judged as of its start (the rulebook's common semantics)
        .set({ status: "running", worker, startedAt: clock.now(), provisional: sql`${clock.now()} < ${runs.periodEnd}`, asOf: sql`min(${clock.now()}, ${runs.periodEnd})` })
        .where(and(eq(runs.id, runId), eq(runs.status, "queued"), sql`NOT EXISTS (SELECT 1 FROM runs AS other WHERE other.plan_id = ${runs.planId} AND other.status = 'running')`))
        .returning();
      return row ?? null;
    });
    if (claimed) return claimed;
    const run = await findRun(database.db, runId);
    if (run.status !== "queued") return null;
    // another run of the plan is running: wait for it, unless its process died (then it is interrupted)
    await markInterruptedRuns(database.db, clock.now(), thisWorker(), false);
    await sleep(retryMs);
  }
}

export async function executeRun(database: Database, clock: Clock, runId: number, worker: string, hooks: RunHooks = {}): Promise<ExecuteOutcome> {
  const run = await claim(database, clock, runId, worker, hooks.retryMs ?? 250);
  if (!run) return null;
  try {
    const snapshot = run.planSnapshot;
    // judged by exactly the rulebook version the run recorded
    const rules = await rulesOfRun(database.db, run);
    // the progress bar's steps: each rule judged on its own, the final write; the ticket pass adds its slices
    beginProgress(run.id, rules.filter((r) => evaluatorOf(r).mode === "own").length + 1);
    const answers = await answersOfRun(database.db, run.id);
    // every rule reads one consistent snapshot, and the run records which data change it saw last, so that
    // `assay verify-run` can rebuild exactly that data later
    // (with the database's snapshot reader, a worker thread reads the same snapshot beside the main thread)
    const { evaluation, dataRevision, evaluatedAt } = await onAlignedSnapshots(database, async (db, beside) => {
      const dataRevision = await currentDataRevision(db);
      const evaluatedAt = clock.now();
      const ctx = { ...(await contextOf(db, run, snapshot, evaluatedAt)), beside };
      return { evaluation: await evaluateRules(ctx, rules, answers), dataRevision, evaluatedAt };
    });
    await hooks.afterEvaluate?.(run.id);
    const now = clock.now();
    const written = await database.db.transaction(async (tx) => {
      const [still] = await tx.select({ status: runs.status, worker: runs.worker }).from(runs).where(eq(runs.id, run.id));
      if (still?.status !== "running" || still.worker !== worker) return false;
      await evaluation.writeTicketEvidence(tx);
      const waivers = await waiversCovering(tx, run);
      const stored = [];
      for (const [i, o] of evaluation.outcomes.entries()) {
        // a turn of the event loop between the rules' writes (the transaction stays open)
        await yieldToEventLoop();
        const rule = rules[i];
        const row = await storeResult(tx, run.id, rule, o, waivers.get(rule.id));
        stored.push({ rule, row });
      }
      const scores = runScores(stored.map((s) => s.row));
      await tx
        .update(runs)
        .set({ status: "completed", finishedAt: now, ...scores, policyVersions: evaluation.policyIds, dataHash: evaluation.dataHash, dataRevision, evaluatedAt })
        .where(eq(runs.id, run.id));
      // a provisional run's period has not ended: what it finds is not yet a nonconformity
      if (!run.provisional) await applyFindings(
        tx,
        now,
        `run:${run.id}`,
        { planId: run.planId, runId: run.id, owner: snapshot.owner, timezone: run.timezone },
        stored.map(({ rule, row }) => ({ rule, status: row.status, message: row.message, evidenceCount: row.evidenceCount, evidenceIds: row.evidenceIds })),
      );
      await recordChange(tx, now, {
        actor: run.startedBy,
        action: "run.complete",
        entity: "run",
        entityId: run.id,
        after: { ...scores, dataHash: evaluation.dataHash, policyVersions: evaluation.policyIds, dataRevision, provisional: run.provisional },
      });
      await enqueueNotifications(tx, { event: "run.completed", runId: run.id, at: now });
      return true;
    });
    return { runId: run.id, status: written ? "completed" : (await findRun(database.db, run.id)).status };
  } catch (e) {
    await failRun(database, clock.now(), run, worker, e as Error);
    return { runId: run.id, status: "failed" };
  } finally {
    endProgress(run.id);
  }
}

async function failRun(database: Database, now: number, run: Run, worker: string, error: Error) {
  logger.error({ err: error, runId: run.id, planId: run.planId }, "run failed");
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({ status: "failed", finishedAt: now, error: error.message })
      .where(and(eq(runs.id, run.id), eq(runs.status, "running"), eq(runs.worker, worker)))
      .returning({ id: runs.id });
    if (row) await recordChange(tx, now, { actor: run.startedBy, action: "run.fail", entity: "run", entityId: run.id, after: { error: error.message } });
  });
}

export async function contextOf(db: DbOrTx, run: Run, snapshot: PlanSnapshot, evaluatedAt: number): Promise<EvalContext> {
  let serviceIds: number[] | null = null;
  if (snapshot.services?.length) {
    serviceIds = (await db.select({ id: services.id }).from(services).where(inArray(services.key, snapshot.services)).orderBy(asc(services.id))).map((s) => s.id);
  }
  const period = { start: run.periodStart, end: run.periodEnd };
  return {
    db,
    scanAll: await periodCoversMostTickets(db, period),
    runId: run.id,
    planId: run.planId,
    period,
    asOf: run.asOf ?? run.periodEnd,
    evaluatedAt,
    timezone: run.timezone,
    serviceIds,
    thresholdOf: (rule) => snapshot.thresholds[rule.id] ?? rule.threshold,
  };
}

const firstEvidence = 50;

/** Writes one result row: the waiver decides the shown status, evidence keeps every id and shows the first 50. */
export async function storeResult(tx: DbOrTx, runId: number, rule: Rule, o: Outcome, waiver?: { expiresOn: string; reason: string }) {
  if (o.evidence.ids) {
    const ids = [...new Set(o.evidence.ids)].sort();
    for (let i = 0; i < ids.length; i += 300) {
      await tx.insert(runEvidence).values(ids.slice(i, i + 300).map((recordId) => ({ runId, ruleId: rule.id, recordId }))).onConflictDoNothing();
    }
  } else if (o.writeEvidence) {
    await o.writeEvidence(tx);
  }
  const first = await tx
    .select({ id: runEvidence.recordId })
    .from(runEvidence)
    .where(and(eq(runEvidence.runId, runId), eq(runEvidence.ruleId, rule.id)))
    .orderBy(asc(runEvidence.recordId))
    .limit(firstEvidence);
  const waived = waiver && (o.status === "pass" || o.status === "fail");
  const text = waived ? waivedText(o, waiver) : { message: o.message, messageArgs: o.messageArgs };
  const row = {
    runId,
    ruleId: rule.id,
    status: waived ? ("waived" as const) : o.status,
    rawStatus: o.status,
    value: o.value,
    threshold: o.threshold,
    population: o.population,
    smallPopulation: o.smallPopulation,
    evidenceCount: o.evidence.count,
    evidenceIds: first.map((f) => f.id),
    message: text.message,
    messageArgs: text.messageArgs,
    nextDue: o.nextDue ?? null,
    details: o.details ?? null,
  };
  await tx
    .insert(runResults)
    .values(row)
    .onConflictDoUpdate({ target: [runResults.runId, runResults.ruleId], set: { ...row, runId: undefined, ruleId: undefined } });
  return row;
}
