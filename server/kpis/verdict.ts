// The verdict at a glance: per plan, whether its latest completed run is conformant, and the rules that fail it.
import { and, asc, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { plans, runResults, runs } from "../db/schema.js";
import { rulebookOfRun } from "../../audits/rulebooks/store.js";
import type { Rule } from "../../audits/rulebooks/types.js";

export interface PlanVerdict {
  planId: number;
  planName: string;
  /** the plan's rulebook, whose rules give each failing rule's title, unit and comparison */
  rulebook: string;
  runId: number;
  score: number | null;
  /** no rule fails (after waivers) and no manual question is still pending */
  conformant: boolean;
  /** `rule`: the rule as the run's recorded rulebook version declares it */
  failing: { ruleId: string; value: number | null; threshold: number | null; rule?: Rule }[];
  /** manual questions not yet answered conformant or not (a run with some is not judged conformant yet) */
  pending: number;
}

/**
 * Conformant means no rule fails: the score's colour (views/format.ts scoreBands) says how much passes, not whether the
 * plan conforms, so an amber or green score with one failing rule is still "not conformant".
 */
export async function planVerdicts(db: DbOrTx): Promise<PlanVerdict[]> {
  const rows = await db.all<{ planId: number; planName: string; rulebook: string; runId: number; score: number | null; runRulebook: string; rulebookVersion: string }>(sql`
    SELECT p.id AS planId, p.name AS planName, p.rulebook AS rulebook, r.id AS runId, r.score AS score,
      json_extract(r.plan_snapshot, '$.rulebook') AS runRulebook, r.rulebook_version AS rulebookVersion
    FROM ${plans} p JOIN ${runs} r ON r.id = (SELECT max(id) FROM ${runs} WHERE plan_id = p.id AND status = 'completed')
    WHERE p.deleted_at IS NULL ORDER BY p.name`);
  if (rows.length === 0) return [];
  const books = await Promise.all(rows.map((r) => rulebookOfRun(db, { planSnapshot: { rulebook: r.runRulebook }, rulebookVersion: r.rulebookVersion }).catch(() => undefined)));
  const latest = rows.map(({ runRulebook: _r, rulebookVersion: _v, ...l }) => l);
  const results = await db
    .select({ runId: runResults.runId, ruleId: runResults.ruleId, status: runResults.status, value: runResults.value, threshold: runResults.threshold })
    .from(runResults)
    .where(and(inArray(runResults.runId, latest.map((l) => l.runId)), inArray(runResults.status, ["fail", "pending"])))
    .orderBy(asc(runResults.ruleId));
  return latest.map((l, i) => {
    const own = results.filter((r) => r.runId === l.runId);
    const failing = own.filter((r) => r.status === "fail").map((r) => ({ ruleId: r.ruleId, value: r.value, threshold: r.threshold, rule: books[i]?.rules.find((x) => x.id === r.ruleId) }));
    const pending = own.filter((r) => r.status === "pending").length;
    return { ...l, conformant: failing.length === 0 && pending === 0, failing, pending };
  });
}
