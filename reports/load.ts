// Reads everything a run's report shows straight from the tables, in a stable order, so that the
// same database state always gives the same document.
import { and, asc, desc, eq, gte, inArray, lt, lte } from "drizzle-orm";
import type { DbOrTx } from "../server/db/client.js";
import type { ResultMessageArgs } from "../server/db/schema.js";
import {
  actions,
  attachments,
  findings,
  manualAnswers,
  plans,
  runEvidence,
  runResults,
  runs,
  services,
  signoffs,
  waivers,
  type ResultStatus,
} from "../server/db/schema.js";
import { planJustifications, type OrganisationJustification } from "../audits/applicability.js";
import { rulebookOfRun } from "../audits/rulebooks/store.js";
import { waiversCovering } from "../audits/run-state.js";
import { AppError } from "../server/errors.js";
import { formatDate, printable, printableRow } from "./format.js";
import { fallbackRuleInfo, ruleCatalogueOf, type RuleInfo, type Severity } from "./rule-catalogue.js";

/** At most this many evidence ids of one rule are printed; the rest are counted. */
export const evidenceIdsPerRule = 1000;
/** Runs shown in the trend charts, this one included. */
export const trendRuns = 12;

export type RunRow = typeof runs.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
export type ResultRow = typeof runResults.$inferSelect;
export type FindingRow = typeof findings.$inferSelect;
export type ActionRow = typeof actions.$inferSelect;
export type WaiverRow = typeof waivers.$inferSelect;
export type SignoffRow = typeof signoffs.$inferSelect;
export type ManualAnswerRow = typeof manualAnswers.$inferSelect;

export interface ReportResult extends ResultRow {
  rule: RuleInfo;
  /** every offending id from run_evidence (up to evidenceIdsPerRule), else the result's own ids */
  evidence: string[];
}

export interface PreviousRun {
  id: number;
  score: number | null;
  finishedAt: number | null;
  statusByRule: Map<string, ResultStatus>;
}

export interface TrendPoint {
  runId: number;
  at: number;
  score: number | null;
  values: Map<string, number | null>;
}

export interface ReportData {
  run: RunRow;
  /** the plan as the run recorded it (name, owner), falling back to the plan row */
  plan: PlanRow;
  /** rules in the rulebook, for "n of N rules" */
  rulebookSize: number;
  rulebookTitle: string | null;
  /** display names of the services in scope; empty = all services */
  services: string[];
  allServices: boolean;
  results: ReportResult[];
  previous: PreviousRun | null;
  trend: TrendPoint[];
  findings: FindingRow[];
  actions: ActionRow[];
  manualAnswers: (ManualAnswerRow & { rule: RuleInfo; attachments: { filename: string; size: number; sha256: string }[] })[];
  waivers: WaiverRow[];
  /** the sign-off in force */
  signoff: SignoffRow | null;
  /** sign-offs voided when the run was reopened, oldest first: the report says so */
  voidedSignoffs: SignoffRow[];
  rules: Map<string, RuleInfo>;
  /** the plan's own justifications of clauses not applicable, by clause (the statement of applicability) */
  clauseJustifications: Map<string, OrganisationJustification>;
}

/** A result's message arguments with their texts (notes, reasons, error texts) printable, like the result's own fields. */
function printableArgs(args: ResultMessageArgs | null): ResultMessageArgs | null {
  if (!args) return null;
  const values = Object.fromEntries(Object.entries(args.values).map(([k, v]) => [k, typeof v === "string" ? printable(v) : v]));
  return { ...args, values, ...(args.waiver ? { waiver: { until: args.waiver.until, reason: printable(args.waiver.reason) } } : {}) };
}

const activeOf = (rows: SignoffRow[]) => rows.filter((s) => s.voidedAt === null).at(-1) ?? null;

const severityRank: Record<Severity, number> = { major: 0, minor: 1, observation: 2 };

// a run row written by hand (tests, old databases) may lack a field of the snapshot: the plan's own then stands
const snapshotString = (run: RunRow, key: "name" | "rulebook"): string | undefined => {
  const v: unknown = run.planSnapshot?.[key];
  return typeof v === "string" ? v : undefined;
};

