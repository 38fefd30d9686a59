// The built-in rulebook and the results of a run in both languages: every rule and cited clause has its catalogue
// entries (the English ones equal the rulebook's text), and a real run over demo data formats every result message
// in English exactly as the stored `message`, and in Chinese without English words.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerManualQuestion } from "../../audits/manual-answers.js";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun } from "../../audits/runs.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import { approveWaiver, requestWaiver } from "../../audits/waivers.js";
import { clauseOf } from "../../views/components/clauses.js";
import { isoClauseTitle, isoClauseTitles } from "../../reports/iso-clauses.js";
import { demoActivities, demoMetrics, demoServices, demoTickets, type DemoWindow } from "../../server/demo/generate.js";
import { ingestActivityBatch, ingestMetricBatch } from "../../server/ingest/metrics-activities.js";
import { ensureServices } from "../../server/ingest/services.js";
import { TicketWriter } from "../../server/ingest/tickets.js";
import { runResults } from "../../server/db/schema.js";
import { catalogues, isMessageKey, resultMessage, translate, withPresentation, type Locale } from "../../server/i18n/index.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { testCtx } from "../support/ctx.js";

const cjk = /[\u4e00-\u9fff]/;
/** an English word: lowercase Latin letters (rule ids, SLA and ISO dates are not words) */
const englishWord = /\b[a-z]{2,}\b/;
const en = catalogues.en as Record<string, string>;
const zh = catalogues["zh-CN"] as Record<string, string>;

describe("the built-in rulebook in the catalogues", () => {
  it("has every rule's title, remediation and (manual) question in both languages, the English equal to the rulebook's", () => {
    for (const rule of iso20000Support.rules) {
      const texts: [string, string][] = [
        [`rule.${rule.id}.title`, rule.title],
        [`rule.${rule.id}.remediation`, rule.remediation],
        ...(rule.kind === "manual" ? [[`rule.${rule.id}.question`, rule.params.question] as [string, string]] : []),
      ];
      for (const [key, text] of texts) {
        expect(en[key], key).toBe(text);
        expect(zh[key], key).toMatch(cjk);
        expect(zh[key], key).not.toBe(text);
      }
    }
    // no rule key for a rule the rulebook does not have
    const ids = new Set(iso20000Support.rules.map((r) => r.id));
    for (const key of Object.keys(en).filter((k) => k.startsWith("rule."))) expect(ids.has(key.split(".")[1]), key).toBe(true);
  });

  it("titles every clause the rules cite, as pages group them and as the report does, in both languages", () => {
    const cited = new Set(iso20000Support.rules.flatMap((r) => r.clause.split(",").map((c) => c.trim())));
    for (const r of iso20000Support.rules) cited.add(clauseOf(r.clause));
    for (const clause of cited) {
      const key = `clause.${clause}`;
      expect(isMessageKey(key), key).toBe(true);
      expect(en[key]).toMatch(new RegExp(`^${clause.replaceAll(".", "\\.")} [A-Z]`));
      expect(zh[key]).toMatch(new RegExp(`^${clause.replaceAll(".", "\\.")} `));
      expect(zh[key]).toMatch(cjk);
    }
    expect(isoClauseTitle("8.6", "zh-CN")).toBe("解决与履行");
    expect(isoClauseTitle("8.6.1", "en")).toBe("Incident management");
    expect(isoClauseTitle("4.1", "en")).toBe("Understanding the organization and its context");
    expect(isoClauseTitle("11.1", "en")).toBeUndefined();
    expect(withPresentation({ locale: "zh-CN", timeZone: "UTC" }, () => isoClauseTitles["9.2"])).toBe("内部审核");
    expect(isoClauseTitles["9.2"]).toBe("Internal audit");
  });

  it("has every result message in Chinese, and each pattern formats in both languages", () => {
    const keys = Object.keys(en).filter((k) => k.startsWith("result."));
    expect(keys.length).toBeGreaterThan(20);
    const values = { measure: "response", pending: 2, value: "95.5", judged: 3, symbol: "≥", threshold: 95, targetHours: 1, breached: 1, population: 5, bad: 1, deleted: 1, years: 3, rated: 4, minScore: 4, resolved: 4, metric: "availability", lowest: "99.1", serviceMonths: 2, priority: "urgent", ticketKind: "incident", activityType: "emergency_drill", date: "2026-10-01", days: 3, required: 183, nextDue: "2027-04-02", evaluated: 1, held: 2, scored: 2, reviewed: 1, due: 2, withinDays: 5, missing: 1, onTime: 1, question: "问题？", answer: "conformant", noted: "no", note: "", error: "连接失败", message: "说明", until: "2026-12-31", reason: "理由", answered: 3, closed: 4, followed: 2, maxScore: 2, rising: 1, compared: 3, risePercent: 20, previousFrom: "2026-09-01", previousTo: "2026-09-30", previous: 10, current: 15, from: 4, to: 9, minIncidents: 10, flawed: 1, trained: 3, assignees: 4, untrained: 1, in_audit_results: "first", in_customer_satisfaction: "no", in_service_performance: "next", in_nonconformities_actions: "no", in_risks: "next", in_improvement_opportunities: "no", documented: 1, noCause: 1, unlinked: 0, impossible: 0, groups: 2, incidents: 7, informed: 1, withinHours: 1 };
    for (const key of keys) {
      expect(zh[key], key).toMatch(cjk);
      for (const locale of ["en", "zh-CN"] as Locale[]) expect(() => translate(locale, key as never, values), `${locale} ${key}`).not.toThrow();
      expect(translate("zh-CN", key as never, values), key).not.toMatch(englishWord);
    }
  });
});

