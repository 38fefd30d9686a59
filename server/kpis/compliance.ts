// The overview's compliance summary: score per plan (latest run and trend), open findings by severity, overdue actions.
import { overdueCondition } from "../../audits/actions.js";
import { and, asc, count, eq, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { actions, findings, plans, runs } from "../db/schema.js";

const trendLength = 8;

export interface PlanScore {
  planId: number;
  name: string;
  latest: { runId: number; score: number | null; finishedAt: number | null } | null;
  /** scores of the last completed runs, oldest first */
  trend: (number | null)[];
}

export async function planScores(db: DbOrTx): Promise<PlanScore[]> {
  const planRows = await db.select({ id: plans.id, name: plans.name }).from(plans).where(isNull(plans.deletedAt)).orderBy(asc(plans.name));
  if (planRows.length === 0) return [];
  const recent = await db.all<{ planId: number; id: number; score: number | null; finishedAt: number | null }>(sql`
    SELECT plan_id AS planId, id, score, finished_at AS finishedAt FROM (
      SELECT plan_id, id, score, finished_at, row_number() OVER (PARTITION BY plan_id ORDER BY id DESC) AS n
      FROM ${runs} WHERE status = 'completed'
    ) WHERE n <= ${trendLength} ORDER BY plan_id, id`);
  return planRows.map((p) => {
    const own = recent.filter((r) => r.planId === p.id);
    const last = own[own.length - 1];
    return { planId: p.id, name: p.name, latest: last ? { runId: last.id, score: last.score, finishedAt: last.finishedAt } : null, trend: own.map((r) => r.score) };
  });
}

export const severities = ["major", "minor", "observation"] as const;

export async function openFindingsBySeverity(db: DbOrTx): Promise<Record<(typeof severities)[number], number>> {
  const rows = await db.select({ severity: findings.severity, n: count() }).from(findings).where(ne(findings.status, "closed")).groupBy(findings.severity);
  const out = { major: 0, minor: 0, observation: 0 };
  for (const r of rows) out[r.severity] = r.n;
  return out;
}

export interface OverdueAction {
  id: number;
  title: string;
  owner: string | null;
  dueDate: string;
  status: string;
  findingId: number;
  planName: string;
}

/** Overdue actions (audits/actions.ts: due before `today`, the organisation's local date), earliest first. */
export async function overdueActions(db: DbOrTx, today: string, limit = 10): Promise<{ total: number; items: OverdueAction[] }> {
  const where = overdueCondition(today);
  const [{ total }] = await db.select({ total: count() }).from(actions).where(where);
  const items = await db
    .select({ id: actions.id, title: actions.title, owner: actions.owner, dueDate: sql<string>`${actions.dueDate}`, status: actions.status, findingId: actions.findingId, planName: plans.name })
    .from(actions)
    .innerJoin(findings, eq(findings.id, actions.findingId))
    .innerJoin(plans, eq(plans.id, findings.planId))
    .where(where)
    .orderBy(asc(actions.dueDate), asc(actions.id))
    .limit(limit);
  return { total, items };
}
