// Stored report versions: render a completed run's report and keep its bytes and SHA-256, one new version per
// state of the run (sign-off, answers, waivers: runs.state_revision) and language, so that every download of a
// version is byte-identical. A version's number counts across languages; each language has its own latest version.
import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Database, DbOrTx } from "../server/db/client.js";
import { plans, reports, runs, type ReportLocale } from "../server/db/schema.js";
import { activeSignoff } from "../audits/run-state.js";
import { recordChange } from "../server/audit-trail.js";
import { AppError } from "../server/errors.js";
import { loadReportData } from "./load.js";

export type ReportVersion = Omit<typeof reports.$inferSelect, "pdf">;
export type StoredReport = typeof reports.$inferSelect;

/** The columns of a version without its bytes. */
export const versionColumns = {
  id: reports.id,
  runId: reports.runId,
  version: reports.version,
  sha256: reports.sha256,
  size: reports.size,
  signoffId: reports.signoffId,
  stateRevision: reports.stateRevision,
  locale: reports.locale,
  createdAt: reports.createdAt,
};

/** Reports are stored by the system (when a run completes, on a sign-off or on first download). */
export const reportActor = "system:reports";

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function latestSignoffId(db: DbOrTx, runId: number): Promise<number | null> {
  return (await activeSignoff(db, runId))?.id ?? null;
}

async function latestVersion(db: DbOrTx, runId: number, locale?: ReportLocale): Promise<ReportVersion | null> {
  const where = locale === undefined ? eq(reports.runId, runId) : and(eq(reports.runId, runId), eq(reports.locale, locale));
  const [row] = await db.select(versionColumns).from(reports).where(where).orderBy(desc(reports.version)).limit(1);
  return row ?? null;
}

/** Renders the run's report as the database now describes it, in `locale`. */
export async function renderReportBytes(db: DbOrTx, runId: number, locale: ReportLocale = "en"): Promise<Buffer> {
  // pdfkit and its fonts (about 30 MB) are loaded by the first report, not by every process that serves pages
  const { renderRunReport } = await import("./document.js");
  return renderRunReport(await loadReportData(db, runId), locale);
}

/**
 * Stores a new report version for a completed run, in its plan's report language, unless the latest version in that
 * language already shows the run's current state. Throws not_found for an unknown run, conflict for a run that has
 * not completed. The scheduler calls it when a run completes; sign-off and reopening call it again.
 */
export async function storeRunReport(database: Database, runId: number, now: number): Promise<void> {
  await storeRunReportVersion(database, runId, now);
}

/**
 * storeRunReport, answering the version that shows the current state (new or already stored), in `locale` or, when
 * none is given, the plan's report language.
 */
export async function storeRunReportVersion(database: Pick<Database, "db">, runId: number, now: number, locale?: ReportLocale): Promise<ReportVersion> {
  const { db } = database;
  const [run] = await db
    .select({ status: runs.status, stateRevision: runs.stateRevision, reportLocale: plans.reportLocale })
    .from(runs)
    .innerJoin(plans, eq(plans.id, runs.planId))
    .where(eq(runs.id, runId));
  if (!run) throw AppError.notFound(`run ${runId}`);
  if (run.status !== "completed") throw AppError.conflict(`run ${runId} is ${run.status}; only a completed run has a report`);
  const language = locale ?? run.reportLocale;

  const signoffId = await latestSignoffId(db, runId);
  const latest = await latestVersion(db, runId, language);
  // every change to what the report says (answers, waivers, sign-off, reopening) bumps the run's state revision;
  // the latest version stays valid until then, so a signed-off (locked) run keeps serving its signed version
  const shows = (v: ReportVersion | null) => v !== null && v.signoffId === signoffId && v.stateRevision === run.stateRevision;
  if (shows(latest)) return latest!;

  const pdf = await renderReportBytes(db, runId, language);
  const sha256 = sha256Hex(pdf);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        // another process stored this state while we rendered
        const current = await latestVersion(tx, runId, language);
        if (shows(current)) return current!;
        const newest = await latestVersion(tx, runId);
        const row = { runId, version: (newest?.version ?? 0) + 1, sha256, size: pdf.length, pdf, signoffId, stateRevision: run.stateRevision, locale: language, createdAt: now };
        const [inserted] = await tx.insert(reports).values(row).returning(versionColumns);
        // the trail's hash chain then vouches for the hash of every version ever issued
        await recordChange(tx, now, {
          actor: reportActor,
          action: "report.store",
          entity: "run",
          entityId: runId,
          after: { version: row.version, sha256, size: row.size, signoffId, stateRevision: run.stateRevision, locale: language },
        });
        return inserted;
      });
    } catch (err) {
      // a concurrent writer took the same version number: look again once
      if (attempt === 0 && /UNIQUE|constraint/i.test(String(err))) continue;
      throw err;
    }
  }
}

/** The versions of a run's report, oldest first, without their bytes. */
export async function listRunReports(db: DbOrTx, runId: number): Promise<ReportVersion[]> {
  return db.select(versionColumns).from(reports).where(eq(reports.runId, runId)).orderBy(reports.version);
}

/** The versions of an existing run's report (not_found for an unknown run). */
export async function runReportVersions(db: DbOrTx, runId: number): Promise<ReportVersion[]> {
  const [run] = await db.select({ id: runs.id }).from(runs).where(eq(runs.id, runId));
  if (!run) throw AppError.notFound(`run ${runId}`);
  return listRunReports(db, runId);
}

/** One stored version with its bytes; the latest when no version is given. */
export async function getRunReport(db: DbOrTx, runId: number, version?: number): Promise<StoredReport | null> {
  const [row] =
    version === undefined
      ? await db.select().from(reports).where(eq(reports.runId, runId)).orderBy(desc(reports.version)).limit(1)
      : await db.select().from(reports).where(and(eq(reports.runId, runId), eq(reports.version, version)));
  return row ?? null;
}

/**
 * The report a download serves: the given version, or the latest one in `locale` (by default the plan's report
 * language), first storing a new version when the run has none in that language yet or its latest one predates
 * the run's current state.
 */
export async function reportForDownload(database: Database, runId: number, now: number, version?: number, locale?: ReportLocale): Promise<StoredReport> {
  if (version !== undefined) {
    const row = await getRunReport(database.db, runId, version);
    if (!row) throw AppError.notFound(`version ${version} of the report of run ${runId}`);
    return row;
  }
  const current = await storeRunReportVersion(database, runId, now, locale);
  const row = await getRunReport(database.db, runId, current.version);
  if (!row) throw AppError.notFound(`report of run ${runId}`);
  return row;
}

/** Stores the version that shows each run's current state (after a waiver re-scored them, say). */
export async function storeRunReports(database: Database, runIds: number[], now: number): Promise<ReportVersion[]> {
  const out: ReportVersion[] = [];
  for (const id of runIds) out.push(await storeRunReportVersion(database, id, now));
  return out;
}
