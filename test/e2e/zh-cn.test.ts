// The product in Chinese, in real Chromium with a zh-CN browser: a compliance officer's overview, a manager's KPI
// charts, an auditor's plan, run and answers, the officer's sign-off and Chinese PDF, an admin's data and accounts
// pages — each page in Chinese with
// no English UI phrase outside the data, no console errors, screenshots in test-artifacts/screenshots/zh-CN-*.png.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { englishLeaks } from "../support/english-leaks.js";
import { startHarness, type Harness } from "./browser.js";

let h: Harness;
const work = mkdtempSync(join(tmpdir(), "assay-e2e-zh-"));
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const cjk = /[\u4e00-\u9fff]/;
/** What the data itself says in English (plan names, services, ticket summaries, people): not UI text. */
const data = ["October support audit", "E2E compliance_officer", "E2E auditor", "E2E manager", "catalogue not published", "evidence requested from the owner"];

async function expectChinese(page: Page, name: string) {
  expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
  const text = await page.innerText("body");
  expect(text).toMatch(cjk);
  expect({ page: name, leaks: englishLeaks(text, data) }).toEqual({ page: name, leaks: [] });
  await h.screenshot(page, `zh-CN-${name}`);
}

describe("简体中文, in the browser", () => {
  it("takes each role through its work in Chinese, the PDF included", async () => {
    const officer = await h.signIn("compliance_officer", { locale: "zh-CN" });
    await expectChinese(officer.page, "overview");
    // Chinese fonts first on a Chinese page, buttons included (Chromium gives buttons Arial, and a bold system-ui
    // face drew the heading as empty boxes on a machine without CJK fonts)
    const families = await officer.page.evaluate(() => [document.querySelector("h1")!, document.querySelector(".signout button")!].map((e) => getComputedStyle(e).fontFamily));
    for (const f of families) expect(f).toMatch(/^"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC"/);
    expect(await officer.page.$$eval("header.topbar nav a", (as) => as.map((a) => a.textContent))).toEqual(["概览", "关键指标", "审核计划", "规则手册", "审核执行", "不符合项与改进措施", "审核报告", "数据"]);

    // a manager's KPI charts: titles, legends and axes come in Chinese
    const manager = await h.signIn("manager", { locale: "zh-CN" });
    await manager.page.goto(`${h.base}/kpis`);
    await manager.page.waitForFunction(() => document.querySelectorAll("canvas[data-chart]").length === 7);
    const chart = await manager.page.$eval("#chart-data-sla-response", (s) => JSON.parse(s.textContent ?? "{}") as { datasets: { label: string }[] });
    expect(chart.datasets.length).toBeGreaterThan(0);
    for (const d of chart.datasets) expect(d.label).toMatch(cjk);
    // the canvases draw with the page's Chinese fonts, not Chart.js's Helvetica/Arial (which drew boxes)
    await manager.page.waitForFunction(() => [...document.querySelectorAll("canvas[data-chart]")].every((c) => (window as unknown as { Chart: { getChart(c: Element): unknown } }).Chart.getChart(c)));
    expect(await manager.page.evaluate(() => (window as unknown as { Chart: { defaults: { font: { family: string } } } }).Chart.defaults.font.family)).toContain('"Noto Sans SC"');
    await expectChinese(manager.page, "kpis");

    // an auditor plans October, runs it, answers one question and defers the others
    const auditor = await h.signIn("auditor", { locale: "zh-CN" });
    const page = auditor.page;
    await page.goto(`${h.base}/plans/new`);
    await expectChinese(page, "plan-new");
    await page.fill("input[name=name]", "October support audit");
    await page.selectOption("select[name=period]", "custom");
    await page.fill("input[name=start]", "2026-10-01");
    await page.fill("input[name=end]", "2026-11-01");
    await page.fill("input[name=timezone]", "Asia/Shanghai");
    await page.fill("input[name=schedule]", "0 2 1 * *");
    await Promise.all([page.waitForURL(/\/plans\/\d+$/), page.click("#plan-form button[type=submit]")]);
    await expectChinese(page, "plan");
    await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.click("form[action$='/run'] button[type=submit]")]);
    const runPath = new URL(page.url()).pathname;
    await page.waitForSelector("#result-INC-RESOLVE-URGENT", { timeout: 30_000 });
    await page.check("#result-MAN-ROLES input[value=conformant]");
    await page.click("#result-MAN-ROLES button[type=submit]");
    await page.waitForSelector("#result-MAN-ROLES.result-pass");
    for (const rule of ["MAN-SLA-AGREED", "MAN-COMMS-TEMPLATES", "MAN-CLASSIFICATION", "MAN-CATALOGUE"]) {
      if (!(await page.$(`#result-${rule} .answer-form`))) continue;
      if ((await page.textContent(`#result-${rule}`))?.includes("evidence requested from the owner")) continue;
      await page.check(`#result-${rule} input[value=deferred]`);
      await page.fill(`#result-${rule} textarea[name=note]`, "evidence requested from the owner");
      await page.click(`#result-${rule} button[type=submit]`);
      // the deferral stands beside its note (the form stays, to answer later)
      await page.waitForFunction((r) => document.querySelector(`#result-${r}`)?.textContent?.includes("evidence requested from the owner") ?? false, rule);
    }
    await page.click("#result-INC-RESOLVE-URGENT a.evidence-link");
    await page.waitForSelector("#evidence-INC-RESOLVE-URGENT table");
    await expectChinese(page, "run");

    // the compliance officer signs off and downloads the report in Chinese
    await officer.page.goto(`${h.base}${runPath}`);
    await officer.page.waitForSelector("#run-report-panel .signoff-form");
    await officer.page.fill("#run-report-panel textarea[name=comment]", "十月审核已复核");
    await officer.page.click("#run-report-panel .signoff-form button[type=submit]");
    await officer.page.waitForSelector("#run-report-panel .notice.locked");
    await expectChinese(officer.page, "run-signed");
    const [download] = await Promise.all([officer.page.waitForEvent("download"), officer.page.click("#run-report-panel a.button[download]")]);
    const pdf = join(work, "report.pdf");
    await download.saveAs(pdf);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
    expect(text).toContain("审核报告");
    expect(text).toContain("十月审核已复核");
    expect(text).not.toContain("Audit report");
    writeFileSync(join(work, "report.txt"), text);

    await officer.page.goto(`${h.base}/reports`);
    await expectChinese(officer.page, "reports");
    await officer.page.goto(`${h.base}/findings`);
    await expectChinese(officer.page, "findings");
    // an admin brings the data in and manages the accounts
    const admin = await h.signIn("admin", { locale: "zh-CN" });
    await admin.page.goto(`${h.base}/data`);
    await expectChinese(admin.page, "data");
    await admin.page.goto(`${h.base}/admin`);
    await expectChinese(admin.page, "admin");
    for (const c of [officer, manager, auditor, admin]) await c.context.close();
  });
});
