// Rejecting a requested waiver: the counterpart of the engine's approveWaiver (audits/waivers.ts), with the same
// rules (only a requested waiver, decided by someone other than its requester) and its audit-trail row in the
// same transaction. It belongs beside approveWaiver once the engine offers it.
import { eq } from "drizzle-orm";
import { waiverJson } from "../../../../audits/waivers.js";
import { recordChange } from "../../../audit-trail.js";
import type { Db } from "../../../db/client.js";
import { waivers } from "../../../db/schema.js";
import { AppError } from "../../../errors.js";

export async function rejectWaiver(db: Db, now: number, actor: string, waiverId: number) {
  return db.transaction(async (tx) => {
    const [w] = await tx.select().from(waivers).where(eq(waivers.id, waiverId));
    if (!w) throw AppError.notFound(`waiver ${waiverId}`);
    if (w.status !== "requested") throw AppError.conflict(`waiver ${waiverId} is ${w.status}, not requested`);
    if (w.requestedBy === actor) throw AppError.conflict("a waiver must be decided by someone other than its requester");
    // approvedBy/approvedAt record who decided and when, whichever way
    const [row] = await tx.update(waivers).set({ status: "rejected", approvedBy: actor, approvedAt: now }).where(eq(waivers.id, waiverId)).returning();
    await recordChange(tx, now, { actor, action: "waiver.reject", entity: "waiver", entityId: waiverId, before: waiverJson(w), after: waiverJson(row) });
    return waiverJson(row);
  });
}
