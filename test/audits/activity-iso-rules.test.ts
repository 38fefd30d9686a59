// Issue 16's activity fields and rules, end to end: activities posted over HTTP (JSON and CSV, lists separated by ;)
// with participants, auditor, area, area_owner, inputs and major; INTERNAL-AUDIT-YEAR's independence,
// MGMT-REVIEW-INPUTS, TRAINING-COVERAGE and CHANGE-CONTINUITY judged by the engine and read back over
// the API, each compared with the independent computation of test/audits/reference-rules.ts (status, value and
// evidence), at their edges: names differing in case and white space, blanks, the 366-day and 30-day bounds, bare
// dates, other services, pending changes, and another plan's run (which is no internal audit).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun } from "../../audits/runs.js";
import { findRule } from "../../audits/rulebooks/index.js";
import { verifyRun } from "../../audits/verify-run.js";
import type { ActivityInput, TicketInput } from "../../server/contract/index.js";
import { translate } from "../../server/i18n/index.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { testCtx } from "../support/ctx.js";
import { ticket } from "../support/factories.js";
import { isoActivityReference, type ReferenceInput } from "./reference-rules.js";

let t: TestApp;
const rules = ["INTERNAL-AUDIT-YEAR", "MGMT-REVIEW-INPUTS", "TRAINING-COVERAGE", "CHANGE-CONTINUITY"];
// the run's period: August to October 2026 (UTC); asOf = 2026-11-01T00:00Z, so 366 days back is 2025-10-31T00:00Z
const period = { type: "custom" as const, start: "2026-08-01T00:00:00Z", end: "2026-11-01T00:00:00Z" };

const tickets: TicketInput[] = [
  ticket(1, { assignee: "alice" }),
  ticket(2, { assignee: " Alice " }), // the same person as alice
  ticket(3, { assignee: "Bob" }),
  ticket(4, { assignee: "张三" }),
  ticket(5, { assignee: "\u3000" }), // blank: no one
  ticket(6, { assignee: "carol" }),
  ticket(7, { assignee: "zoe", service: "hr" }), // another service than the plan's
  ticket(8, { assignee: "dave", opened_at: "2026-07-15T00:00:00Z", first_response_at: null, resolved_at: null, resolution: null }), // before the period
];

const json: ActivityInput[] = [
  // trainings
  { id: "tr-2", type: "training", date: "2025-09-01", participants: ["张三", "carol"] }, // 426 days back: too old
  { id: "tr-3", type: "training", date: "2025-10-31", participants: ["Carol"] }, // exactly 366 days back: outside (asOf − 366 d, asOf]
  { id: "tr-4", type: "training", date: "2025-10-31T00:00:01Z", participants: ["张三"] }, // a second inside
  { id: "tr-5", type: "training", date: "2026-06-01", service: "hr", participants: ["carol"] }, // another service
  { id: "tr-6", type: "training", date: "2026-11-01T00:00:01Z", participants: ["carol"] }, // after asOf
  // internal audits: none independent inside the window
  { id: "au-1", type: "internal_audit", date: "2026-05-01", auditor: "Dana Li", area: "service desk", area_owner: " dana  LI" }, // the owner audits
  { id: "au-2", type: "internal_audit", date: "2026-06-01", auditor: "\u3000", area: "service desk", area_owner: "Erik" }, // no auditor
  { id: "au-3", type: "internal_audit", date: "2026-07-01", auditor: "Erik", area: " ", area_owner: "Dana Li" }, // no area
  { id: "au-4", type: "internal_audit", date: "2025-10-31", auditor: "Erik", area: "incident management", area_owner: "Dana Li" }, // independent, 366 days back
  { id: "au-hr", type: "internal_audit", date: "2026-09-01", service: "hr", auditor: "Erik", area: "hr desk", area_owner: "Fay" }, // another service
  // major changes and continuity tests
  { id: "ch-2", type: "change", date: "2026-08-20T10:00:00Z", service: "email", major: true },
  { id: "ct-2", type: "continuity_test", date: "2026-08-22", service: "hr" }, // another service's test: not ch-2's
  { id: "ch-4", type: "change", date: "2026-08-25T12:00:00Z", major: true }, // organisation-wide
  { id: "ct-4", type: "continuity_test", date: "2026-09-24T12:00:01Z" }, // 30 days and a second later: too late
  { id: "ch-5", type: "change", date: "2026-10-28", service: "email", major: true }, // untested, not yet due: pending
  { id: "ch-6", type: "change", date: "2026-08-15", service: "email", major: false }, // not major
  { id: "ch-7", type: "change", date: "2026-09-01", service: "hr", major: true }, // another service, tested by the organisation-wide ct-4
  { id: "ch-8", type: "change", date: "2026-07-20", service: "email", major: true }, // before the period
];

