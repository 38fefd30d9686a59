// Builds a completed run of the built-in rulebook straight in the tables (the engine's own runs are
// tested elsewhere): results for every rule, evidence, findings, actions, manual answers, a waiver,
// with Chinese and hostile strings where people type text.
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import type { Database } from "../../server/db/client.js";
import { actions, findings, manualAnswers, plans, runEvidence, runResults, runs, services, waivers, type ResultStatus, type Role } from "../../server/db/schema.js";

export const hostileScript = "<script>alert(1)</script>";
export const hostileSql = "'; DROP TABLE tickets;--";
export const chineseService = "电子邮件服务";

const day = 86_400_000;
export const periodStart = Date.parse("2026-09-30T16:00:00Z"); // 2026-10-01 00:00 Asia/Shanghai
export const periodEnd = Date.parse("2026-10-31T16:00:00Z");

export interface SeedOptions {
  /** evidence ids of the failing INC-RESOLVE-URGENT rule */
  evidence?: number;
  /** completed runs of the plan before the one returned */
  previousRuns?: number;
}

export interface SeededRun {
  planId: number;
  runId: number;
  previousRunIds: number[];
  finishedAt: number;
}

const evidenceId = (n: number) => `IT-2026-${String(n).padStart(6, "0")}`;

/** Deterministic value and status of each rule for run number `k` of the plan. */
function resultFor(ruleId: string, k: number): { status: ResultStatus; value: number | null; population: number; evidence: number } {
  const rule = iso20000Support.rules.find((r) => r.id === ruleId)!;
  if (rule.kind === "manual") return { status: "pending", value: null, population: 0, evidence: 0 };
  switch (ruleId) {
    case "INC-RESOLVE-URGENT":
      return { status: "fail", value: 80 + k, population: 120, evidence: 0 };
    case "REQ-FEEDBACK":
      return { status: "fail", value: 70.5, population: 400, evidence: 3 };
    case "REC-CONSISTENT":
      return { status: k === 0 ? "fail" : "pass", value: k === 0 ? 2 : 0, population: 5000, evidence: k === 0 ? 2 : 0 };
    case "MTTR-URGENT":
      return { status: "pass", value: 95.25 + k, population: 120, evidence: 0 };
    case "KB-UPDATE-MONTH":
      return { status: "fail", value: 45, population: 1, evidence: 0 };
    case "AVAIL-MONTHLY":
      return { status: "not_applicable", value: null, population: 0, evidence: 0 };
    case "TRAINING-SCORE":
      return { status: "pass", value: 86.5, population: 12, evidence: 0 };
    default:
      if (rule.unit === "days") return { status: "pass", value: 10 + k, population: 1, evidence: 0 };
      if (rule.unit === "count") return { status: "pass", value: 0, population: 5000, evidence: 0 };
      return { status: "pass", value: 97 + k / 4, population: 300, evidence: 0 };
  }
}

