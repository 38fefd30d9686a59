// Improvement actions: open → in_progress → done → verified (verified only after a later passing run), overdue flags,
// and the working verbs: status, reassignment, due-date moves, comments and evidence files, each in the audit trail.
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import { enqueueNotifications } from "../server/notifications/enqueue.js";
import type { Ctx, Verb } from "../server/context.js";
import { actionCommentSchema, actionPatchSchema } from "../server/contract/index.js";
import type { DbOrTx } from "../server/db/client.js";
import { actionAttachments, actionComments, actions, findings } from "../server/db/schema.js";
import { AppError, toIssues } from "../server/errors.js";
import { can } from "../server/auth/roles.js";

export type Action = typeof actions.$inferSelect;
type ActionStatus = Action["status"];
type FindingStatus = (typeof findings.$inferSelect)["status"];

const allowed: Record<ActionStatus, ActionStatus[]> = {
  open: ["in_progress", "done"],
  in_progress: ["open", "done"],
  done: ["in_progress", "verified"],
  verified: [],
};

/**
 * THE rule for "overdue", in JavaScript and as SQL: not done, due before `today` (the organisation's local date,
 * 'YYYY-MM-DD' in its time zone), and its finding still open. Once a later run has passed the rule the finding is
 * "resolved, awaiting verification": its actions wait for the auditor's check, not for their owner, so they are never
 * shown as overdue beside it. Pages, the API, the overview and the work queues all use these two, so they never disagree.
 */
export function isOverdue(a: Pick<Action, "dueDate" | "status">, today: string, findingStatus: FindingStatus): boolean {
  return findingStatus === "open" && a.dueDate !== null && a.dueDate < today && (a.status === "open" || a.status === "in_progress");
}

/** The same rule as SQL over `actions` (self-contained: it reads the finding's status itself). */
export function overdueCondition(today: string): SQL {
  return and(
    inArray(actions.status, ["open", "in_progress"]),
    lt(actions.dueDate, today),
    sql`EXISTS (SELECT 1 FROM ${findings} WHERE ${findings.id} = ${actions.findingId} AND ${findings.status} = 'open')`,
  )!;
}

export function actionJson(a: Action, today: string, findingStatus: FindingStatus) {
  return {
    id: a.id,
    finding_id: a.findingId,
    title: a.title,
    description: a.description,
    owner: a.owner,
    due_date: a.dueDate,
    status: a.status,
    overdue: isOverdue(a, today, findingStatus),
    /** the finding passed a later run and waits for the auditor's check: shown instead of any overdue flag */
    awaiting_verification: findingStatus === "resolved_pending_verification" && a.status !== "verified",
    completed_at: a.completedAt === null ? null : new Date(a.completedAt).toISOString(),
    verified_at: a.verifiedAt === null ? null : new Date(a.verifiedAt).toISOString(),
    verified_run_id: a.verifiedRunId,
  };
}

export async function getAction(db: DbOrTx, id: number, today: string) {
  const [row] = await db.select({ action: actions, finding: findings }).from(actions).innerJoin(findings, eq(findings.id, actions.findingId)).where(eq(actions.id, id));
  if (!row) throw AppError.notFound(`action ${id}`);
  return { ...actionJson(row.action, today, row.finding.status), plan_id: row.finding.planId, rule_id: row.finding.ruleId, severity: row.finding.severity, finding_status: row.finding.status };
}

/** The action and its finding, checked against the caller: auditors and admins act on every action, managers on their own. */
async function actionFor(tx: DbOrTx, ctx: Ctx, id: number) {
  const [row] = await tx.select({ action: actions, finding: findings }).from(actions).innerJoin(findings, eq(findings.id, actions.findingId)).where(eq(actions.id, id));
  if (!row) throw AppError.notFound(`action ${id}`);
  if (!can(ctx.actor.role, "actions.write") && row.action.owner?.toLowerCase() !== ctx.actor.name.toLowerCase()) throw AppError.forbidden("you may only update the actions you own");
  return row;
}

function assertMayAssign(ctx: Ctx) {
  if (!can(ctx.actor.role, "actions.write")) throw AppError.forbidden("only auditors may reassign an action or move its due date");
}

