// The overview's first section, "waiting for you", by role: each role sees its own work (seeded below, item by item),
// each item links to where the work is done, and an empty queue says so. Then the verdict at a glance: "not conformant"
// in words with the failing rules and their thresholds, and what the colours mean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions, connectorSyncs, connectors, findings, ingestBatches, manualAnswers, plans, runResults, runs, waivers, type Role } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
const sessions = new Map<Role, { cookie: string; email: string }>();
const ids = { alpha: 0, beta: 0, gamma: 0, runAlpha: 0, runBeta: 0, runGamma: 0, waiver: 0, batch: 0, overdue: 0, soon: 0, later: 0 };

async function page(role: Role): Promise<string> {
  const res = await t.app.request("/", { headers: { accept: "text/html", cookie: sessions.get(role)!.cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The "waiting for you" section alone. */
function waiting(html: string): string {
  const start = html.indexOf('<section class="card waiting" id="waiting">');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}

/** The items of one queue: [text, href] pairs. */
function queue(html: string, id: string): [string, string][] {
  const start = html.indexOf(`id="queue-${id}"`);
  if (start === -1) return [];
  const block = html.slice(start, html.indexOf("</ul>", start));
  return [...block.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2].replace(/&amp;/g, "&").replace(/&#39;/g, "'"), m[1].replace(/&amp;/g, "&")]);
}

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  for (const role of ["viewer", "manager", "auditor", "compliance_officer", "admin"] as const) sessions.set(role, await t.session(role));
  const db = t.database.db;
  const now = t.clock.now();
  const plan = async (name: string) => (await db.insert(plans).values({ name, rulebook: "iso20000-support", thresholds: {}, period: { type: "previous_month" }, updatedAt: now }).returning())[0].id;
  ids.alpha = await plan("Alpha");
  ids.beta = await plan("Beta");
  ids.gamma = await plan("Gamma");
  const run = async (planId: number, status: "completed" | "interrupted", score: number | null) =>
    (
      await db
        .insert(runs)
        .values({ planId, status, trigger: "manual", periodStart: Date.parse("2026-10-01T00:00:00Z"), periodEnd: Date.parse("2026-11-01T00:00:00Z"), timezone: "UTC", planSnapshot: { name: "p", rulebook: "iso20000-support", rules: ["INC-RESP-URGENT", "INC-RESOLVE-URGENT", "MAN-CATALOGUE", "MAN-ROLES", "MAN-SLA-AGREED"], thresholds: {}, services: null, period: { type: "previous_month" }, timezone: "UTC", owner: null }, rulebookVersion: "1", score, startedBy: "test", finishedAt: now })
        .returning()
    )[0].id;
  // an older completed run of Alpha whose question was never answered: superseded by the latest run, so no one's work
  const olderAlpha = await run(ids.alpha, "completed", 50);
  ids.runAlpha = await run(ids.alpha, "completed", 83.9);
  ids.runBeta = await run(ids.beta, "completed", 100);
  ids.runGamma = await run(ids.gamma, "interrupted", null);
  const result = (runId: number, ruleId: string, status: "pass" | "fail" | "pending", value: number | null = null, threshold: number | null = null) => ({
    runId,
    ruleId,
    status,
    rawStatus: status,
    value,
    threshold,
    population: 10,
    evidenceCount: 0,
    evidenceIds: [],
    message: "m",
  });
  await db.insert(runResults).values([
    result(olderAlpha, "MAN-CATALOGUE", "pending"),
    result(ids.runAlpha, "INC-RESP-URGENT", "fail", 80, 95),
    result(ids.runAlpha, "INC-RESOLVE-URGENT", "pass", 100, 95),
    result(ids.runAlpha, "MAN-ROLES", "pending"),
    result(ids.runAlpha, "MAN-SLA-AGREED", "pending"),
    result(ids.runBeta, "INC-RESP-URGENT", "pass", 100, 95),
  ]);
  await db.insert(manualAnswers).values({ runId: ids.runAlpha, ruleId: "MAN-SLA-AGREED", answer: "deferred", note: "next quarter", answeredBy: "auditor@example.test", answeredAt: now });

  const manager = sessions.get("manager")!.email;
  const finding = async (status: "open" | "resolved_pending_verification", ruleId: string) =>
    (
      await db
        .insert(findings)
        .values({ planId: ids.alpha, ruleId, severity: "major", grade: "major_nonconformity", status, title: ruleId, description: "d", firstRunId: ids.runAlpha, lastRunId: ids.runAlpha, evidenceIds: [], updatedAt: now })
        .returning()
    )[0].id;
  const action = async (findingId: number, owner: string, dueDate: string | null, status: "open" | "in_progress" | "done" = "open") =>
    (await db.insert(actions).values({ findingId, title: "Remediate", description: "d", owner, dueDate, status, updatedAt: now }).returning())[0].id;
  const open1 = await finding("open", "INC-RESP-URGENT");
  ids.overdue = await action(open1, manager.toUpperCase(), "2026-11-20");
  ids.soon = await action(open1, manager, "2026-12-01", "in_progress");
  ids.later = await action(open1, manager, null);
  await action(open1, manager, "2026-11-10", "done"); // done: waits for no one
  await action(open1, "someone-else@example.test", "2026-11-01"); // another owner's
  // resolved by a later run, awaiting verification: its past-due action waits for the auditor, not for its owner
  await action(await finding("resolved_pending_verification", "INC-RESOLVE-URGENT"), manager, "2026-11-02");

  ids.waiver = (await db.insert(waivers).values({ planId: ids.alpha, ruleId: "INC-RESP-URGENT", reason: "migration", requestedBy: "auditor@example.test", status: "requested", expiresOn: "2026-12-31" }).returning())[0].id;
  const batch = async (source: string, status: "failed" | "completed", error: string | null) =>
    (await db.insert(ingestBatches).values({ entity: "tickets", source, status, error, startedAt: now - 3_600_000 }).returning())[0].id;
  ids.batch = await batch("servicenow-sync", "failed", "line 3: priority is required");
  await batch("jsm-nightly", "failed", "timeout");
  await batch("jsm-nightly", "completed", null); // failed, then succeeded: nothing to do
  const connector = async (name: string) =>
    (await db.insert(connectors).values({ name, kind: "rt", url: "https://rt.example.test", queue: "Support", mapping: {}, updatedAt: now }).returning())[0].id;
  const sync = (connectorId: number, status: "failed" | "succeeded", error: string | null) =>
    db.insert(connectorSyncs).values({ connectorId, status, error, startedAt: now - 600_000, finishedAt: now - 500_000, actor: "scheduler" });
  const failing = await connector("rt-support");
  await sync(failing, "succeeded", null);
  await sync(failing, "failed", "RT answered 401"); // the latest sync failed: the admin is told
  const recovered = await connector("rt-hr");
  await sync(recovered, "failed", "timeout");
  await sync(recovered, "succeeded", null); // failed, then succeeded: nothing to do
});
afterAll(() => t.close());

describe("waiting for you", () => {
  it("auditors: the questions of the latest runs not signed off (unanswered and deferred), and the plan whose run was interrupted", async () => {
    const html = waiting(await page("auditor"));
    expect(queue(html, "questions")).toEqual([
      [`MAN-ROLES in run #${ids.runAlpha} (Alpha): not answered yet`, `/runs/${ids.runAlpha}#result-MAN-ROLES`],
      [`MAN-SLA-AGREED in run #${ids.runAlpha} (Alpha): deferred, still to answer`, `/runs/${ids.runAlpha}#result-MAN-SLA-AGREED`],
    ]);
    expect(queue(html, "runs")).toEqual([[`Run #${ids.runGamma} of Gamma was interrupted: start the plan again`, `/plans/${ids.gamma}`]]);
    for (const other of ["overdue", "due-soon", "owned", "signoff", "waivers", "imports"]) expect(queue(html, other)).toEqual([]);
  });

  it("managers: their own actions, overdue, due within 7 days and the rest, each linking to the action", async () => {
    const html = waiting(await page("manager"));
    expect(html).toContain("Your overdue actions <span class=\"count\">(1)</span>");
    expect(queue(html, "overdue")).toEqual([["Remediate INC-RESP-URGENT (Alpha), due 20 Nov 2026", `/findings?finding=${(await findingOf(ids.overdue))}#action-${ids.overdue}`]]);
    expect(queue(html, "due-soon")).toEqual([["Remediate INC-RESP-URGENT (Alpha), due 1 Dec 2026", `/findings?finding=${(await findingOf(ids.soon))}#action-${ids.soon}`]]);
    expect(queue(html, "owned")).toEqual([["Remediate INC-RESP-URGENT (Alpha), no due date", `/findings?finding=${(await findingOf(ids.later))}#action-${ids.later}`]]);
    expect(queue(html, "questions")).toEqual([]);
  });

  it("compliance officers: the report ready for sign-off (not the one with an open question) and the waiver to approve", async () => {
    const html = waiting(await page("compliance_officer"));
    expect(queue(html, "signoff")).toEqual([[`Run #${ids.runBeta} of Beta: report ready for sign-off`, `/runs/${ids.runBeta}#report-panel`]]);
    expect(queue(html, "waivers")).toEqual([["Waiver of INC-RESP-URGENT (Alpha) requested by auditor@example.test", `/findings#waiver-${ids.waiver}`]]);
  });

  it("admins: the import that failed and has not succeeded since", async () => {
    const html = waiting(await page("admin"));
    expect(queue(html, "imports")).toEqual([[`Import #${ids.batch} from servicenow-sync failed: line 3: priority is required`, "/data#batches"]]);
  });

  it("admins: the connector whose latest sync failed, not the one that recovered", async () => {
    const html = waiting(await page("admin"));
    expect(queue(html, "syncs")).toEqual([["The latest sync of rt-support failed: RT answered 401", "/admin/connectors"]]);
  });

  it("a role with nothing to do is told so", async () => {
    const html = waiting(await page("viewer"));
    expect(html).toContain('<p class="empty">Nothing is waiting for you.</p>');
    expect(html).not.toContain("queue-");
  });

  it("every queue link opens a page", async () => {
    for (const role of ["auditor", "manager", "compliance_officer", "admin"] as const) {
      const html = waiting(await page(role));
      const hrefs = [...html.matchAll(/<a href="([^"#]+)[^"]*">/g)].map((m) => m[1].replace(/&amp;/g, "&"));
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) {
        const res = await t.app.request(href, { headers: { accept: "text/html", cookie: sessions.get(role)!.cookie } });
        expect(res.status, `${role} ${href}`).toBe(200);
      }
    }
  });
});

async function findingOf(actionId: number): Promise<number> {
  const res = await t.request(`/api/v1/actions/${actionId}`, { role: "viewer" });
  return (await res.json()).finding_id;
}

describe("the verdict at a glance", () => {
  it("says in words which plan is not conformant, names its failing rule against its threshold, and what the colours mean", async () => {
    const html = await page("viewer");
    const row = (name: string) => {
      const at = html.indexOf(`>${name}</a>`);
      return html.slice(at, html.indexOf("</tr>", at));
    };
    expect(row("Alpha")).toContain('<strong class="verdict verdict-bad">Not conformant</strong>');
    expect(row("Alpha")).toContain("INC-RESP-URGENT: Urgent incidents: first response within 1 h — 80.0% against a threshold of ≥ 95.0%");
    expect(row("Alpha")).toContain(`href="/runs/${ids.runAlpha}#result-INC-RESP-URGENT"`);
    expect(row("Alpha")).toContain("2 manual questions still open");
    expect(row("Alpha")).toContain('class="score score-warn"');
    expect(row("Beta")).toContain('<strong class="verdict verdict-good">Conformant</strong>');
    expect(row("Gamma")).toContain("not run yet");
    expect(html).toContain("Green: 90 % or more; amber: 75 % up to under 90 %; red: under 75 %.");
    expect(html).toContain("an amber or even green score with a failing rule is still not conformant");
  });

  it("reads in Chinese for a Chinese reader", async () => {
    const res = await t.app.request("/", { headers: { accept: "text/html", cookie: sessions.get("manager")!.cookie, "accept-language": "zh-CN" } });
    const html = await res.text();
    expect(html).toContain("等待您处理");
    expect(html).toContain("您负责的逾期措施");
    expect(html).toContain('<strong class="verdict verdict-bad">不符合</strong>');
    expect(html).toContain("绿色：90% 及以上");
  });
});