describe("the English result patterns", () => {
  // the evaluators' messages as they were written before they became catalogue patterns (template literals)
  const fmt = (v: number | null, digits = 1) => (v === null ? "—" : Number.isInteger(v) ? String(v) : v.toFixed(digits));
  const legacy: [string, Record<string, string | number>, string][] = [];
  for (const [n, threshold, value] of [[0, 95, null], [1, 99.5, 100], [12345, 0, 95.04], [999, 120, 33.333333]] as [number, number, number | null][]) {
    const sym = "≥";
    legacy.push(["result.sla.none", { measure: "resolution", pending: n }, `no resolution to judge${n ? ` (${n} pending)` : ""}`]);
    legacy.push(["result.sla.measured", { value: fmt(value), judged: n, symbol: sym, threshold, targetHours: 4320 / 60, breached: n, pending: n + 1 }, `${fmt(value)} % of ${n} within target (${sym} ${threshold} % required; built-in target ${4320 / 60} h); ${n} breached, ${n + 1} pending`]);
    legacy.push(["result.records.complete", { value: fmt(value), population: n, symbol: sym, threshold, bad: n }, `${fmt(value)} % of ${n} records complete (${sym} ${threshold} % required); ${n} incomplete`]);
    legacy.push(["result.records.consistent", { bad: n, population: n * 2, threshold }, `${n} of ${n * 2} records with times out of order (at most ${threshold} allowed)`]);
    legacy.push(["result.records.retention", { deleted: n, years: 3 }, `${n} records deleted before the end of their 3-year retention`]);
    legacy.push(["result.satisfaction.measured", { value: fmt(value), rated: n, minScore: 4, symbol: sym, threshold }, `${fmt(value)} % of ${n} scores ≥ 4 (${sym} ${threshold} % required)`]);
    legacy.push(["result.coverage.measured", { value: fmt(value), resolved: n, symbol: sym, threshold }, `${fmt(value)} % of ${n} resolved tickets carry a satisfaction score (${sym} ${threshold} % required)`]);
    legacy.push(["result.metric.lowest", { lowest: fmt(value, 3), serviceMonths: n, symbol: sym, threshold }, `lowest monthly mean ${fmt(value, 3)} % over ${n} service-months (${sym} ${threshold} required)`]);
    legacy.push(["result.mttr.measured", { resolved: n, priority: "urgent", ticketKind: "incident", value: fmt(value), symbol: "≤", threshold }, `mean resolution of ${n} urgent incidents: ${fmt(value)} min (≤ ${threshold} min required)`]);
    legacy.push(["result.recency.latest", { activityType: "kb_update", date: "2026-10-01", days: n, required: threshold, nextDue: "2026-11-01" }, `latest kb_update on 2026-10-01, ${n} days before the end of the period (within ${threshold} days required); next due by 2026-11-01`]);
    legacy.push(["result.followup.measured", { evaluated: n, held: n + 1, symbol: sym, threshold, value: fmt(value) }, `${n} of ${n + 1} evaluated (${sym} ${threshold} % required; ${fmt(value)} %)`]);
    legacy.push(["result.score.measured", { value: fmt(value), scored: n, symbol: sym, threshold }, `mean score ${fmt(value)} of ${n} (${sym} ${threshold} required)`]);
    legacy.push(["result.review.measured", { reviewed: n, due: n + 2, withinDays: 5, missing: 2 }, `${n} of ${n + 2} resolved urgent incidents reviewed within 5 days; 2 missing`]);
    legacy.push(["result.actions.measured", { onTime: n, due: n + 1, symbol: sym, threshold, value: fmt(value) }, `${n} of ${n + 1} actions done on time (${sym} ${threshold} % required; ${fmt(value)} %)`]);
  }
  // the complaint and trend rules (issue 16): their messages as first written
  for (const [n, value] of [[0, null], [1, 100], [12345, 95.04]] as [number, number | null][]) {
    legacy.push(["result.complaint.responseNone", { pending: n }, `no complaint to judge${n ? ` (${n} pending)` : ""}`]);
    legacy.push(["result.complaint.response", { value: fmt(value), judged: n, targetHours: 24, symbol: "≥", threshold: 95, breached: n, pending: n + 1 }, `${fmt(value)} % of ${n} complaints answered within 24 h (≥ 95 % required); ${n} late, ${n + 1} pending`]);
    legacy.push(["result.complaint.closed", { answered: n, closed: n + 1, symbol: "≥", threshold: 100, value: fmt(value), bad: 1 }, `${n} of ${n + 1} complaints closed with a response (≥ 100 % required; ${fmt(value)} %); 1 without`]);
    legacy.push(["result.lowCsat.none", { maxScore: 2, pending: n }, `no ticket scored 2 or less due for follow-up${n ? ` (${n} pending)` : ""}`]);
    legacy.push(["result.lowCsat.measured", { followed: n, due: n + 2, maxScore: 2, withinDays: 5, symbol: "≥", threshold: 100, value: fmt(value), missing: 2, pending: n }, `${n} of ${n + 2} tickets scored 2 or less followed up within 5 days (≥ 100 % required; ${fmt(value)} %); 2 missing, ${n} pending`]);
    legacy.push(["result.unprioritised.measured", { bad: n, population: n * 2, threshold: 0 }, `${n} of ${n * 2} tickets without a priority (at most 0 allowed)`]);
    legacy.push(["result.trend.measured", { rising: n, compared: n + 1, risePercent: 20, ticketKind: "incident", previousFrom: "2026-08-31", previousTo: "2026-09-30", previous: 10, current: 15, from: 4, to: 9, threshold: 0 }, `${n} of ${n + 1} services rose by more than 20 % against 2026-08-31 to 2026-09-30 (at most 0 allowed): 10 incidents before, 15 in the period${n ? "; largest rise 4 → 9" : ""}`]);
  }
  legacy.push(["result.complaint.closedNone", {}, "no complaint closed in the period"]);
  legacy.push(["result.trend.noBaseline", { previousFrom: "2026-08-31", previousTo: "2026-09-30" }, "no ticket opened from 2026-08-31 to 2026-09-30, the previous period, to compare with"]);
  legacy.push(["result.trend.none", { minIncidents: 10, ticketKind: "incident" }, "no service with at least 10 incidents in the period or the one before"]);
  // issue 16's activity rules (new keys, written as catalogue patterns from the start)
  legacy.push(["result.audit.none", { activityType: "internal_audit", flawed: 2 }, "no internal_audit naming its auditor and area, by someone other than the area's owner; 2 in the window without an auditor or an area, or audited by the area's owner"]);
  legacy.push(["result.audit.latest", { activityType: "internal_audit", date: "2026-10-15", days: 16, required: 366, nextDue: "2027-10-16", flawed: 0 }, "latest independent internal_audit on 2026-10-15, 16 days before the end of the period (within 366 days required); next due by 2027-10-16; 0 in the window not independent or incomplete"]);
  legacy.push(["result.reviewInputs.none", { activityType: "management_review", days: 366 }, "no management_review in the 366 days up to the end of the period"]);
  legacy.push(["result.reviewInputs.complete", { activityType: "management_review", date: "2026-09-01", required: 6 }, "the management_review of 2026-09-01 covers all 6 required inputs"]);
  legacy.push(["result.reviewInputs.missing", { activityType: "management_review", date: "2026-09-01", required: 6, missing: 3, in_audit_results: "first", in_customer_satisfaction: "no", in_service_performance: "no", in_nonconformities_actions: "no", in_risks: "next", in_improvement_opportunities: "next" }, "the management_review of 2026-09-01 lacks 3 of 6 required inputs: audit results, risks, improvement opportunities"]);
  legacy.push(["result.training.none", {}, "no ticket in the period names an assignee"]);
  legacy.push(["result.training.measured", { trained: 1234, assignees: 1500, days: 366, symbol: "≥", threshold: 90, value: "82.3", untrained: 266 }, "1234 of 1500 assignees trained in the 366 days up to the end of the period (≥ 90 % required; 82.3 %); 266 untrained"]);
  legacy.push(["result.continuity.none", { pending: 1 }, "no major change of the period due a continuity test (1 pending)"]);
  legacy.push(["result.continuity.measured", { followed: 1, due: 2, withinDays: 30, missing: 1, pending: 0, symbol: "≥", threshold: 100, value: "50" }, "1 of 2 major changes followed by a continuity test within 30 days (≥ 100 % required; 50 %); 1 missing, 0 pending"]);
  // problem management and major incidents (issue 16)
  legacy.push(["result.problems.none", {}, "no problem resolved in the period"]);
  legacy.push(["result.problems.measured", { documented: 3, resolved: 4, symbol: "≥", threshold: 100, value: "75", noCause: 1, unlinked: 0, impossible: 0 }, "3 of 4 problems resolved in the period carry a root cause and a linked incident (≥ 100 % required; 75 %); 1 without a root cause, 0 without a linked incident, 0 resolved before opened"]);
  legacy.push(["result.recurring.none", {}, "no categorised incident opened in the period"]);
  legacy.push(["result.recurring.measured", { groups: 2, minIncidents: 3, incidents: 7, population: 12345, threshold: 0 }, "2 service and category pairs with at least 3 incidents, none linked to a problem record (7 of 12345 incidents; at most 0 allowed)"]);
  legacy.push(["result.informed.none", { pending: 0 }, "no major incident due for notification"]);
  legacy.push(["result.informed.none", { pending: 2 }, "no major incident due for notification (2 pending)"]);
  legacy.push(["result.informed.measured", { informed: 1, due: 2, withinHours: 1, symbol: "≥", threshold: 100, missing: 1, pending: 0 }, "1 of 2 major incidents with management informed within 1 h (≥ 100 % required); 1 not informed, 0 pending"]);
  legacy.push(["result.planReview.none", { pending: 3 }, "no major incident resolved in the period due for a plan review (3 pending)"]);
  legacy.push(["result.planReview.measured", { reviewed: 2, due: 2, withinDays: 30, symbol: "≥", threshold: 100, missing: 0, pending: 1 }, "2 of 2 major incidents resolved in the period followed by an emergency plan review within 30 days (≥ 100 % required); 0 missing, 1 pending"]);
  legacy.push(["result.satisfaction.none", {}, "no rated ticket resolved in the quarter"]);
  legacy.push(["result.metric.emptyPeriod", {}, "empty period"]);
  legacy.push(["result.metric.none", { metric: "availability" }, "no availability samples in the period"]);
  legacy.push(["result.recency.none", { activityType: "sla_review or management_review" }, "no sla_review or management_review recorded"]);
  legacy.push(["result.followup.none", { activityType: "emergency_drill" }, "no emergency_drill in the period"]);
  legacy.push(["result.score.none", { activityType: "training" }, "no scored training in the period"]);
  legacy.push(["result.actions.none", {}, "no improvement action due in the period"]);
  legacy.push(["result.manual.awaiting", { question: "Is it {so}? It's 'quoted'", rule: "X" }, "awaiting an auditor's answer: Is it {so}? It's 'quoted'"]);
  for (const [answer, words] of [["conformant", "answered conformant"], ["nonconformant", "answered nonconformant"], ["not_applicable", "answered not applicable"], ["deferred", "deferred"]]) {
    legacy.push(["result.manual.answered", { answer, noted: "no", note: "" }, words]);
    legacy.push(["result.manual.answered", { answer, noted: "yes", note: "a {note}: 'x'" }, `${words}: a {note}: 'x'`]);
  }
  legacy.push(["result.error", { error: "no such table: x" }, "could not be evaluated: no such table: x"]);
  legacy.push(["result.waived", { message: "1 of 2", until: "2026-12-31", reason: "r" }, "1 of 2 — waived until 2026-12-31: r"]);

  it("reproduce the messages the evaluators wrote before, for every key", () => {
    for (const [key, values, text] of legacy) expect(translate("en", key as never, values), key).toBe(text);
    const covered = new Set(legacy.map(([key]) => key));
    expect(Object.keys(en).filter((k) => k.startsWith("result.") && !covered.has(k))).toEqual([]);
  });
});

