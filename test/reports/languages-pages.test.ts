// The report language in the pages: the plan form's "Report language", the language of each stored version in the
// reports list and the run's panel, and the download links for each language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/db/schema.js";
import { storeRunReportVersion } from "../../reports/store.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedCompletedRun, type SeededRun } from "./seed.js";

let t: TestApp;
let seeded: SeededRun;
const sessions = new Map<Role, { cookie: string; csrf: string }>();

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-20T09:30:00Z" });
  seeded = await seedCompletedRun(t.database);
  for (const role of ["auditor", "compliance_officer"] as const) sessions.set(role, await t.session(role));
});
afterAll(() => t.close());

function post(path: string, role: Role, fields: Record<string, string | string[]>) {
  const { cookie, csrf } = sessions.get(role)!;
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return t.app.request(path, { method: "POST", headers: { cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded", "hx-request": "true" }, body });
}
const get = (path: string, role: Role, headers: Record<string, string> = {}) => t.app.request(path, { headers: { accept: "text/html", cookie: sessions.get(role)!.cookie, ...headers } });

describe("the plan form", () => {
  it("offers the report language, English by default", async () => {
    const body = await (await get("/plans/new", "auditor")).text();
    expect(body).toContain('name="report_locale"');
    expect(body).toMatch(/<option value="en" selected="">English<\/option>/);
    expect(body).toContain('<option value="bilingual">Bilingual (Chinese and English)</option>');
    const zh = await (await get("/plans/new", "auditor", { "accept-language": "zh-CN" })).text();
    expect(zh).toContain("报告语言");
    expect(zh).toContain("中英双语");
  });

  it("saves it with the plan", async () => {
    const res = await post("/plans", "auditor", { name: "双语审核", period: "previous_month", timezone: "Asia/Shanghai", schedule: "", owner: "", rules: ["INC-RESOLVE-URGENT"], report_locale: "bilingual" });
    expect(res.status).toBe(204);
    const id = Number((res.headers.get("hx-redirect") ?? "").split("/")[2]);
    const plan = await (await t.request(`/api/v1/plans/${id}`, { role: "viewer" })).json();
    expect(plan.report_locale).toBe("bilingual");
    expect(await (await get(`/plans/${id}`, "auditor")).text()).toMatch(/<option value="bilingual" selected="">/);
  });
});

describe("report versions in the pages", () => {
  it("name the language of each version and link the download in each language", async () => {
    await storeRunReportVersion(t.database, seeded.runId, t.clock.now(), "zh-CN");
    await storeRunReportVersion(t.database, seeded.runId, t.clock.now(), "en");
    const list = await (await get("/reports", "compliance_officer")).text();
    expect(list).toContain(`href="/api/v1/runs/${seeded.runId}/report.pdf?lang=zh-CN"`);
    expect(list).toContain(`href="/api/v1/runs/${seeded.runId}/report.pdf?lang=bilingual"`);
    expect(list).toMatch(/<td lang="zh-CN">Simplified Chinese<\/td>[\s\S]*<td lang="en">English<\/td>/);
    const panel = await (await get(`/runs/${seeded.runId}/report-panel`, "compliance_officer")).text();
    expect(panel).toContain("Version 2</strong> · English");
    expect(panel).toContain("Version 1</strong> · Simplified Chinese");
  });
});
