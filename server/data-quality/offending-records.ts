// The tickets that would fail REC-COMPLETE or REC-CONSISTENT, counted and paged in SQL with the rules' own
// conditions (audits/evaluators/ticket-conditions.ts), so the Data page and an audit can never disagree.
import { and, sql, type SQL } from "drizzle-orm";
import { countWhen } from "../../audits/evaluators/ticket-scan.js";
import { inconsistencyChecks, inconsistentRecord, incompleteRecord, type InconsistencyCheck } from "../../audits/evaluators/ticket-conditions.js";
import type { DataQuality, DataQualityRow } from "../contract/index.js";
import type { DbOrTx } from "../db/client.js";
import { dataChanges, services, tickets } from "../db/schema.js";
import { derivedCompleteness, incompleteFields } from "../ingest/record-completeness.js";

/** Which tickets are looked at; every part given narrows it. Deleted tickets are never in an audit, so never here. */
export interface QualityScope {
  /** a service's id */
  serviceId?: number | null;
  /** opened at or after this instant (ms) */
  openedFrom?: number | null;
  /** written by this data change (an import, a sync) */
  dataChangeId?: number | null;
  /** written by the data change of this ingest batch */
  batchId?: number | null;
}

export interface Paging {
  page: number;
  pageSize: number;
}

function inScope(s: QualityScope): SQL {
  return and(
    sql`${tickets.deletedAt} IS NULL`,
    s.serviceId != null ? sql`${tickets.serviceId} = ${s.serviceId}` : undefined,
    s.openedFrom != null ? sql`${tickets.openedAt} >= ${s.openedFrom}` : undefined,
    s.dataChangeId != null ? sql`${tickets.revision} = ${s.dataChangeId}` : undefined,
    s.batchId != null ? sql`${tickets.revision} IN (SELECT ${dataChanges.id} FROM ${dataChanges} WHERE ${dataChanges.batchId} = ${s.batchId})` : undefined,
  )!;
}

const offends = () => sql`(${incompleteRecord(derivedCompleteness)} OR ${inconsistentRecord()})`;
const checkNames = () => Object.keys(inconsistencyChecks()) as InconsistencyCheck[];

interface CountRow {
  tickets: number;
  incomplete: number;
  inconsistent: number;
  offending: number;
  [check: string]: number;
}

/** The counts of the scope, one pass over its tickets. */
export async function qualityCounts(db: DbOrTx, scope: QualityScope): Promise<Omit<DataQuality, "scope" | "rows" | "page" | "page_size">> {
  const checks = inconsistencyChecks();
  const [row] = await db.all<CountRow>(sql`SELECT count(*) AS tickets,
      ${countWhen(incompleteRecord(derivedCompleteness))} AS incomplete,
      ${countWhen(inconsistentRecord())} AS inconsistent,
      ${countWhen(offends())} AS offending,
      ${sql.join(checkNames().map((name) => sql`${countWhen(checks[name])} AS ${sql.identifier(name)}`), sql`, `)}
    FROM ${tickets} WHERE ${inScope(scope)}`);
  return {
    tickets: row.tickets,
    incomplete: row.incomplete,
    inconsistent: row.inconsistent,
    offending: row.offending,
    checks: Object.fromEntries(checkNames().map((name) => [name, row[name]])) as Record<InconsistencyCheck, number>,
  };
}

interface OffendingRow {
  id: string;
  service: string;
  openedAt: number;
  incomplete: number;
  summary: string | null;
  category: string | null;
  priority: string | null;
  assignee: string | null;
  resolvedAt: number | null;
  resolution: string | null;
  [check: string]: unknown;
}

/**
 * Offending tickets ordered by id: a page (`offset`), or the ones after `afterId` (the CSV walks them that way, so
 * a large scope is never held whole). What a record misses is named by the very test that set its stored flag.
 */
export async function offendingRows(db: DbOrTx, scope: QualityScope, at: { limit: number; offset?: number; afterId?: string }): Promise<DataQualityRow[]> {
  const checks = inconsistencyChecks();
  const rows = await db.all<OffendingRow>(sql`SELECT ${tickets.id} AS id, ${services.key} AS service, ${tickets.openedAt} AS openedAt,
      ${incompleteRecord(derivedCompleteness)} AS incomplete, ${tickets.summary} AS summary, ${tickets.category} AS category, ${tickets.priority} AS priority,
      ${tickets.assignee} AS assignee, ${tickets.resolvedAt} AS resolvedAt, ${tickets.resolution} AS resolution,
      ${sql.join(checkNames().map((name) => sql`${checks[name]} AS ${sql.identifier(name)}`), sql`, `)}
    FROM ${tickets} JOIN ${services} ON ${services.id} = ${tickets.serviceId}
    WHERE ${inScope(scope)} AND ${offends()} ${at.afterId !== undefined ? sql`AND ${tickets.id} > ${at.afterId}` : sql``}
    ORDER BY ${tickets.id} LIMIT ${at.limit} OFFSET ${at.offset ?? 0}`);
  return rows.map((r) => ({
    id: r.id,
    service: r.service,
    opened_at: new Date(r.openedAt).toISOString(),
    incomplete: r.incomplete ? incompleteFields(r) : [],
    inconsistent: checkNames().filter((name) => Number(r[name]) === 1),
  }));
}

/** Counts and one page of offending rows. Works inside a transaction too: a dry run reads its own rolled-back rows. */
export async function qualityReport(db: DbOrTx, scope: QualityScope, paging: Paging): Promise<Omit<DataQuality, "scope">> {
  const counts = await qualityCounts(db, scope);
  const rows = counts.offending ? await offendingRows(db, scope, { limit: paging.pageSize, offset: (paging.page - 1) * paging.pageSize }) : [];
  return { ...counts, page: paging.page, page_size: paging.pageSize, rows };
}