/** Owner and due date: each change its own trail entry (action.reassign, action.reschedule), inside the caller's transaction. */
async function applyOwner(tx: DbOrTx, ctx: Ctx, before: Action, owner: string | null) {
  if ((before.owner ?? null) === owner) return;
  await tx.update(actions).set({ owner, updatedAt: ctx.now }).where(eq(actions.id, before.id));
  await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "action.reassign", entity: "action", entityId: before.id, before: { owner: before.owner }, after: { owner } });
  await enqueueNotifications(tx, { event: "action.assigned", actionId: before.id, at: ctx.now });
}

async function applyDueDate(tx: DbOrTx, ctx: Ctx, before: Action, dueDate: string | null) {
  if ((before.dueDate ?? null) === dueDate) return;
  await tx.update(actions).set({ dueDate, updatedAt: ctx.now }).where(eq(actions.id, before.id));
  await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "action.reschedule", entity: "action", entityId: before.id, before: { due_date: before.dueDate }, after: { due_date: dueDate } });
}

const ownerSchema = actionPatchSchema.pick({ owner: true }).required();
const dueSchema = actionPatchSchema.pick({ due_date: true }).required();

/** Reassigns an action (auditors and admins). */
export const reassignAction: Verb<{ id: number; data: unknown }, ReturnType<typeof actionJson>> = async ({ ctx, input }) => {
  assertMayAssign(ctx);
  const parsed = ownerSchema.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid owner", toIssues(parsed.error.issues));
  const owner = parsed.data.owner || null;
  return ctx.db.transaction(async (tx) => {
    const row = await actionFor(tx, ctx, input.id);
    if (row.action.status === "verified") throw AppError.conflict(`action ${input.id} is verified; it no longer changes`);
    await applyOwner(tx, ctx, row.action, owner);
    return actionJson({ ...row.action, owner }, ctx.today, row.finding.status);
  });
};

/** Moves an action's due date (auditors and admins). */
export const rescheduleAction: Verb<{ id: number; data: unknown }, ReturnType<typeof actionJson>> = async ({ ctx, input }) => {
  assertMayAssign(ctx);
  const parsed = dueSchema.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid due date", toIssues(parsed.error.issues));
  const dueDate = parsed.data.due_date;
  return ctx.db.transaction(async (tx) => {
    const row = await actionFor(tx, ctx, input.id);
    if (row.action.status === "verified") throw AppError.conflict(`action ${input.id} is verified; it no longer changes`);
    await applyDueDate(tx, ctx, row.action, dueDate);
    return actionJson({ ...row.action, dueDate }, ctx.today, row.finding.status);
  });
};

/**
 * Updates an action (PATCH): status, title, description; owner and due date too (auditors), each recorded as its own
 * trail entry. Verifying an action does not close its finding: closing records a root cause (audits/finding-closure.ts).
 */
export const updateAction: Verb<{ id: number; data: unknown }, ReturnType<typeof actionJson> & { plan_id: number; rule_id: string; severity: string }> = async ({ ctx, input }) => {
  const parsed = actionPatchSchema.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid action update", toIssues(parsed.error.issues));
  const patch = parsed.data;
  if (patch.owner !== undefined || patch.due_date !== undefined) assertMayAssign(ctx);
  const { id } = input;
  return ctx.db.transaction(async (tx) => {
    const row = await actionFor(tx, ctx, id);
    const before = row.action;
    if (patch.owner !== undefined) await applyOwner(tx, ctx, before, patch.owner || null);
    if (patch.due_date !== undefined) await applyDueDate(tx, ctx, before, patch.due_date);
    const next: Partial<Action> = { updatedAt: ctx.now };
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.status !== undefined && patch.status !== before.status) {
      if (!allowed[before.status].includes(patch.status)) {
        throw new AppError("conflict", 409, `an action cannot go from ${before.status} to ${patch.status}`, [{ path: "status", message: `allowed: ${allowed[before.status].join(", ") || "none"}` }]);
      }
      if (patch.status === "verified") {
        if (row.finding.status !== "resolved_pending_verification" || row.finding.resolvedRunId === null) {
          throw new AppError("conflict", 409, "an action is verified only after a later run passes its rule", [{ path: "status", message: "no passing run yet" }]);
        }
        next.verifiedAt = ctx.now;
        next.verifiedRunId = row.finding.resolvedRunId;
      }
      if (patch.status === "done") next.completedAt = ctx.now;
      if (patch.status === "open" || patch.status === "in_progress") next.completedAt = null;
      next.status = patch.status;
    }
    const [after] = await tx.update(actions).set(next).where(eq(actions.id, id)).returning();
    const changed = next.title !== undefined || next.description !== undefined || next.status !== undefined;
    if (changed) {
      const trail = (a: Action) => ({ title: a.title, description: a.description, status: a.status, completed_at: a.completedAt, verified_run_id: a.verifiedRunId });
      await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "action.update", entity: "action", entityId: id, before: trail(before), after: trail(after) });
    }
    return { ...actionJson(after, ctx.today, row.finding.status), plan_id: row.finding.planId, rule_id: row.finding.ruleId, severity: row.finding.severity };
  });
};

