// Waivers through the pages: an auditor requests one on the plan page, a compliance officer sees it awaiting approval
// on /findings and approves or rejects it inline; the next run shows the rule waived with its measured value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { findRule } from "../../audits/rulebooks/index.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, thisWorker } from "../../audits/runs.js";
import { auditTrail, type Role } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedDataSet } from "./seed.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
const sessions = new Map<Role, { cookie: string; csrf: string; email: string }>();
let planId = 0;
beforeAll(async () => {
  t = await buildTestApp();
  await seedDataSet(t.database.db, t.clock.now());
  for (const role of ["viewer", "manager", "auditor", "compliance_officer", "admin"] as const) sessions.set(role, await t.session(role));
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: {
    name: "October support audit",
    rulebook: "iso20000-support",
    rules: ["INC-RESOLVE-URGENT", "MAN-ROLES"],
    thresholds: {},
    services: null,
    period: { type: "custom", start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" },
    schedule: null,
    timezone: "UTC",
    owner: null,
  } });
  planId = plan.id;
});
afterAll(() => t.close());

function post(path: string, role: Role, fields: Record<string, string>, htmx = true) {
  const { cookie, csrf } = sessions.get(role)!;
  const headers: Record<string, string> = { cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded" };
  if (htmx) headers["hx-request"] = "true";
  return t.app.request(path, { method: "POST", headers, body: new URLSearchParams({ _csrf: csrf, ...fields }) });
}
const get = (path: string, role: Role) => t.app.request(path, { headers: { accept: "text/html", cookie: sessions.get(role)!.cookie } });

async function runPlan() {
  const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId, trigger: "manual" } });
  await executeRun(t.database, t.clock, run.id, thisWorker());
  return run.id;
}

// valid from the last day of October: it covers the runs of the October plan (their period ends on 1 November)
const request = { rule_id: "INC-RESOLVE-URGENT", reason: "Two urgent incidents waited on the vendor; contract renegotiated", valid_from: "2026-10-31", expires_on: "2026-12-31" };
let waiverId = 0;

