// Demo audit plans: a monthly and a quarterly plan of the built-in rulebook with a year of past runs (each
// executed with the clock at its occurrence), manual answers, a waiver, findings and actions in every state.
import { and, asc, eq, inArray, lt } from "drizzle-orm";
import { approveWaiver, requestWaiver } from "../../audits/waivers.js";
import { answerManualQuestion } from "../../audits/manual-answers.js";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { occurrencesBetween } from "../../audits/schedule.js";
import { updateAction } from "../../audits/actions.js";
import { localDate } from "../../audits/period.js";
import { fixedClock, type Clock } from "../clock.js";
import type { Database } from "../db/client.js";
import { actions, findings, plans } from "../db/schema.js";
import { claimOccurrence } from "../scheduler.js";

const auditor = "auditor@assay.local";
const officer = "compliance@assay.local";
const owner = "manager@assay.local";
const dayMs = 86_400_000;
const timezone = "Asia/Shanghai";

export const demoPlanInputs = [
  { name: "Monthly service support audit 月度服务支持审核", schedule: "0 2 1 * *", period: { type: "previous_month" as const } },
  { name: "Quarterly ISO 20000 audit 季度 ISO 20000 审核", schedule: "0 3 1 1,4,7,10 *", period: { type: "previous_quarter" as const } },
];

export async function loadDemoPlans(database: Database, clock: Clock): Promise<void> {
  const { db } = database;
  const existing = await db.select({ id: plans.id }).from(plans).limit(1);
  if (existing.length) return;
  const now = clock.now();
  const yearAgo = now - 365 * dayMs;
  const created = [];
  for (const p of demoPlanInputs) {
    created.push(await createPlan(db, yearAgo - dayMs, auditor, { ...p, rulebook: "iso20000-support", timezone, owner }));
  }
  const [monthly] = created;
  const occurrences = created
    .flatMap((plan) => occurrencesBetween(plan.schedule!, timezone, yearAgo, now).map((at) => ({ plan, at })))
    .sort((a, b) => a.at - b.at);

  let waived = false;
  for (const [i, { plan, at }] of occurrences.entries()) {
    const runClock = fixedClock(at + 5 * 60_000);
    const runId = await claimOccurrence(database, at, plan.id, at, "demo", "schedule");
    if (runId === null) continue;
    const outcome = await executeRun(database, runClock, runId, "demo");
    if (outcome?.status !== "completed") continue;
    await answerDemoQuestions(database, at + dayMs, runId, i);
    await progressActions(database, at + 2 * dayMs, i);
    if (!waived && at > now - 120 * dayMs && plan.id === monthly.id) {
      // an approved waiver on the knowledge-base rule, and one still waiting for approval
      const today = localDate(at, timezone);
      const w = await requestWaiver(db, at, auditor, monthly.id, { rule_id: "KB-UPDATE-MONTH", reason: "知识库迁移中 Knowledge base migration in progress", expires_on: localDate(now + 60 * dayMs, timezone) }, today);
      await approveWaiver(db, at + 3600_000, officer, w.id);
      await requestWaiver(db, at, auditor, monthly.id, { rule_id: "TRAINING-SCORE", reason: "New staff joined mid-quarter", expires_on: localDate(now + 30 * dayMs, timezone) }, today);
      waived = true;
    }
  }
}

const answers = ["conformant", "conformant", "nonconformant", "not_applicable", "conformant"] as const;

/** The auditor answers the manual questions of every run but the newest, which stays pending. */
async function answerDemoQuestions(database: Database, at: number, runId: number, i: number) {
  const manual = ["MAN-CATALOGUE", "MAN-SLA-AGREED", "MAN-ROLES", "MAN-COMMS-TEMPLATES", "MAN-CLASSIFICATION"];
  for (const [k, ruleId] of manual.entries()) {
    if ((i + k) % 7 === 6) continue; // some questions stay pending
    const answer = answers[(i + k) % answers.length];
    const note = answer === "conformant" ? null : answer === "nonconformant" ? "通讯录未更新 Contact list out of date" : "No such service in scope";
    await answerManualQuestion(database.db, at, auditor, runId, ruleId, { answer, note });
  }
}

/** Owners work on their actions: some start, some finish, some are verified after a passing run, some stay open and go overdue. */
async function progressActions(database: Database, at: number, i: number) {
  const { db } = database;
  const today = localDate(at, timezone);
  const rows = await db
    .select({ id: actions.id, status: actions.status, findingStatus: findings.status })
    .from(actions)
    .innerJoin(findings, eq(findings.id, actions.findingId))
    .where(and(inArray(actions.status, ["open", "in_progress", "done"]), lt(actions.createdAt, at - 10 * dayMs)))
    .orderBy(asc(actions.id));
  for (const a of rows) {
    if (a.id % 6 === 0) continue; // forgotten by its owner: stays open and goes overdue
    const caller = { actor: owner, anyOwner: false };
    const turn = (a.id + i) % 5;
    if (a.status === "done" && a.findingStatus === "resolved_pending_verification") {
      await updateAction(db, at, { actor: auditor, anyOwner: true }, a.id, { status: "verified" }, today);
    } else if (a.status === "open" && turn === 1) {
      await updateAction(db, at, caller, a.id, { status: "in_progress" }, today);
    } else if ((a.status === "open" || a.status === "in_progress") && (turn === 2 || turn === 3)) {
      await updateAction(db, at, caller, a.id, { status: "done" }, today);
    }
  }
}
