// What the waiver sections read: a plan's waivers and those awaiting approval across plans, each with its plan's name.
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { WaiverRow } from "../../../../views/types.js";
import type { DbOrTx } from "../../../db/client.js";
import { plans, waivers } from "../../../db/schema.js";
import { AppError } from "../../../errors.js";

const withPlanName = (db: DbOrTx) => db.select({ waiver: waivers, planName: plans.name }).from(waivers).innerJoin(plans, eq(plans.id, waivers.planId));
const flatten = (rows: { waiver: typeof waivers.$inferSelect; planName: string }[]): WaiverRow[] => rows.map((r) => ({ ...r.waiver, planName: r.planName }));

/** Newest first. */
export async function waiversOfPlan(db: DbOrTx, planId: number): Promise<WaiverRow[]> {
  return flatten(await withPlanName(db).where(eq(waivers.planId, planId)).orderBy(desc(waivers.id)));
}

/** Requested waivers of plans still in use, oldest first: the order a compliance officer works through them. */
export async function pendingWaivers(db: DbOrTx): Promise<WaiverRow[]> {
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

export async function waiverRow(db: DbOrTx, id: number): Promise<WaiverRow> {
  const [row] = await withPlanName(db).where(eq(waivers.id, id));
  if (!row) throw AppError.notFound(`waiver ${id}`);
  return { ...row.waiver, planName: row.planName };
}
