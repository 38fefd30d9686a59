// Signing off a completed run, and reopening a signed one: each change, its state revision and its audit-trail
// entry in one transaction, then a new report version that shows it (with its own SHA-256).
import { and, eq, like, sql } from "drizzle-orm";
import { reopenInputSchema, signoffInputSchema, type SignoffInput } from "../server/contract/index.js";
import { recordChange } from "../server/audit-trail.js";
import type { Actor, Ctx } from "../server/context.js";
import type { DbOrTx } from "../server/db/client.js";
import { enqueueNotifications } from "../server/notifications/enqueue.js";
import { auditTrail, manualAnswers, runs, signoffs } from "../server/db/schema.js";
import { AppError, toIssues } from "../server/errors.js";
import { activeSignoff, unansweredQuestions } from "../audits/run-state.js";
import { storeRunReportVersion, type ReportVersion } from "./store.js";

export type Signoff = typeof signoffs.$inferSelect;

/** Why this account may not sign this run (ISO 19011: the auditee's own auditor does not sign the audit), or null. */
export async function separationOfDutiesConflict(db: DbOrTx, runId: number, signer: Pick<Actor, "name" | "role">): Promise<string | null> {
  if (signer.role === "admin") return null;
  const [run] = await db.select({ startedBy: runs.startedBy }).from(runs).where(eq(runs.id, runId));
  if (run?.startedBy === signer.name) return "you started this run; someone who did not take part in the audit must sign it off";
  const [answered] = await db
    .select({ n: sql<number>`1` })
    .from(manualAnswers)
    .where(and(eq(manualAnswers.runId, runId), eq(manualAnswers.answeredBy, signer.name)))
    .limit(1);
  // an answer since changed by someone else still counts: the trail keeps every answer
  const [earlier] = answered
    ? [answered]
    : await db
        .select({ n: sql<number>`1` })
        .from(auditTrail)
        .where(and(eq(auditTrail.action, "manual.answer"), like(auditTrail.entityId, `${runId}/%`), eq(auditTrail.actor, signer.name)))
        .limit(1);
  if (earlier) return "you answered questions of this run; someone who did not take part in the audit must sign it off";
  return null;
}

/** Signs as `ctx.actor` (always the signed-in account; its role decides whether separation of duties applies). `data`: { comment? } as sent. */
export async function signOffRun({ ctx, input }: { ctx: Ctx; input: { runId: number; data: unknown } }): Promise<{ signoff: Signoff; report: ReportVersion }> {
  const { db, now, actor: signer } = ctx;
  const { runId, data } = input;
  const parsed = signoffInputSchema.safeParse(data === undefined ? {} : data);
  if (!parsed.success) throw AppError.invalid("invalid sign-off", toIssues(parsed.error.issues));
  const { comment } = parsed.data;

  const conflict = await separationOfDutiesConflict(db, runId, signer);
  const signoff = await db.transaction(async (tx) => {
    const [run] = await tx.select({ status: runs.status, provisional: runs.provisional }).from(runs).where(eq(runs.id, runId));
    if (!run) throw AppError.notFound(`run ${runId}`);
    if (run.status !== "completed") throw AppError.conflict(`run ${runId} is ${run.status}; only a completed run can be signed off`);
    if (run.provisional) throw new AppError("provisional", 409, `run ${runId} is provisional (it started before its period ended); run the plan again once the period has ended`);
    const existing = await activeSignoff(tx, runId);
    if (existing) throw AppError.conflict(`run ${runId} was already signed off by ${existing.name}`);
    const unanswered = await unansweredQuestions(tx, runId);
    if (unanswered.length) {
      throw new AppError("unanswered", 409, `answer or defer every manual question before signing off: ${unanswered.join(", ")}`, [], undefined, { rules: unanswered });
    }
    if (conflict) throw AppError.forbidden(`separation of duties: ${conflict}`);
    // a token signs under its own name (token:NAME in the trail); a person under the account's name
    const name = signer.displayName ?? signer.name;
    const [row] = await tx.insert(signoffs).values({ runId, name, userId: signer.kind === "user" ? (signer.id ?? null) : null, comment, signedAt: now }).returning();
    await tx.update(runs).set({ stateRevision: sql`${runs.stateRevision} + 1` }).where(eq(runs.id, runId));
    await recordChange(tx, now, { actor: signer.name, action: "run.signoff", entity: "run", entityId: runId, after: { signoffId: row.id, name, comment, signedAt: now } });
    return row;
  });
  const report = await storeRunReportVersion({ db }, runId, now);
  return { signoff, report };
}

/** Voids the sign-off of a signed run (kept, shown as voided) so that it can change again; a new sign-off is needed. */
export async function reopenRun({ ctx, input }: { ctx: Ctx; input: { runId: number; data: unknown } }): Promise<{ signoff: Signoff; report: ReportVersion }> {
  const { db, now, actor } = ctx;
  const { runId, data } = input;
  const parsed = reopenInputSchema.safeParse(data === undefined ? {} : data);
  if (!parsed.success) throw AppError.invalid("invalid reopening", toIssues(parsed.error.issues));
  const { reason } = parsed.data;
  const voided = await db.transaction(async (tx) => {
    const [run] = await tx.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
    if (!run) throw AppError.notFound(`run ${runId}`);
    const current = await activeSignoff(tx, runId);
    if (!current) throw AppError.conflict(`run ${runId} is not signed off; there is nothing to reopen`);
    const [row] = await tx
      .update(signoffs)
      .set({ voidedAt: now, voidedBy: actor.displayName ?? actor.name, voidReason: reason })
      .where(eq(signoffs.id, current.id))
      .returning();
    await tx.update(runs).set({ stateRevision: sql`${runs.stateRevision} + 1` }).where(eq(runs.id, runId));
    await recordChange(tx, now, { actor: actor.name, action: "run.reopen", entity: "run", entityId: runId, before: { signoffId: current.id, name: current.name, signedAt: current.signedAt }, after: { voidedAt: now, reason } });
    await enqueueNotifications(tx, { event: "report.awaiting_signoff", runId, at: now });
    return row;
  });
  const report = await storeRunReportVersion({ db }, runId, now);
  return { signoff: voided, report };
}


