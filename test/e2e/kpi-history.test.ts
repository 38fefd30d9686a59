// The KPI explorer in Chromium: the filters follow the address after Back and Forward (the charts and the selects
// agree), a chart opened by its address is a page with the chart drawn and no 404 in the console, the satisfaction
// axis starts at 0 and the backlog's dates are thinned.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startHarness, type Harness } from "./browser.js";

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

type ChartWindow = { Chart: { getChart(c: Element): { scales: Record<string, { min: number; ticks: unknown[] }> } | undefined } };
const drawn = (page: Page, id: string) =>
  page.waitForFunction((id) => !!(window as unknown as ChartWindow).Chart?.getChart(document.querySelector(`canvas[data-chart=chart-data-${id}]`)!), id);
const selects = (page: Page) => page.$$eval("#kpi-filters select", (ss) => Object.fromEntries(ss.map((s) => [s.getAttribute("name"), (s as HTMLSelectElement).value])));
/** the filter the address names (the form sends empty values for "all") */
const named = (u: URL) => JSON.stringify(Object.fromEntries([...u.searchParams].filter(([, v]) => v)));
/** months along the SLA chart: what the charts show, to compare with what the selects say */
const months = (page: Page) => page.$eval("#chart-data-sla-response", (s) => (JSON.parse(s.textContent ?? "{}") as { labels: string[] }).labels.length);

describe("the KPI filters and the address", () => {
  it("agree after Back and Forward, whether htmx restores the page or the browser reloads it", async () => {
    const { page, context } = await h.signIn("manager");
    await page.goto(`${h.base}/kpis`);
    await drawn(page, "sla-response");
    expect(await months(page)).toBe(12);

    await page.selectOption("#kpi-filters select[name=period]", "3m");
    await page.waitForURL(/period=3m/);
    await page.waitForFunction(() => (JSON.parse(document.querySelector("#chart-data-sla-response")?.textContent ?? "{}") as { labels: string[] }).labels?.length === 3);
    await page.selectOption("#kpi-filters select[name=service]", "erp");
    await page.waitForURL(/service=erp/);
    await drawn(page, "sla-response");

    // away to another page and back: the filtered view, with the selects saying so
    await Promise.all([page.waitForURL(/\/plans$/), page.click("header.topbar nav a[href='/plans']")]);
    await page.goBack();
    await page.waitForURL(/service=erp/);
    await drawn(page, "sla-response");
    expect(await selects(page)).toEqual({ service: "erp", period: "3m", kind: "", priority: "" });
    expect(await months(page)).toBe(3);

    // one step back: 3 months, every service
    await page.goBack();
    await page.waitForURL((u) => named(u) === '{"period":"3m"}');
    await drawn(page, "sla-response");
    expect(await selects(page)).toEqual({ service: "", period: "3m", kind: "", priority: "" });
    expect(await months(page)).toBe(3);

    // and back to the defaults
    await page.goBack();
    await page.waitForURL((u) => u.pathname === "/kpis" && named(u) === "{}");
    await drawn(page, "sla-response");
    expect(await selects(page)).toEqual({ service: "", period: "12m", kind: "", priority: "" });
    expect(await months(page)).toBe(12);

    await page.goForward();
    await page.waitForURL((u) => named(u) === '{"period":"3m"}');
    await drawn(page, "sla-response");
    expect(await selects(page)).toEqual({ service: "", period: "3m", kind: "", priority: "" });
    expect(await months(page)).toBe(3);
    await context.close();
  }, 120_000);

  it("says a wrong value is wrong instead of drawing nothing", async () => {
    const { page, context } = await h.signIn("viewer");
    const res = await page.goto(`${h.base}/kpis?period=3months`);
    expect(res?.status()).toBe(400);
    expect(await page.textContent("#kpi-charts")).toContain("Period “3months” is not one of the choices");
    // Chromium logs the 400 the page answered with: that entry, and only it
    expect(h.errors).toEqual([expect.stringMatching(/Failed to load resource: the server responded with a status of 400/)]);
    h.errors.length = 0;
    await context.close();
  });
});

describe("a chart opened by its address", () => {
  it("is a page with the chart drawn, its dates thinned to a dozen, and nothing missing in the console", async () => {
    const { page, context } = await h.signIn("viewer");
    await page.goto(`${h.base}/kpis/backlog`);
    await drawn(page, "backlog");
    expect(await page.textContent("h1")).toBe("Open backlog");
    expect(await page.$$eval("header.topbar nav a", (as) => as.length)).toBeGreaterThan(3);
    const ticks = await page.$eval("canvas[data-chart=chart-data-backlog]", (c) => (window as unknown as ChartWindow).Chart.getChart(c)!.scales.x.ticks.length);
    expect(ticks).toBeGreaterThan(1);
    expect(ticks).toBeLessThanOrEqual(12);
    await h.screenshot(page, "kpi-backlog-page");
    await context.close();
  });

  it("draws satisfaction from 0", async () => {
    const { page, context } = await h.signIn("viewer");
    await page.goto(`${h.base}/kpis/csat`);
    await drawn(page, "csat");
    expect(await page.$eval("canvas[data-chart=chart-data-csat]", (c) => (window as unknown as ChartWindow).Chart.getChart(c)!.scales.y.min)).toBe(0);
    await context.close();
  });
});
