// How far the data has moved since a run read it: tickets of its scope changed since, and SLA policy versions
// added since that govern its tickets. The run page says so; `assay verify-run` shows what it changes.
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../server/db/client.js";
import { dataChanges, services, slaPolicies } from "../server/db/schema.js";
import type { Run } from "./runs.js";

async function scopeServiceIds(db: DbOrTx, run: Run): Promise<number[] | null> {
  const keys = run.planSnapshot.services;
  if (!keys?.length) return null;
  return (await db.select({ id: services.id }).from(services).where(inArray(services.key, keys)).orderBy(asc(services.id))).map((s) => s.id);
}

/**
 * Tickets opened in the run's period (and services) whose stored image changed after the data revision the run
 * read: a newer current image, or an image the run read that has since been replaced (even out of the period).
 */
export async function ticketsChangedSince(db: DbOrTx, run: Run): Promise<number> {
  if (run.dataRevision === null) return 0;
  const ids = await scopeServiceIds(db, run);
  const inServices = (alias: string) => (ids === null ? sql`1` : sql`${sql.raw(alias)}.service_id IN (${sql.join(ids.length ? ids.map((i) => sql`${i}`) : [sql`NULL`], sql`, `)})`);
  const [row] = await db.all<{ n: number }>(sql`
    SELECT count(*) AS n FROM (
      SELECT t.id FROM tickets AS t
        WHERE t.revision > ${run.dataRevision} AND t.opened_at >= ${run.periodStart} AND t.opened_at < ${run.periodEnd} AND ${inServices("t")}
      UNION
      SELECT h.ticket_id FROM ticket_history AS h
        WHERE h.superseded_by > ${run.dataRevision} AND h.revision <= ${run.dataRevision}
          AND h.opened_at >= ${run.periodStart} AND h.opened_at < ${run.periodEnd} AND ${inServices("h")}
    )`);
  return row?.n ?? 0;
}

/**
 * Whether an SLA policy version added after the run read its data (a later data change of kind "policy": revisions,
 * not clocks, order them) starts before the run's period ended, for its services.
 */
export async function policyChangedSince(db: DbOrTx, run: Run): Promise<boolean> {
  if (run.dataRevision === null) return false;
  const ids = await scopeServiceIds(db, run);
  const [row] = await db
    .select({ id: slaPolicies.id })
    .from(dataChanges)
    .innerJoin(slaPolicies, sql`${dataChanges.source} = 'sla_policy:' || ${slaPolicies.id}`)
    .where(
      and(
        eq(dataChanges.kind, "policy"),
        gt(dataChanges.id, run.dataRevision),
        lt(slaPolicies.effectiveFrom, run.periodEnd),
        ids === null ? undefined : or(isNull(slaPolicies.serviceId), ids.length ? inArray(slaPolicies.serviceId, ids) : sql`0`),
      ),
    )
    .limit(1);
  return !!row;
}