// the same contract in CSV: lists separated by ;, empty cell = null, major as true/false
const csv = [
  "id,type,date,service,title,participants,auditor,area,area_owner,inputs,major",
  'tr-1,training,2026-03-01,,Support refresher,"ALICE; bob ;",,,,,',
  "ch-1,change,2026-08-02,email,Mail platform upgrade,,,,,,true",
  "ct-1,continuity_test,2026-08-12,email,Mail failover test,,,,,,",
  "ch-3,change,2026-09-26,email,Mail storage migration,,,,,,TRUE",
  "ct-3,continuity_test,2026-10-26,,Whole-site continuity test,,,,,,false", // organisation-wide, on the 30th day
].join("\n");
const csvActivities: ActivityInput[] = [
  { id: "tr-1", type: "training", date: "2026-03-01", title: "Support refresher", participants: ["ALICE", "bob"] },
  { id: "ch-1", type: "change", date: "2026-08-02", service: "email", title: "Mail platform upgrade", major: true },
  { id: "ct-1", type: "continuity_test", date: "2026-08-12", service: "email", title: "Mail failover test" },
  { id: "ch-3", type: "change", date: "2026-09-26", service: "email", title: "Mail storage migration", major: true },
  { id: "ct-3", type: "continuity_test", date: "2026-10-26", title: "Whole-site continuity test" },
];

const later: ActivityInput[] = [
  { id: "au-5", type: "internal_audit", date: "2026-10-15T09:00:00+08:00", auditor: "Erik", area: "变更管理", area_owner: null }, // independent, no owner named
  { id: "mr-1", type: "management_review", date: "2026-02-01", inputs: ["audit_results", "customer_satisfaction", "service_performance", "nonconformities_actions", "risks", "improvement_opportunities"] },
  { id: "mr-2", type: "management_review", date: "2026-09-01", inputs: ["audit_results", "risks", "service_performance", "customer_satisfaction", "risks"] },
  { id: "mr-hr", type: "management_review", date: "2026-10-01", service: "hr", inputs: [] }, // another service
];

const post = (path: string, body: unknown) => t.request(path, { ...jsonBody(body), role: "ingest" });
const postCsv = (body: string, contentType = "text/csv") => t.request("/api/v1/activities", { method: "POST", body, headers: { "content-type": contentType }, role: "ingest" });

interface ApiResult {
  rule_id: string;
  status: string;
  value: number | null;
  threshold: number | null;
  population: number;
  message: string;
  evidence: { count: number; ids: string[] };
  details: Record<string, unknown> | null;
  next_due?: string | null;
}

let lastRunId = 0;
async function runOver(name: string, services: string[] | null = ["email"]): Promise<Record<string, ApiResult>> {
  const ctx = testCtx(t.database.db, t.clock.now(), "test");
  const plan = await createPlan({ ctx, input: { name, services: services ?? undefined, timezone: "UTC", period, rules } });
  const run = await createRun({ ctx, input: { planId: plan.id, trigger: "manual" } });
  expect(await executeRun(t.database, t.clock, run.id, "test:1")).toEqual({ runId: run.id, status: "completed" });
  lastRunId = run.id;
  const res = await t.request(`/api/v1/runs/${run.id}`, { role: "auditor" });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { results: ApiResult[] };
  return Object.fromEntries(body.results.map((r) => [r.rule_id, r]));
}

function reference(activities: ActivityInput[], services: string[] | null = ["email"]) {
  const input: ReferenceInput = {
    tickets,
    deleted: new Set(),
    samples: [],
    activities,
    actions: [],
    otherPlanRuns: [],
    start: Date.parse(period.start),
    end: Date.parse(period.end),
    timezone: "UTC",
    services,
    servicePolicies: [],
  };
  return isoActivityReference(input);
}

