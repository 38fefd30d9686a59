// The statement of applicability: every ISO/IEC 20000-1 clause the rulebook touches, with its rules and their results,
// and the clauses it does not with their justification — in the API, on the plan page (over a real port) and in the PDF
// read back with pdftotext. What is expected is computed here from the rulebook's own `clause` fields, independently
// of audits/applicability.ts: new rules appear without a change to this test.
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statementOfApplicability } from "../../audits/applicability.js";
import { isoClauses, parseClauses } from "../../audits/clauses.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import { renderReportBytes } from "../../reports/store.js";
import { verifyAuditTrail } from "../../server/audit-trail.js";
import { auditTrail, planClauseJustifications, runResults, runs } from "../../server/db/schema.js";
import { catalogues } from "../../server/i18n/index.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { count, pdfText, saveArtifact } from "./pdf-tools.js";
import { deferOpenQuestions, seedCompletedRun, type SeededRun } from "./seed.js";

const en = catalogues.en as Record<string, string>;
const zh = catalogues["zh-CN"] as Record<string, string>;

/** The clauses a rule cites, read here with a regular expression of its own. */
const clausesOf = (rule: { clause: string }): string[] => rule.clause.match(/\d+(?:\.\d+)*/g) ?? [];
const cited = [...new Set(iso20000Support.rules.flatMap(clausesOf))];
/** A catalogue clause is applicable when a rule cites it or a clause under it. */
const applicable = (clause: string) => cited.some((c) => c === clause || c.startsWith(`${clause}.`));
const catalogueClauses = isoClauses.map((c) => c.clause);
const notApplicable = catalogueClauses.filter((c) => !applicable(c));
const rulesCiting = (clause: string) => iso20000Support.rules.filter((r) => clausesOf(r).includes(clause)).map((r) => r.id);

interface ApiClause {
  clause: string;
  title: string | null;
  status: "applicable" | "not_applicable";
  rules: { id: string; title: string; status: string | null }[];
  through: string[];
  justification: string | null;
  justification_source: "default" | "organisation" | null;
  justification_updated_by: string | null;
  justification_updated_at: string | null;
}

let t: TestApp;
let seeded: SeededRun;
let server: ServerType;
let base: string;
const ownText = "Context analysed in the SMS manual (SMS-01).";
/** the clause the organisation justifies itself: the first one no rule covers */
const justified = notApplicable[0];

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-20T09:30:00Z" });
  seeded = await seedCompletedRun(t.database);
  server = await new Promise((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  t.close();
});

