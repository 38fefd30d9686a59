// The dashboard in real Chromium: every role signs in, a KPI filter redraws the charts, an auditor creates and runs
// a plan, answers a manual question and attaches evidence, a manager updates an action, an admin creates a token and
// uploads a CSV, a waiver goes from request to approval to a waived result; no console errors anywhere, and a
// screenshot of every page in test-artifacts/screenshots/. Each test sets up what it reads (its own plan and run,
// made through the API), so any one of them runs alone or in any order.
import { testCtx } from "../support/ctx.js";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createApiToken } from "../../server/auth/users.js";
import type { Role } from "../../server/db/schema.js";
import { startHarness, type Harness } from "./browser.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  // every test ends with a clean console
  expect(h.errors).toEqual([]);
});

/** The API as a machine calls it, with a fresh token for the role. */
async function api(role: Role, path: string, method = "GET", body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const { token } = await createApiToken({ ctx: testCtx(h.database.db, Date.parse("2026-11-24T12:00:00Z"), "e2e"), input: { data: { name: `e2e ${role} ${path}`, role } } });
  const res = await fetch(`${h.base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/**
 * The auditor's October plan (as "an auditor's day" creates it on the page) under `name`, run to completion, with
 * MAN-ROLES answered conformant: 11 of 24 judged rules pass, 45.8 %. Answers the run page's path.
 */
async function auditedRun(name: string): Promise<string> {
  const plan = await api("auditor", "/plans", "POST", {
    name,
    period: { type: "custom", start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" },
    timezone: "Asia/Shanghai",
    owner: "manager@e2e.test",
    schedule: "0 2 1 * *",
  });
  expect(plan.status, JSON.stringify(plan.json)).toBe(201);
  const started = await api("auditor", `/plans/${plan.json.id}/runs`, "POST");
  expect(started.status).toBe(202);
  const runId = started.json.id as number;
  for (let waited = 0; ; waited += 100) {
    const run = await api("viewer", `/runs/${runId}`);
    // done once the report the completed run is given is stored too (the run page shows it)
    if (run.json.status === "completed" && ((await api("viewer", `/runs/${runId}/reports`)).json.versions as unknown[]).length > 0) break;
    if (waited > 30_000 || run.json.status === "failed") throw new Error(`run ${runId}: ${JSON.stringify(run.json.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect((await api("auditor", `/runs/${runId}/answers/MAN-ROLES`, "PUT", { answer: "conformant" })).status).toBe(200);
  return `/runs/${runId}`;
}

/** A test that signs in several roles and runs a plan: minutes on a loaded machine, seconds on a free one. */
const slow = 240_000;

const navLinks = (page: Page) => page.$$eval("header.topbar nav a", (as) => as.map((a) => a.getAttribute("href")));
const chartJson = (page: Page, id: string) => page.$eval(`#chart-data-${id}`, (s) => JSON.parse(s.textContent ?? "{}") as { labels: string[]; datasets: { label: string; data: (number | null)[] }[] });

describe("signing in", () => {
  it.each([
    ["viewer", "/", ["/", "/kpis", "/plans", "/rulebooks", "/runs", "/findings", "/data"]],
    ["manager", "/", ["/", "/kpis", "/plans", "/rulebooks", "/runs", "/findings", "/data"]],
    ["auditor", "/", ["/", "/kpis", "/plans", "/rulebooks", "/runs", "/findings", "/data"]],
    ["compliance_officer", "/", ["/", "/kpis", "/plans", "/rulebooks", "/runs", "/findings", "/reports", "/data"]],
    ["admin", "/", ["/", "/kpis", "/plans", "/rulebooks", "/runs", "/findings", "/reports", "/data", "/admin", "/admin/connectors"]],
    ["ingest", "/", []],
  ] as const)("%s lands on %s and sees only its navigation", async (role, landing, links) => {
    const { page, context } = await h.signIn(role);
    expect(new URL(page.url()).pathname).toBe(landing);
    expect(await navLinks(page)).toEqual(links);
    if (role === "viewer") {
      await expect(page.textContent("#kpi-tiles")).resolves.toContain("SLA attainment, Nov 2026");
      await h.screenshot(page, "overview");
    }
    if (role === "ingest") {
      // the machine role reads no page: it is told so (and Chromium logs the 403 it received)
      expect(await page.textContent("main")).toContain("403");
      expect(h.errors).toEqual([expect.stringMatching(/ingest .*\/: Failed to load resource: the server responded with a status of 403/)]);
      h.errors.length = 0;
      await h.screenshot(page, "forbidden-ingest-role");
    }
    await context.close();
  });
});

describe("the KPI explorer", () => {
  it("swaps the charts when a filter changes, keeps the filter in the URL, and draws every chart", async () => {
    const { page, context } = await h.signIn("manager");
    await page.goto(`${h.base}/kpis`);
    await page.waitForFunction(() => document.querySelectorAll("canvas[data-chart]").length === 7 && [...document.querySelectorAll("canvas[data-chart]")].every((c) => (window as unknown as { Chart: { getChart(c: Element): unknown } }).Chart.getChart(c)));
    const before = await chartJson(page, "volume");
    expect(before.labels).toEqual(["System failure", "Technical"]);
    await h.screenshot(page, "kpis");

    await page.selectOption("#kpi-filters select[name=service]", "erp");
    await page.waitForURL(/service=erp/);
    await page.waitForFunction(() => document.querySelector("#chart-data-volume")?.textContent?.includes('"labels":["Technical"]'));
    const after = await chartJson(page, "volume");
    expect(after.labels).toEqual(["Technical"]);
    expect(after.datasets.find((d) => d.label === "General")?.data).toEqual([10]);
    // the new charts are drawn too, and the CSV link carries the filter
    await page.waitForFunction(() => (window as unknown as { Chart: { getChart(c: Element): unknown } }).Chart.getChart(document.querySelector("canvas[data-chart=chart-data-volume]")!));
    expect(await page.getAttribute("#chart-volume a.csv", "href")).toBe("/kpis/volume.csv?service=erp");
    await h.screenshot(page, "kpis-filtered");

    // back restores the unfiltered charts, drawn again
    await page.goBack();
    await page.waitForFunction(() => document.querySelector("#chart-data-volume")?.textContent?.includes('"labels":["System failure","Technical"]'));
    await page.waitForFunction(() => (window as unknown as { Chart: { getChart(c: Element): unknown } }).Chart.getChart(document.querySelector("canvas[data-chart=chart-data-volume]")!));

    // the shared URL opens the same view
    await page.goto(`${h.base}/kpis?service=erp`);
    expect((await chartJson(page, "volume")).labels).toEqual(["Technical"]);
    await context.close();
  });
});

describe("an auditor's day", () => {
  it("creates a plan, runs it, drills into evidence and answers a manual question", async () => {
    const { page, context } = await h.signIn("auditor");
    await page.goto(`${h.base}/plans`);
    await h.screenshot(page, "plans-empty");
    await page.click("text=New audit plan");
    await page.fill("input[name=name]", "October support audit");
    await page.selectOption("select[name=period]", "custom");
    await page.fill("input[name=start]", "2026-10-01");
    await page.fill("input[name=end]", "2026-11-01");
    await page.fill("input[name=timezone]", "Asia/Shanghai");
    await page.fill("input[name=owner]", "manager@e2e.test");
    await h.screenshot(page, "plan-new");

    // a wrong cron expression comes back as a 422 partial swapped into the form
    await page.fill("input[name=schedule]", "every day");
    await page.click("#plan-form button[type=submit]");
    await page.waitForSelector("#plan-form .error-box");
    expect(await page.textContent("#plan-form .error-box")).toContain("not a valid cron expression");
    // Chromium logs every 4xx response; this one is the validation answer we asked for, and the only entry
    expect(h.errors).toEqual([expect.stringMatching(/\/plans\/new: Failed to load resource: the server responded with a status of 422/)]);
    h.errors.length = 0;
    await h.screenshot(page, "plan-new-invalid");

    await page.fill("input[name=schedule]", "0 2 1 * *");
    await Promise.all([page.waitForURL(/\/plans\/\d+$/), page.click("#plan-form button[type=submit]")]);
    expect(await page.textContent(".plan-facts")).toContain("monthly on day 1 at 02:00, Asia/Shanghai");
    await h.screenshot(page, "plan");

    await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.click("button:has-text('Run now')")]);
    const runPath = new URL(page.url()).pathname;
    // the page polls while the run is queued or running, then reloads with the results
    await page.waitForSelector("#result-INC-RESOLVE-URGENT", { timeout: 30_000 });
    expect(await page.getAttribute("#result-INC-RESOLVE-URGENT", "class")).toBe("result result-fail");
    expect(await page.textContent("#result-INC-RESOLVE-URGENT .value-line")).toContain("75.0%");

    await page.click("#result-INC-RESOLVE-URGENT a.evidence-link");
    await page.waitForSelector("#evidence-INC-RESOLVE-URGENT table");
    expect(await page.textContent("#evidence-INC-RESOLVE-URGENT")).toContain("IT-2026-000024");

    await page.check("#result-MAN-ROLES input[value=conformant]");
    await page.click("#result-MAN-ROLES button[type=submit]");
    await page.waitForSelector("#result-MAN-ROLES.result-pass");
    expect(await page.textContent("#result-MAN-ROLES")).toContain("Answered conformant by auditor@e2e.test");

    // evidence for the answer: attached through htmx (multipart), listed with its SHA-256, downloaded, never opened
    const evidence = "Org chart v3, signed by the service owner.\n";
    await page.setInputFiles("#attachments-MAN-ROLES input[type=file]", { name: "org-chart.txt", mimeType: "text/plain", buffer: Buffer.from(evidence) });
    await page.click("#attachments-MAN-ROLES button[type=submit]");
    await page.waitForSelector("#attachments-MAN-ROLES .saved");
    expect(await page.textContent("#attachments-MAN-ROLES")).toContain(`sha256 ${createHash("sha256").update(evidence).digest("hex")}`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#attachments-MAN-ROLES a[download]")]);
    expect(download.suggestedFilename()).toBe("org-chart.txt");
    expect(readFileSync((await download.path())!, "utf8")).toBe(evidence);
    // a file over the limit (5 MB by default) is refused with the limit named, beside the form
    await page.setInputFiles("#attachments-MAN-ROLES input[type=file]", { name: "scan.tiff", mimeType: "image/tiff", buffer: Buffer.alloc(6 * 1024 * 1024) });
    await page.click("#attachments-MAN-ROLES button[type=submit]");
    await page.waitForSelector("#attachments-MAN-ROLES .error-box");
    expect(await page.textContent("#attachments-MAN-ROLES .error-box")).toContain("The file is larger than the limit of 5.0 MB.");
    expect(await page.$$eval("#attachments-MAN-ROLES li[id^=attachment-]", (items) => items.length)).toBe(1);
    expect(h.errors).toEqual([expect.stringMatching(/\/runs\/\d+: Failed to load resource: the server responded with a status of 413/)]);
    h.errors.length = 0;
    await page.waitForSelector("#report-panel h2, #report-panel h3");
    await h.screenshot(page, "run");

    await page.goto(`${h.base}/runs`);
    expect(await page.textContent("#runs")).toContain("October support audit");
    await h.screenshot(page, "runs");
    await page.goto(`${h.base}/plans`);
    await h.screenshot(page, "plans");
    await context.close();
  }, slow);
});

describe("a manager", () => {
  it("updates the improvement action assigned to them", async () => {
    const runPath = await auditedRun("Manager's October audit");
    const planId = await h.database.client.execute({ sql: "SELECT plan_id FROM runs WHERE id = ?", args: [Number(runPath.split("/").at(-1))] });
    const { page, context } = await h.signIn("manager");
    await page.goto(`${h.base}/findings?severity=major&plan=${planId.rows[0].plan_id}`);
    const action = page.locator(".finding:has-text('INC-RESOLVE-URGENT') .action").first();
    const id = await action.getAttribute("id");
    await h.screenshot(page, "findings");
    await page.selectOption(`#${id} select[name=status]`, "in_progress");
    await page.click(`#${id} button[type=submit]`);
    await page.waitForSelector(`#${id} .saved`);
    expect(await page.textContent(`#${id} .action-head`)).toContain("In progress");
    await h.screenshot(page, "findings-updated");
    await page.goto(`${h.base}${runPath}`);
    await page.waitForSelector("#report-panel h2, #report-panel h3");
    await context.close();
  }, slow);
});

describe("an admin", () => {
  it("creates an API token, uploads a CSV with progress, and reads the audit trail", async () => {
    expect((await api("auditor", "/plans", "POST", { name: "Admin's look at a plan" })).status).toBe(201);
    const { page, context } = await h.signIn("admin");
    await page.goto(`${h.base}/admin`);
    await page.fill("#create-token input[name=name]", "helpdesk sync");
    await page.click("#create-token button[type=submit]");
    await page.waitForSelector("#tokens code.token");
    expect(await page.textContent("#tokens code.token")).toMatch(/^assay_/);
    await h.screenshot(page, "admin");

    await page.goto(`${h.base}/data`);
    const csv = "id,kind,service,priority,category,opened_at,resolved_at\nIT-2026-900001,incident,portal,general,data,2026-11-20T08:00:00Z,2026-11-20T09:00:00Z\n";
    await page.setInputFiles("#csv-upload input[type=file]", { name: "tickets.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.click("#csv-upload button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#csv-upload .upload-status")?.textContent?.startsWith("Imported"));
    expect(await page.textContent("#csv-upload .upload-status")).toBe("Imported: 1 received, 1 new, 0 updated.");
    expect(await page.getAttribute("#csv-upload progress", "value")).toBe("100");
    await page.waitForFunction(() => document.querySelector("#batches")?.textContent?.includes("api:csv"));
    await h.screenshot(page, "data");

    await page.goto(`${h.base}/admin?entity=plan`);
    expect(await page.textContent("#audit-trail")).toContain("plan.create");
    await context.close();
  }, slow);
});

describe("a compliance officer", () => {
  it("reads the overview with the new score, the run and its report panel", async () => {
    const { page, context } = await h.signIn("compliance_officer");
    const severityCounts = async () => {
      const counts = await page.$$eval(".severity-counts a", (links) => links.map((a) => a.textContent!.replace(/\s+/g, " ").trim()));
      return Object.fromEntries(counts.map((c) => [c.split(" ")[1], Number(c.split(" ")[0])]));
    };
    const before = await severityCounts();
    const runPath = await auditedRun("Officer's October audit");
    await page.reload();
    // what the page must show, from the run's own results (API) and the rulebook's severities
    const run = (await api("viewer", runPath)).json as { score: number; results: { rule_id: string; status: string }[] };
    const count = (status: string) => run.results.filter((r) => r.status === status).length;
    const shownScore = `${run.score.toFixed(1)}%`;
    const severityOf = new Map(iso20000Support.rules.map((r) => [r.id, r.severity]));
    const failing = run.results.filter((r) => r.status === "fail").map((r) => severityOf.get(r.rule_id));
    expect(count("pass")).toBeGreaterThan(0);
    expect(failing.length).toBeGreaterThan(0);
    // the plan's row: the run's score (the counts are asserted on the run page below)
    const score = page.locator("tr:has(a:text-is(\"Officer's October audit\")) a.score");
    expect([await score.textContent(), await score.getAttribute("href")]).toEqual([shownScore, runPath]);
    // open findings by severity: the run raised one per failing rule
    const after = await severityCounts();
    expect(["Major", "Minor", "Observation"].map((s) => (after[s] ?? 0) - (before[s] ?? 0))).toEqual(["major", "minor", "observation"].map((s) => failing.filter((f) => f === s).length));
    await h.screenshot(page, "overview-after-run");
    await page.goto(`${h.base}${runPath}`);
    await page.waitForSelector("#report-panel h2, #report-panel h3");
    expect(await page.textContent(".score.big")).toBe(shownScore);
    const results = await page.$$eval(".status-counts > *", (spans) => spans.map((s) => s.textContent!.replace(/\s+/g, " ").trim()));
    // each non-zero count links to the results with that status
    expect(await page.getAttribute(".status-counts a:has(.badge-fail)", "href")).toMatch(/^\/runs\/\d+\?status=fail#run-results$/);
    expect(results).toEqual([`Pass ${count("pass")}`, `Fail ${count("fail")}`, `Waived ${count("waived")}`, `N/A ${count("not_applicable")}`, `Pending ${count("pending")}`, `Error ${count("error")}`]);
    await h.screenshot(page, "run-compliance");
    await page.goto(`${h.base}/reports`);
    await h.screenshot(page, "reports");
    await context.close();
  }, slow);
});

describe("a waiver", () => {
  it("is requested by an auditor, approved by a compliance officer, and the next run shows the rule waived", async () => {
    const runPath = await auditedRun("Waived October audit");
    const auditor = await h.signIn("auditor");
    const page = auditor.page;
    await page.goto(`${h.base}${runPath}`);
    // the failing result opens its waiver request in place: the auditor stays on the run
    const form = "#waiver-request-INC-RESOLVE-URGENT form";
    await page.click("#waiver-request-INC-RESOLVE-URGENT summary");
    await page.fill(`${form} textarea[name=reason]`, "Urgent incidents waited on the mail vendor; contract renegotiated");
    await page.fill(`${form} input[name=expires_on]`, "2026-12-31");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector("#waiver-request-INC-RESOLVE-URGENT .notice");
    expect(new URL(page.url()).pathname).toBe(runPath);
    await h.screenshot(page, "run-waiver-requested");
    await page.goto(`${h.base}/plans`);
    await Promise.all([page.waitForURL(/\/plans\/\d+$/), page.click("text=Waived October audit")]);
    expect(await page.textContent("#waivers tbody")).toContain("Requested");

    // the officer's overview points to the request
    const officer = await h.signIn("compliance_officer");
    expect(await officer.page.textContent("#pending-waivers-notice")).toBe("Waiver requests awaiting your approval: 1");
    await Promise.all([officer.page.waitForURL(/\/findings#pending-waivers$/), officer.page.click("#pending-waivers-notice a")]);
    expect(await officer.page.textContent("#pending-waivers h2")).toBe("Waivers awaiting approval (1)");
    const id = await officer.page.locator("#pending-waivers tr.waiver-requested").first().getAttribute("id");
    await h.screenshot(officer.page, "findings-pending-waivers");
    await officer.page.click(`#${id} button:has-text('Approve')`);
    await officer.page.waitForSelector(`#${id}.waiver-approved`);
    expect(await officer.page.textContent(`#${id}`)).toContain("approved by compliance_officer@e2e.test");
    // no stale count: the heading follows the decision in place
    await officer.page.waitForFunction(() => document.querySelector("#pending-waivers h2")?.textContent === "Waivers awaiting approval (0)");
    await h.screenshot(officer.page, "findings-waiver-approved");
    await officer.context.close();

    // the waiver covers the run it was requested from (valid from that period's last day): approval re-scored it
    const planUrl = page.url();
    await page.goto(`${h.base}${runPath}`);
    expect(await page.getAttribute("#result-INC-RESOLVE-URGENT", "class")).toBe("result result-waived");
    await page.goto(planUrl);

    // the auditor, back on the plan page, runs the plan again: the rule is waived, its measured value still shown
    await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.click("button:has-text('Run now')")]);
    expect(new URL(page.url()).pathname).not.toBe(runPath);
    await page.waitForSelector("#result-INC-RESOLVE-URGENT", { timeout: 30_000 });
    expect(await page.getAttribute("#result-INC-RESOLVE-URGENT", "class")).toBe("result result-waived");
    expect(await page.textContent("#result-INC-RESOLVE-URGENT .value-line")).toContain("75.0%");
    expect(await page.textContent("#result-INC-RESOLVE-URGENT .result-head")).toContain("(was Fail before the waiver)");
    await page.waitForSelector("#report-panel h2, #report-panel h3");
    await h.screenshot(page, "run-waived");
    await auditor.context.close();
  }, slow);
});

describe("a run's page never shows a stale state", () => {
  it("updates score, counts and findings in place after an answer; locks in place after the sign-off; reopens with a reason", async () => {
    const runPath = await auditedRun("Signed October audit");
    const auditor = await h.signIn("auditor");
    const page = auditor.page;
    await page.goto(`${h.base}${runPath}`);
    const score = async () => (await page.textContent("#run-facts .score"))!.trim();
    const before = await score();
    const passCount = async () => (await page.textContent("#run-facts .status-counts"))!;
    const countsBefore = await passCount();
    await page.check("#result-MAN-CATALOGUE input[value=nonconformant]");
    await page.fill("#result-MAN-CATALOGUE textarea[name=note]", "catalogue not published since the reorganisation");
    await page.click("#result-MAN-CATALOGUE button[type=submit]");
    await page.waitForSelector("#result-MAN-CATALOGUE.result-fail");
    // without a reload: the score, the counts and the findings follow the answer
    await page.waitForFunction((old) => document.querySelector("#run-facts .score")?.textContent?.trim() !== old, before);
    expect(await score()).not.toBe(before);
    expect(await passCount()).not.toBe(countsBefore);
    await page.waitForFunction(() => /service catalogue/i.test(document.querySelector("#run-findings")?.textContent ?? ""));
    // the others are deferred, each with a note, so that the run can be signed off
    for (const rule of ["MAN-SLA-AGREED", "MAN-COMMS-TEMPLATES", "MAN-CLASSIFICATION"]) {
      await page.check(`#result-${rule} input[value=deferred]`);
      await page.fill(`#result-${rule} textarea[name=note]`, "evidence requested from the service owner");
      await page.click(`#result-${rule} button[type=submit]`);
      await page.waitForFunction((r) => /Deferred by/.test(document.querySelector(`#result-${r}`)?.textContent ?? ""), rule);
    }
    await h.screenshot(page, "run-answered-in-place");

    const officer = await h.signIn("compliance_officer");
    await officer.page.goto(`${h.base}${runPath}`);
    await officer.page.waitForSelector("#run-report-panel .signoff-form");
    expect(await officer.page.textContent("#run-report-panel .signer")).toBe("E2E compliance_officer");
    expect(await officer.page.$("#run-report-panel input[name=name]")).toBeNull();
    await officer.page.fill("#run-report-panel textarea[name=comment]", "October audit reviewed");
    await officer.page.click("#run-report-panel .signoff-form button[type=submit]");
    await officer.page.waitForSelector("#run-report-panel .notice.locked");
    // the facts card says it is locked, without a reload
    await officer.page.waitForSelector("#run-facts .notice.locked");
    await h.screenshot(officer.page, "run-signed-locked");

    // the auditor's next look shows no answer form; a stale form posted anyway is refused, nothing changes
    await page.reload();
    expect(await page.$$("#run-results .answer-form")).toEqual([]);
    expect(await page.textContent("#result-MAN-ROLES")).toContain("This run is signed off and locked");

    // reopening takes a reason; the sign-off stays on record, voided
    await officer.page.fill("#run-report-panel textarea[name=reason]", "MAN-CATALOGUE evidence belongs to another year");
    await officer.page.click("#run-report-panel .reopen-form button[type=submit]");
    await officer.page.waitForSelector("#run-report-panel .voided-signoffs");
    expect(await officer.page.textContent("#run-report-panel .voided-signoffs")).toContain("MAN-CATALOGUE evidence belongs to another year");
    await officer.page.waitForFunction(() => !document.querySelector("#run-facts .notice.locked"));
    await h.screenshot(officer.page, "run-reopened");
    await page.reload();
    expect((await page.$$("#run-results .answer-form")).length).toBe(5);
    await officer.context.close();
    await auditor.context.close();
  }, slow);
});
