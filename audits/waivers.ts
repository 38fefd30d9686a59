// Waivers per plan and rule: requested by an auditor, approved by a compliance officer, applying until they expire.
import { and, asc, eq, gte } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import type { Ctx } from "../server/context.js";
import type { DbOrTx } from "../server/db/client.js";
import { enqueueNotifications } from "../server/notifications/enqueue.js";
import { plans, waivers } from "../server/db/schema.js";
import { AppError, toIssues } from "../server/errors.js";
import { findRuleAt } from "./rulebooks/store.js";
import { applyWaiverToRuns, waiverStart } from "./run-state.js";
import { waiverRequestSchema } from "../server/contract/index.js";

export type Waiver = typeof waivers.$inferSelect;

export function waiverJson(w: Waiver) {
  return {
    id: w.id,
    plan_id: w.planId,
    rule_id: w.ruleId,
    reason: w.reason,
    status: w.status,
    requested_by: w.requestedBy,
    approved_by: w.approvedBy,
    approved_at: w.approvedAt === null ? null : new Date(w.approvedAt).toISOString(),
    valid_from: waiverStart(w, "UTC"),
    expires_on: w.expiresOn,
  };
}

/** Approved waivers of the plan that have not expired on `today` ('YYYY-MM-DD'), by rule. */
export async function activeWaivers(db: DbOrTx, planId: number, today: string): Promise<Map<string, Waiver>> {
  const rows = await db
    .select()
    .from(waivers)
    .where(and(eq(waivers.planId, planId), eq(waivers.status, "approved"), gte(waivers.expiresOn, today)))
    .orderBy(asc(waivers.id));
  return new Map(rows.map((w) => [w.ruleId, w]));
}

/** `data`: the request as sent ({ rule_id, reason, valid_from?, expires_on }), validated here against `ctx.today`. */
export async function requestWaiver({ ctx, input }: { ctx: Ctx; input: { planId: number; data: unknown } }) {
  const { db, now, today } = ctx;
  const actor = ctx.actor.name;
  const { planId } = input;
  const parsed = waiverRequestSchema.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid waiver request", toIssues(parsed.error.issues));
  const w = parsed.data;
  if (w.expires_on < today) throw AppError.invalid("the waiver would already have expired", [{ path: "expires_on", message: "must be today or later" }]);
  return db.transaction(async (tx) => {
    const [plan] = await tx.select().from(plans).where(eq(plans.id, planId));
    if (!plan || plan.deletedAt !== null) throw AppError.notFound(`plan ${planId}`);
    if (!(await findRuleAt(tx, plan.rulebook, plan.rulebookVersion, w.rule_id))) throw AppError.invalid(`rule ${w.rule_id} is not in rulebook ${plan.rulebook}`, [{ path: "rule_id", message: "unknown rule" }]);
    const [row] = await tx
      .insert(waivers)
      .values({ planId, ruleId: w.rule_id, reason: w.reason, requestedBy: actor, status: "requested", validFrom: w.valid_from ?? today, expiresOn: w.expires_on, createdAt: now })
      .returning();
    await recordChange(tx, now, { actor, action: "waiver.request", entity: "waiver", entityId: row.id, after: waiverJson(row) });
    await enqueueNotifications(tx, { event: "waiver.awaiting_approval", waiverId: row.id, at: now });
    return waiverJson(row);
  });
}

/** A compliance officer decides a requested waiver; the requester may not decide their own. */
export async function decideWaiver({ ctx, input }: { ctx: Ctx; input: { waiverId: number; decision: "approved" | "rejected" } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { waiverId, decision } = input;
  return db.transaction(async (tx) => {
    const [w] = await tx.select().from(waivers).where(eq(waivers.id, waiverId));
    if (!w) throw AppError.notFound(`waiver ${waiverId}`);
    if (w.status !== "requested") throw AppError.conflict(`waiver ${waiverId} is ${w.status}, not requested`);
    if (w.requestedBy === actor) throw AppError.conflict("a waiver must be decided by someone other than its requester");
    // approvedBy/approvedAt record who decided and when, whichever way
    const [row] = await tx.update(waivers).set({ status: decision, approvedBy: actor, approvedAt: now }).where(eq(waivers.id, waiverId)).returning();
    // an approval reaches the completed, unsigned runs it covers (signed runs are locked)
    const rescored = decision === "approved" ? await applyWaiverToRuns(tx, row) : [];
    await recordChange(tx, now, { actor, action: decision === "approved" ? "waiver.approve" : "waiver.reject", entity: "waiver", entityId: waiverId, before: waiverJson(w), after: { ...waiverJson(row), rescored_runs: rescored } });
    return { ...waiverJson(row), rescored_runs: rescored };
  });
}

export const approveWaiver = ({ ctx, input }: { ctx: Ctx; input: { waiverId: number } }) => decideWaiver({ ctx, input: { ...input, decision: "approved" } });
export const rejectWaiver = ({ ctx, input }: { ctx: Ctx; input: { waiverId: number } }) => decideWaiver({ ctx, input: { ...input, decision: "rejected" } });
