// Findings raised by failed rules (one open finding per plan and rule, recurrences update it), their
// improvement actions, the listing (filters, sort and paging in SQL) and closing with a root cause.
import { and, asc, count, desc, eq, gt, inArray, ne, sql, type SQL } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import { enqueueNotifications } from "../server/notifications/enqueue.js";
import type { DbOrTx } from "../server/db/client.js";
import { actions, findingClosures, findings, manualAnswers, plans, runResults, runs, type ResultStatus } from "../server/db/schema.js";
import { findingCloseSchema, findingFiltersSchema, type FindingFilters } from "../server/contract/index.js";
import type { Verb } from "../server/context.js";
import { AppError, toIssues } from "../server/errors.js";
import { actionJson, overdueCondition } from "./actions.js";
import { addDays, localDate } from "./period.js";
import type { Rule, Severity } from "./rulebooks/types.js";

export const gradeOf: Record<Severity, string> = { major: "major_nonconformity", minor: "minor_nonconformity", observation: "observation" };
export const actionDueDays: Record<Severity, number | null> = { major: 30, minor: 90, observation: null };

export type Finding = typeof findings.$inferSelect;

export interface JudgedResult {
  rule: Rule;
  status: ResultStatus;
  message: string;
  evidenceCount: number;
  evidenceIds: string[];
  /** a manual answer's note (absent for measured rules): a changed answer without one resolves nothing */
  note?: string | null;
}

interface RunRef {
  planId: number;
  runId: number;
  owner: string | null;
  timezone: string;
}

/** Raises, updates or resolves the plan's findings from a run's results; call inside the run's transaction. */
export async function applyFindings(tx: DbOrTx, now: number, actor: string, run: RunRef, results: JudgedResult[]) {
  for (const r of results) {
    if (r.status !== "fail" && r.status !== "pass") continue;
    const [current] = await tx
      .select()
      .from(findings)
      .where(and(eq(findings.planId, run.planId), eq(findings.ruleId, r.rule.id), inArray(findings.status, ["open", "resolved_pending_verification"])))
      .orderBy(desc(findings.id))
      .limit(1);
    if (r.status === "fail") {
      if (current) await recur(tx, now, actor, current, run.runId, r);
      else await raise(tx, now, actor, run, r);
    } else if (current?.status === "open") {
      // the run that raised the finding, re-judged because its answer changed: without a note saying why, the change
      // is no evidence that anything was remedied, so the finding stays open (it never closes on a silent flip)
      if (current.lastRunId === run.runId && r.note !== undefined && !r.note?.trim()) continue;
      const [after] = await tx
        .update(findings)
        .set({ status: "resolved_pending_verification", resolvedRunId: run.runId, updatedAt: now })
        .where(eq(findings.id, current.id))
        .returning();
      await recordChange(tx, now, { actor, action: "finding.resolve", entity: "finding", entityId: current.id, before: { status: current.status }, after: { status: after.status, resolvedRunId: run.runId } });
    }
  }
}

async function recur(tx: DbOrTx, now: number, actor: string, current: Finding, runId: number, r: JudgedResult) {
  if (current.lastRunId === runId) {
    // the same run re-judged (a manual answer changed): refresh the evidence only
    await tx.update(findings).set({ description: r.message, status: "open", resolvedRunId: null, evidenceCount: r.evidenceCount, evidenceIds: r.evidenceIds, updatedAt: now }).where(eq(findings.id, current.id));
    return;
  }
  const next = { status: "open" as const, lastRunId: runId, recurrence: current.recurrence + 1, description: r.message, evidenceCount: r.evidenceCount, evidenceIds: r.evidenceIds, resolvedRunId: null, updatedAt: now };
  await tx.update(findings).set(next).where(eq(findings.id, current.id));
  await recordChange(tx, now, { actor, action: "finding.recur", entity: "finding", entityId: current.id, before: { status: current.status, recurrence: current.recurrence, lastRunId: current.lastRunId }, after: { status: "open", recurrence: next.recurrence, lastRunId: runId } });
}

