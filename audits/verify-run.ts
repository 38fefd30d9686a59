// Re-performs a completed run: rebuilds the tickets, activities and metric samples as they stood at the data
// revision the run read (from their before-images), evaluates the same rules with the same engine, applies the
// run's current answers and the waivers that cover it, and compares every result and every evidence id with what
// the run stored. All of it happens in one rolled-back transaction on TEMP tables that shadow the real ones, so
// nothing stored is touched and the evaluators run unchanged.
import { eq, sql } from "drizzle-orm";
import { onSnapshot, type Database, type Db } from "../server/db/client.js";
import { runResults, runs } from "../server/db/schema.js";
import { AppError } from "../server/errors.js";
import { ticketImageColumns } from "../server/ingest/data-changes.js";
import { fillDailyRollup } from "../server/ingest/rollups.js";
import { rollupZone } from "../server/ingest/rollup-zone.js";
import { evaluateRules } from "./evaluate.js";
import { answersOfRun } from "./manual-answers.js";
import { contextOf, storeResult } from "./run-executor.js";
import type { Run } from "./runs.js";
import { rulesOfRun } from "./rulebooks/store.js";
import type { Rule } from "./rulebooks/types.js";
import { waiversCovering } from "./run-state.js";

export interface ResultDifference {
  ruleId: string;
  field: string;
  stored: unknown;
  reproduced: unknown;
}

export interface RunVerification {
  runId: number;
  dataRevision: number;
  identical: number;
  compared: number;
  differences: ResultDifference[];
}

const compared = ["status", "raw_status", "value", "threshold", "population", "small_population", "evidence_count", "evidence_ids", "message", "next_due"] as const;

