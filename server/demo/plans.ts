// Demo audit plans: a monthly and a quarterly plan of the built-in rulebook with a year of past runs (each
// executed with the clock at its occurrence), manual answers, a waiver, findings and actions in every state.
import { and, asc, eq, inArray, lt } from "drizzle-orm";
import { approveWaiver, requestWaiver } from "../../audits/waivers.js";
import { answerManualQuestion } from "../../audits/manual-answers.js";
import { createPlan } from "../../audits/plans.js";
import { occurrencesBetween } from "../../audits/schedule.js";
import { updateAction } from "../../audits/actions.js";
import { closeFinding } from "../../audits/findings.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { logger } from "../log.js";
import { localDate } from "../../audits/period.js";
import { fixedClock, type Clock } from "../clock.js";
import { systemContext } from "../context.js";
import type { Database } from "../db/client.js";
import { actions, findings, plans, type Role } from "../db/schema.js";
import { defaultConfig } from "../config.js";
import { claimOccurrence } from "../scheduler.js";
import { runAndReport } from "../../audits/start-run.js";

const auditor = "auditor@assay.local";
const chineseAuditor = "wangfang@assay.local";
const officer = "compliance@assay.local";
const chineseOfficer = "chenjing@assay.local";
const owner = "manager@assay.local";
const dayMs = 86_400_000;
const timezone = "Asia/Shanghai";

export const demoPlanInputs = [
  { name: "Monthly service support audit 月度服务支持审核", schedule: "0 2 1 * *", period: { type: "previous_month" as const } },
  { name: "Quarterly ISO 20000 audit 季度 ISO 20000 审核", schedule: "0 3 1 1,4,7,10 *", period: { type: "previous_quarter" as const } },
];

/** The demo's people act at the instants of the year it replays, in the demo's time zone. */
const actingAt = (database: Database, at: number, actor: string, role: Role) => systemContext({ database, clock: fixedClock(at), config: { ...defaultConfig, timezone } }, actor, role);

export async function loadDemoPlans(database: Database, clock: Clock): Promise<void> {
  const { db } = database;
  const existing = await db.select({ id: plans.id }).from(plans).limit(1);
  if (existing.length) return;
  const now = clock.now();
  const yearAgo = now - 365 * dayMs;
  const created = [];
  for (const p of demoPlanInputs) {
    created.push(await createPlan({ ctx: actingAt(database, yearAgo - dayMs, auditor, "auditor"), input: { ...p, rulebook: "iso20000-support", timezone, owner } }));
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
    // as the scheduler does: the run, then its stored report (version 1), which the reports page and downloads list
    const outcome = await runAndReport(database, runClock, runId, "demo");
    if (outcome?.status !== "completed") continue;
    await answerDemoQuestions(database, at + dayMs, runId, i);
    await progressActions(database, at + 2 * dayMs, i);
    if (!waived && at > now - 120 * dayMs && plan.id === monthly.id) {
      // an approved waiver on the knowledge-base rule, and one still waiting for approval
      const ctx = actingAt(database, at, auditor, "auditor");
      const w = await requestWaiver({ ctx, input: { planId: monthly.id, data: { rule_id: "KB-UPDATE-MONTH", reason: "知识库迁移中 Knowledge base migration in progress", expires_on: localDate(now + 60 * dayMs, timezone) } } });
      await approveWaiver({ ctx: actingAt(database, at + 3600_000, chineseOfficer, "compliance_officer"), input: { waiverId: w.id } });
      await requestWaiver({ ctx, input: { planId: monthly.id, data: { rule_id: "TRAINING-SCORE", reason: "新员工季度中入职，培训考核安排在下季度 New staff joined mid-quarter; assessed next quarter", expires_on: localDate(now + 30 * dayMs, timezone) } } });
      waived = true;
    }
  }
}

const answers = ["conformant", "conformant", "nonconformant", "not_applicable", "conformant"] as const;

/**
 * What the auditor notes when a manual question is not conformant or not applicable: one note per question, in the
 * auditor's language (王芳 writes Chinese, Lin Auditor English; they take turns run by run).
 */