describe("a run's result messages", () => {
  let t: TestApp;
  let runId: number;
  let waivedRunId: number;

  beforeAll(async () => {
    t = await buildTestApp({ now: "2026-10-03T00:00:00Z" });
    const db = t.database.db;
    const now = t.clock.now();
    // four months of the demo data set, its bad quarter (slow handling, unhappy users) inside
    const w: DemoWindow = { start: Date.parse("2026-06-01T00:00:00Z"), end: Date.parse("2026-10-01T00:00:00Z"), badStart: Date.parse("2026-07-01T00:00:00Z"), badEnd: Date.parse("2026-09-01T00:00:00Z") };
    await ensureServices(db, demoServices.map((s) => s.key));
    const urgent: { id: string; resolvedAt: number }[] = [];
    await db.transaction(async (tx) => {
      const writer = await TicketWriter.create(tx, now, { actor: "test", source: "test" });
      for (const chunk of demoTickets(w)) {
        await writer.write(tx, chunk);
        for (const ticket of chunk) if (ticket.kind === "incident" && ticket.priority === "urgent" && ticket.resolved_at) urgent.push({ id: ticket.id, resolvedAt: Date.parse(ticket.resolved_at) });
      }
      await writer.finish(tx);
    });
    await ingestMetricBatch(db, now, "test", demoMetrics(w));
    await ingestActivityBatch(db, now, "test", demoActivities(w, urgent));

    const plan = await createPlan({ ctx: testCtx(db, now, "auditor@example.test"), input: { name: "九月", rulebook: "iso20000-support", timezone: "Asia/Shanghai", period: { type: "previous_month" }, owner: "manager@example.test" } });
    const run = await createRun({ ctx: testCtx(db, now, "test"), input: { planId: plan.id, trigger: "manual" } });
    await executeRun(t.database, t.clock, run.id, "test:1");
    runId = run.id;
    // every kind of manual answer, one question left open
    const answers: [string, string, string | null][] = [
      ["MAN-CATALOGUE", "conformant", null],
      ["MAN-SLA-AGREED", "nonconformant", "两项服务缺少签署的服务级别协议"],
      ["MAN-ROLES", "not_applicable", "本期不涉及"],
      ["MAN-COMMS-TEMPLATES", "deferred", "下次审核时核对"],
    ];
    for (const [rule, answer, note] of answers) await answerManualQuestion({ ctx: testCtx(db, now, "auditor@example.test"), input: { runId: runId, ruleId: rule, data: { answer, ...(note ? { note } : {}) } } });

    // a waiver on a failing rule, approved: the next run's result is waived
    const failing = (await db.select().from(runResults).where(eq(runResults.runId, runId))).find((r) => r.status === "fail" && r.ruleId !== "MAN-SLA-AGREED");
    expect(failing).toBeDefined();
    const waiver = await requestWaiver({ ctx: testCtx(db, now, "auditor@example.test", { today: "2026-10-03" }), input: { planId: plan.id, data: { rule_id: failing!.ruleId, reason: "系统迁移期间暂缓", valid_from: "2026-09-01", expires_on: "2026-12-31" } } });
    await approveWaiver({ ctx: testCtx(db, now + 1000, "officer@example.test"), input: { waiverId: waiver.id } });
    const again = await createRun({ ctx: testCtx(db, now, "test"), input: { planId: plan.id, trigger: "manual" } });
    await executeRun(t.database, t.clock, again.id, "test:1");
    waivedRunId = again.id;
  }, 240_000);
  afterAll(() => t.close());

  const rowsOf = (id: number) => t.database.db.select().from(runResults).where(eq(runResults.runId, id));
  const format = <T,>(locale: Locale, fn: () => T) => withPresentation({ locale, timeZone: "Asia/Shanghai" }, fn);

  it("stores a result.* key and values beside the English message of every result", async () => {
    const rows = [...(await rowsOf(runId)), ...(await rowsOf(waivedRunId))];
    expect(rows.length).toBe(2 * iso20000Support.rules.length);
    for (const r of rows) {
      expect(r.messageArgs?.key, r.ruleId).toMatch(/^result\./);
      expect(isMessageKey(r.messageArgs!.key)).toBe(true);
    }
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ["pass", "fail", "waived", "pending", "not_applicable"]) expect(statuses, s).toContain(s);
  });

  it("formats every message in English exactly as the stored message", async () => {
    for (const r of [...(await rowsOf(runId)), ...(await rowsOf(waivedRunId))]) {
      expect(format("en", () => resultMessage(r)), `${r.runId}/${r.ruleId}`).toBe(r.message);
    }
  });

  it("formats every message of every evaluator kind in Chinese, without English words", async () => {
    const kinds = new Set<string>();
    for (const r of [...(await rowsOf(runId)), ...(await rowsOf(waivedRunId))]) {
      const rule = iso20000Support.rules.find((x) => x.id === r.ruleId)!;
      kinds.add(rule.kind);
      const text = format("zh-CN", () => resultMessage(r));
      expect(text, `${r.ruleId}: ${text}`).toMatch(cjk);
      expect(text, `${r.ruleId}: ${text}`).not.toMatch(englishWord);
    }
    expect([...kinds].sort()).toEqual([...new Set(iso20000Support.rules.map((r) => r.kind))].sort());
  });

  it("says what the manual answers and the waiver say, in Chinese", async () => {
    const rows = new Map((await rowsOf(runId)).map((r) => [r.ruleId, r]));
    const zhOf = (id: string) => format("zh-CN", () => resultMessage(rows.get(id)!));
    expect(zhOf("MAN-CATALOGUE")).toBe("已答复：符合");
    expect(zhOf("MAN-SLA-AGREED")).toBe("已答复：不符合：两项服务缺少签署的服务级别协议");
    expect(zhOf("MAN-COMMS-TEMPLATES")).toBe("已推迟：下次审核时核对");
    expect(zhOf("MAN-CLASSIFICATION")).toBe("等待审核员回答：信息是否已分级，访问权限是否按最小权限原则授予（G5.4）？");
    expect(rows.get("MAN-CLASSIFICATION")!.message).toBe("awaiting an auditor's answer: Is information classified and access granted by least privilege (G5.4)?");
    const waived = (await rowsOf(waivedRunId)).find((r) => r.status === "waived")!;
    expect(waived.message).toMatch(/ — waived until 2026-12-31: 系统迁移期间暂缓$/);
    expect(format("zh-CN", () => resultMessage(waived))).toMatch(/——已豁免至 2026-12-31：系统迁移期间暂缓$/);
  });

  it("shows the messages and rule titles on the run page in the reader's language", async () => {
    const s = await t.session("auditor");
    const rows = new Map((await rowsOf(runId)).map((r) => [r.ruleId, r]));
    const complete = rows.get("REC-COMPLETE")!;
    const page = await (await t.request(`/runs/${runId}`, { headers: { cookie: s.cookie, "accept-language": "zh-CN" } })).text();
    expect(page).toContain(`<p class="message">${format("zh-CN", () => resultMessage(complete))}</p>`);
    expect(page).toContain(translate("zh-CN", "rule.INC-RESP-URGENT.title"));
    expect(page).toContain(`REQ-FEEDBACK: ${translate("zh-CN", "rule.REQ-FEEDBACK.title")}`);
    const english = await (await t.request(`/runs/${runId}`, { headers: { cookie: s.cookie, "accept-language": "en" } })).text();
    expect(english).toContain(`<p class="message">${complete.message}</p>`);
    expect(english).toContain("Urgent incidents: first response within 1 h");
    expect(english).toContain("REQ-FEEDBACK: Requests: closed with feedback within 72 h");
    // the findings page: the title and the description (the last run's message) in the reader's language
    const feedback = (await rowsOf(waivedRunId)).find((r) => r.ruleId === "REQ-FEEDBACK")!;
    const findingsPage = await (await t.request("/findings", { headers: { cookie: s.cookie, "accept-language": "zh-CN" } })).text();
    expect(findingsPage).toContain(`REQ-FEEDBACK: ${translate("zh-CN", "rule.REQ-FEEDBACK.title")}`);
    expect(findingsPage).toContain(format("zh-CN", () => resultMessage(feedback)));
    const englishFindings = await (await t.request("/findings", { headers: { cookie: s.cookie, "accept-language": "en" } })).text();
    expect(englishFindings).toContain(feedback.message);
  });
});
