// The report panel and the reports list in real Chromium: a compliance officer downloads the report the
// run page names by its hash and signs the run off through htmx; a viewer sees the hashes only.
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { storeRunReport } from "../../reports/store.js";
import { manualAnswers } from "../../server/db/schema.js";
import { startHarness, type Harness } from "../e2e/browser.js";
import { seedCompletedRun, type SeededRun } from "./seed.js";

let h: Harness;
let seeded: SeededRun;

beforeAll(async () => {
  h = await startHarness();
  seeded = await seedCompletedRun(h.database);
  await storeRunReport(h.database, seeded.runId, Date.parse("2026-11-24T12:00:00Z"));
  // the seeded run's open questions are deferred (with a note), so that it may be signed off
  await h.database.db.insert(manualAnswers).values(
    ["MAN-ROLES", "MAN-COMMS-TEMPLATES", "MAN-CLASSIFICATION"].map((ruleId) => ({ runId: seeded.runId, ruleId, answer: "deferred" as const, note: "asked the service owner", answeredBy: "auditor@example.test", answeredAt: seeded.finishedAt })),
  );
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe("the run page's report panel", () => {
  it("lets a compliance officer download the version it lists and sign the run off", async () => {
    const { page, context } = await h.signIn("compliance_officer");
    await page.goto(`${h.base}/runs/${seeded.runId}`);
    await page.waitForSelector("#run-report-panel .signoff-form");
    const listed = await page.$$eval("#run-report-panel code.sha256", (els) => els.map((e) => e.textContent));
    expect(listed).toHaveLength(1);

    const download = await page.request.get(`${h.base}/api/v1/runs/${seeded.runId}/report.pdf?version=1`);
    expect(download.status()).toBe(200);
    expect(createHash("sha256").update(await download.body()).digest("hex")).toBe(listed[0]);

    // the signer is the signed-in account: its name is shown, not typed
    expect(await page.textContent("#run-report-panel .signer")).toBe("E2E compliance_officer");
    await page.fill("#run-report-panel textarea[name=comment]", "复核完成 <b>ok</b>");
    await page.click("#run-report-panel .signoff-form button[type=submit]");
    await page.waitForSelector("#run-report-panel .signoff");
    const panel = await page.textContent("#run-report-panel");
    expect(panel).toContain("Signed off by E2E compliance_officer");
    expect(panel).toContain("复核完成 <b>ok</b>");
    expect(await page.$$eval("#run-report-panel code.sha256", (els) => els.length)).toBe(2);
    expect(await page.$("#run-report-panel .signoff-form")).toBeNull();
    await h.screenshot(page, "report-panel-signed");
    await context.close();
  });

  it("shows a viewer the hashes without downloads or the sign-off form", async () => {
    const { page, context } = await h.signIn("viewer");
    await page.goto(`${h.base}/runs/${seeded.runId}`);
    await page.waitForSelector("#run-report-panel code.sha256");
    expect(await page.$("#run-report-panel a[href*='report.pdf']")).toBeNull();
    expect(await page.$("#run-report-panel form")).toBeNull();
    await context.close();
  });
});

describe("the reports list", () => {
  it("lists the run with both versions for a compliance officer", async () => {
    const { page, context } = await h.signIn("compliance_officer");
    await page.goto(`${h.base}/reports`);
    const card = page.locator(`#report-run-${seeded.runId}`);
    await expect(card.textContent()).resolves.toContain("Signed off by E2E compliance_officer");
    expect(await card.locator("code.sha256").count()).toBe(2);
    await h.screenshot(page, "reports-list");
    await context.close();
  });
});