export function commentJson(c: typeof actionComments.$inferSelect) {
  return { id: c.id, action_id: c.actionId, body: c.body, author: c.author, created_at: new Date(c.createdAt).toISOString() };
}

/** Adds a comment to an action (its owner, auditors, admins). */
export const commentOnAction: Verb<{ id: number; data: unknown }, ReturnType<typeof commentJson>> = async ({ ctx, input }) => {
  const parsed = actionCommentSchema.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid comment", toIssues(parsed.error.issues));
  return ctx.db.transaction(async (tx) => {
    await actionFor(tx, ctx, input.id);
    const [row] = await tx.insert(actionComments).values({ actionId: input.id, body: parsed.data.body, author: ctx.actor.name, createdAt: ctx.now }).returning();
    const json = commentJson(row);
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "action.comment", entity: "action", entityId: input.id, after: { comment_id: row.id, body: row.body } });
    return json;
  });
};

export interface ActionUpload {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

type AttachmentMeta = Omit<typeof actionAttachments.$inferSelect, "content">;
export function actionAttachmentJson(a: AttachmentMeta) {
  return { id: a.id, action_id: a.actionId, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256, uploaded_by: a.uploadedBy, created_at: new Date(a.createdAt).toISOString() };
}

/** Attaches an evidence file to an action: the run attachments' rules (size cap, empty refused, a safe file name, SHA-256). */
export const attachToAction: Verb<{ id: number; file: ActionUpload; maxBytes: number }, ReturnType<typeof actionAttachmentJson>> = async ({ ctx, input }) => {
  const { file, maxBytes } = input;
  if (file.bytes.byteLength > maxBytes) throw new AppError("too_large", 413, `the attachment is larger than ${maxBytes} bytes`);
  if (file.bytes.byteLength === 0) throw AppError.invalid("the attachment is empty", [{ path: "file", message: "empty file" }]);
  const filename = file.filename.replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 200) || "attachment";
  return ctx.db.transaction(async (tx) => {
    await actionFor(tx, ctx, input.id);
    const [row] = await tx
      .insert(actionAttachments)
      .values({
        actionId: input.id,
        filename,
        contentType: file.contentType || "application/octet-stream",
        size: file.bytes.byteLength,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        content: Buffer.from(file.bytes),
        uploadedBy: ctx.actor.name,
        createdAt: ctx.now,
      })
      .returning();
    const json = actionAttachmentJson(row);
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "action.attach", entity: "action", entityId: input.id, after: json });
    return json;
  });
};

const attachmentMeta = {
  id: actionAttachments.id,
  actionId: actionAttachments.actionId,
  filename: actionAttachments.filename,
  contentType: actionAttachments.contentType,
  size: actionAttachments.size,
  sha256: actionAttachments.sha256,
  uploadedBy: actionAttachments.uploadedBy,
  createdAt: actionAttachments.createdAt,
};

/** Comments and evidence files of some actions (one page of the findings table), oldest first. */
export async function actionActivity(db: DbOrTx, actionIds: number[]) {
  if (actionIds.length === 0) return { comments: [], attachments: [] };
  const [comments, files] = await Promise.all([
    db.select().from(actionComments).where(inArray(actionComments.actionId, actionIds)).orderBy(asc(actionComments.id)),
    db.select(attachmentMeta).from(actionAttachments).where(inArray(actionAttachments.actionId, actionIds)).orderBy(asc(actionAttachments.id)),
  ]);
  return { comments: comments.map(commentJson), attachments: files.map(actionAttachmentJson) };
}

export async function getActionAttachment(db: DbOrTx, actionId: number, id: number) {
  const [row] = await db.select().from(actionAttachments).where(and(eq(actionAttachments.actionId, actionId), eq(actionAttachments.id, id)));
  if (!row) throw AppError.notFound(`attachment ${id}`);
  return row;
}
