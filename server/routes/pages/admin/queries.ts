// What the admin page reads besides the accounts (server/auth/listings.ts): the audit trail, filtered and paged.
import { and, asc, count, desc, eq, like, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client.js";
import { auditTrail } from "../../../db/schema.js";

export const trailFilterSchema = z.object({
  actor: z.string().trim().max(254).catch(""),
  entity: z.string().trim().max(64).catch(""),
  action: z.string().trim().max(64).catch(""),
});
const trailPageSize = 25;

/** Newest first; actor matches a prefix, entity and action match exactly. */
export type TrailFilterQuery = z.infer<typeof trailFilterSchema> & { page: number };

export async function auditTrailPage(db: DbOrTx, filter: TrailFilterQuery) {
  const conditions: SQL[] = [];
  if (filter.actor) conditions.push(like(auditTrail.actor, `${filter.actor.replace(/[%_]/g, "")}%`));
  if (filter.entity) conditions.push(eq(auditTrail.entity, filter.entity));
  if (filter.action) conditions.push(eq(auditTrail.action, filter.action));
  const where = conditions.length ? and(...conditions) : undefined;
  const [{ total }] = await db.select({ total: count() }).from(auditTrail).where(where);
  const rows = await db
    .select()
    .from(auditTrail)
    .where(where)
    .orderBy(desc(auditTrail.id))
    .limit(trailPageSize)
    .offset((filter.page - 1) * trailPageSize);
  return { total, pageSize: trailPageSize, rows };
}

export async function trailEntities(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectDistinct({ entity: auditTrail.entity }).from(auditTrail).orderBy(asc(auditTrail.entity));
  return rows.map((r) => r.entity);
}
