// Findings raised by failed rules (one open finding per plan and rule, recurrences update it), their
// improvement actions, and the listing with filters.
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import { enqueueNotifications } from "../server/notifications/enqueue.js";
import type { DbOrTx } from "../server/db/client.js";
import { actions, findings, findingStatuses, plans, runResults, type ResultStatus } from "../server/db/schema.js";
import { findingFiltersSchema } from "../server/contract/index.js";
import { AppError, toIssues } from "../server/errors.js";
import { actionJson } from "./actions.js";
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

export function findingJson(f: Finding) {
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
    created_at: new Date(f.createdAt).toISOString(),
    updated_at: new Date(f.updatedAt).toISOString(),
  };
}

/**
 * Findings with their actions, newest first; `today` ('YYYY-MM-DD') decides the overdue flags. `messageArgs: true`
 * (pages) adds the arguments of the result message the description copies, to show it in the reader's language.
 */
export async function listFindings(db: DbOrTx, filters: unknown, today: string, opts: { messageArgs?: boolean } = {}) {
  const parsed = findingFiltersSchema.safeParse(filters);
  if (!parsed.success) throw AppError.invalid("invalid finding filters", toIssues(parsed.error.issues));
  const f = parsed.data;
  const where: (SQL | undefined)[] = [
    f.plan_id === undefined ? undefined : eq(findings.planId, f.plan_id),
    f.status ? eq(findings.status, f.status) : undefined,
    f.severity ? eq(findings.severity, f.severity) : undefined,
    f.rule_id ? eq(findings.ruleId, f.rule_id) : undefined,
  ];
  const rows = await db
    .select({ finding: findings, plan: plans.name, resultMessage: runResults.message, resultArgs: runResults.messageArgs })
    .from(findings)
    .innerJoin(plans, eq(plans.id, findings.planId))
    .leftJoin(runResults, and(eq(runResults.runId, findings.lastRunId), eq(runResults.ruleId, findings.ruleId)))
    .where(and(...where))
    .orderBy(desc(findings.id))
    .limit(1000);
  const ids = rows.map((r) => r.finding.id);
  const acts = ids.length ? await db.select().from(actions).where(inArray(actions.findingId, ids)).orderBy(asc(actions.id)) : [];
  return rows.map((r) => ({
    ...findingJson(r.finding),
    plan_name: r.plan,
    actions: acts.filter((a) => a.findingId === r.finding.id).map((a) => actionJson(a, today)),
    ...(opts.messageArgs ? { messageArgs: r.resultMessage === r.finding.description ? r.resultArgs : null } : {}),
  }));
}
