// Improvement actions: open → in_progress → done → verified (verified only after a later passing run), overdue flags.
import { and, eq, inArray, lt, type SQL } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import { enqueueNotifications } from "../server/notifications/enqueue.js";
import { actionPatchSchema } from "../server/contract/index.js";
import type { Db, DbOrTx } from "../server/db/client.js";
import { actions, findings } from "../server/db/schema.js";
import { AppError, toIssues } from "../server/errors.js";

export type Action = typeof actions.$inferSelect;
type ActionStatus = Action["status"];

const allowed: Record<ActionStatus, ActionStatus[]> = {
  open: ["in_progress", "done"],
  in_progress: ["open", "done"],
  done: ["in_progress", "verified"],
  verified: [],
};

/**
 * THE rule for "overdue", in JavaScript and as SQL: not done and due before `today`, the organisation's local date
 * ('YYYY-MM-DD' in its time zone). Pages, the API and the overview all use these two, so they never disagree.
 */
export function isOverdue(a: Pick<Action, "dueDate" | "status">, today: string): boolean {
  return a.dueDate !== null && a.dueDate < today && (a.status === "open" || a.status === "in_progress");
}

export function overdueCondition(today: string): SQL {
  return and(inArray(actions.status, ["open", "in_progress"]), lt(actions.dueDate, today))!;
}

export function actionJson(a: Action, today: string) {
  return {
    id: a.id,
    finding_id: a.findingId,
    title: a.title,
    description: a.description,
    owner: a.owner,
    due_date: a.dueDate,
    status: a.status,
    overdue: isOverdue(a, today),
    completed_at: a.completedAt === null ? null : new Date(a.completedAt).toISOString(),
    verified_at: a.verifiedAt === null ? null : new Date(a.verifiedAt).toISOString(),
    verified_run_id: a.verifiedRunId,
  };
}

export async function getAction(db: DbOrTx, id: number, today: string) {
  const [row] = await db.select({ action: actions, finding: findings }).from(actions).innerJoin(findings, eq(findings.id, actions.findingId)).where(eq(actions.id, id));
  if (!row) throw AppError.notFound(`action ${id}`);
  return { ...actionJson(row.action, today), plan_id: row.finding.planId, rule_id: row.finding.ruleId, severity: row.finding.severity, finding_status: row.finding.status };
}

/** `anyOwner`: auditors and admins may update every action; managers only those they own. */
export async function updateAction(db: Db, now: number, caller: { actor: string; anyOwner: boolean }, id: number, input: unknown, today: string) {
  const parsed = actionPatchSchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid action update", toIssues(parsed.error.issues));
  const patch = parsed.data;
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ action: actions, finding: findings }).from(actions).innerJoin(findings, eq(findings.id, actions.findingId)).where(eq(actions.id, id));
    if (!row) throw AppError.notFound(`action ${id}`);
    const before = row.action;
    if (!caller.anyOwner && before.owner?.toLowerCase() !== caller.actor.toLowerCase()) throw AppError.forbidden("you may only update the actions you own");
    if (!caller.anyOwner && (patch.owner !== undefined || patch.due_date !== undefined)) throw AppError.forbidden("only auditors may reassign an action or move its due date");
    const next: Partial<Action> = { updatedAt: now };
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.owner !== undefined) next.owner = patch.owner;
    if (patch.due_date !== undefined) next.dueDate = patch.due_date;
    if (patch.status !== undefined && patch.status !== before.status) {
      if (!allowed[before.status].includes(patch.status)) {
        throw new AppError("conflict", 409, `an action cannot go from ${before.status} to ${patch.status}`, [{ path: "status", message: `allowed: ${allowed[before.status].join(", ") || "none"}` }]);
      }
      if (patch.status === "verified") {
        if (row.finding.status !== "resolved_pending_verification" || row.finding.resolvedRunId === null) {
          throw new AppError("conflict", 409, "an action is verified only after a later run passes its rule", [{ path: "status", message: "no passing run yet" }]);
        }
        next.verifiedAt = now;
        next.verifiedRunId = row.finding.resolvedRunId;
      }
      if (patch.status === "done") next.completedAt = now;
      if (patch.status === "open" || patch.status === "in_progress") next.completedAt = null;
      next.status = patch.status;
    }
    const [after] = await tx.update(actions).set(next).where(eq(actions.id, id)).returning();
    await recordChange(tx, now, { actor: caller.actor, action: "action.update", entity: "action", entityId: id, before: actionJson(before, today), after: actionJson(after, today) });
    if (after.owner !== before.owner) await enqueueNotifications(tx, { event: "action.assigned", actionId: id, at: now });
    if (after.status === "verified") await closeFindingIfVerified(tx, now, caller.actor, row.finding.id);
    return { ...actionJson(after, today), plan_id: row.finding.planId, rule_id: row.finding.ruleId, severity: row.finding.severity };
  });
}

async function closeFindingIfVerified(tx: DbOrTx, now: number, actor: string, findingId: number) {
  const acts = await tx.select({ status: actions.status }).from(actions).where(eq(actions.findingId, findingId));
  if (acts.some((a) => a.status !== "verified")) return;
  await tx.update(findings).set({ status: "closed", updatedAt: now }).where(and(eq(findings.id, findingId), eq(findings.status, "resolved_pending_verification")));
  await recordChange(tx, now, { actor, action: "finding.close", entity: "finding", entityId: findingId, before: { status: "resolved_pending_verification" }, after: { status: "closed" } });
}
