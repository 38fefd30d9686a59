// What may still change a completed run: its sign-off (which locks it), the waivers that cover it, and the
// state revision that tells the report store a new version is due. Every verb that changes a run's results asks here.
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../server/db/client.js";
import { manualAnswers, runResults, runs, signoffs, waivers } from "../server/db/schema.js";
import { AppError } from "../server/errors.js";
import { addDays, startOfLocalDate } from "./period.js";
import type { Run } from "./runs.js";
import { waivedText } from "./result-text.js";
import { runScores } from "./scores.js";

export type Signoff = typeof signoffs.$inferSelect;
export type Waiver = typeof waivers.$inferSelect;

/** The sign-off in force (not voided by a reopening), if any. */
export async function activeSignoff(db: DbOrTx, runId: number): Promise<Signoff | null> {
  const [row] = await db
    .select()
    .from(signoffs)
    .where(and(eq(signoffs.runId, runId), isNull(signoffs.voidedAt)))
    .orderBy(desc(signoffs.id))
    .limit(1);
  return row ?? null;
}

/** Every sign-off of the run, voided ones included, oldest first. */
export function signoffsOf(db: DbOrTx, runId: number): Promise<Signoff[]> {
  return db.select().from(signoffs).where(eq(signoffs.runId, runId)).orderBy(asc(signoffs.id));
}

export function lockedError(runId: number, s: Signoff) {
  return new AppError(
    "locked",
    409,
    `run ${runId} was signed off by ${s.name} on ${new Date(s.signedAt).toISOString()}; it is locked (a compliance officer may reopen it with a reason)`,
  );
}

/** Refuses (409 locked) any change to a signed-off run; call inside the changing transaction. */
export async function assertUnlocked(db: DbOrTx, runId: number): Promise<void> {
  const s = await activeSignoff(db, runId);
  if (s) throw lockedError(runId, s);
}

/** Marks that what the run's report says has changed, so that the next download stores a new version. */
export async function bumpRunState(db: DbOrTx, runId: number): Promise<void> {
  await db.update(runs).set({ stateRevision: sql`${runs.stateRevision} + 1` }).where(eq(runs.id, runId));
}

/** The first day a waiver applies: its valid_from, or (waivers from before valid_from existed) the day it was requested. */
export const waiverStart = (w: Pick<Waiver, "validFrom" | "createdAt">, timezone: string) => w.validFrom ?? new Date(w.createdAt).toISOString().slice(0, 10);

/**
 * Whether a waiver covers a run: the run's audited period ends inside [valid_from, expires_on] (whole days in the
 * plan's time zone) and, for a signed-off run, the waiver was approved before the sign-off.
 */
export function waiverCovers(w: Waiver, run: Pick<Run, "periodEnd" | "timezone">, signedAt: number | null): boolean {
  if (w.status !== "approved" || w.approvedAt === null) return false;
  const from = startOfLocalDate(waiverStart(w, run.timezone), run.timezone);
  const until = startOfLocalDate(addDays(w.expiresOn, 1), run.timezone);
  if (!(from <= run.periodEnd && run.periodEnd < until)) return false;
  return signedAt === null || w.approvedAt < signedAt;
}

/** The approved waivers of the run's plan that cover it, by rule (the earliest approved wins). */
export async function waiversCovering(db: DbOrTx, run: Pick<Run, "id" | "planId" | "periodEnd" | "timezone">): Promise<Map<string, Waiver>> {
  const signed = await activeSignoff(db, run.id);
  const rows = await db
    .select()
    .from(waivers)
    .where(and(eq(waivers.planId, run.planId), eq(waivers.status, "approved")))
    .orderBy(asc(waivers.id));
  const out = new Map<string, Waiver>();
  for (const w of rows) if (!out.has(w.ruleId) && waiverCovers(w, run, signed?.signedAt ?? null)) out.set(w.ruleId, w);
  return out;
}


/**
 * Applies a newly approved waiver to the completed, unsigned runs of its plan that it covers: the result becomes
 * `waived` (value and raw status kept), the score is recomputed and the state revision bumped. Returns the run ids.
 */
export async function applyWaiverToRuns(tx: DbOrTx, w: Waiver): Promise<number[]> {
  const candidates = await tx
    .select()
    .from(runs)
    .where(and(eq(runs.planId, w.planId), eq(runs.status, "completed")))
    .orderBy(asc(runs.id));
  const changed: number[] = [];
  for (const run of candidates) {
    if (await activeSignoff(tx, run.id)) continue;
    if (!waiverCovers(w, run, null)) continue;
    const [result] = await tx.select().from(runResults).where(and(eq(runResults.runId, run.id), eq(runResults.ruleId, w.ruleId)));
    if (!result || result.status === "waived" || (result.rawStatus !== "pass" && result.rawStatus !== "fail")) continue;
    await tx
      .update(runResults)
      .set({ status: "waived", ...waivedText(result, w) })
      .where(and(eq(runResults.runId, run.id), eq(runResults.ruleId, w.ruleId)));
    await rescoreRun(tx, run.id);
    changed.push(run.id);
  }
  return changed;
}

/** Recomputes a run's two scores from its stored results and bumps its state revision. */
export async function rescoreRun(tx: DbOrTx, runId: number) {
  const all = await tx.select({ status: runResults.status, rawStatus: runResults.rawStatus }).from(runResults).where(eq(runResults.runId, runId));
  const scores = runScores(all);
  await tx.update(runs).set({ ...scores, stateRevision: sql`${runs.stateRevision} + 1` }).where(eq(runs.id, runId));
  return scores;
}

/** Manual questions of a run still waiting for an answer: pending, and neither answered nor deferred. */
export async function unansweredQuestions(db: DbOrTx, runId: number): Promise<string[]> {
  const rows = await db
    .select({ ruleId: runResults.ruleId })
    .from(runResults)
    .where(
      and(
        eq(runResults.runId, runId),
        eq(runResults.status, "pending"),
        sql`NOT EXISTS (SELECT 1 FROM ${manualAnswers} WHERE ${manualAnswers.runId} = ${runResults.runId} AND ${manualAnswers.ruleId} = ${runResults.ruleId})`,
      ),
    )
    .orderBy(asc(runResults.ruleId));
  return rows.map((r) => r.ruleId);
}
