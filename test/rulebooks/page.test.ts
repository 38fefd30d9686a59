// The Rulebooks page: everyone who reads plans sees the rulebooks and their versions; admins import with the upload
// form (CSRF); a version's rules and the differences between two versions, in English and Chinese.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { repoRoot } from "../support/cli.js";

const source = readFileSync(join(repoRoot, "audits/rulebooks/examples/acme-support.yaml"), "utf8");
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function upload(session: { cookie: string; csrf: string }, text: string, csrf = session.csrf) {
  const form = new FormData();
  form.set("_csrf", csrf);
  form.set("file", new File([text], "acme.yaml", { type: "application/yaml" }));
  return t.app.request("/rulebooks", { method: "POST", body: form, headers: { cookie: session.cookie, accept: "text/html" } });
}

describe("the Rulebooks page", () => {
  it("lists the built-in rulebook for a viewer, with the nav link and no upload form", async () => {
    const viewer = await t.session("viewer");
    const html = await (await t.app.request("/rulebooks", { headers: { cookie: viewer.cookie, accept: "text/html" } })).text();
    expect(html).toContain('href="/rulebooks"');
    expect(html).toContain("iso20000-support");
    expect(html).toMatch(/built-in/);
    expect(html).not.toContain('action="/rulebooks"');
    expect((await upload(viewer, source)).status).toBe(403);
  });

  it("lets an admin import versions with the form, shows a version's rules and the differences between versions", async () => {
    const admin = await t.session("admin");
    expect((await upload(admin, source, "wrong")).status).toBe(403);
    const first = await upload(admin, source);
    expect(first.status).toBe(201);
    expect(await first.text()).toContain("Imported acme-support@1.0.0.");
    const bad = await upload(admin, source.replace("severity: minor", "severity: huge"));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("override.TRAINING-SCORE.severity");
    expect((await upload(admin, source.replace("version: 1.0.0", "version: 1.1.0").replace("threshold: 98", "threshold: 99"))).status).toBe(201);
    const list = await (await t.app.request("/rulebooks", { headers: { cookie: admin.cookie, accept: "text/html" } })).text();
    expect(list).toContain('href="/rulebooks/acme-support/diff?from=1.0.0&amp;to=1.1.0"');
    const rules = await (await t.app.request("/rulebooks/acme-support?version=1.0.0", { headers: { cookie: admin.cookie, accept: "text/html" } })).text();
    expect(rules).toContain("The 36 rules of acme-support@1.0.0");
    expect(rules).toContain("Emergency drill in the last 92 days");
    const diff = await (await t.app.request("/rulebooks/acme-support/diff?from=1.0.0&to=1.1.0", { headers: { cookie: admin.cookie, accept: "text/html" } })).text();
    expect(diff).toContain("1 rule changed");
    expect(diff).toMatch(/<code>INC-RESP-URGENT<\/code><\/td><td><code>threshold<\/code><\/td><td>98<\/td><td>99<\/td>/);
    const zh = await (await t.app.request("/rulebooks/acme-support?version=1.0.0", { headers: { cookie: admin.cookie, accept: "text/html", "accept-language": "zh-CN" } })).text();
    expect(zh).toContain("acme-support@1.0.0 的 36 条规则");
    expect(zh).toContain("最近 92 天内进行过应急演练");
    expect(zh).toContain("内置");
  });

  it("lets a plan choose a rulebook and its version in the plan form; the plan's page names it", async () => {
    const admin = await t.session("admin");
    const form = await (await t.app.request("/plans/new?rulebook=acme-support@1.0.0", { headers: { cookie: admin.cookie, accept: "text/html" } })).text();
    expect(form).toContain('<option value="acme-support@1.0.0" selected="">');
    expect(form).toContain('value="ACME-DRILL-QUARTER"');
    expect(form).toContain("acme-support (latest version at each run)");
    const body = new URLSearchParams({ _csrf: admin.csrf, name: "Acme plan", rulebook: "acme-support@1.0.0", rendered_rulebook: "iso20000-support", period: "previous_month", timezone: "UTC", report_locale: "en" });
    const saved = await t.app.request("/plans", { method: "POST", body, headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" } });
    expect(saved.status).toBe(303);
    const id = Number(saved.headers.get("location")!.split("/").at(-1));
    const plan = await (await t.request(`/api/v1/plans/${id}`, { role: "viewer" })).json();
    expect(plan).toMatchObject({ rulebook: "acme-support", rulebook_version: "1.0.0", rules: null });
    const page = await (await t.app.request(`/plans/${id}`, { headers: { cookie: admin.cookie, accept: "text/html" } })).text();
    expect(page).toContain('<a href="/rulebooks/acme-support?version=1.0.0">acme-support@1.0.0</a>');
    // the waiver form offers the plan's rulebook's own rules
    expect(page).toMatch(/<option value="ACME-DRILL-QUARTER"/);
  });
});
