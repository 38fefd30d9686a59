// Activities of a type counted in the N days up to asOf, (asOf − N days, asOf], by the instant each counts from
// (a bare date: its day's first instant in the plan's time zone), in the plan's services or organisation-wide.
// Activities of one type are few (a handful a year); the tickets never come here.
import { and, desc, eq, gt, or, sql } from "drizzle-orm";
import { activities } from "../../server/db/schema.js";
import { countedDate, countedInstant, datedBy } from "../activity-dates.js";
import { dayMs } from "../period.js";
import { activitiesOfServices } from "../run-scope.js";
import type { EvalContext } from "./types.js";

export type WindowActivity = typeof activities.$inferSelect & { counted: number; countedDate: string };

/** Activities of `type` dated by asOf, latest first (by counted instant, then id); those `days` back and later only when `days` is given. */
export async function activitiesUpTo(ctx: EvalContext, type: string, days?: number): Promise<WindowActivity[]> {
  // a bare date's `at` is its UTC midnight: a day either side of the window covers every zone
  const from = days === undefined ? undefined : ctx.asOf - days * dayMs - 2 * dayMs;
  const rows = await ctx.db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.type, type),
        or(datedBy(ctx.asOf, ctx.timezone, "instant"), datedBy(ctx.asOf, ctx.timezone, "bare")),
        from === undefined ? undefined : gt(activities.at, from),
        activitiesOfServices(ctx),
      ),
    )
    .orderBy(desc(activities.at), desc(activities.id));
  return rows
    .map((a) => ({ ...a, counted: countedInstant(a, ctx.timezone), countedDate: countedDate(a, ctx.timezone) }))
    .filter((a) => a.counted <= ctx.asOf && (days === undefined || a.counted > ctx.asOf - days * dayMs))
    .sort((a, b) => b.counted - a.counted || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Blank: nothing but Unicode white space (JavaScript's \s: U+3000 and U+FEFF included). */
export const isBlank = (v: string | null | undefined): boolean => v === null || v === undefined || /^\s*$/.test(v);

/** A person's name as compared by the internal-audit rule: every white space removed, case folded. */
export const personKey = (v: string): string => v.replace(/\s+/g, "").toLowerCase();

/** A person's name as compared by the training rule: trimmed of white space, case folded. */
export const attendeeKey = (v: string): string => v.replace(/^\s+|\s+$/g, "").toLowerCase();