/**
 * Values compare to 12 significant digits: a mean of fractional minutes is a floating sum, and the ticket pass adds
 * the sums of its rowid slices, whose boundaries depend on where the rows lie (the shadow tables of a re-performance
 * number them afresh), so the last binary digit may differ; anything shown or judged lies far above that.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

const imageList = ticketImageColumns.join(", ");
const activityColumns = "type, date, at, date_only, service_id, title, outcome, score, ticket_id, updated_at, participants, auditor, area, area_owner, inputs, major";
const metricColumns = "metric, service_id, at, value, unit, updated_at";

/** The stored DDL of a table, turned into a TEMP table of the same shape (keys kept, references dropped). */
async function tempCopyOf(db: Db, table: string) {
  const [row] = await db.all<{ sql: string }>(sql`SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ${table}`);
  if (!row) throw new Error(`no table ${table}`);
  // a TEMP table may not reference a table of the main database: the foreign keys go, the keys stay
  const ddl = row.sql
    .replace(/^CREATE TABLE/i, "CREATE TEMP TABLE")
    .replace(/,\s*FOREIGN KEY\s*\([^)]*\)\s*REFERENCES[^,\n]*/gi, "")
    .replace(/\s+REFERENCES\s+[`"]?\w+[`"]?\s*\([^)]*\)(\s+ON\s+(DELETE|UPDATE)\s+no action)*/gi, "");
  await db.run(sql.raw(ddl));
}

/** TEMP tables named like the real ones hold the data as of revision R; unqualified names now resolve to them. */
async function shadowDataAsOf(db: Db, r: number) {
  await db.run(sql`CREATE TEMP TABLE tickets AS
      SELECT id, ${sql.raw(imageList)}, revision FROM main.tickets WHERE revision <= ${r}
      UNION ALL
      SELECT ticket_id AS id, ${sql.raw(imageList)}, revision FROM main.ticket_history WHERE revision <= ${r} AND superseded_by > ${r}`);
  await db.run(sql`CREATE TEMP TABLE activities AS
      SELECT id, ${sql.raw(activityColumns)}, revision FROM main.activities WHERE revision <= ${r}
      UNION ALL
      SELECT activity_id AS id, ${sql.raw(activityColumns)}, revision FROM main.activity_history WHERE revision <= ${r} AND superseded_by > ${r}`);
  await db.run(sql`CREATE TEMP TABLE metric_samples AS
      SELECT id, ${sql.raw(metricColumns)}, revision FROM main.metric_samples WHERE revision <= ${r}
      UNION ALL
      SELECT sample_id AS id, ${sql.raw(metricColumns)}, revision FROM main.metric_history WHERE revision <= ${r} AND superseded_by > ${r}`);
  for (const ddl of [
    "CREATE INDEX temp.verify_tickets_id ON tickets (id)",
    "CREATE INDEX temp.verify_tickets_opened ON tickets (opened_at)",
    "CREATE INDEX temp.verify_tickets_resolved ON tickets (resolved_at, satisfaction, deleted_at, service_id)",
    "CREATE INDEX temp.verify_tickets_problem ON tickets (problem_id) WHERE problem_id IS NOT NULL",
    "CREATE INDEX temp.verify_tickets_problem_resolved ON tickets (resolved_at) WHERE kind = 'problem'",
    "CREATE INDEX temp.verify_tickets_major_resolved ON tickets (resolved_at) WHERE major_incident = 1",
    // named as in main: REC-RETENTION reads `tickets INDEXED BY tickets_deleted_idx`, which must resolve on the shadow
    "CREATE INDEX temp.tickets_deleted_idx ON tickets (deleted_at)",
    "CREATE INDEX temp.verify_activities_ticket ON activities (ticket_id)",
    "CREATE INDEX temp.verify_activities_type ON activities (type, at)",
  ]) {
    await db.run(sql.raw(ddl));
  }
  // the daily rollup as of R, from the shadow tickets (RECURRING-NO-PROBLEM reads its whole days)
  await tempCopyOf(db, "ticket_daily_rollup");
  await fillDailyRollup(db, await rollupZone(db), "temp");
  // the re-evaluation writes its results and evidence here, through the executor's own writer
  await tempCopyOf(db, "run_results");
  await tempCopyOf(db, "run_evidence");
}

const columnsOf = (r: typeof runResults.$inferSelect): Record<(typeof compared)[number], unknown> => ({
  status: r.status,
  raw_status: r.rawStatus,
  value: r.value,
  threshold: r.threshold,
  population: r.population,
  small_population: r.smallPopulation,
  evidence_count: r.evidenceCount,
  evidence_ids: r.evidenceIds,
  message: r.message,
  next_due: r.nextDue,
});

export async function verifyRun(database: Database, runId: number): Promise<RunVerification> {
  const [run] = await database.db.select().from(runs).where(eq(runs.id, runId));
  if (!run) throw AppError.notFound(`run ${runId}`);
  if (run.status !== "completed") throw AppError.conflict(`run ${runId} is ${run.status}; only a completed run can be re-performed`);
  if (run.dataRevision === null || run.evaluatedAt === null) {
    throw AppError.conflict(`run ${runId} completed before Assay kept data revisions; it cannot be re-performed`);
  }
  const dataRevision = run.dataRevision;
  const snapshot = run.planSnapshot;
  const rules = await rulesOfRun(database.db, run);

  return onSnapshot(
    database,
    async (db) => {
      const stored = await db.select().from(runResults).where(eq(runResults.runId, runId));
      const storedEvidence = await db.all<{ rule_id: string; record_id: string }>(sql`SELECT rule_id, record_id FROM main.run_evidence WHERE run_id = ${runId}`);
      const answers = await answersOfRun(db, runId);
      const waivers = await waiversCovering(db, run as Run);
      await shadowDataAsOf(db, dataRevision);
      const ctx = await contextOf(db, run as Run, snapshot, run.evaluatedAt!);
      const evaluation = await evaluateRules(ctx, rules, answers);
      await evaluation.writeTicketEvidence(db);
      for (const [i, o] of evaluation.outcomes.entries()) await storeResult(db, runId, rules[i], o, waivers.get(rules[i].id));
      const reproduced = await db.all<Record<string, unknown>>(sql`SELECT * FROM temp.run_results WHERE run_id = ${runId}`);
      const byRule = new Map(reproduced.map((r) => [String(r.rule_id), r]));

      const differences: ResultDifference[] = [];
      let identical = 0;
      for (const s of stored) {
        const r = byRule.get(s.ruleId);
        if (!r) {
          differences.push({ ruleId: s.ruleId, field: "result", stored: s.status, reproduced: null });
          continue;
        }
        const again = columnsOf({
          ...s,
          status: r.status as typeof s.status,
          rawStatus: r.raw_status as typeof s.rawStatus,
          value: r.value as number | null,
          threshold: r.threshold as number | null,
          population: r.population as number,
          smallPopulation: Boolean(r.small_population),
          evidenceCount: r.evidence_count as number,
          evidenceIds: JSON.parse(String(r.evidence_ids)) as string[],
          message: String(r.message),
          nextDue: (r.next_due as string | null) ?? null,
        });
        const before = columnsOf(s);
        let same = true;
        for (const field of compared) {
          if (field === "value" ? !sameValue(before.value, again.value) : JSON.stringify(before[field]) !== JSON.stringify(again[field])) {
            differences.push({ ruleId: s.ruleId, field, stored: before[field], reproduced: again[field] });
            same = false;
          }
        }
        byRule.delete(s.ruleId);
        if (same) identical++;
      }
      for (const [ruleId, r] of byRule) differences.push({ ruleId, field: "result", stored: null, reproduced: r.status });

      // every offending id, not only the first 50 the result shows
      const again = await db.all<{ rule_id: string; record_id: string }>(sql`SELECT rule_id, record_id FROM temp.run_evidence WHERE run_id = ${runId}`);
      const key = (e: { rule_id: string; record_id: string }) => `${e.rule_id}\u0000${e.record_id}`;
      const storedKeys = new Set(storedEvidence.map(key));
      const againKeys = new Set(again.map(key));
      const missing = storedEvidence.filter((e) => !againKeys.has(key(e)));
      const extra = again.filter((e) => !storedKeys.has(key(e)));
      if (missing.length || extra.length) {
        differences.push({ ruleId: "*", field: "evidence", stored: missing.slice(0, 20).map(key).map((k) => k.replace("\u0000", ":")), reproduced: extra.slice(0, 20).map(key).map((k) => k.replace("\u0000", ":")) });
      }
      if (evaluation.dataHash !== run.dataHash) differences.push({ ruleId: "*", field: "data_hash", stored: run.dataHash, reproduced: evaluation.dataHash });
      return { runId, dataRevision, identical, compared: stored.length, differences };
    },
    "deferred",
  );
}