export async function seedCompletedRun(database: Database, opts: SeedOptions = {}): Promise<SeededRun> {
  const { db } = database;
  const evidenceCount = opts.evidence ?? 60;
  const previous = opts.previousRuns ?? 2;
  await db.insert(services).values([
    { key: "email", name: chineseService },
    { key: "erp", name: `ERP ${hostileScript}` },
  ]).onConflictDoNothing();
  const planName = `月度审计 ${hostileScript}`;
  const [plan] = await db
    .insert(plans)
    .values({
      name: planName,
      rulebook: "iso20000-support",
      rules: null,
      thresholds: {},
      services: ["email", "erp"],
      period: { type: "previous_month" },
      timezone: "Asia/Shanghai",
      owner: "王芳",
      updatedAt: periodStart,
    })
    .returning({ id: plans.id });

  const runIds: number[] = [];
  let finishedAt = 0;
  for (let k = previous; k >= 0; k--) {
    const start = periodStart - k * 31 * day;
    const end = periodEnd - k * 31 * day;
    finishedAt = end + 3_600_000;
    const [run] = await db
      .insert(runs)
      .values({
        planId: plan.id,
        status: "completed",
        trigger: k === 0 ? "manual" : "schedule",
        periodStart: start,
        periodEnd: end,
        timezone: "Asia/Shanghai",
        // the shape the engine records (audits/runs.ts snapshotOf)
        planSnapshot: {
          name: planName,
          rulebook: "iso20000-support",
          rules: iso20000Support.rules.map((r) => r.id),
          thresholds: {},
          services: ["email", "erp"],
          period: { type: "previous_month" },
          timezone: "Asia/Shanghai",
          owner: "王芳",
        },
        rulebookVersion: iso20000Support.version,
        policyVersions: [1],
        dataHash: "0f1e2d3c4b5a6978",
        score: 80 - k * 2.5,
        scoreRaw: 78 - k * 2.5,
        startedBy: k === 0 ? "auditor@example.test" : "scheduler",
        startedAt: end + 60_000,
        finishedAt,
      })
      .returning({ id: runs.id });
    runIds.push(run.id);
    const rows = iso20000Support.rules.map((rule) => {
      const r = resultFor(rule.id, k);
      const waived = rule.id === "KB-UPDATE-MONTH" && k === 0;
      const count = rule.id === "INC-RESOLVE-URGENT" ? evidenceCount : r.evidence;
      const ids = Array.from({ length: Math.min(50, count) }, (_, i) => evidenceId(i + 1));
      return {
        runId: run.id,
        ruleId: rule.id,
        status: waived ? ("waived" as const) : r.status,
        rawStatus: r.status,
        value: r.value,
        threshold: rule.threshold,
        population: r.population,
        smallPopulation: r.population > 0 && r.population < 20,
        evidenceCount: count,
        evidenceIds: ids,
        message: rule.id === "REQ-FEEDBACK" ? hostileSql : `${rule.title}: evaluated`,
      };
    });
    await db.insert(runResults).values(rows);
    const evidenceRows = Array.from({ length: evidenceCount }, (_, i) => ({ runId: run.id, ruleId: "INC-RESOLVE-URGENT", recordId: evidenceId(i + 1) }));
    for (let i = 0; i < evidenceRows.length; i += 500) await db.insert(runEvidence).values(evidenceRows.slice(i, i + 500));
  }
  const runId = runIds[runIds.length - 1];
  const firstRun = runIds[0];

  const [urgent] = await db
    .insert(findings)
    .values({
      planId: plan.id,
      ruleId: "INC-RESOLVE-URGENT",
      severity: "major",
      grade: "major_nonconformity",
      status: "open",
      title: "Urgent incidents: resolved within 2 h",
      description: `Attainment below 95 % for ${chineseService}; escalation notes mention ${hostileScript}.`,
      firstRunId: firstRun,
      lastRunId: runId,
      recurrence: runIds.length,
      evidenceCount,
      evidenceIds: Array.from({ length: Math.min(50, evidenceCount) }, (_, i) => evidenceId(i + 1)),
      updatedAt: finishedAt,
    })
    .returning({ id: findings.id });
  const [feedback] = await db
    .insert(findings)
    .values({
      planId: plan.id,
      ruleId: "REQ-FEEDBACK",
      severity: "observation",
      grade: "observation",
      status: "open",
      title: "Requests: closed with feedback within 72 h",
      description: "Three requests were closed late.",
      firstRunId: runId,
      lastRunId: runId,
      recurrence: 1,
      evidenceCount: 3,
      evidenceIds: [evidenceId(1), evidenceId(2), evidenceId(3)],
      updatedAt: finishedAt,
    })
    .returning({ id: findings.id });
  await db.insert(actions).values([
    {
      findingId: urgent.id,
      title: "升级流程复盘 escalation review",
      description: hostileSql,
      owner: "王芳",
      dueDate: "2026-10-15",
      status: "in_progress",
      updatedAt: finishedAt,
    },
    { findingId: feedback.id, title: "Remind requesters to confirm closure", description: "Weekly reminder", owner: null, dueDate: null, status: "open", updatedAt: finishedAt },
  ]);
  await db.insert(manualAnswers).values([
    { runId, ruleId: "MAN-CATALOGUE", answer: "conformant", note: `服务目录已发布 ${chineseService}`, answeredBy: "auditor@example.test", answeredAt: finishedAt - 1000 },
    { runId, ruleId: "MAN-SLA-AGREED", answer: "nonconformant", note: `No SLA for erp: ${hostileSql}`, answeredBy: "auditor@example.test", answeredAt: finishedAt - 500 },
  ]);
  await db.insert(waivers).values({
    planId: plan.id,
    ruleId: "KB-UPDATE-MONTH",
    reason: `知识库迁移中 (migration) ${hostileScript}`,
    requestedBy: "auditor@example.test",
    approvedBy: "officer@example.test",
    approvedAt: periodStart,
    status: "approved",
    expiresOn: "2026-12-31",
    createdAt: periodStart,
  });
  return { planId: plan.id, runId, previousRunIds: runIds.slice(0, -1), finishedAt };
}

/** Defers, as an auditor through the API, every manual question of the run still unanswered (a sign-off needs them answered or deferred). */
export async function deferOpenQuestions(t: { request(path: string, init?: RequestInit & { role?: Role }): Promise<Response> }, runId: number): Promise<string[]> {
  const run = await (await t.request(`/api/v1/runs/${runId}`, { role: "viewer" })).json();
  const open = (run.results as { rule_id: string; status: string }[]).filter((r) => r.status === "pending").map((r) => r.rule_id);
  for (const ruleId of open) {
    const res = await t.request(`/api/v1/runs/${runId}/answers/${ruleId}`, {
      role: "auditor",
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ answer: "deferred", note: "evidence requested from the service owner" }),
    });
    if (res.status !== 200) throw new Error(`deferring ${ruleId}: ${res.status} ${await res.text()}`);
  }
  return open;
}