/** The engine's results agree with the reference: status, value, and the evidence each rule lists. */
function agree(got: Record<string, ApiResult>, want: ReturnType<typeof reference>) {
  for (const id of rules) expect({ id, status: got[id].status, value: got[id].value }).toEqual({ id, ...want.results[id] });
  expect(got["INTERNAL-AUDIT-YEAR"].evidence.ids).toEqual(want.evidence.flawedAudits);
  expect(got["TRAINING-COVERAGE"].evidence.ids).toEqual(want.evidence.untrained);
  expect(got["CHANGE-CONTINUITY"].evidence.ids).toEqual(want.evidence.untestedChanges);
  expect(got["CHANGE-CONTINUITY"].details).toMatchObject({ pending: want.evidence.pendingChanges });
  expect((got["MGMT-REVIEW-INPUTS"].details as { missing?: string[] } | null)?.missing ?? []).toEqual(want.evidence.missingInputs);
}

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-02T00:00:00Z" });
  expect((await post("/api/v1/tickets", { tickets })).status).toBe(200);
});
afterAll(() => t.close());

describe("the activity contract's new fields", () => {
  it("refuses an input outside the list, naming the field's path, and writes nothing", async () => {
    const res = await post("/api/v1/activities", {
      activities: [
        { id: "x-1", type: "management_review", date: "2026-10-01", inputs: ["risks"] },
        { id: "x-2", type: "management_review", date: "2026-10-01", inputs: ["risks", "budget"] },
        { id: "x-3", type: "training", date: "2026-10-01", participants: "alice" },
        { id: "x-4", type: "change", date: "2026-10-01", major: "yes" },
      ],
    });
    expect(res.status).toBe(400);
    const issues = ((await res.json()) as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual(["activities.1.inputs.1", "activities.2.participants", "activities.3.major"]);
    expect(issues[0].message).toContain("audit_results, customer_satisfaction, service_performance, nonconformities_actions, risks, improvement_opportunities");
    expect(await t.database.db.all(sql`SELECT id FROM activities WHERE id LIKE 'x-%'`)).toEqual([]);
  });

  it("refuses the same in CSV, by the same path; and an unknown column", async () => {
    const bad = await postCsv("id,type,date,inputs\nx-5,management_review,2026-10-01,risks\nx-6,management_review,2026-10-01,risks;budget\n");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["activities.1.inputs.1"]);
    const column = await postCsv("id,type,date,attendees\nx-7,training,2026-10-01,alice\n");
    expect(column.status).toBe(400);
    expect(((await column.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["header.3"]);
    expect(await t.database.db.all(sql`SELECT id FROM activities WHERE id LIKE 'x-%'`)).toEqual([]);
  });

  it("stores lists as JSON arrays (read with json_each), major as a boolean, from JSON and from CSV alike", async () => {
    expect((await post("/api/v1/activities", { activities: json })).status).toBe(200);
    const res = await postCsv(csv);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ received: 5, inserted: 5, updated: 0 });
    const people = await t.database.db.all<{ id: string; name: string }>(sql`SELECT a.id, p.value AS name FROM activities a, json_each(a.participants) p WHERE a.type = 'training' ORDER BY a.id, p.key`);
    expect(people.filter((p) => p.id === "tr-1").map((p) => p.name)).toEqual(["ALICE", "bob"]);
    const rows = await t.database.db.all<{ id: string; major: number; participants: string | null; auditor: string | null; area_owner: string | null }>(
      sql`SELECT id, major, participants, auditor, area_owner FROM activities WHERE id IN ('ch-1', 'ch-3', 'ct-3', 'ch-6', 'au-1', 'tr-3') ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: "au-1", major: 0, participants: null, auditor: "Dana Li", area_owner: " dana  LI" },
      { id: "ch-1", major: 1, participants: null, auditor: null, area_owner: null },
      { id: "ch-3", major: 1, participants: null, auditor: null, area_owner: null },
      { id: "ch-6", major: 0, participants: null, auditor: null, area_owner: null },
      { id: "ct-3", major: 0, participants: null, auditor: null, area_owner: null },
      { id: "tr-3", major: 0, participants: '["Carol"]', auditor: null, area_owner: null },
    ]);
  });
});

describe("the rules on who did an activity and what it covered", () => {
  it("before any review and any independent audit in the window: the engine agrees with the reference, edges included", async () => {
    // another plan's completed run: no longer an internal audit
    await runOver("another plan", null);
    const got = await runOver("iso activities");
    const want = reference([...json, ...csvActivities]);
    agree(got, want);
    // INTERNAL-AUDIT-YEAR: the only independent audit is exactly 366 days back; the window's three audits are flawed
    expect(got["INTERNAL-AUDIT-YEAR"]).toMatchObject({ status: "fail", value: 366, threshold: 366, population: 3, evidence: { count: 3, ids: ["au-1", "au-2", "au-3"] }, next_due: "2026-11-01" });
    expect(got["INTERNAL-AUDIT-YEAR"].details).toMatchObject({ latest: "au-4", flawed: { "au-1": "owner_audits", "au-2": "no_auditor", "au-3": "no_area" } });
    // MGMT-REVIEW-INPUTS: no review at all
    expect(got["MGMT-REVIEW-INPUTS"]).toMatchObject({ status: "fail", value: null, message: "no management_review in the 366 days up to the end of the period" });
    // TRAINING-COVERAGE: alice (twice spelt), bob, 张三 trained; carol's trainings are too old, of hr, or after asOf
    expect(got["TRAINING-COVERAGE"]).toMatchObject({ status: "fail", value: 75, threshold: 90, population: 4, evidence: { count: 1, ids: ["carol"] } });
    // CONTINUITY: ch-1 (same service), ch-3 (organisation-wide test on the 30th day) tested; ch-2, ch-4 not; ch-5 pending
    expect(got["CHANGE-CONTINUITY"]).toMatchObject({ status: "fail", value: 50, threshold: 100, population: 4, evidence: { count: 2, ids: ["ch-2", "ch-4"] }, details: { pending: 1 } });
    expect(got["CHANGE-CONTINUITY"].message).toBe("2 of 4 major changes followed by a continuity test within 30 days (≥ 100 % required; 50 %); 2 missing, 1 pending");
  });

  it("the run page shows each offending activity with who did it and what it covered, in the reader's language", async () => {
    const { cookie } = await t.session("viewer");
    const page = async (ruleId: string, language: string) =>
      (await t.app.request(`/runs/${lastRunId}/evidence/${ruleId}`, { headers: { accept: "text/html", cookie, "hx-request": "true", "accept-language": language } })).text();
    const audits = await page("INTERNAL-AUDIT-YEAR", "en");
    expect(audits).toContain("<code>au-1</code>");
    expect(audits).toMatch(/auditor: Dana Li · area: service desk · area owner:  dana {2}LI/);
    expect(await page("INTERNAL-AUDIT-YEAR", "zh-CN")).toContain("审核员：Dana Li · 受审核领域：service desk");
    const changes = await page("CHANGE-CONTINUITY", "zh-CN");
    expect(changes).toContain("<code>ch-2</code>");
    expect(changes).toContain("重大变更：是");
  });

  it("with an independent audit and two management reviews: the latest review's missing inputs are named", async () => {
    expect((await post("/api/v1/activities", { activities: later })).status).toBe(200);
    const got = await runOver("iso activities, later");
    const want = reference([...json, ...csvActivities, ...later]);
    agree(got, want);
    expect(got["INTERNAL-AUDIT-YEAR"]).toMatchObject({ status: "pass", value: 16, next_due: "2027-10-16", evidence: { count: 3 } });
    expect(got["INTERNAL-AUDIT-YEAR"].details).toMatchObject({ latest: "au-5", area: "变更管理" });
    expect(got["MGMT-REVIEW-INPUTS"]).toMatchObject({ status: "fail", value: 2, threshold: 0, population: 1, evidence: { count: 1, ids: ["mr-2"] } });
    expect(got["MGMT-REVIEW-INPUTS"].message).toBe("the management_review of 2026-09-01 lacks 2 of 6 required inputs: nonconformities and actions, improvement opportunities");
    const { cookie } = await t.session("viewer");
    const review = await (await t.app.request(`/runs/${lastRunId}/evidence/MGMT-REVIEW-INPUTS`, { headers: { accept: "text/html", cookie, "hx-request": "true", "accept-language": "zh-CN" } })).text();
    expect(review).toContain("已涵盖的输入：审核结果, 风险, 服务绩效, 顾客满意度, 风险");
    // in Chinese, the same list in Chinese words
    expect(translate("zh-CN", "result.reviewInputs.missing", { activityType: "management_review", date: "2026-09-01", required: 6, missing: 2, in_audit_results: "no", in_customer_satisfaction: "no", in_service_performance: "no", in_nonconformities_actions: "first", in_risks: "no", in_improvement_opportunities: "next" })).toBe(
      "2026-09-01 的管理评审缺少 6 项必需输入中的 2 项：不符合及纠正措施、改进机会",
    );
  });

  it("a re-posted activity keeps its earlier image in the history, new fields included; the earlier run re-performs", async () => {
    const earlier = lastRunId;
    expect((await post("/api/v1/activities", { activities: [{ ...later[2], inputs: [...later[1].inputs!] }] })).status).toBe(200);
    const history = await t.database.db.all<{ inputs: string; major: number }>(sql`SELECT inputs, major FROM activity_history WHERE activity_id = 'mr-2'`);
    expect(history.map((h) => JSON.parse(h.inputs))).toEqual([later[2].inputs]);
    // the run before the change re-performs on the data as it stood: the review still lacked two inputs
    const verification = await verifyRun(t.database, earlier);
    expect(verification.differences).toEqual([]);
    expect(verification.identical).toBe(rules.length);
    const got = await runOver("iso activities, complete review");
    agree(got, reference([...json, ...csvActivities, ...later.map((a) => (a.id === "mr-2" ? { ...a, inputs: later[1].inputs } : a))]));
    expect(got["MGMT-REVIEW-INPUTS"]).toMatchObject({ status: "pass", value: 0, evidence: { count: 0, ids: [] }, message: "the management_review of 2026-09-01 covers all 6 required inputs" });
  });

  it("for every service: hr's activities count too", async () => {
    const activities = [...json, ...csvActivities, ...later.map((a) => (a.id === "mr-2" ? { ...a, inputs: later[1].inputs } : a))];
    const got = await runOver("iso activities, every service", null);
    agree(got, reference(activities, null));
    // the hr review of 2026-10-01 is now the latest, and lists nothing
    expect(got["MGMT-REVIEW-INPUTS"]).toMatchObject({ status: "fail", value: 6, evidence: { ids: ["mr-hr"] } });
    // zoe (hr) joins the assignees; carol is trained by hr's training
    expect(got["TRAINING-COVERAGE"]).toMatchObject({ evidence: { ids: ["zoe"] }, population: 5, value: 80 });
    // ch-7 (hr) joins the changes, tested by the organisation-wide ct-4
    expect(got["CHANGE-CONTINUITY"]).toMatchObject({ value: 60, population: 5, evidence: { ids: ["ch-2", "ch-4"] } });
  });

  it("are declared as the README specifies", () => {
    expect(findRule("iso20000-support", "INTERNAL-AUDIT-YEAR")).toMatchObject({ kind: "audit_independence", severity: "minor", threshold: 366, comparison: "lt", unit: "days", clause: "9.2", params: { activityType: "internal_audit", days: 366 } });
    expect(findRule("iso20000-support", "MGMT-REVIEW-INPUTS")).toMatchObject({ kind: "review_inputs", severity: "minor", threshold: 0, comparison: "lte", unit: "count", clause: "9.3" });
    expect(findRule("iso20000-support", "TRAINING-COVERAGE")).toMatchObject({ kind: "training_coverage", severity: "minor", threshold: 90, comparison: "gte", unit: "percent", clause: "7.2", guide: "G2.5, G6" });
    expect(findRule("iso20000-support", "CHANGE-CONTINUITY")).toMatchObject({ kind: "continuity_after_change", severity: "major", threshold: 100, unit: "percent", clause: "8.7.2, 8.5.1", params: { withinDays: 30 } });
  });
});