const statement = async (): Promise<ApiClause[]> => {
  const res = await t.request(`/api/v1/plans/${seeded.planId}/applicability`, { role: "viewer" });
  expect(res.status).toBe(200);
  return (await res.json()).clauses;
};
const put = (clause: string, body: unknown, role: "auditor" | "admin" | "viewer" | "manager" | "compliance_officer" | "ingest" | null = "auditor") =>
  t.request(`/api/v1/plans/${seeded.planId}/applicability/${clause}`, {
    method: "PUT",
    ...(role ? { role } : {}),
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the clause catalogue", () => {
  it("holds clauses 4 to 10 of the standard with a title in both languages, and every clause the rulebook cites", () => {
    expect(catalogueClauses[0]).toBe("4.1");
    expect(catalogueClauses.at(-1)).toBe("10.2");
    for (const c of ["8.2.4", "8.3.2", "8.3.3", "8.5.1", "8.6.1", "8.6.2", "8.6.3", "8.7.1", "8.7.2", "8.7.3", "9.4"]) expect(catalogueClauses).toContain(c);
    for (const c of cited) expect(catalogueClauses, c).toContain(c);
    for (const c of catalogueClauses) {
      expect(en[`clause.${c}`], c).toMatch(new RegExp(`^${c.replaceAll(".", "\\.")} [A-Z]`));
      expect(zh[`clause.${c}`], c).toMatch(new RegExp(`^${c.replaceAll(".", "\\.")} \\p{Script=Han}`, "u"));
    }
  });

  it("reads a rule's clause field in one way: split at commas, trimmed, duplicates dropped", () => {
    expect(parseClauses("8.6.1, 10.1")).toEqual(["8.6.1", "10.1"]);
    expect(parseClauses(" 7.5,8.6 ,7.5")).toEqual(["7.5", "8.6"]);
    expect(parseClauses("")).toEqual([]);
    expect(parseClauses(null)).toEqual([]);
  });

  it("places any rule under the clauses its field names, sub-clauses the catalogue lacks included", () => {
    const rules = [
      { id: "PROB-RCA", title: "Problems carry a root cause", clause: "8.6.3, 10.1", status: "fail" as const },
      { id: "SUPPLIER", title: "External suppliers reviewed", clause: "8.3.4.1", status: null },
    ];
    const s = new Map(statementOfApplicability(rules).map((c) => [c.clause, c]));
    expect(s.get("8.6.3")).toMatchObject({ applicable: true, rules: [{ id: "PROB-RCA", status: "fail" }], reason: null });
    expect(s.get("10.1")?.rules.map((r) => r.id)).toEqual(["PROB-RCA"]);
    expect(s.get("8.6")).toMatchObject({ applicable: true, rules: [], through: ["8.6.3"] });
    expect(s.get("8.3.4.1")).toMatchObject({ applicable: true, rules: [{ id: "SUPPLIER", status: null }] });
    expect(s.get("8.3.4")).toMatchObject({ applicable: true, through: ["8.3.4.1"] });
    expect(s.get("8.6.1")).toMatchObject({ applicable: false, reason: "records", organisation: null });
    expect(s.get("4.1")).toMatchObject({ applicable: false, reason: "documented" });
    expect(s.get("8.4")).toMatchObject({ applicable: false, reason: "parent" });
    // in clause order: 8.3.4 before its sub-clause, 9.x before 10.x
    const order = [...s.keys()];
    expect(order.indexOf("8.3.4")).toBeLessThan(order.indexOf("8.3.4.1"));
    expect(order.indexOf("8.3.4.1")).toBeLessThan(order.indexOf("8.4"));
    expect(order.indexOf("9.4")).toBeLessThan(order.indexOf("10.1"));
  });
});

describe("GET /api/v1/plans/:id/applicability", () => {
  it("maps every clause to the rules citing it with their latest results, and justifies the others", async () => {
    const clauses = await statement();
    const results = await t.database.db.select({ ruleId: runResults.ruleId, status: runResults.status }).from(runResults).where(eq(runResults.runId, seeded.runId));
    const statusOf = new Map(results.map((r) => [r.ruleId, r.status]));
    const expectedClauses = [...new Set([...catalogueClauses, ...cited])];
    expect(clauses.map((c) => c.clause).sort()).toEqual(expectedClauses.sort());
    for (const c of clauses) {
      expect(c.status, c.clause).toBe(applicable(c.clause) ? "applicable" : "not_applicable");
      expect(c.rules.map((r) => r.id).sort(), c.clause).toEqual(rulesCiting(c.clause).sort());
      for (const r of c.rules) expect(r.status, r.id).toBe(statusOf.get(r.id));
      if (c.status === "applicable") {
        expect(c.justification).toBeNull();
        if (c.rules.length === 0) expect(c.through.length, c.clause).toBeGreaterThan(0);
      } else {
        expect(c.justification_source).toBe("default");
        expect(c.justification).toMatch(/^Not covered by ticket data: /);
      }
    }
    expect(clauses.find((c) => c.clause === "8.6.1")?.title).toBe("Incident management");
  });

  it("answers in the reader's language", async () => {
    const res = await t.request(`/api/v1/plans/${seeded.planId}/applicability`, { role: "viewer", headers: { "accept-language": "zh-CN" } });
    const clauses: ApiClause[] = (await res.json()).clauses;
    expect(clauses.find((c) => c.clause === "8.6.1")?.title).toBe("事件管理");
    expect(clauses.find((c) => c.clause === justified)?.justification).toMatch(/^工单数据未覆盖/);
  });

  it("answers 401 without credentials, 403 to the ingest role and 404 for an unknown plan", async () => {
    expect((await t.request(`/api/v1/plans/${seeded.planId}/applicability`)).status).toBe(401);
    expect((await t.request(`/api/v1/plans/${seeded.planId}/applicability`, { role: "ingest" })).status).toBe(403);
    expect((await t.request(`/api/v1/plans/999999/applicability`, { role: "viewer" })).status).toBe(404);
  });
});