async function raise(tx: DbOrTx, now: number, actor: string, run: RunRef, r: JudgedResult) {
  const [finding] = await tx
    .insert(findings)
    .values({
      planId: run.planId,
      ruleId: r.rule.id,
      severity: r.rule.severity,
      grade: gradeOf[r.rule.severity],
      status: "open",
      title: `${r.rule.id}: ${r.rule.title}`,
      description: r.message,
      firstRunId: run.runId,
      lastRunId: run.runId,
      recurrence: 1,
      evidenceCount: r.evidenceCount,
      evidenceIds: r.evidenceIds,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const days = actionDueDays[r.rule.severity];
  const [action] = await tx
    .insert(actions)
    .values({
      findingId: finding.id,
      title: `Remediate ${r.rule.id}`,
      description: r.rule.remediation,
      owner: run.owner,
      dueDate: days === null ? null : addDays(localDate(now, run.timezone), days),
      status: "open",
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordChange(tx, now, { actor, action: "finding.raise", entity: "finding", entityId: finding.id, after: { planId: run.planId, ruleId: r.rule.id, grade: finding.grade, runId: run.runId } });
  await recordChange(tx, now, { actor, action: "action.create", entity: "action", entityId: action.id, after: { findingId: finding.id, owner: action.owner, dueDate: action.dueDate } });
  await enqueueNotifications(tx, { event: "action.assigned", actionId: action.id, at: now });
}

export function findingJson(f: Finding, closure: Closure | null = null) {
  return {
    id: f.id,
    plan_id: f.planId,
    rule_id: f.ruleId,
    severity: f.severity,
    grade: f.grade,
    status: f.status,
    title: f.title,
    description: f.description,
    first_run_id: f.firstRunId,
    last_run_id: f.lastRunId,
    resolved_run_id: f.resolvedRunId,
    recurrence: f.recurrence,
    evidence: { count: f.evidenceCount, ids: f.evidenceIds },
    /** how it was closed: the root cause and the later run that verified the remedy (null while not closed) */
    closure: closure ? { root_cause: closure.rootCause, verified_by_run_id: closure.verifiedByRunId, closed_by: closure.closedBy, closed_at: new Date(closure.closedAt).toISOString() } : null,
    created_at: new Date(f.createdAt).toISOString(),
    updated_at: new Date(f.updatedAt).toISOString(),
  };
}

type Closure = typeof findingClosures.$inferSelect;

export function parseFindingFilters(filters: unknown): FindingFilters {
  const parsed = findingFiltersSchema.safeParse(filters);
  if (!parsed.success) throw AppError.invalid("invalid finding filters", toIssues(parsed.error.issues));
  return parsed.data;
}

/** The WHERE of the listing, but for the status filter (the counts by status use the rest). */
function filterConditions(f: FindingFilters, today: string): (SQL | undefined)[] {
  const owner = f.owner?.toLowerCase();
  return [
    f.plan_id === undefined ? undefined : eq(findings.planId, f.plan_id),
    f.severity ? eq(findings.severity, f.severity) : undefined,
    f.rule_id ? eq(findings.ruleId, f.rule_id) : undefined,
    // instr, not LIKE: an owner typed with % or _ is text, not a pattern
    owner ? sql`EXISTS (SELECT 1 FROM ${actions} WHERE ${actions.findingId} = ${findings.id} AND instr(lower(${actions.owner}), ${owner}) > 0)` : undefined,
    f.overdue ? sql`EXISTS (SELECT 1 FROM ${actions} WHERE ${actions.findingId} = ${findings.id} AND ${overdueCondition(today)})` : undefined,
  ];
}

function statusCondition(status: FindingFilters["status"]): SQL | undefined {
  if (status === undefined || status === "all") return undefined;
  if (status === "active") return ne(findings.status, "closed");
  return eq(findings.status, status);
}

const severityRank = sql`CASE ${findings.severity} WHEN 'major' THEN 0 WHEN 'minor' THEN 1 ELSE 2 END`;
const statusRank = sql`CASE ${findings.status} WHEN 'open' THEN 0 WHEN 'resolved_pending_verification' THEN 1 ELSE 2 END`;
/** the earliest due date among the finding's unfinished actions */
const nextDue = sql`(SELECT min(${actions.dueDate}) FROM ${actions} WHERE ${actions.findingId} = ${findings.id} AND ${actions.status} IN ('open', 'in_progress'))`;

/** ORDER BY of a sort: each has its natural direction (newest: newest first; due: earliest first, none last); `desc` reverses it. */
function orderOf(f: FindingFilters): SQL[] {
  const reverse = f.order === "desc";
  const dir = (e: SQL | typeof findings.id, natural: "asc" | "desc") => ((natural === "asc") !== reverse ? asc(e) : desc(e));
  switch (f.sort ?? "newest") {
    case "severity":
      return [dir(severityRank, "asc"), desc(findings.id)];
    case "due":
      return [asc(sql`${nextDue} IS NULL`), dir(nextDue, "asc"), desc(findings.id)];
    case "plan":
      return [dir(sql`${plans.name}`, "asc"), desc(findings.id)];
    case "rule":
      return [dir(sql`${findings.ruleId}`, "asc"), desc(findings.id)];
    case "status":
      return [dir(statusRank, "asc"), desc(findings.id)];
    default:
      return [dir(findings.id, "desc")];
  }
}

export const defaultFindingPageSize = 1000;

/**
 * One page of findings with their actions; `today` ('YYYY-MM-DD') decides the overdue flags. Filtering, sorting, paging
 * and the counts by status all run in SQL; `id` (pages linking to one finding) narrows it to that one. `messageArgs: true` (pages) adds the arguments of the result message the
 * description copies, to show it in the reader's language.
 */
export async function findingsPage(db: DbOrTx, filters: unknown, today: string, opts: { messageArgs?: boolean; id?: number } = {}) {
  const f = parseFindingFilters(filters);
  const pageSize = f.page_size ?? defaultFindingPageSize;
  const page = f.page ?? 1;
  const rest = [...filterConditions(f, today), opts.id === undefined ? undefined : eq(findings.id, opts.id)];
  const where = and(...rest, statusCondition(f.status));
  const [[{ total }], byStatus, rows] = await Promise.all([
    db.select({ total: count() }).from(findings).where(where),
    db.select({ status: findings.status, n: count() }).from(findings).where(and(...rest)).groupBy(findings.status),
    db
      .select({ finding: findings, plan: plans.name, closure: findingClosures, resultMessage: runResults.message, resultArgs: runResults.messageArgs })
      .from(findings)
      .innerJoin(plans, eq(plans.id, findings.planId))
      .leftJoin(findingClosures, eq(findingClosures.findingId, findings.id))
      .leftJoin(runResults, and(eq(runResults.runId, findings.lastRunId), eq(runResults.ruleId, findings.ruleId)))
      .where(where)
      .orderBy(...orderOf(f))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
  ]);
  const ids = rows.map((r) => r.finding.id);
  const acts = ids.length ? await db.select().from(actions).where(inArray(actions.findingId, ids)).orderBy(asc(actions.id)) : [];
  const counts = { open: 0, resolved_pending_verification: 0, closed: 0 };
  for (const r of byStatus) counts[r.status] = r.n;
  return {
    total,
    page,
    page_size: pageSize,
    counts,
    findings: rows.map((r) => ({
      ...findingJson(r.finding, r.closure),
      plan_name: r.plan,
      actions: acts.filter((a) => a.findingId === r.finding.id).map((a) => actionJson(a, today, r.finding.status)),
      ...(opts.messageArgs ? { messageArgs: r.resultMessage === r.finding.description ? r.resultArgs : null } : {}),
    })),
  };
}

/** The findings of one page (see findingsPage). */
export async function listFindings(db: DbOrTx, filters: unknown, today: string, opts: { messageArgs?: boolean } = {}) {
  return (await findingsPage(db, filters, today, opts)).findings;
}

/**
 * The runs that may verify a finding's remedy: completed, not provisional, of its plan, after the last run that failed
 * the rule (so never the run that raised it), with the rule passing. Newest first.
 */
export async function verificationCandidates(db: DbOrTx, finding: Pick<Finding, "planId" | "ruleId" | "lastRunId">) {
  return db
    .select({ id: runs.id, finishedAt: runs.finishedAt, periodEnd: runs.periodEnd, timezone: runs.timezone })
    .from(runs)
    .innerJoin(runResults, and(eq(runResults.runId, runs.id), eq(runResults.ruleId, finding.ruleId)))
    .where(and(eq(runs.planId, finding.planId), eq(runs.status, "completed"), eq(runs.provisional, false), gt(runs.id, finding.lastRunId), eq(runResults.status, "pass")))
    .orderBy(desc(runs.id));
}

/** Why a run cannot verify a finding (the messages of the `verified_by_run_id` issue; pages show them translated). */
export const closingRefusals = {
  notLater: "choose a completed run of the plan, after the finding's last failure, that passed the rule",
  silentChange: "the same auditor changed the answer without a note; add a note to the answer or choose another run",
} as const;

/**
 * Closes a finding (auditors): records its root cause and the effectiveness check, the later run that passed the rule
 * (chosen from verificationCandidates). The finding must be resolved, awaiting verification, and every action done;
 * the actions are verified by that run. For a manual question, the passing answer must carry a note when the auditor who
 * answered "nonconformant" is the one who now answers "conformant": a changed mind without a reason closes nothing.
 */
export const closeFinding: Verb<{ id: number; data: unknown }, ReturnType<typeof findingJson>> = async ({ ctx, input }) => {
  const parsed = findingCloseSchema.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid closure", toIssues(parsed.error.issues));
  const { root_cause: rootCause, verified_by_run_id: runId } = parsed.data;
  return ctx.db.transaction(async (tx) => {
    const [finding] = await tx.select().from(findings).where(eq(findings.id, input.id));
    if (!finding) throw AppError.notFound(`finding ${input.id}`);
    if (finding.status !== "resolved_pending_verification") {
      throw AppError.conflict(`finding ${finding.id} is ${finding.status}; only a finding resolved by a later passing run can be closed`);
    }
    const candidates = await verificationCandidates(tx, finding);
    if (!candidates.some((c) => c.id === runId)) {
      throw AppError.invalid(`run ${runId} does not verify finding ${finding.id}`, [{ path: "verified_by_run_id", message: closingRefusals.notLater }]);
    }
    const [failed] = await tx.select().from(manualAnswers).where(and(eq(manualAnswers.runId, finding.lastRunId), eq(manualAnswers.ruleId, finding.ruleId)));
    const [passed] = await tx.select().from(manualAnswers).where(and(eq(manualAnswers.runId, runId), eq(manualAnswers.ruleId, finding.ruleId)));
    if (failed && passed && failed.answeredBy.toLowerCase() === passed.answeredBy.toLowerCase() && !passed.note?.trim()) {
      throw AppError.invalid(`the passing answer in run ${runId} was given by ${passed.answeredBy}, who answered nonconformant, without a note`, [
        { path: "verified_by_run_id", message: closingRefusals.silentChange },
      ]);
    }
    const acts = await tx.select().from(actions).where(eq(actions.findingId, finding.id));
    const unfinished = acts.filter((a) => a.status === "open" || a.status === "in_progress");
    if (unfinished.length) throw AppError.conflict(`finish the finding's actions first: ${unfinished.map((a) => a.id).join(", ")} not done`);
    for (const a of acts.filter((x) => x.status === "done")) {
      await tx.update(actions).set({ status: "verified", verifiedAt: ctx.now, verifiedRunId: runId, updatedAt: ctx.now }).where(eq(actions.id, a.id));
      await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "action.update", entity: "action", entityId: a.id, before: { status: a.status }, after: { status: "verified", verified_run_id: runId } });
    }
    const [closure] = await tx.insert(findingClosures).values({ findingId: finding.id, rootCause, verifiedByRunId: runId, closedBy: ctx.actor.name, closedAt: ctx.now }).returning();
    const [after] = await tx.update(findings).set({ status: "closed", updatedAt: ctx.now }).where(eq(findings.id, finding.id)).returning();
    await recordChange(tx, ctx.now, {
      actor: ctx.actor.name,
      action: "finding.close",
      entity: "finding",
      entityId: finding.id,
      before: { status: finding.status },
      after: { status: "closed", root_cause: rootCause, verified_by_run_id: runId },
    });
    return findingJson(after, closure);
  });
};
