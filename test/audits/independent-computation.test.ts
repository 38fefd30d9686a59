// Every rule of the built-in rulebook, run by the engine over a random data set, agrees with an independent
// plain-TypeScript computation from the raw inputs: same status, value within 0.01. One service has a
// business-hours policy (New York, DST inside the hours, holidays), so business-time pending is covered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../audits/run-executor.js";
import { createPlan } from "../../audits/plans.js";
import { createRun, getRunDetail } from "../../audits/runs.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import { actions, findings } from "../../server/db/schema.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { randomDataset, type Dataset } from "./random-dataset.js";
import { builtIn, referenceResults, type ReferenceInput, type ServicePolicy, type Targets } from "./reference-rules.js";
import type { SlaCalendar } from "../../server/db/schema.js";
import { testCtx } from "../support/ctx.js";
import { scanSlices } from "../../audits/run-scope.js";
import { verifyRun } from "../../audits/verify-run.js";
import { runEvidence } from "../../server/db/schema.js";
import { asc, eq } from "drizzle-orm";

/** erp gets its own (stricter) policy from mid-September: its tickets from then on are measured against it */
const erpTargets: Targets = {
  incident: { urgent: { response: 30, resolution: 90 }, important: { response: 90, resolution: 200 }, general: { response: 720, resolution: 2000 } },
  request: { ...builtIn.request, response: 600, general: 2000 },
};
/** network works Sunday to Friday, 01:00–20:00 in New York: DST ends on Sunday 2026-11-01 at 02:00, inside the hours */
const networkHours: SlaCalendar = { type: "business", timezone: "America/New_York", days: [7, 1, 2, 3, 4, 5], start: "01:00", end: "20:00", holidays: ["2026-09-07", "2026-10-12", "2026-11-03"] };
const servicePolicies: ServicePolicy[] = [
  { service: "erp", from: Date.parse("2026-09-15T00:00:00Z"), targets: erpTargets, calendar: { type: "24x7" } },
  { service: "network", from: Date.parse("2026-08-01T00:00:00-04:00"), targets: builtIn, calendar: networkHours },
];

let t: TestApp;
let data: Dataset;
const actionRows = [
  { id: 0, dueDate: "2026-10-01", status: "done" as const, completedAt: Date.parse("2026-10-01T15:59:00Z") }, // on time (23:59 Shanghai)
  { id: 0, dueDate: "2026-10-01", status: "done" as const, completedAt: Date.parse("2026-10-01T16:00:00Z") }, // a minute late in Shanghai
  { id: 0, dueDate: "2026-10-15", status: "verified" as const, completedAt: Date.parse("2026-10-10T00:00:00Z") },
  { id: 0, dueDate: "2026-10-31", status: "open" as const, completedAt: null },
  { id: 0, dueDate: "2026-11-01", status: "in_progress" as const, completedAt: null },
  { id: 0, dueDate: null, status: "open" as const, completedAt: null },
];

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-05T03:00:00Z" });
  data = randomDataset(20261124, Date.parse("2026-05-20T00:00:00Z"), Date.parse("2026-11-05T03:00:00Z"), 4000);
  const post = (path: string, body: unknown) => t.request(path, { ...jsonBody(body), role: "ingest" });
  expect((await post("/api/v1/tickets", { tickets: data.tickets })).status).toBe(200);
  for (const id of data.deleted) {
    expect((await t.request(`/api/v1/tickets/${encodeURIComponent(id)}?reason=test`, { method: "DELETE", role: "ingest" })).status).toBe(200);
  }
  expect((await post("/api/v1/metrics", { samples: data.samples })).status).toBe(200);
  expect((await post("/api/v1/activities", { activities: data.activities })).status).toBe(200);
  const policy = await t.request("/api/v1/sla-policies", { ...jsonBody({ service: "erp", effective_from: "2026-09-15T00:00:00Z", reason: "erp contract from mid-September", targets: erpTargets }), role: "admin" });
  expect(policy.status).toBe(201);
  const business = await t.request("/api/v1/sla-policies", { ...jsonBody({ service: "network", effective_from: "2026-08-01T00:00:00-04:00", reason: "network desk staffed in office hours from August", calendar: networkHours, targets: builtIn }), role: "admin" });
  expect(business.status).toBe(201);
});
afterAll(() => t.close());

async function runPlan(input: unknown) {
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: input });
  return plan;
}

