// The waivers' read model, one for API and pages: a plan's waivers or all of them, those awaiting approval across
// plans, one waiver; each row typed as stored, with its plan's name (the API maps it to snake_case at its edge).
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../server/db/client.js";
import { plans, waivers } from "../server/db/schema.js";
import { AppError } from "../server/errors.js";

export type WaiverWithPlan = typeof waivers.$inferSelect & { planName: string };

const withPlanName = (db: DbOrTx) => db.select({ waiver: waivers, planName: plans.name }).from(waivers).innerJoin(plans, eq(plans.id, waivers.planId));
const flatten = (rows: { waiver: typeof waivers.$inferSelect; planName: string }[]): WaiverWithPlan[] => rows.map((r) => ({ ...r.waiver, planName: r.planName }));

/** The plan's waivers, or every plan's without one; newest first. */
export async function listWaivers(db: DbOrTx, planId?: number): Promise<WaiverWithPlan[]> {
  return flatten(await withPlanName(db).where(planId === undefined ? undefined : eq(waivers.planId, planId)).orderBy(desc(waivers.id)));
}

/** Requested waivers of plans still in use, oldest first: the order a compliance officer works through them. */
export async function pendingWaivers(db: DbOrTx): Promise<WaiverWithPlan[]> {
  const rows = await withPlanName(db)
    .where(and(eq(waivers.status, "requested"), isNull(plans.deletedAt)))
    .orderBy(waivers.id)
    .limit(200);
  return flatten(rows);
}

export async function pendingWaiverCount(db: DbOrTx): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(waivers)
    .innerJoin(plans, eq(plans.id, waivers.planId))
    .where(and(eq(waivers.status, "requested"), isNull(plans.deletedAt)));
  return n;
}

export async function findWaiver(db: DbOrTx, id: number): Promise<WaiverWithPlan> {
  const [row] = await withPlanName(db).where(eq(waivers.id, id));
  if (!row) throw AppError.notFound(`waiver ${id}`);
  return { ...row.waiver, planName: row.planName };
}
