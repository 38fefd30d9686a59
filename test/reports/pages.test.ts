// The reports list (/reports) and the run page's report panel with its sign-off form.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeRunReport } from "../../reports/store.js";
import { reports, signoffs } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { deferOpenQuestions, hostileScript, seedCompletedRun, type SeededRun } from "./seed.js";

let t: TestApp;
let seeded: SeededRun;
const html = { accept: "text/html" };

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-20T09:30:00Z" });
  seeded = await seedCompletedRun(t.database);
  await storeRunReport(t.database, seeded.runId, t.clock.now());
});
afterAll(() => t.close());

describe("/reports", () => {
  it("sends anonymous browsers to the login page and refuses readers without the download permission", async () => {
    const anon = await t.app.request("/reports", { headers: html });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/login?next=%2Freports");
    for (const role of ["viewer", "manager", "auditor"] as const) {
      const { cookie } = await t.session(role);
      expect((await t.app.request("/reports", { headers: { ...html, cookie } })).status).toBe(403);
    }
  });

  it("lists completed runs, newest first, with versions, hashes, sign-off state and download links", async () => {
    const { cookie } = await t.session("compliance_officer");
    const res = await t.app.request("/reports", { headers: { ...html, cookie } });
    expect(res.status).toBe(200);
    const page = await res.text();
    const [stored] = await t.database.db.select().from(reports).where(eq(reports.runId, seeded.runId));
    expect(page).toContain(`<code class="sha256">${stored.sha256}</code>`);
    expect(page).toContain(`href="/api/v1/runs/${seeded.runId}/report.pdf?version=1"`);
    expect(page).toContain(`href="/api/v1/runs/${seeded.runId}/report.pdf"`);
    expect(page).toContain("月度审计 &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain(hostileScript);
    expect(page).toContain("Not signed off");
    // the previous runs have no stored version yet; the first download makes it
    expect(page).toContain("Not generated yet");
    const order = [seeded.runId, ...seeded.previousRunIds.slice().reverse()].map((id) => page.indexOf(`id="report-run-${id}"`));
    expect(order.every((p) => p > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("the run's report panel", () => {
  it("shows hashes to a viewer without download links or a sign-off form", async () => {
    const { cookie } = await t.session("viewer");
    const res = await t.app.request(`/runs/${seeded.runId}/report-panel`, { headers: { ...html, cookie, "hx-request": "true" } });
    expect(res.status).toBe(200);
    const panel = await res.text();
    expect(panel.startsWith('<section id="run-report-panel"')).toBe(true);
    expect(panel).toContain('<code class="sha256">');
    expect(panel).not.toContain("report.pdf");
    expect(panel).not.toContain("<form");
    expect(panel).toContain("Your role may see the hashes but not download the report.");
  });

  it("lets a compliance officer sign off through the form, and answers the panel showing the new version", async () => {
    const officer = await t.session("compliance_officer", { name: "Officer <b>Wang</b>" });
    // while manual questions are open the panel says which, and offers no sign-off
    const blocked = await (await t.app.request(`/runs/${seeded.runId}/report-panel`, { headers: { ...html, cookie: officer.cookie } })).text();
    expect(blocked).toContain("Cannot be signed off yet: answer or defer these questions first: MAN-CLASSIFICATION, MAN-COMMS-TEMPLATES, MAN-ROLES.");
    expect(blocked).not.toContain(`hx-post="/runs/${seeded.runId}/signoff"`);
    await deferOpenQuestions(t, seeded.runId);
    const before = await t.app.request(`/runs/${seeded.runId}/report-panel`, { headers: { ...html, cookie: officer.cookie } });
    const form = await before.text();
    // the signer is the signed-in account: its name is shown, there is no name to type
    expect(form).toContain('<strong class="signer">Officer &lt;b&gt;Wang&lt;/b&gt;</strong>');
    expect(form).not.toContain('name="name"');
    expect(form).toContain(`hx-post="/runs/${seeded.runId}/signoff"`);
    expect(form).toContain(`href="/api/v1/runs/${seeded.runId}/report.pdf"`);

    const post = (body: Record<string, string>) =>
      t.app.request(`/runs/${seeded.runId}/signoff`, {
        method: "POST",
        body: new URLSearchParams(body),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: officer.cookie, "hx-request": "true", accept: "text/html" },
      });
    expect((await post({ name: "Officer", comment: "" })).status).toBe(403); // no CSRF token
    const invalid = await post({ _csrf: officer.csrf, comment: `keep me ${"x".repeat(4000)}` });
    expect(invalid.status).toBe(422);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain("Comment: at most 4,000 characters");
    expect(invalidHtml).toContain("keep me");

    t.clock.set("2026-11-20T12:00:00Z"); // within the session's 12 hours
    const ok = await post({ _csrf: officer.csrf, comment: "All good" });
    expect(ok.status).toBe(200);
    const panel = await ok.text();
    expect(panel).toContain("Signed off by Officer &lt;b&gt;Wang&lt;/b&gt;, 20 Nov 2026, 20:00 (UTC+08:00).");
    expect(panel).toContain("<blockquote>All good</blockquote>");
    expect(panel).not.toContain(`hx-post="/runs/${seeded.runId}/signoff"`);
    expect(panel).toContain("Locked: answers, evidence and waivers no longer change this run.");
    expect(ok.headers.get("hx-trigger")).toBe("run-changed, run-locked");
    expect(panel).toContain(`href="/api/v1/runs/${seeded.runId}/report.pdf?version=2"`);
    const [s] = await t.database.db.select().from(signoffs).where(eq(signoffs.runId, seeded.runId));
    expect(s.userId).not.toBeNull();
  });

  it("answers 404 for an unknown run", async () => {
    const { cookie } = await t.session("viewer");
    expect((await t.app.request(`/runs/987654/report-panel`, { headers: { cookie } })).status).toBe(404);
  });
});
