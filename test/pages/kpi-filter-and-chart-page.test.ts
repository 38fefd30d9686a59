// The KPI explorer as a new user meets it: a filter value that names nothing is said to be wrong (not an empty chart),
// and /kpis/<chart> opened by its address is a whole page with the chart's data, not a bare fragment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedDataSet } from "./seed.js";

let t: TestApp;
let cookie = "";
beforeAll(async () => {
  t = await buildTestApp();
  await seedDataSet(t.database.db, t.clock.now());
  cookie = (await t.session("viewer")).cookie;
});
afterAll(() => t.close());

const get = (path: string, htmx = false) => t.app.request(path, { headers: { accept: "text/html", cookie, ...(htmx ? { "hx-request": "true" } : {}) } });

describe("invalid KPI filters", () => {
  it.each([
    ["/kpis?period=3months", "Period “3months” is not one of the choices"],
    ["/kpis?service=mail", "Service “mail” is not one of the choices"],
    ["/kpis?kind=incidents&priority=high", "Kind “incidents” is not one of the choices"],
  ])("%s answers 400 with the error where the charts go, and draws no chart", async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<div id="kpi-charts" class="error-box kpi-filter-error" role="alert">');
    expect(html).toContain(message);
    expect(html).not.toContain("<canvas");
    // the filters are still there to correct it
    expect(html).toContain('<form id="kpi-filters"');
  });

  it("names every wrong value at once", async () => {
    const html = await (await get("/kpis?kind=incidents&priority=high")).text();
    expect(html).toContain("Priority “high” is not one of the choices");
  });

  it("answers an htmx filter change with the error partial (400), which app.js swaps in", async () => {
    const res = await get("/kpis?period=7m", true);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('<div id="kpi-charts" class="error-box kpi-filter-error" role="alert"><p>Period “7m” is not one of the choices, so no chart is drawn. Choose a value from the list above.</p></div>');
  });

  it("still draws the charts for valid values, and for a known service", async () => {
    const res = await get("/kpis?service=erp&period=3m");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<canvas data-chart="chart-data-volume"');
  });

  it("refuses a wrong value in a single chart's address and its CSV too", async () => {
    expect((await get("/kpis/backlog?period=1y")).status).toBe(400);
    expect((await get("/kpis/backlog.csv?service=nope")).status).toBe(400);
  });
});

describe("/kpis/<chart> opened directly", () => {
  it("is a whole page: the layout, a heading, the chart with its data, and a link back to all charts", async () => {
    const res = await get("/kpis/backlog?period=3m");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html>") || html.startsWith("<html")).toBe(true);
    expect(html).toContain('<link rel="stylesheet" href="/assets/app.css"/>');
    expect(html).toContain('<script src="/assets/app.js" defer=""></script>');
    expect(html).toContain("<h1>Open backlog</h1>");
    expect(html).toContain('<a href="/kpis?period=3m">All KPI charts</a>');
    expect(html).toContain('<canvas data-chart="chart-data-backlog"');
    expect(html).toContain('<script type="application/json" id="chart-data-backlog">');
  });

  it("is still the card alone for an htmx request", async () => {
    const html = await (await get("/kpis/backlog", true)).text();
    expect(html.startsWith('<section class="card chart-card" id="chart-backlog">')).toBe(true);
  });

  it("tells the client to start the satisfaction axis at 0 and to thin the backlog's dates", async () => {
    const csat = await (await get("/kpis/csat")).text();
    expect(JSON.parse(/id="chart-data-csat">(.*?)<\/script>/.exec(csat)![1])).toMatchObject({ unit: "percent", fromZero: true, maxTicks: null });
    const backlog = await (await get("/kpis/backlog")).text();
    expect(JSON.parse(/id="chart-data-backlog">(.*?)<\/script>/.exec(backlog)![1])).toMatchObject({ fromZero: true, maxTicks: 12 });
    const sla = await (await get("/kpis/sla-response")).text();
    expect(JSON.parse(/id="chart-data-sla-response">(.*?)<\/script>/.exec(sla)![1])).toMatchObject({ fromZero: false });
  });
});
