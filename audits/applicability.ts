// The statement of applicability: every ISO/IEC 20000-1:2018 clause, the rules that cite it (from the rules' own
// `clause` fields, so any rule of any rulebook appears) with their results, or why it is not applicable — the
// catalogue's default reason or the organisation's own justification, kept per plan (plan_clause_justifications).
import { and, asc, desc, eq, isNull, lte, notInArray, sql } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import { clauseJustificationSchema, clauseNumber } from "../server/contract/index.js";
import type { Ctx } from "../server/context.js";
import type { DbOrTx } from "../server/db/client.js";
import { planClauseJustifications, runResults, runs, signoffs, type ResultStatus } from "../server/db/schema.js";
import { AppError, toIssues } from "../server/errors.js";
import { label, ruleTitle, t } from "../server/i18n/index.js";
import { compareClauses, findIsoClause, isoClauses, isUnder, parseClauses, type ClauseReason } from "./clauses.js";
import { findPlan } from "./plans.js";
import { findRulebook } from "./rulebooks/index.js";

/** A rule as the statement shows it: its id and title, and its status in the run the statement reads (null: no result). */
export interface CoveringRule {
  id: string;
  title: string;
  status: ResultStatus | null;
}

export interface OrganisationJustification {
  justification: string;
  updatedBy: string;
  updatedAt: number;
}

export interface ClauseApplicability {
  clause: string;
  applicable: boolean;
  /** the rules citing this clause itself, in the rulebook's order */
  rules: CoveringRule[];
  /** for a clause no rule cites itself: the sub-clauses that rules cover */
  through: string[];
  /** why a clause is not applicable (null when it is) */
  reason: ClauseReason | null;
  /** the organisation's own justification, when it wrote one (it replaces the reason's default text) */
  organisation: OrganisationJustification | null;
}

/**
 * The statement for `rules`: the catalogue's clauses and any other clause a rule cites, in clause order. A clause is
 * applicable when a rule cites it or one of its sub-clauses.
 */
export function statementOfApplicability(
  rules: readonly { id: string; title: string; clause: string | null; status?: ResultStatus | null }[],
  justifications: ReadonlyMap<string, OrganisationJustification> = new Map(),
): ClauseApplicability[] {
  const citing = new Map<string, CoveringRule[]>();
  for (const rule of rules) {
    for (const clause of parseClauses(rule.clause)) {
      citing.set(clause, [...(citing.get(clause) ?? []), { id: rule.id, title: rule.title, status: rule.status ?? null }]);
    }
  }
  const clauses = [...new Set([...isoClauses.map((c) => c.clause), ...citing.keys()])].sort(compareClauses);
  const cited = [...citing.keys()];
  return clauses.map((clause) => {
    const own = citing.get(clause) ?? [];
    const through = own.length ? [] : cited.filter((c) => isUnder(c, clause)).sort(compareClauses);
    const applicable = own.length > 0 || through.length > 0;
    return {
      clause,
      applicable,
      rules: own,
      through,
      reason: applicable ? null : (findIsoClause(clause)?.reason ?? "records"),
      organisation: applicable ? null : (justifications.get(clause) ?? null),
    };
  });
}

/** The text of a not-applicable clause's justification in the reader's language: the organisation's, else the default. */
export function justificationText(c: ClauseApplicability): string | null {
  if (c.applicable) return null;
  return c.organisation?.justification ?? t(`applicability.reason.${c.reason ?? "records"}`);
}

/** A clause's heading title in the reader's language, without its number; null for a clause the catalogue lacks. */
export function clauseTitle(clause: string): string | null {
  const heading = label(`clause.${clause}`, "");
  if (!heading) return null;
  return heading.startsWith(`${clause} `) ? heading.slice(clause.length + 1) : heading;
}

/**
 * The organisation's justifications of a plan in force at `asOf` (by default now), by clause: the latest row of each
 * clause written by then, unless it returned the clause to its default. The rows of one plan are few (clauses × edits).
 */
export async function planJustifications(db: DbOrTx, planId: number, asOf?: number): Promise<Map<string, OrganisationJustification>> {
  const where = asOf === undefined ? eq(planClauseJustifications.planId, planId) : and(eq(planClauseJustifications.planId, planId), lte(planClauseJustifications.updatedAt, asOf));
  const rows = await db.select().from(planClauseJustifications).where(where).orderBy(asc(planClauseJustifications.id));
  const latest = new Map(rows.map((r) => [r.clause, r]));
  return new Map(
    [...latest.values()].flatMap((r) => (r.justification === null ? [] : [[r.clause, { justification: r.justification, updatedBy: r.updatedBy, updatedAt: r.updatedAt }] as const])),
  );
}