const manualNotes: Record<string, { nonconformant: { zh: string; en: string }; not_applicable: { zh: string; en: string } }> = {
  "MAN-CATALOGUE": {
    nonconformant: { zh: "服务目录未列出新上线的 HR 自助服务，门户上发布的仍是去年的版本", en: "The service catalogue omits the new HR self-service; the portal still publishes last year's version" },
    not_applicable: { zh: "本期审核范围不含对外服务，服务目录另行审核", en: "No external services in this period's scope; the catalogue is audited separately" },
  },
  "MAN-SLA-AGREED": {
    nonconformant: { zh: "网络与 VPN 服务的服务级别协议尚未经业务部门签字确认", en: "The SLA for Network & VPN has not been signed off by the business owner" },
    not_applicable: { zh: "本期新增服务尚在试运行，服务级别协议待正式上线后签订", en: "The services added this period are in pilot; their SLAs are signed at go-live" },
  },
  "MAN-ROLES": {
    nonconformant: { zh: "二线支持的岗位职责说明未更新，两名新员工不清楚升级路径", en: "Second-line role descriptions are out of date; two new staff did not know the escalation path" },
    not_applicable: { zh: "支持团队本期无人员与岗位变动", en: "No changes to the support team or its roles this period" },
  },
  "MAN-COMMS-TEMPLATES": {
    nonconformant: { zh: "应急通讯录未更新：三名联系人已离职，通知模板仍为旧版", en: "Emergency contact list out of date: three contacts have left; the notification template is the old one" },
    not_applicable: { zh: "本期未启动应急预案，通讯模板随下次演练检查", en: "The emergency plan was not invoked this period; templates are checked at the next drill" },
  },
  "MAN-CLASSIFICATION": {
    nonconformant: { zh: "抽查发现 ERP 共享目录未按信息分级设置权限，存在超出最小权限的访问", en: "Spot check: the ERP shared folder ignores the classification; some access exceeds least privilege" },
    not_applicable: { zh: "本期审核范围不含新增信息系统", en: "No new information systems in this period's scope" },
  },
};

/** The auditor answers the manual questions of every run but the newest, which stays pending. */
async function answerDemoQuestions(database: Database, at: number, runId: number, i: number) {
  const manual = ["MAN-CATALOGUE", "MAN-SLA-AGREED", "MAN-ROLES", "MAN-COMMS-TEMPLATES", "MAN-CLASSIFICATION"];
  const chinese = i % 2 === 0;
  const answeredBy = chinese ? chineseAuditor : auditor;
  for (const [k, ruleId] of manual.entries()) {
    if ((i + k) % 7 === 6) continue; // some questions stay pending
    const answer = answers[(i + k) % answers.length];
    const note = answer === "conformant" ? null : manualNotes[ruleId][answer][chinese ? "zh" : "en"];
    await answerManualQuestion({ ctx: actingAt(database, at, answeredBy, "auditor"), input: { runId, ruleId, data: { answer, note } } });
  }
}

/** Owners work on their actions: some start, some finish, some are verified after a passing run, some stay open and go overdue. */
async function progressActions(database: Database, at: number, i: number) {
  const { db } = database;
  const today = localDate(at, timezone);
  const rows = await db
    .select({ id: actions.id, status: actions.status, findingId: findings.id, findingStatus: findings.status, resolvedRunId: findings.resolvedRunId })
    .from(actions)
    .innerJoin(findings, eq(findings.id, actions.findingId))
    .where(and(inArray(actions.status, ["open", "in_progress", "done"]), lt(actions.createdAt, at - 10 * dayMs)))
    .orderBy(asc(actions.id));
  const as = (name: string, role: Role): Ctx => ({ db, now: at, actor: { name, role, kind: "user" }, timezone, today, locale: "en", log: logger });
  for (const a of rows) {
    if (a.id % 6 === 0) continue; // forgotten by its owner: stays open and goes overdue
    const turn = (a.id + i) % 5;
    if (a.status === "done" && a.findingStatus === "resolved_pending_verification" && a.resolvedRunId !== null) {
      try {
        await closeFinding({ ctx: as(auditor, "auditor"), input: { id: a.findingId, data: { root_cause: "根因：流程未覆盖该情形，已补充 Root cause: the procedure did not cover the case; it now does", verified_by_run_id: a.resolvedRunId } } });
      } catch (e) {
        // the passing run cannot verify it (a changed answer without a note): it waits for the auditor
        if (!(e instanceof AppError)) throw e;
      }
    } else if (a.status === "open" && turn === 1) {
      await updateAction({ ctx: as(owner, "manager"), input: { id: a.id, data: { status: "in_progress" } } });
    } else if ((a.status === "open" || a.status === "in_progress") && (turn === 2 || turn === 3)) {
      await updateAction({ ctx: as(owner, "manager"), input: { id: a.id, data: { status: "done" } } });
    }
  }
}
