// Records in scope of a run, as SQL: tickets opened in the period, not deleted, in the plan's services.
import { and, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../server/db/client.js";
import { activities, tickets } from "../server/db/schema.js";
import type { EvalContext } from "./evaluators/types.js";

/**
 * Unary + hides a column from the planner: never the deleted_at index (nearly every ticket is not deleted), and
 * not the opened_at index either when the period covers most tickets (a plain table scan is faster then).
 */
export function ticketsInScope(ctx: EvalContext): SQL {
  const opened = ctx.scanAll ? sql`+${tickets.openedAt}` : sql`${tickets.openedAt}`;
  return and(
    sql`${opened} >= ${ctx.period.start}`,
    sql`${opened} < ${ctx.period.end}`,
    sql`+${tickets.deletedAt} IS NULL`,
    ctx.serviceIds && !ctx.scanAll ? inArray(tickets.serviceId, ctx.serviceIds) : undefined,
    ctx.serviceIds && ctx.scanAll ? sql`+${tickets.serviceId} IN (${serviceList(ctx.serviceIds)})` : undefined,
  )!;
}

/** Whether the period holds most of the tickets (judged by the span of opened_at, two index probes). */
export async function periodCoversMostTickets(db: DbOrTx, period: { start: number; end: number }): Promise<boolean> {
  const [row] = await db.select({ first: sql<number | null>`min(${tickets.openedAt})`, last: sql<number | null>`max(${tickets.openedAt})` }).from(tickets);
  if (row.first === null || row.last === null || row.last <= row.first) return false;
  const covered = Math.min(period.end, row.last) - Math.max(period.start, row.first);
  return covered / (row.last - row.first) > 0.5;
}

/** The unary + leaves the index choice to the caller's other terms (resolved_at, deleted_at), which select fewer rows. */
export function ticketsOfServices(ctx: EvalContext): SQL {
  return ctx.serviceIds ? sql`+${tickets.serviceId} IN (${serviceList(ctx.serviceIds)})` : sql`1`;
}

const serviceList = (ids: number[]) => sql.join(ids.length ? ids.map((id) => sql`${id}`) : [sql`NULL`], sql`, `);

/** Organisation-wide activities (no service) count for every plan. */
export function activitiesOfServices(ctx: EvalContext): SQL {
  return ctx.serviceIds ? sql`(${activities.serviceId} IS NULL OR ${inArray(activities.serviceId, ctx.serviceIds)})` : sql`1`;
}
