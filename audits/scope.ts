// Records in scope of a run, as SQL: tickets opened in the period, not deleted, in the plan's services.
import { and, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { activities, tickets } from "../server/db/schema.js";
import type { EvalContext } from "./evaluators/types.js";

export function ticketsInScope(ctx: EvalContext): SQL {
  return and(
    gte(tickets.openedAt, ctx.period.start),
    lt(tickets.openedAt, ctx.period.end),
    isNull(tickets.deletedAt),
    ctx.serviceIds ? inArray(tickets.serviceId, ctx.serviceIds) : undefined,
  )!;
}

export function ticketsOfServices(ctx: EvalContext): SQL {
  return ctx.serviceIds ? inArray(tickets.serviceId, ctx.serviceIds) : sql`1`;
}

/** Organisation-wide activities (no service) count for every plan. */
export function activitiesOfServices(ctx: EvalContext): SQL {
  return ctx.serviceIds ? sql`(${activities.serviceId} IS NULL OR ${inArray(activities.serviceId, ctx.serviceIds)})` : sql`1`;
}
