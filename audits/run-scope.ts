// Records in scope of a run, as SQL: tickets opened in the period, not deleted, in the plan's services.
import { and, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../server/db/client.js";
import { activities, tickets } from "../server/db/schema.js";
import type { EvalContext } from "./evaluators/types.js";
import { yieldToEventLoop } from "../server/event-loop.js";

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
  // each in its own subquery: min() and max() side by side in one SELECT read the whole index instead of two probes
  const [row] = await db.all<{ first: number | null; last: number | null }>(
    sql`SELECT (SELECT min(${tickets.openedAt}) FROM ${tickets}) AS first, (SELECT max(${tickets.openedAt}) FROM ${tickets}) AS last`,
  );
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

/**
 * Rowids per slice of a scan of the whole table: one slice of the ticket pass holds the main thread for about 60 ms
 * at 20 rules; 40 slices over 1,000,000 tickets cost about 4 % more CPU than one statement (tests set fewer rowids).
 */
export const scanSlices = { rowids: 25_000 };

/**
 * The scan of a period holding most tickets reads the table in slices of rowids (a range seek each), so that the
 * run never holds the main thread for the whole table; the slices' aggregate rows add up (combineSlices). Every
 * slice reads the run's one snapshot.
 */
export async function rowidSlices(ctx: EvalContext): Promise<SQL[]> {
  const [{ lo, hi }] = await ctx.db.all<{ lo: number | null; hi: number | null }>(sql`SELECT (SELECT min(rowid) FROM ${tickets}) AS lo, (SELECT max(rowid) FROM ${tickets}) AS hi`);
  if (lo === null || hi === null) return [sql`1`];
  const slices: SQL[] = [];
  const step = scanSlices.rowids;
  for (let from = Number(lo); from <= Number(hi); from += step) slices.push(sql`${tickets}.rowid >= ${from} AND ${tickets}.rowid < ${from + step}`);
  return slices;
}

/** Pieces of the period a query reads through an index on `column` when the period holds most tickets. */
const periodPieces = 8;

/**
 * The period [start, end) as conditions on an indexed instant column (resolved_at): one, or, when the period holds
 * most tickets, eight equal pieces, so that a query reading the period through the column's index holds the main
 * thread for an eighth of the time at once (summedOverSlices).
 */
export function periodSlices(ctx: EvalContext, column: SQL): SQL[] {
  const { start, end } = ctx.period;
  const n = ctx.scanAll ? periodPieces : 1;
  const cut = (i: number) => (i === n ? end : start + Math.floor(((end - start) * i) / n));
  return Array.from({ length: n }, (_, i) => sql`${column} >= ${cut(i)} AND ${column} < ${cut(i + 1)}`);
}

/**
 * Runs `query` once per slice (rowidSlices, periodSlices), a turn of the event loop between, and adds its one
 * row up: every numeric column summed, the `offending` JSON id lists (evidence-ids.ts idsWhere) joined.
 */
export async function summedOverSlices(db: DbOrTx, slices: SQL[], query: (slice: SQL) => SQL): Promise<{ sums: Record<string, number>; offending: string[] }> {
  const sums: Record<string, number> = {};
  const offending: string[] = [];
  for (const [i, slice] of slices.entries()) {
    if (i > 0) await yieldToEventLoop();
    const [row] = await db.all<Record<string, unknown>>(query(slice));
    for (const [k, v] of Object.entries(row ?? {})) {
      if (k === "offending") {
        if (typeof v === "string" && v !== "") for (const id of JSON.parse(v) as unknown[]) offending.push(String(id));
      } else sums[k] = (sums[k] ?? 0) + Number(v ?? 0);
    }
  }
  return { sums, offending };
}