describe("the plan page's waivers", () => {
  it("offers auditors a request form naming only the plan's rules, and shows no form to others", async () => {
    const body = await (await get(`/plans/${planId}`, "auditor")).text();
    expect(body).toContain('<section id="waivers" class="card">');
    expect(body).toContain("No waivers for this plan.");
    expect(body).toContain('id="waiver-form"');
    expect(body).toContain('<option value="INC-RESOLVE-URGENT">INC-RESOLVE-URGENT · ');
    expect(body).toContain('<option value="MAN-ROLES">MAN-ROLES · ');
    // a rule of the same rulebook that the plan leaves out is not offered
    expect(findRule("iso20000-support", "INC-RESP-URGENT")).toBeDefined();
    expect(body).not.toContain('<option value="INC-RESP-URGENT"');
    expect(body.match(/<option value="[A-Z]/g)).toHaveLength(2);
    expect(body).toContain('name="expires_on" required="" min="2026-11-24"');
    for (const role of ["viewer", "manager", "compliance_officer"] as const) {
      const other = await (await get(`/plans/${planId}`, role)).text();
      expect(other).toContain('<section id="waivers" class="card">');
      expect(other).not.toContain('id="waiver-form"');
    }
  });

  it("preselects the rule a failing result linked from", async () => {
    const body = await (await get(`/plans/${planId}?waiver_rule=INC-RESOLVE-URGENT`, "auditor")).text();
    expect(body).toContain('<option value="INC-RESOLVE-URGENT" selected="">');
  });

  it("re-renders the section with 422 and the issues when the request is incomplete or already expired", async () => {
    const res = await post(`/plans/${planId}/waivers`, "auditor", { rule_id: "INC-RESOLVE-URGENT", reason: "", expires_on: "2026-12-31" });
    expect(res.status).toBe(422);
    const body = await res.text();
    expect(body.startsWith('<section id="waivers" class="card">')).toBe(true);
    expect(body).toContain("Reason: required");
    expect(body).toContain('<option value="INC-RESOLVE-URGENT" selected="">');

    const past = await post(`/plans/${planId}/waivers`, "auditor", { ...request, expires_on: "2026-11-23" });
    expect(past.status).toBe(422);
    const pastBody = await past.text();
    expect(pastBody).toContain("must be today or later");
    expect(pastBody).toContain(request.reason);

    const unknown = await post(`/plans/${planId}/waivers`, "auditor", { ...request, rule_id: "NO-SUCH-RULE" });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("unknown rule");
  });

  it("refuses roles without waivers.request, and a post without the CSRF token", async () => {
    for (const role of ["viewer", "manager", "compliance_officer"] as const) {
      expect((await post(`/plans/${planId}/waivers`, role, request)).status).toBe(403);
    }
    const res = await t.app.request(`/plans/${planId}/waivers`, {
      method: "POST",
      headers: { cookie: sessions.get("auditor")!.cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(request),
    });
    expect(res.status).toBe(403);
    expect((await post(`/plans/999/waivers`, "auditor", request)).status).toBe(404);
  });

  it("records the request and swaps the section with it", async () => {
    const res = await post(`/plans/${planId}/waivers`, "auditor", request);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body.startsWith('<section id="waivers" class="card">')).toBe(true);
    expect(body).toContain("Waiver requested. A compliance officer approves or rejects it.");
    waiverId = Number(/id="waiver-(\d+)" class="waiver waiver-requested"/.exec(body)![1]);
    expect(body).toContain('<span class="badge badge-requested">Requested</span>');
    expect(body).toContain(`requested by ${sessions.get("auditor")!.email}, 24 Nov 2026, 12:00`);
    // the auditor may not decide it: no buttons
    expect(body).not.toContain(`/waivers/${waiverId}/approve`);
  });

  it("sends a plain form post back to the plan page", async () => {
    const res = await post(`/plans/${planId}/waivers`, "auditor", { ...request, rule_id: "MAN-ROLES", reason: "Org chart under review" }, false);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/plans/${planId}#waivers`);
  });
});

describe("approval", () => {
  it("lists the waivers awaiting approval on /findings for compliance officers only", async () => {
    const body = await (await get("/findings", "compliance_officer")).text();
    expect(body).toContain('<section id="pending-waivers" class="card">');
    expect(body).toContain("Waivers awaiting approval (2)");
    expect(body).toContain(`<a href="/plans/${planId}#waivers">October support audit</a>`);
    expect(body).toContain(`hx-post="/waivers/${waiverId}/approve"`);
    expect(body).toContain(`hx-post="/waivers/${waiverId}/reject"`);
    expect(body).toContain('<input type="hidden" name="list" value="pending"/>');
    for (const role of ["viewer", "manager", "auditor"] as const) expect(await (await get("/findings", role)).text()).not.toContain('id="pending-waivers"');
    // the overview points the officer there
    expect(await (await get("/", "compliance_officer")).text()).toContain('<a href="/findings#pending-waivers">Waiver requests awaiting your approval: 2</a>');
    expect(await (await get("/", "auditor")).text()).not.toContain("pending-waivers-notice");
    // the plan page shows the buttons to the officer too
    expect(await (await get(`/plans/${planId}`, "compliance_officer")).text()).toContain(`hx-post="/waivers/${waiverId}/approve"`);
  });

  it("refuses roles without waivers.approve", async () => {
    for (const role of ["viewer", "manager", "auditor"] as const) expect((await post(`/waivers/${waiverId}/approve`, role, {})).status).toBe(403);
    for (const role of ["viewer", "manager", "auditor"] as const) expect((await post(`/waivers/${waiverId}/reject`, role, {})).status).toBe(403);
  });

  it("approves inline: the row comes back approved, with who decided", async () => {
    const res = await post(`/waivers/${waiverId}/approve`, "compliance_officer", { list: "pending" });
    expect(res.status).toBe(200);
    const row = await res.text();
    expect(row.startsWith(`<tr id="waiver-${waiverId}" class="waiver waiver-approved">`)).toBe(true);
    expect(row).toContain(`<a href="/plans/${planId}#waivers">October support audit</a>`);
    expect(row).toContain('<span class="badge badge-approved">Approved</span>');
    expect(row).toContain(`approved by ${sessions.get("compliance_officer")!.email}, 24 Nov 2026, 12:00`);
    expect(row).toContain("Approved.");
    expect(row).not.toContain("/approve");
    expect(await (await get("/findings", "compliance_officer")).text()).toContain("Waivers awaiting approval (1)");
  });

  it("answers a second decision with 409 in the row", async () => {
    const res = await post(`/waivers/${waiverId}/reject`, "compliance_officer", {});
    expect(res.status).toBe(409);
    const row = await res.text();
    expect(row.startsWith(`<tr id="waiver-${waiverId}" class="waiver waiver-approved">`)).toBe(true);
    expect(row).toContain("This waiver has already been decided (Approved).");
    expect((await post(`/waivers/9999/approve`, "compliance_officer", {})).status).toBe(404);
  });

  it("rejects inline, and the audit trail records it", async () => {
    const pending = await (await get("/findings", "compliance_officer")).text();
    const other = Number(/id="waiver-(\d+)" class="waiver waiver-requested"/.exec(pending)![1]);
    const res = await post(`/waivers/${other}/reject`, "compliance_officer", {});
    expect(res.status).toBe(200);
    const row = await res.text();
    expect(row).toContain('<span class="badge badge-rejected">Rejected</span>');
    expect(row).toContain(`rejected by ${sessions.get("compliance_officer")!.email}`);
    const trail = await t.database.db.select().from(auditTrail);
    expect(trail.filter((e) => e.entity === "waiver").map((e) => e.action)).toEqual(["waiver.request", "waiver.request", "waiver.approve", "waiver.reject"]);
    expect(await (await get("/findings", "compliance_officer")).text()).toContain("No waiver requests await a decision.");
  });

  it("never lets the requester decide their own waiver: no buttons, and 409 from the server", async () => {
    const res = await post(`/plans/${planId}/waivers`, "admin", { ...request, rule_id: "MAN-ROLES", reason: "Admin's own request" });
    const own = Number(/id="waiver-(\d+)" class="waiver waiver-requested"/.exec(await res.text())![1]);
    expect(await (await get("/findings", "admin")).text()).not.toContain(`/waivers/${own}/approve`);
    const approve = await post(`/waivers/${own}/approve`, "admin", {});
    expect(approve.status).toBe(409);
    expect(await approve.text()).toContain("A waiver must be decided by someone other than its requester.");
    // a plain form post gets the error page
    const plain = await post(`/waivers/${own}/approve`, "admin", {}, false);
    expect(plain.status).toBe(409);
    expect(await plain.text()).toContain("<h1>Something went wrong</h1>");
  });
});

describe("the next run", () => {
  it("shows the waived rule as waived with its measured value, and both scores", async () => {
    const runId = await runPlan();
    const body = await (await get(`/runs/${runId}`, "viewer")).text();
    expect(body).toContain('class="result result-waived" id="result-INC-RESOLVE-URGENT"');
    expect(body).toContain('<span class="badge badge-waived">Waived</span>');
    expect(body).toContain("(was Fail before the waiver)");
    expect(body).toContain("<strong>75.0%</strong>");
    expect(body).toContain(`waived until 2026-12-31: ${request.reason}`);
    // a waived result offers no new waiver
    expect(body).not.toContain("Request a waiver for this rule");
  });

  it("offers auditors a waiver for a failing result, linking to the plan's form with the rule chosen", async () => {
    const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: {
      name: "Unwaived audit",
      rulebook: "iso20000-support",
      rules: ["INC-RESOLVE-URGENT"],
      thresholds: {},
      services: null,
      period: { type: "custom", start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" },
      schedule: null,
      timezone: "UTC",
      owner: null,
    } });
    const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    await executeRun(t.database, t.clock, run.id, thisWorker());
    // the form in place proposes the period's last day as the first day of the waiver, so that it covers this run
    const form = `<form class="stacked waiver-form" method="post" action="/plans/${plan.id}/waivers" hx-post="/plans/${plan.id}/waivers" hx-target="#waiver-request-INC-RESOLVE-URGENT"`;
    const auditorPage = await (await get(`/runs/${run.id}`, "auditor")).text();
    expect(auditorPage).toContain(form);
    expect(auditorPage).toContain('<input type="date" name="valid_from" required="" value="2026-10-31"/>');
    expect(await (await get(`/runs/${run.id}`, "compliance_officer")).text()).not.toContain(form);
  });

  it("marks an approved waiver past its expiry day as expired", async () => {
    t.clock.set("2027-01-02T12:00:00Z");
    try {
      // sessions last 12 hours: sign in again on the later day
      const { cookie } = await t.session("viewer");
      const body = await (await t.app.request(`/plans/${planId}`, { headers: { accept: "text/html", cookie } })).text();
      expect(body).toContain('<span class="badge badge-approved">Approved</span><span class="badge badge-expired">Expired</span>');
    } finally {
      t.clock.set("2026-11-24T12:00:00Z");
    }
  });
});
