// End to end with the audit engine: a run executed by the scheduler's runner stores its report by
// itself, and the stored report carries the run's evidence ids.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { createRun } from "../../audits/runs.js";
import { reports } from "../../server/db/schema.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import { runAndReport } from "../../audits/start-run.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { pdfPages, pdfText, renderPages, saveArtifact } from "./pdf-tools.js";
import { chineseService, hostileScript } from "./seed.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
let runId: number;
const late = 1200;

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-05T03:00:00Z" });
  // urgent incidents of October resolved in 3 h: every one breaches the 2 h target
  const tickets = Array.from({ length: late }, (_, i) =>
    ticket(i + 1, {
      service: chineseService,
      priority: "urgent",
      summary: `邮件无法发送 ${hostileScript}`,
      opened_at: new Date(Date.parse("2026-10-02T00:00:00Z") + i * 60_000).toISOString(),
      first_response_at: new Date(Date.parse("2026-10-02T00:10:00Z") + i * 60_000).toISOString(),
      resolved_at: new Date(Date.parse("2026-10-02T03:00:00Z") + i * 60_000).toISOString(),
    }),
  );
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "auditor@example.test"), input: {
    name: `${chineseService} 月度审计`,
    rulebook: "iso20000-support",
    services: [chineseService],
    period: { type: "previous_month" },
    timezone: "Asia/Shanghai",
    owner: "王芳",
  } });
  const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "auditor@example.test"), input: { planId: plan.id, trigger: "manual" } });
  runId = run.id;
  expect(await runAndReport(t.database, t.clock, runId, "test:1")).toEqual({ runId, status: "completed" });
});
afterAll(() => t.close());

describe("a run executed by the engine", () => {
  it("has stored version 1 of its report when it completes", async () => {
    const rows = await t.database.db.select({ version: reports.version, sha256: reports.sha256 }).from(reports).where(eq(reports.runId, runId));
    expect(rows).toHaveLength(1);
    expect(rows[0].version).toBe(1);
    const res = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    expect(res.headers.get("x-report-sha256")).toBe(rows[0].sha256);
  });

  it("reports the failing SLA rule with the first 1,000 of its evidence ids", async () => {
    const res = await t.request(`/api/v1/runs/${runId}/report.pdf`, { role: "compliance_officer" });
    const path = saveArtifact("engine-run.pdf", new Uint8Array(await res.arrayBuffer()));
    const text = pdfText(path);
    expect(text).toContain(`${chineseService} 月度审计`);
    expect(text).toContain(`all ${iso20000Support.rules.length} rules of iso20000-support`);
    expect(text).toMatch(/INC-RESOLVE-URGENT\s+Urgent incidents:[^\n]*?\s+Fail\s+0\.0%\s+≥ 95\.0%\s+1200\s+1200\n/);
    expect(text).toContain(`Evidence: ${late.toLocaleString("en-GB")} records; the first 1,000 ids are listed, the complete list is in Assay under run #${runId}.`);
    expect(text).toContain("IT-2026-000001");
    expect(text).toContain("IT-2026-001000");
    expect(text).not.toContain("IT-2026-001001");
    const pages = pdfPages(path);
    expect(renderPages(path, "engine-run")).toHaveLength(pages);
  });
});
