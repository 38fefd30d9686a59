// The run page as a new user meets it: results filtered by status (the counts link to the filtered list), and a
// waiver requested from a failed rule without leaving the run.
import { testCtx } from "../support/ctx.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun, thisWorker } from "../../audits/runs.js";
import { waivers, type Role } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedDataSet } from "./seed.js";

let t: TestApp;
const sessions = new Map<Role, { cookie: string; csrf: string; email: string }>();
let planId = 0;
let runId = 0;
beforeAll(async () => {
  t = await buildTestApp();
  await seedDataSet(t.database.db, t.clock.now());
  for (const role of ["viewer", "auditor"] as const) sessions.set(role, await t.session(role));
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: {
    name: "October support audit",
    rulebook: "iso20000-support",
    rules: ["INC-RESOLVE-URGENT", "INC-RESP-URGENT", "MAN-ROLES"],
    period: { type: "custom", start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" },
    schedule: null,
    timezone: "UTC",
    owner: null,
  } });
  planId = plan.id;
  const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId, trigger: "manual" } });
  await executeRun(t.database, t.clock, run.id, thisWorker());
  runId = run.id;
});
afterAll(() => t.close());

const get = (path: string, role: Role, htmx = false) => t.app.request(path, { headers: { accept: "text/html", cookie: sessions.get(role)!.cookie, ...(htmx ? { "hx-request": "true" } : {}) } });
const resultIds = (html: string) => [...html.matchAll(/<article class="result result-\w+" id="result-([A-Z-]+)"/g)].map((m) => m[1]);

describe("the run page's status filter", () => {
  it("shows every result by default, and only the failures with ?status=fail", async () => {
    const all = await (await get(`/runs/${runId}`, "viewer")).text();
    expect(resultIds(all).sort()).toEqual(["INC-RESOLVE-URGENT", "INC-RESP-URGENT", "MAN-ROLES"]);
    const failures = await (await get(`/runs/${runId}?status=fail`, "viewer")).text();
    expect(resultIds(failures)).toEqual(["INC-RESOLVE-URGENT"]);
    // the filtered list keeps its filter when it refreshes itself after a sign-off
    expect(failures).toContain(`hx-get="/runs/${runId}?status=fail" hx-select="#run-results"`);
    expect(resultIds(await (await get(`/runs/${runId}?status=pending`, "viewer")).text())).toEqual(["MAN-ROLES"]);
  });

  it("links each count to the list filtered by its status, and names the filter in force", async () => {
    const html = await (await get(`/runs/${runId}?status=fail`, "viewer")).text();
    expect(html).toContain(`<a href="/runs/${runId}?status=fail#run-results" title="Show only: Fail"><span class="badge badge-fail">Fail</span> 1</a>`);
    expect(html).toContain(`<a href="/runs/${runId}?status=pass#run-results" title="Show only: Pass"><span class="badge badge-pass">Pass</span> 1</a>`);
    expect(html).toContain(`<a href="/runs/${runId}#run-results">All (3)</a>`);
    expect(html).toContain(`<a href="/runs/${runId}?status=fail#run-results" class="active" aria-current="true"><span class="badge badge-fail">Fail</span> 1</a>`);
  });

  it("says so when no result has the status asked for, and ignores a status that does not exist", async () => {
    expect(await (await get(`/runs/${runId}?status=waived`, "viewer")).text()).toContain("No result of this run is “Waived”.");
    expect(resultIds(await (await get(`/runs/${runId}?status=bogus`, "viewer")).text())).toHaveLength(3);
  });
});

describe("a waiver requested from the run", () => {
  const post = (fields: Record<string, string>, htmx = true) => {
    const { cookie, csrf } = sessions.get("auditor")!;
    const headers: Record<string, string> = { cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded" };
    if (htmx) headers["hx-request"] = "true";
    return t.app.request(`/plans/${planId}/waivers`, { method: "POST", headers, body: new URLSearchParams({ _csrf: csrf, ...fields }) });
  };

  it("opens in place beside the failed rule, for those who may request waivers", async () => {
    const html = await (await get(`/runs/${runId}`, "auditor")).text();
    expect(html).toContain('<details class="waiver-request" id="waiver-request-INC-RESOLVE-URGENT"><summary>Request a waiver for this rule</summary>');
    expect(html).toContain(`<input type="hidden" name="from_run" value="${runId}"/>`);
    expect(await (await get(`/runs/${runId}`, "viewer")).text()).not.toContain("waiver-request-");
  });

  it("answers a refused request with the form and its issues in place (422), writing nothing", async () => {
    const res = await post({ rule_id: "INC-RESOLVE-URGENT", from_run: String(runId), reason: "", valid_from: "2026-10-31", expires_on: "2026-12-31" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/^<details class="waiver-request" id="waiver-request-INC-RESOLVE-URGENT" open="">/);
    expect(html).toContain('class="error-box"');
    expect(await t.database.db.select().from(waivers)).toHaveLength(0);
  });

  it("stores the request and answers with the notice that replaces the form; the run stays on screen", async () => {
    const res = await post({ rule_id: "INC-RESOLVE-URGENT", from_run: String(runId), reason: "Vendor outage; contract renegotiated", valid_from: "2026-10-31", expires_on: "2026-12-31" });
    expect(res.status).toBe(200);
    expect(res.headers.get("hx-trigger")).toBe("waivers-changed");
    expect(await res.text()).toBe('<div class="waiver-request" id="waiver-request-INC-RESOLVE-URGENT"><p class="notice" role="status">Waiver requested. A compliance officer approves or rejects it.</p></div>');
    const rows = await t.database.db.select().from(waivers);
    expect(rows.map((w) => [w.ruleId, w.status, w.validFrom, w.expiresOn])).toEqual([["INC-RESOLVE-URGENT", "requested", "2026-10-31", "2026-12-31"]]);
  });

  it("without script, returns the browser to the rule on the run page", async () => {
    const res = await post({ rule_id: "INC-RESOLVE-URGENT", from_run: String(runId), reason: "Second request", valid_from: "2026-10-31", expires_on: "2026-12-30" }, false);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/runs/${runId}?waiver=requested#result-INC-RESOLVE-URGENT`);
  });
});