describe("the organisation's justification", () => {
  it("may be written by auditors and admins only", async () => {
    expect((await put(justified, { justification: "x" }, null)).status).toBe(401);
    for (const role of ["viewer", "manager", "compliance_officer", "ingest"] as const) expect((await put(justified, { justification: "x" }, role)).status, role).toBe(403);
    expect(await t.database.db.select().from(planClauseJustifications)).toEqual([]);
  });

  it("refuses an unknown clause and an over-long text, naming the field", async () => {
    const unknown = await put("12.9", { justification: "x" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).issues).toEqual([{ path: "clause", message: "unknown clause 12.9" }]);
    const long = await put(justified, { justification: "x".repeat(2001) });
    expect(long.status).toBe(400);
    expect((await long.json()).issues[0].path).toBe("justification");
    expect((await put(justified, { reason: "x" })).status).toBe(400);
  });

  it("replaces the default, is recorded in the audit trail, and returns to the default when emptied", async () => {
    t.clock.set("2026-11-21T08:00:00Z");
    const res = await put(justified, { justification: `  ${ownText}  ` }, "admin");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ plan_id: seeded.planId, clause: justified, justification: ownText, updated_by: "token:test-admin", updated_at: "2026-11-21T08:00:00.000Z" });
    const row = (await statement()).find((c) => c.clause === justified)!;
    expect(row).toMatchObject({ status: "not_applicable", justification: ownText, justification_source: "organisation", justification_updated_by: "token:test-admin" });

    const removed = await put(justified, { justification: "" });
    expect(removed.status).toBe(200);
    expect((await statement()).find((c) => c.clause === justified)?.justification_source).toBe("default");
    await put(justified, { justification: ownText });

    const trail = await t.database.db
      .select()
      .from(auditTrail)
      .where(and(eq(auditTrail.action, "plan.clause_justification"), eq(auditTrail.entityId, String(seeded.planId))))
      .orderBy(asc(auditTrail.id));
    expect(trail.map((e) => [e.actor, JSON.parse(e.before!), JSON.parse(e.after!)])).toEqual([
      ["token:test-admin", { clause: justified, justification: null }, { clause: justified, justification: ownText }],
      ["token:test-auditor", { clause: justified, justification: ownText }, { clause: justified, justification: null }],
      ["token:test-auditor", { clause: justified, justification: null }, { clause: justified, justification: ownText }],
    ]);
    expect((await verifyAuditTrail(t.database.db)).ok).toBe(true);
    // the history: one row per change, the latest in force
    const rows = await t.database.db.select().from(planClauseJustifications).orderBy(asc(planClauseJustifications.id));
    expect(rows.map((r) => r.justification)).toEqual([ownText, null, ownText]);
  });

  it("writes nothing when the text does not change", async () => {
    const trail = async () => (await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "plan.clause_justification"))).length;
    const before = await trail();
    const res = await put(justified, { justification: ownText }, "admin");
    expect(res.status).toBe(200);
    // the justification in force stays the auditor's
    expect((await res.json()).updated_by).toBe("token:test-auditor");
    expect(await trail()).toBe(before);
  });
});