export interface PlanApplicability {
  planId: number;
  rulebook: string;
  /** the plan's latest completed run, whose results the statement shows */
  run: { id: number; finishedAt: number | null } | null;
  clauses: ClauseApplicability[];
}

/** The statement of a plan: its selected rules, the results of its latest completed run, its justifications. */
export async function planApplicability(db: DbOrTx, planId: number): Promise<PlanApplicability> {
  const plan = await findPlan(db, planId);
  const book = findRulebook(plan.rulebook);
  const selected = (book?.rules ?? []).filter((r) => plan.rules === null || plan.rules.includes(r.id));
  const [latest] = await db
    .select({ id: runs.id, finishedAt: runs.finishedAt })
    .from(runs)
    .where(and(eq(runs.planId, planId), eq(runs.status, "completed")))
    .orderBy(desc(runs.id))
    .limit(1);
  const results = latest ? await db.select({ ruleId: runResults.ruleId, status: runResults.status }).from(runResults).where(eq(runResults.runId, latest.id)) : [];
  const statusOf = new Map(results.map((r) => [r.ruleId, r.status]));
  const justifications = await planJustifications(db, planId);
  return {
    planId,
    rulebook: plan.rulebook,
    run: latest ?? null,
    clauses: statementOfApplicability(
      selected.map((r) => ({ id: r.id, title: r.title, clause: r.clause, status: statusOf.get(r.id) ?? null })),
      justifications,
    ),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** GET /plans/:id/applicability: titles and default justifications in the reader's language. */
export function applicabilityJson(s: PlanApplicability) {
  return {
    plan_id: s.planId,
    rulebook: s.rulebook,
    latest_run: s.run ? { id: s.run.id, finished_at: iso(s.run.finishedAt) } : null,
    clauses: s.clauses.map((c) => ({
      clause: c.clause,
      title: clauseTitle(c.clause),
      status: c.applicable ? ("applicable" as const) : ("not_applicable" as const),
      rules: c.rules.map((r) => ({ id: r.id, title: ruleTitle(r), status: r.status })),
      through: c.through,
      justification: justificationText(c),
      justification_source: c.applicable ? null : c.organisation ? ("organisation" as const) : ("default" as const),
      justification_updated_by: c.organisation?.updatedBy ?? null,
      justification_updated_at: iso(c.organisation?.updatedAt ?? null),
    })),
  };
}

/**
 * Writes the organisation's justification of a clause for a plan (an empty or null text returns it to the default),
 * as a new row of its history, with its audit-trail entry. The clause is one of the catalogue's, or one the plan's
 * rulebook cites.
 */
export async function setClauseJustification({ ctx, input }: { ctx: Ctx; input: { planId: number; clause: string; data: unknown } }) {
  const { db, now } = ctx;
  const clause = clauseNumber.safeParse(input.clause);
  if (!clause.success) throw AppError.invalid("invalid clause", toIssues(clause.error.issues, ["clause"]));
  const parsed = clauseJustificationSchema.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid justification", toIssues(parsed.error.issues));
  const text = parsed.data.justification || null;
  return db.transaction(async (tx) => {
    const plan = await findPlan(tx, input.planId);
    const cited = new Set((findRulebook(plan.rulebook)?.rules ?? []).flatMap((r) => parseClauses(r.clause)));
    if (!findIsoClause(clause.data) && !cited.has(clause.data)) {
      throw AppError.invalid("invalid clause", [{ path: "clause", message: `unknown clause ${clause.data}` }]);
    }
    const current = (await planJustifications(tx, plan.id)).get(clause.data);
    const before = current?.justification ?? null;
    if (before === text) {
      const at = current ? new Date(current.updatedAt).toISOString() : null;
      return { plan_id: plan.id, clause: clause.data, justification: text, updated_by: current?.updatedBy ?? null, updated_at: at };
    }
    await tx.insert(planClauseJustifications).values({ planId: plan.id, clause: clause.data, justification: text, updatedBy: ctx.actor.name, updatedAt: now });
    await recordChange(tx, now, {
      actor: ctx.actor.name,
      action: "plan.clause_justification",
      entity: "plan",
      entityId: plan.id,
      before: { clause: clause.data, justification: before },
      after: { clause: clause.data, justification: text },
    });
    // the reports of the plan's completed runs not signed off now say otherwise: their next download stores a new
    // version (a signed-off run's report keeps the justifications in force when it was signed)
    const signed = tx.select({ runId: signoffs.runId }).from(signoffs).where(isNull(signoffs.voidedAt));
    await tx
      .update(runs)
      .set({ stateRevision: sql`${runs.stateRevision} + 1` })
      .where(and(eq(runs.planId, plan.id), eq(runs.status, "completed"), notInArray(runs.id, signed)));
    return { plan_id: plan.id, clause: clause.data, justification: text, updated_by: ctx.actor.name, updated_at: new Date(now).toISOString() };
  });
}
