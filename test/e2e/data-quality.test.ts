// The data-quality view in real Chromium: an admin previews an upload on the Data page (the preview names the
// tickets that would fail the record rules), imports it, sees the last import's card refresh, opens the offending
// records, pages them with htmx, and reads the page in Chinese; no console errors; screenshots kept.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./browser.js";
import { defective, expectedReport, ticketsCsv } from "../data-quality/known-defects.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const upload = { name: "defects.csv", mimeType: "text/csv", buffer: Buffer.from(ticketsCsv(defective)) };

describe("data quality in the browser", () => {
  it("the upload's preview names the offending tickets; the import refreshes the last import's card", async () => {
    const { page, context } = await h.signIn("admin");
    await page.goto(`${h.base}/data`);
    await page.setInputFiles("#csv-upload input[type=file]", upload);
    await page.check("#csv-upload input[name=dry_run]");
    await page.click("#csv-upload button[type=submit]");
    const want = expectedReport(defective);
    await page.waitForFunction(() => (document.querySelector(".upload-status")?.textContent ?? "").includes("Record rules"));
    const preview = (await page.textContent(".upload-status")) ?? "";
    expect(preview).toContain(`Record rules on these tickets: ${want.incomplete} incomplete (REC-COMPLETE), ${want.inconsistent} with times out of order (REC-CONSISTENT), of ${defective.length}.`);
    expect(preview).toContain("IT-2026-008: resolved before opened; more time on hold than elapsed");
    await h.screenshot(page, "data-upload-preview");

    await page.uncheck("#csv-upload input[name=dry_run]");
    await page.setInputFiles("#csv-upload input[type=file]", upload);
    await page.click("#csv-upload button[type=submit]");
    await page.waitForFunction((n) => (document.querySelector("#last-import-quality")?.textContent ?? "").includes(`${n} tickets checked`), defective.length);
    expect(await page.getAttribute('#last-import-quality [data-rule="REC-CONSISTENT"] .badge', "class")).toBe("badge badge-fail");
    await h.screenshot(page, "data-last-import-quality");

    await Promise.all([page.waitForURL(/\/data\/quality\?/), page.click("#last-import-quality a >> nth=0")]);
    const ids = await page.$$eval("table.quality-rows tbody tr td:first-child a", (as) => as.map((a) => a.textContent));
    expect(ids).toEqual(want.rows.map((r) => r.id));
    await h.screenshot(page, "data-quality");
    await context.close();
  });

  it("pages the offending records of all tickets in place, and speaks Chinese", async () => {
    const { page, context } = await h.signIn("auditor", { locale: "zh-CN" });
    await page.goto(`${h.base}/data/quality?page_size=5`);
    expect(await page.textContent("h1")).toBe("数据质量");
    const first = await page.$$eval("table.quality-rows tbody tr td:first-child a", (as) => as.map((a) => a.textContent));
    expect(first).toHaveLength(5);
    await page.click("nav.pager a");
    await page.waitForURL(/page=2/);
    const second = await page.$$eval("table.quality-rows tbody tr td:first-child a", (as) => as.map((a) => a.textContent));
    expect(second[0]! > first[4]!).toBe(true);
    await h.screenshot(page, "data-quality-zh");
    await context.close();
  });
});
