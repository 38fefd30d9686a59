// The overview tiles and the KPI explorer over the small seeded data set: exact figures, htmx partials, CSV.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRule } from "../../audits/rulebooks/index.js";
import { kpiTargets } from "../../server/kpis/targets.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedDataSet } from "./seed.js";

let t: TestApp;
let viewer: { cookie: string };
beforeAll(async () => {
  t = await buildTestApp();
  await seedDataSet(t.database.db, t.clock.now());
  viewer = await t.session("viewer");
});
afterAll(() => t.close());

const html = { accept: "text/html" };
const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { ...html, cookie: viewer.cookie, ...headers } });

/** The chart's JSON as app.js reads it from the page. */
function chartData(page: string, id: string) {
  const m = new RegExp(`<script type="application/json" id="chart-data-${id}">([^<]*)</script>`).exec(page);
  if (!m) throw new Error(`no data for chart ${id}`);
  return JSON.parse(m[1]) as { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
}
const series = (chart: ReturnType<typeof chartData>, label: string) => chart.datasets.find((d) => d.label === label)?.data;

describe("GET / (overview)", () => {
  it("shows this month's KPI tiles computed from the rollups", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("SLA attainment, Nov 2026");
    expect(page).toMatch(/tile-value">100\.0%<\/span>/);
    expect(page).toContain("1.5 h");
    expect(page).toContain("over 2 resolved tickets");
    expect(page).toContain("lowest: email 99.95% · target 99.5%");
    expect(page).toContain("No audit plans yet");
  });
});

describe("GET /kpis", () => {
  it("draws SLA attainment per month and priority with the rulebook's 95% line", async () => {
    const page = await (await get("/kpis")).text();
    const resolution = chartData(page, "sla-resolution");
    expect(resolution.labels).toEqual(["Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "Sept 2026", "Oct 2026", "Nov 2026"]);
    expect(series(resolution, "Urgent")?.slice(10)).toEqual([75, null]);
    expect(series(resolution, "General")?.slice(10)).toEqual([100, 100]);
    expect(series(resolution, "Target")?.[0]).toBe(95);
    const response = chartData(page, "sla-response");
    expect(series(response, "Urgent")?.[10]).toBe(100);
    // the line and the note name the rulebook's threshold, the one the audit judges by
    expect(page).toContain("Share of tickets resolved within their target, per month and priority, against the 95% line.");
    expect(page).toContain("Monthly mean of the availability samples, against the 99.5% target.");
  });

  it("takes its target lines from the built-in rulebook's thresholds", () => {
    const threshold = (id: string) => findRule("iso20000-support", id)?.threshold;
    expect(kpiTargets).toEqual({ sla: threshold("INC-RESP-URGENT"), csat: threshold("CSAT-QUARTER"), availability: threshold("AVAIL-MONTHLY") });
    expect(kpiTargets).toEqual({ sla: 95, csat: 90, availability: 99.5 });
  });

  it("reads p50 and p90 from the duration buckets, in hours", async () => {
    const page = await (await get("/kpis")).text();
    const d = chartData(page, "durations");
    // October responses: 4 × 20 min, 20 × 30 min, 10 × 60 min → p50 in the bucket ending at 32 min, p90 at 64 min
    expect(series(d, "Response p50")?.[10]).toBe(0.53);
    expect(series(d, "Response p90")?.[10]).toBe(1.07);
  });

  it("counts volume by category and priority, CSAT by quarter and availability per service", async () => {
    const page = await (await get("/kpis")).text();
    const volume = chartData(page, "volume");
    expect(volume.labels).toEqual(["System failure", "Technical"]);
    expect(series(volume, "Urgent")).toEqual([4, 0]);
    expect(series(volume, "General")).toEqual([22, 10]);
    const csat = chartData(page, "csat");
    expect(csat.labels).toEqual(["Q4 2025", "Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]);
    expect(series(csat, "Satisfied")?.[4]).toBe(72.2);
    expect(series(csat, "Ratings")?.[4]).toBe(36);
    const availability = chartData(page, "availability");
    expect(series(availability, "erp")?.[10]).toBe(99.29);
    expect(series(availability, "email")?.slice(10)).toEqual([99.9, 99.95]);
    const backlog = chartData(page, "backlog");
    expect(backlog.datasets[0].data.at(-1)).toBe(0);
  });

  it("answers a filter change from htmx with the charts partial only", async () => {
    const res = await get("/kpis?service=erp&period=3m", { "hx-request": "true", "hx-target": "kpi-charts" });
    const body = await res.text();
    expect(body.startsWith('<div id="kpi-charts"')).toBe(true);
    expect(body).not.toContain("<html");
    expect(res.headers.get("vary")).toContain("HX-Request");
    const volume = chartData(body, "volume");
    expect(volume.labels).toEqual(["Technical"]);
    expect(series(volume, "General")).toEqual([10]);
    expect(chartData(body, "sla-resolution").labels).toEqual(["Sept 2026", "Oct 2026", "Nov 2026"]);
  });

  it("keeps the filter in the page's form and CSV links", async () => {
    const page = await (await get("/kpis?service=email&kind=incident")).text();
    expect(page).toContain('<option value="email" selected="">');
    expect(page).toContain('href="/kpis/volume.csv?service=email&amp;kind=incident"');
  });

  it("serves one chart alone and its numbers as CSV", async () => {
    // the card alone is what an htmx swap asks for (opened directly, the address is a whole page)
    const one = await get("/kpis/volume?service=email", { "hx-request": "true" });
    expect((await one.text()).startsWith('<section class="card chart-card" id="chart-volume"')).toBe(true);
    const csv = await get("/kpis/volume.csv");
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toBe("Category,Urgent,General\r\nSystem failure,4,22\r\nTechnical,0,10\r\n");
    expect((await get("/kpis/nope.csv")).status).toBe(404);
  });

  it("says what to do when nothing matches", async () => {
    // (an unknown service is an error now: a filter that matches nothing is one that is valid but empty)
    const page = await (await get("/kpis?service=email&kind=problem")).text();
    expect(page).toContain("No tickets match these filters");
  });
});
