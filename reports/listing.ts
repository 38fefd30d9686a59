// The reports list: completed runs, newest first, with their report versions and sign-off state.
import { asc, count, desc, eq, inArray } from "drizzle-orm";
import { unansweredQuestions } from "../audits/run-state.js";
import type { DbOrTx } from "../server/db/client.js";
import { plans, reports, runs, signoffs } from "../server/db/schema.js";
import { versionColumns, type ReportVersion } from "./store.js";

export interface ReportRun {
  runId: number;
  planId: number;
  planName: string;
  periodStart: number;
  periodEnd: number;
  timezone: string;
  finishedAt: number | null;
  score: number | null;
  signoff: { name: string; signedAt: number; comment: string | null } | null;
  versions: ReportVersion[];
}

export async function listReportRuns(db: DbOrTx, page: number, pageSize: number): Promise<{ total: number; items: ReportRun[] }> {
  const [{ total }] = await db.select({ total: count() }).from(runs).where(eq(runs.status, "completed"));
  const rows = await db
    .select({
      runId: runs.id,
      planId: runs.planId,
      planName: plans.name,
      periodStart: runs.periodStart,
      periodEnd: runs.periodEnd,
      timezone: runs.timezone,
      finishedAt: runs.finishedAt,
      score: runs.score,
    })
    .from(runs)
    .innerJoin(plans, eq(plans.id, runs.planId))
    .where(eq(runs.status, "completed"))
    .orderBy(desc(runs.finishedAt), desc(runs.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const ids = rows.map((r) => r.runId);
  if (ids.length === 0) return { total, items: [] };
  const [versions, signed] = await Promise.all([
    db
      .select(versionColumns)
      .from(reports)
      .where(inArray(reports.runId, ids))
      .orderBy(asc(reports.runId), asc(reports.version)),
    db.select().from(signoffs).where(inArray(signoffs.runId, ids)).orderBy(asc(signoffs.id)),
  ]);
  return {
    total,
    items: rows.map((r) => {
      const s = signed.filter((x) => x.runId === r.runId && x.voidedAt === null).at(-1);
      return {
        ...r,
        signoff: s ? { name: s.name, signedAt: s.signedAt, comment: s.comment } : null,
        versions: versions.filter((v) => v.runId === r.runId),
      };
    }),
  };
}

/** One run's report versions and sign-off, for the panel on the run page. */
export interface ReportPanelData {
  status: string;
  provisional: boolean;
  finishedAt: number | null;
  timezone: string;
  /** the sign-off in force */
  signoff: typeof signoffs.$inferSelect | null;
  /** sign-offs voided by reopening, oldest first */
  voided: (typeof signoffs.$inferSelect)[];
  /** manual questions neither answered nor deferred: the run cannot be signed off yet */
  unanswered: string[];
  versions: ReportVersion[];
}

export async function reportPanelData(db: DbOrTx, runId: number): Promise<ReportPanelData | null> {
  const [run] = await db.select({ status: runs.status, provisional: runs.provisional, finishedAt: runs.finishedAt, timezone: runs.timezone }).from(runs).where(eq(runs.id, runId));
  if (!run) return null;
  const [versions, all, unanswered] = await Promise.all([
    db
      .select(versionColumns)
      .from(reports)
      .where(eq(reports.runId, runId))
      .orderBy(asc(reports.version)),
    db.select().from(signoffs).where(eq(signoffs.runId, runId)).orderBy(asc(signoffs.id)),
    unansweredQuestions(db, runId),
  ]);
  const signoff = all.filter((s) => s.voidedAt === null).at(-1) ?? null;
  return { ...run, signoff, voided: all.filter((s) => s.voidedAt !== null), unanswered, versions };
}