describe("the plan page", () => {
  const page = async (role: "viewer" | "auditor", headers: Record<string, string> = {}) => {
    const { cookie, csrf } = await t.session(role);
    const res = await fetch(`${base}/plans/${seeded.planId}`, { headers: { cookie, accept: "text/html", ...headers } });
    expect(res.status).toBe(200);
    return { html: await res.text(), cookie, csrf };
  };
  const rowOf = (html: string, clause: string) => {
    const start = html.indexOf(`<tr id="clause-${clause}"`);
    expect(start, clause).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf("</tr>", start));
  };

  it("shows the statement of applicability: every clause, its status, its rules with their results or its justification", async () => {
    const { html } = await page("viewer");
    expect(html).toContain('<section id="applicability"');
    expect(html).toContain("Statement of applicability");
    for (const clause of [...new Set([...catalogueClauses, ...cited])]) {
      const row = rowOf(html, clause);
      expect(row, clause).toContain(applicable(clause) ? "badge-applicable" : "badge-not_applicable");
      for (const id of rulesCiting(clause)) expect(row, `${clause} ${id}`).toContain(`<code>${id}</code>`);
    }
    expect(rowOf(html, "8.6.1")).toContain("Incident management");
    expect(rowOf(html, "8.6.1")).toMatch(/badge-(pass|fail|waived|not_applicable|pending|error)/);
    // the viewer reads the justifications but has no form to change them
    expect(html).not.toContain(`action="/plans/${seeded.planId}/applicability"`);
  });

  it("lets an auditor write a justification through the form, in Chinese for a Chinese reader", async () => {
    const zhPage = await page("auditor", { "accept-language": "zh-CN" });
    expect(zhPage.html).toContain("适用性声明");
    expect(zhPage.html).toContain(`action="/plans/${seeded.planId}/applicability"`);
    const target = notApplicable[1];
    const form = new URLSearchParams({ _csrf: zhPage.csrf, clause: target, justification: "外包给供应商，由供应商的审核覆盖。" });
    const res = await fetch(`${base}/plans/${seeded.planId}/applicability`, {
      method: "POST",
      headers: { cookie: zhPage.cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: form,
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/plans/${seeded.planId}#clause-${target}`);
    const after = await fetch(`${base}/plans/${seeded.planId}`, { headers: { cookie: zhPage.cookie, accept: "text/html", "accept-language": "zh-CN" } });
    expect(rowOf(await after.text(), target)).toContain("外包给供应商，由供应商的审核覆盖。");

    // htmx swaps the section; a refusal comes back in it with 422
    const refused = await fetch(`${base}/plans/${seeded.planId}/applicability`, {
      method: "POST",
      headers: { cookie: zhPage.cookie, "content-type": "application/x-www-form-urlencoded", "hx-request": "true", "hx-target": "applicability" },
      body: new URLSearchParams({ _csrf: zhPage.csrf, clause: target, justification: "x".repeat(2001) }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/^<section id="applicability"/);
  });
});

describe("the PDF's statement of applicability", () => {
  const annexOf = (text: string, heading: string) => text.slice(text.indexOf(heading));
  const lineStarting = (text: string, start: string) => text.split("\n").some((line) => line.trimStart().startsWith(start));

  it("lists every clause the run's rules touch, then every clause not applicable with its justification", async () => {
    await put(justified, { justification: ownText });
    const pdf = await renderReportBytes(t.database.db, seeded.runId);
    const annex = annexOf(pdfText(saveArtifact("applicability.pdf", pdf)), "Annex A. Statement of applicability");
    expect(annex).toContain("Clauses covered by this run");
    const covered = annex.slice(0, annex.indexOf("Clauses not applicable"));
    const excluded = annex.slice(annex.indexOf("Clauses not applicable"));
    for (const clause of cited) {
      expect(lineStarting(covered, `${clause} · ${en[`clause.${clause}`].slice(clause.length + 1)}`), clause).toBe(true);
    }
    for (const id of iso20000Support.rules.map((r) => r.id)) expect(covered, id).toContain(id);
    for (const clause of notApplicable) expect(lineStarting(excluded, `${clause} `), clause).toBe(true);
    for (const clause of cited) expect(lineStarting(excluded, `${clause} `), clause).toBe(false);
    expect(excluded).toContain(ownText);
    expect(excluded).toContain("(organisation's justification, token:test-auditor");
    // every other clause not applicable reads its default justification
    expect(count(excluded, "Not covered by ticket data:")).toBe(notApplicable.length - 2);
  });

  it("is written in Chinese and in both languages like the other sections, and renders the same bytes again", async () => {
    const zhText = pdfText(saveArtifact("applicability-zh.pdf", await renderReportBytes(t.database.db, seeded.runId, "zh-CN")));
    const zhAnnex = annexOf(zhText, "附录 A. 适用性声明");
    expect(zhAnnex).toContain("本次运行覆盖的条款");
    expect(zhAnnex).toContain("8.6.1 · 事件管理");
    expect(zhAnnex).toContain("工单数据未覆盖");

    const both = await renderReportBytes(t.database.db, seeded.runId, "bilingual");
    const bothAnnex = annexOf(pdfText(saveArtifact("applicability-bilingual.pdf", both)), "附录 A. 适用性声明");
    expect(bothAnnex).toContain("Annex A. Statement of applicability");
    expect(bothAnnex).toContain("8.6.1 · 事件管理 / Incident management");
    expect(bothAnnex).toContain("Not covered by ticket data:");
    expect(bothAnnex).toContain("工单数据未覆盖");
    expect(Buffer.compare(both, await renderReportBytes(t.database.db, seeded.runId, "bilingual"))).toBe(0);
  });

  it("is in the report downloaded after a justification changes: the unsigned run's next download stores a new version", async () => {
    const download = () => t.request(`/api/v1/runs/${seeded.runId}/report.pdf`, { role: "compliance_officer" });
    const first = await download();
    expect(first.status).toBe(200);
    const version = Number(first.headers.get("x-report-version") ?? 0);
    const [{ revision }] = await t.database.db.select({ revision: runs.stateRevision }).from(runs).where(eq(runs.id, seeded.runId));
    const text = "Demand is managed in the capacity plan (CAP-02).";
    expect((await put(notApplicable[2], { justification: text })).status).toBe(200);
    const [{ revision: after }] = await t.database.db.select({ revision: runs.stateRevision }).from(runs).where(eq(runs.id, seeded.runId));
    expect(after).toBe(revision + 1);
    const second = await download();
    expect(second.status).toBe(200);
    if (version) expect(Number(second.headers.get("x-report-version"))).toBe(version + 1);
    expect(pdfText(saveArtifact("applicability-downloaded.pdf", Buffer.from(await second.arrayBuffer())))).toContain(text);
  });

  it("keeps, for a signed-off run, the justifications in force when it was signed", async () => {
    await deferOpenQuestions(t, seeded.runId);
    t.clock.set("2026-11-22T08:00:00Z");
    const { cookie, csrf } = await t.session("compliance_officer");
    const signed = await t.app.request(`/api/v1/runs/${seeded.runId}/signoff`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      body: JSON.stringify({ comment: "Reviewed." }),
    });
    expect(signed.status).toBe(201);
    const [{ revision }] = await t.database.db.select({ revision: runs.stateRevision }).from(runs).where(eq(runs.id, seeded.runId));
    t.clock.set("2026-11-23T08:00:00Z");
    const later = "Written after the sign-off.";
    expect((await put(justified, { justification: later })).status).toBe(200);
    const [{ revision: after }] = await t.database.db.select({ revision: runs.stateRevision }).from(runs).where(eq(runs.id, seeded.runId));
    expect(after).toBe(revision);
    const text = pdfText(saveArtifact("applicability-signed.pdf", await renderReportBytes(t.database.db, seeded.runId)));
    expect(text).toContain(ownText);
    expect(text).not.toContain(later);
    // the plan page shows the justification in force now
    expect((await statement()).find((c) => c.clause === justified)?.justification).toBe(later);
  });
});