function compare(detail: Awaited<ReturnType<typeof getRunDetail>>, expected: ReturnType<typeof referenceResults>) {
  const mismatches: string[] = [];
  // the reference's own list of rules drives the comparison: a rule the rulebook (or the run) lacks is a mismatch,
  // and so is a rule of the rulebook the reference does not compute
  for (const rule of iso20000Support.rules) if (!(rule.id in expected)) mismatches.push(`${rule.id}: not computed by the reference`);
  for (const [ruleId, want] of Object.entries(expected)) {
    const got = detail.results!.find((r) => r.rule_id === ruleId);
    if (!got) {
      mismatches.push(`${ruleId}: no result from the engine`);
      continue;
    }
    const valueOk = want.value === null ? got.value === null : got.value !== null && Math.abs(got.value - want.value) <= 0.01;
    if (got.status !== want.status || !valueOk) mismatches.push(`${ruleId}: engine ${got.status} ${got.value}, reference ${want.status} ${want.value}`);
  }
  return mismatches;
}

describe("the engine agrees with an independent computation", () => {
  it("for a monthly plan of two services in Asia/Shanghai, with improvement actions due", async () => {
    const plan = await runPlan({ name: "monthly", services: ["mail", "erp"], timezone: "Asia/Shanghai", period: { type: "previous_month" }, owner: "o@example.test" });
    const first = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    const [finding] = await t.database.db
      .insert(findings)
      .values({ planId: plan.id, ruleId: "REC-COMPLETE", severity: "minor", grade: "minor_nonconformity", status: "open", title: "x", description: "x", firstRunId: first.id, lastRunId: first.id, evidenceIds: [], updatedAt: 0 })
      .returning();
    for (const a of actionRows) {
      const [row] = await t.database.db.insert(actions).values({ findingId: finding.id, title: "a", description: "d", owner: null, dueDate: a.dueDate, status: a.status, completedAt: a.completedAt, updatedAt: 0 }).returning();
      a.id = row.id;
    }
    expect(await executeRun(t.database, t.clock, first.id, "test:1")).toEqual({ runId: first.id, status: "completed" });
    const detail = await getRunDetail(t.database.db, first.id);
    expect(detail.period).toEqual({ start: "2026-09-30T16:00:00.000Z", end: "2026-10-31T16:00:00.000Z" });
    expect(detail.policy_versions).toEqual([1, 2]);
    const input: ReferenceInput = {
      ...data,
      deleted: new Set(data.deleted),
      actions: actionRows,
      otherPlanRuns: [],
      start: Date.parse(detail.period.start),
      end: Date.parse(detail.period.end),
      timezone: "Asia/Shanghai",
      services: ["mail", "erp"],
      servicePolicies,
    };
    const expected = referenceResults(input);
    expect(compare(detail, expected)).toEqual([]);
    // the data set reaches both outcomes on most rules
    expect(detail.results!.filter((r) => r.status === "fail").length).toBeGreaterThan(5);
    expect(detail.results!.filter((r) => r.status === "pass").length).toBeGreaterThan(5);
    expect(expected["ACTIONS-ON-TIME"].value).toBeCloseTo(50, 6);
  });

  it("for a rolling 45-day plan of every service in UTC, where another plan's run is no internal audit", async () => {
    const plan = await runPlan({ name: "rolling", timezone: "UTC", period: { type: "rolling_days", days: 45 } });
    const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    await executeRun(t.database, t.clock, run.id, "test:1");
    const detail = await getRunDetail(t.database.db, run.id);
    expect(detail.period).toEqual({ start: "2026-09-21T03:00:00.000Z", end: "2026-11-05T03:00:00.000Z" });
    const expected = referenceResults({
      ...data,
      deleted: new Set(data.deleted),
      actions: [],
      otherPlanRuns: [t.clock.now()],
      start: Date.parse(detail.period.start),
      end: Date.parse(detail.period.end),
      timezone: "UTC",
      services: null,
      servicePolicies,
    });
    expect(compare(detail, expected)).toEqual([]);
    // the monthly plan's run finished just before: it does not count as an internal audit (ISO 9.2 wants an independent auditor)
    expect(String((detail.results!.find((r) => r.rule_id === "INTERNAL-AUDIT-YEAR")!.details as { latest?: string } | null)?.latest ?? "")).not.toMatch(/^run:/);
  });

  it("for a monthly plan in America/New_York: bare dates by New York days, business-hours pending on network", async () => {
    const plan = await runPlan({ name: "new york", timezone: "America/New_York", period: { type: "previous_month" } });
    const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    await executeRun(t.database, t.clock, run.id, "test:1");
    const detail = await getRunDetail(t.database.db, run.id);
    expect(detail.period).toEqual({ start: "2026-10-01T04:00:00.000Z", end: "2026-11-01T04:00:00.000Z" });
    const expected = referenceResults({
      ...data,
      deleted: new Set(data.deleted),
      actions: [],
      otherPlanRuns: [],
      start: Date.parse(detail.period.start),
      end: Date.parse(detail.period.end),
      timezone: "America/New_York",
      services: null,
      servicePolicies,
    });
    expect(compare(detail, expected)).toEqual([]);
    // the edges the data set is meant to reach
    const network = await runPlan({ name: "network", timezone: "America/New_York", services: ["network"], period: { type: "rolling_days", days: 30 } });
    const second = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: network.id, trigger: "manual" } });
    await executeRun(t.database, t.clock, second.id, "test:1");
    const results = (await getRunDetail(t.database.db, second.id)).results!;
    const pending = results.filter((r) => r.rule_id.startsWith("INC-") || r.rule_id.startsWith("REQ-")).reduce((n, r) => n + Number((r.details as { pending?: number } | null)?.pending ?? 0), 0);
    expect(pending).toBeGreaterThan(0);
    expect(results.find((r) => r.rule_id === "REC-CONSISTENT")!.value).toBeGreaterThan(0);
    expect(compare({ ...detail, results }, referenceResults({
      ...data,
      deleted: new Set(data.deleted),
      actions: [],
      otherPlanRuns: [t.clock.now()],
      start: t.clock.now() - 30 * 86_400_000,
      end: t.clock.now(),
      timezone: "America/New_York",
      services: ["network"],
      servicePolicies,
    }))).toEqual([]);
  });

  it("for a plan over the whole data set read in slices of 97 rowids: the results and evidence of one slice, and the reference's", async () => {
    // the period holds most tickets, so the run reads the table by rowid slices (scanAll); 97 rowids make ~40 slices
    const plan = await runPlan({ name: "whole", timezone: "UTC", period: { type: "custom", start: "2026-05-20T00:00:00Z", end: "2026-11-05T03:00:00Z" } });
    const runWith = async (rowids: number) => {
      const saved = scanSlices.rowids;
      scanSlices.rowids = rowids;
      try {
        const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
        expect(await executeRun(t.database, t.clock, run.id, "test:1")).toEqual({ runId: run.id, status: "completed" });
        const detail = await getRunDetail(t.database.db, run.id);
        const evidence = await t.database.db.select({ rule: runEvidence.ruleId, id: runEvidence.recordId }).from(runEvidence).where(eq(runEvidence.runId, run.id)).orderBy(asc(runEvidence.ruleId), asc(runEvidence.recordId));
        // re-performed on shadow tables, whose rows are numbered afresh (other slice boundaries): the same results
        const verified = await verifyRun(t.database, run.id);
        expect(verified.differences).toEqual([]);
        expect(verified.identical).toBe(iso20000Support.rules.length);
        return { detail, evidence };
      } finally {
        scanSlices.rowids = saved;
      }
    };
    const one = await runWith(1_000_000_000);
    const sliced = await runWith(97);
    // values to 12 significant digits (a mean of fractional minutes adds the slices' floating sums; verify-run compares so)
    const comparable = (d: typeof one.detail) => d.results!.map((r) => ({ rule: r.rule_id, status: r.status, value: r.value === null ? null : Number(r.value.toPrecision(12)), population: r.population, evidence: r.evidence, details: r.details, message: r.message }));
    expect(comparable(sliced.detail)).toEqual(comparable(one.detail));
    expect(sliced.detail.data_hash).toBe(one.detail.data_hash);
    expect(sliced.detail.policy_versions).toEqual(one.detail.policy_versions);
    expect(sliced.evidence).toEqual(one.evidence);
    // evidence of a ticket rule, of an own query and of the recurring groups, so the comparison compares something
    const rulesWithEvidence = new Set(one.evidence.map((e) => e.rule));
    for (const rule of ["REC-COMPLETE", "RECURRING-NO-PROBLEM"]) expect(rulesWithEvidence).toContain(rule);
    const expected = referenceResults({
      ...data,
      deleted: new Set(data.deleted),
      actions: [],
      otherPlanRuns: [t.clock.now()],
      start: Date.parse("2026-05-20T00:00:00Z"),
      end: Date.parse("2026-11-05T03:00:00Z"),
      timezone: "UTC",
      services: null,
      servicePolicies,
    });
    expect(compare(sliced.detail, expected)).toEqual([]);
  });
});