function snapshotServices(run: RunRow, plan: PlanRow): string[] | null {
  const snap: unknown = run.planSnapshot?.services;
  if (Array.isArray(snap) && snap.every((s) => typeof s === "string")) return snap;
  return plan.services;
}

export async function loadReportData(db: DbOrTx, runId: number): Promise<ReportData> {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  if (!run) throw AppError.notFound(`run ${runId}`);
  if (run.status !== "completed") throw AppError.conflict(`run ${runId} is ${run.status}; only a completed run has a report`);
  const [planRow] = await db.select().from(plans).where(eq(plans.id, run.planId));
  if (!planRow) throw AppError.notFound(`plan ${run.planId}`);
  const ownerInSnapshot = run.planSnapshot && "owner" in run.planSnapshot ? run.planSnapshot.owner : undefined;
  const plan: PlanRow = {
    ...planRow,
    name: snapshotString(run, "name") ?? planRow.name,
    rulebook: snapshotString(run, "rulebook") ?? planRow.rulebook,
    owner: typeof ownerInSnapshot === "string" || ownerInSnapshot === null ? ownerInSnapshot : planRow.owner,
  };
  const asOf = run.finishedAt ?? run.periodEnd;

  const [resultRows, planFindings, answers, files, signoffRows, waiverRows, previousRuns] = await Promise.all([
    db.select().from(runResults).where(eq(runResults.runId, runId)).orderBy(asc(runResults.ruleId)),
    db
      .select()
      .from(findings)
      .where(and(eq(findings.planId, run.planId), lte(findings.firstRunId, runId), gte(findings.lastRunId, runId)))
      .orderBy(asc(findings.id)),
    db.select().from(manualAnswers).where(eq(manualAnswers.runId, runId)).orderBy(asc(manualAnswers.ruleId)),
    db
      .select({ ruleId: attachments.ruleId, filename: attachments.filename, size: attachments.size, sha256: attachments.sha256 })
      .from(attachments)
      .where(eq(attachments.runId, runId))
      .orderBy(asc(attachments.id)),
    db.select().from(signoffs).where(eq(signoffs.runId, runId)).orderBy(asc(signoffs.id)),
    waiversCovering(db, run),
    db
      .select({ id: runs.id, score: runs.score, finishedAt: runs.finishedAt })
      .from(runs)
      .where(and(eq(runs.planId, run.planId), eq(runs.status, "completed"), lt(runs.id, runId)))
      .orderBy(desc(runs.id))
      .limit(trendRuns - 1),
  ]);

  // the rules as the rulebook version the run recorded declares them
  const book = await rulebookOfRun(db, { planSnapshot: { rulebook: plan.rulebook }, rulebookVersion: run.rulebookVersion }).catch(() => undefined);
  const catalogue = ruleCatalogueOf(book);
  const findingHints = new Map(planFindings.map((f) => [f.ruleId, { title: f.title, severity: f.severity }]));
  const ruleOf = (id: string): RuleInfo => catalogue.get(id) ?? fallbackRuleInfo(id, findingHints.get(id));

  // the complete evidence of failed rules, for the findings appendix; other results keep their first ids
  const failed = resultRows.filter((r) => r.evidenceCount > 0 && (r.status === "fail" || r.rawStatus === "fail")).map((r) => r.ruleId);
  const evidenceByRule = new Map<string, string[]>();
  for (const ruleId of failed) {
    const rows = await db
      .select({ id: runEvidence.recordId })
      .from(runEvidence)
      .where(and(eq(runEvidence.runId, runId), eq(runEvidence.ruleId, ruleId)))
      .orderBy(asc(runEvidence.recordId))
      .limit(evidenceIdsPerRule);
    evidenceByRule.set(ruleId, rows.map((r) => r.id));
  }

  // rulebook order (related rules side by side), then rules the rulebook does not know, by id
  const position = new Map([...catalogue.keys()].map((id, i) => [id, i]));
  const results: ReportResult[] = resultRows
    .map((r) => {
      const full = evidenceByRule.get(r.ruleId);
      return { ...r, rule: ruleOf(r.ruleId), evidence: full && full.length >= r.evidenceIds.length ? full : r.evidenceIds };
    })
    .sort((a, b) => (position.get(a.ruleId) ?? Infinity) - (position.get(b.ruleId) ?? Infinity) || a.ruleId.localeCompare(b.ruleId));

  const trendIds = [...previousRuns.map((p) => p.id)].reverse();
  const trendRows = trendIds.length
    ? await db
        .select({ runId: runResults.runId, ruleId: runResults.ruleId, value: runResults.value, status: runResults.status })
        .from(runResults)
        .where(inArray(runResults.runId, trendIds))
        .orderBy(asc(runResults.runId), asc(runResults.ruleId))
    : [];
  const trend: TrendPoint[] = [...previousRuns].reverse().map((p) => ({
    runId: p.id,
    at: p.finishedAt ?? 0,
    score: p.score,
    values: new Map(trendRows.filter((t) => t.runId === p.id).map((t) => [t.ruleId, t.value])),
  }));
  trend.push({ runId: run.id, at: asOf, score: run.score, values: new Map(resultRows.map((r) => [r.ruleId, r.value])) });

  const prev = previousRuns[0];
  const previous: PreviousRun | null = prev
    ? { id: prev.id, score: prev.score, finishedAt: prev.finishedAt, statusByRule: new Map(trendRows.filter((t) => t.runId === prev.id).map((t) => [t.ruleId, t.status])) }
    : null;

  const sortedFindings = [...planFindings].sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || a.ruleId.localeCompare(b.ruleId) || a.id - b.id,
  );
  const actionRows = sortedFindings.length
    ? await db
        .select()
        .from(actions)
        .where(inArray(actions.findingId, sortedFindings.map((f) => f.id)))
        .orderBy(asc(actions.findingId), asc(actions.id))
    : [];
  const findingOrder = new Map(sortedFindings.map((f, i) => [f.id, i]));
  actionRows.sort((a, b) => (findingOrder.get(a.findingId) ?? 0) - (findingOrder.get(b.findingId) ?? 0) || a.id - b.id);

  const keys = snapshotServices(run, plan);
  const serviceRows = await db.select({ key: services.key, name: services.name }).from(services).orderBy(asc(services.key));
  const names = new Map(serviceRows.map((s) => [s.key, s.name]));
  const serviceNames = keys ? [...keys].sort().map((k) => (names.get(k) && names.get(k) !== k ? `${names.get(k)} (${k})` : k)) : serviceRows.map((s) => (s.name !== s.key ? `${s.name} (${s.key})` : s.key));

  const rules = new Map<string, RuleInfo>();
  for (const r of results) rules.set(r.ruleId, r.rule);
  // a signed-off run's report reads the justifications in force when it was signed
  const justifications = await planJustifications(db, run.planId, activeOf(signoffRows)?.signedAt);

  // people type these texts: make them printable once, here, for every section
  return {
    // the data fingerprint is our own hex: printed as it is, so that a copy of it is exact
    run: { ...printableRow(run), dataHash: run.dataHash },
    plan: printableRow(plan),
    rulebookSize: catalogue.size,
    rulebookTitle: book?.title ?? null,
    services: serviceNames.map(printable),
    allServices: !keys,
    results: results.map((r) => ({ ...printableRow(r), messageArgs: printableArgs(r.messageArgs) })),
    previous,
    trend,
    findings: sortedFindings.map(printableRow),
    actions: actionRows.map(printableRow),
    manualAnswers: answers.map((a) => ({
      ...printableRow(a),
      rule: ruleOf(a.ruleId),
      attachments: files.filter((f) => f.ruleId === a.ruleId).map(({ filename, size, sha256 }) => ({ filename: printable(filename), size, sha256 })),
    })),
    // the waivers that cover this run (its period ends inside their validity), in rule order
    waivers: [...waiverRows.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.id - b.id).map(printableRow),
    signoff: activeOf(signoffRows) ? printableRow(activeOf(signoffRows)!) : null,
    voidedSignoffs: signoffRows.filter((s) => s.voidedAt !== null).map(printableRow),
    rules,
    clauseJustifications: new Map([...justifications].map(([clause, j]) => [clause, { ...j, justification: printable(j.justification), updatedBy: printable(j.updatedBy) }])),
  };
}
