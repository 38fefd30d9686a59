// Audit plans: create, edit, soft-delete and list; each verb validates, runs in one transaction and writes the audit trail.
import { and, asc, eq, isNull } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import { planPatchSchema, planSchema } from "../server/contract/index.js";
import type { Ctx } from "../server/context.js";
import type { DbOrTx } from "../server/db/client.js";
import { plans } from "../server/db/schema.js";
import { AppError, toIssues, type Issue } from "../server/errors.js";
import { findRulebookAt, semverOf } from "./rulebooks/store.js";
import { nextRunTime, scheduleInWords, scheduleProblem } from "./schedule.js";

export type Plan = typeof plans.$inferSelect;

export function planJson(p: Plan, now?: number) {
  return {
    id: p.id,
    name: p.name,
    rulebook: p.rulebook,
    rulebook_version: p.rulebookVersion,
    rules: p.rules,
    thresholds: p.thresholds,
    services: p.services,
    period: p.period,
    schedule: p.schedule,
    timezone: p.timezone,
    owner: p.owner,
    report_locale: p.reportLocale,
    schedule_words: scheduleInWords(p.schedule, p.timezone),
    next_run_at: nextRunAt(p.schedule, p.timezone, now),
    created_at: new Date(p.createdAt).toISOString(),
    updated_at: new Date(p.updatedAt).toISOString(),
  };
}

function nextRunAt(schedule: string | null, timezone: string, now: number | undefined): string | null {
  const next = schedule && now !== undefined ? nextRunTime(schedule, timezone, now) : null;
  return next === null ? null : new Date(next).toISOString();
}

type PlanFields = Pick<Plan, "rulebook" | "rulebookVersion" | "rules" | "thresholds" | "schedule">;

/** Checks what zod cannot: the rulebook, its rule ids and the schedule (audits/schedule.ts). */
async function checkAgainstRulebook(db: DbOrTx, p: PlanFields) {
  const issues: Issue[] = [];
  const book = await findRulebookAt(db, p.rulebook, p.rulebookVersion);
  if (!book) {
    const known = p.rulebookVersion ? await findRulebookAt(db, p.rulebook, null) : undefined;
    if (known) issues.push({ path: "rulebook_version", message: `rulebook ${p.rulebook} has no version ${p.rulebookVersion}` });
    else issues.push({ path: "rulebook", message: `unknown rulebook ${p.rulebook}` });
  }
  const ids = new Set(book?.rules.map((r) => r.id) ?? []);
  if (book) {
    (p.rules ?? []).forEach((id, i) => {
      if (!ids.has(id)) issues.push({ path: `rules.${i}`, message: `unknown rule ${id}` });
    });
    for (const id of Object.keys(p.thresholds)) {
      const rule = book.rules.find((r) => r.id === id);
      if (!rule) issues.push({ path: `thresholds.${id}`, message: `unknown rule ${id}` });
      else if (rule.kind === "manual") issues.push({ path: `thresholds.${id}`, message: "a manual question has no threshold" });
    }
  }
  if (p.rules && p.rules.length === 0) issues.push({ path: "rules", message: "name at least one rule, or leave it out for all" });
  const scheduleIssue = p.schedule ? scheduleProblem(p.schedule) : null;
  if (scheduleIssue) issues.push({ path: "schedule", message: scheduleIssue });
  if (issues.length) throw AppError.invalid("invalid plan", issues);
}

export async function listPlans(db: DbOrTx, now?: number) {
  const rows = await db.select().from(plans).where(isNull(plans.deletedAt)).orderBy(asc(plans.id));
  return rows.map((p) => planJson(p, now));
}

export async function findPlan(db: DbOrTx, id: number): Promise<Plan> {
  const [row] = await db.select().from(plans).where(and(eq(plans.id, id), isNull(plans.deletedAt)));
  if (!row) throw AppError.notFound(`plan ${id}`);
  return row;
}

export async function getPlan(db: DbOrTx, id: number, now?: number) {
  return planJson(await findPlan(db, id), now);
}

export async function createPlan({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid plan", toIssues(parsed.error.issues));
  const p = parsed.data;
  const values = {
    name: p.name,
    rulebook: p.rulebook,
    rulebookVersion: p.rulebook_version ? semverOf(p.rulebook_version) : null,
    rules: p.rules ?? null,
    thresholds: p.thresholds,
    services: p.services?.length ? p.services : null,
    period: p.period,
    schedule: p.schedule || null,
    timezone: p.timezone,
    owner: p.owner ?? null,
    reportLocale: p.report_locale,
    createdAt: now,
    updatedAt: now,
  };
  await checkAgainstRulebook(db, values);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(plans).values(values).returning();
    await recordChange(tx, now, { actor, action: "plan.create", entity: "plan", entityId: row.id, after: planJson(row) });
    return planJson(row, now);
  });
}

/** `data`: the fields to change, as sent (validated here). */
export async function updatePlan({ ctx, input }: { ctx: Ctx; input: { id: number; data: unknown } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { id, data } = input;
  const parsed = planPatchSchema.safeParse(data);
  if (!parsed.success) throw AppError.invalid("invalid plan", toIssues(parsed.error.issues));
  // zod fills defaults into a partial schema: only the fields the caller sent count
  const sent = new Set(Object.keys(data as object));
  const patch = Object.fromEntries(Object.entries(parsed.data).filter(([k]) => sent.has(k))) as typeof parsed.data;
  return db.transaction(async (tx) => {
    const before = await findPlan(tx, id);
    const next = {
      name: patch.name ?? before.name,
      rulebook: patch.rulebook ?? before.rulebook,
      // another rulebook starts from its latest version unless a version is named
      rulebookVersion:
        patch.rulebook_version !== undefined ? (patch.rulebook_version ? semverOf(patch.rulebook_version) : null) : patch.rulebook && patch.rulebook !== before.rulebook ? null : before.rulebookVersion,
      rules: patch.rules === undefined ? before.rules : patch.rules,
      thresholds: patch.thresholds ?? before.thresholds,
      services: patch.services === undefined ? before.services : patch.services?.length ? patch.services : null,
      period: patch.period ?? before.period,
      schedule: patch.schedule === undefined ? before.schedule : patch.schedule || null,
      timezone: patch.timezone ?? before.timezone,
      owner: patch.owner === undefined ? before.owner : patch.owner,
      reportLocale: patch.report_locale ?? before.reportLocale,
      updatedAt: now,
    };
    await checkAgainstRulebook(tx, next);
    const [after] = await tx.update(plans).set(next).where(eq(plans.id, id)).returning();
    await recordChange(tx, now, { actor, action: "plan.update", entity: "plan", entityId: id, before: planJson(before), after: planJson(after) });
    return planJson(after, now);
  });
}

export async function deletePlan({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { id } = input;
  return db.transaction(async (tx) => {
    const before = await findPlan(tx, id);
    await tx.update(plans).set({ deletedAt: now, updatedAt: now }).where(eq(plans.id, id));
    await recordChange(tx, now, { actor, action: "plan.delete", entity: "plan", entityId: id, before: planJson(before), after: { deletedAt: now } });
    return { id, deleted_at: new Date(now).toISOString() };
  });
}
