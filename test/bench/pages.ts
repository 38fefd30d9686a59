// Row 4: the overview page and every KPI partial it loads, each under 16 concurrent connections for 10 s with
// autocannon, against GET /healthz in the same run; partials are found in the pages' hx-get attributes.
import autocannon from "autocannon";
import { importPart, NotAvailable } from "./not-available.js";
import { round, type BenchRow } from "./row-types.js";
import type { ServerHandle } from "./server-handle.js";
import { targets } from "./targets.js";

const connections = 16;

interface Load {
  path: string;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
}

async function load(server: ServerHandle, path: string, seconds: number, partial: boolean): Promise<Load> {
  const headers: Record<string, string> = { authorization: `Bearer ${server.viewerToken}`, accept: "text/html" };
  if (partial) headers["hx-request"] = "true";
  const r = await autocannon({ url: `${server.base}${path}`, connections, duration: seconds, headers });
  return { path, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx + r.errors + r.timeouts };
}

/** The same-origin GET partials a page loads with htmx (hx-get), in page order. */
function partialsOf(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/hx-get="([^"]+)"/g)) {
    const path = m[1].replace(/&amp;/g, "&");
    if (path.startsWith("/") && !found.includes(path)) found.push(path);
  }
  return found;
}

/** Median of three sequential requests: the route's own time, without the queue of a load test. */
async function alone(server: ServerHandle, path: string, partial: boolean): Promise<number> {
  const headers: Record<string, string> = { authorization: `Bearer ${server.viewerToken}`, accept: "text/html" };
  if (partial) headers["hx-request"] = "true";
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await (await fetch(`${server.base}${path}`, { headers })).text();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1];
}

/**
 * Requests abandoned by a load test (timed out) still run in the server; waits until /healthz answers quickly
 * again, so that one route's backlog is not measured as the next route's latency.
 */
export async function drained(server: ServerHandle): Promise<void> {
  let quick = 0;
  for (let i = 0; i < 120 && quick < 3; i++) {
    const started = performance.now();
    await (await fetch(`${server.base}/healthz`)).text();
    // one quick answer can slip in between two abandoned requests: three in a row, 250 ms apart
    quick = performance.now() - started < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function page(server: ServerHandle, path: string): Promise<string | null> {
  const res = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${server.viewerToken}`, accept: "text/html" } });
  return res.status === 200 ? res.text() : null;
}

/** The KPI charts' ids, each served alone as a partial at /kpis/:id, when the KPI module exists. */
async function chartPartials(): Promise<string[]> {
  try {
    const { chartIds } = await importPart<typeof import("../../server/kpis/kpi-chart.js")>("../../server/kpis/chart.js", "the KPI charts");
    return chartIds.map((id) => `/kpis/${id}`);
  } catch (e) {
    if (e instanceof NotAvailable) return [];
    throw e;
  }
}

const pageP99TargetMs = targets.pages.p99Ms;

export interface PageTarget {
  path: string;
  partial: boolean;
}

/** The overview and the KPI page, each page's own partial and every partial they load with hx-get, and each KPI chart. */
export async function pageTargets(server: ServerHandle): Promise<PageTarget[]> {
  const targets: PageTarget[] = [];
  const add = (path: string, partial: boolean) => {
    if (!targets.some((t) => t.path === path && t.partial === partial)) targets.push({ path, partial });
  };
  for (const p of ["/", "/kpis"]) {
    const html = await page(server, p);
    if (html === null) continue;
    add(p, false);
    // the page's own partial (what an htmx filter change fetches), then what it loads with hx-get
    if (p === "/kpis") add(p, true);
    for (const partial of partialsOf(html)) add(partial, true);
  }
  for (const path of await chartPartials()) if ((await page(server, path)) !== null) add(path, true);
  if (targets.length === 0) throw new Error("neither / nor /kpis answers 200 to a viewer");
  return targets;
}

/** The headers autocannon sends for a target: the viewer's token, and HX-Request for a partial. */
export function targetHeaders(server: ServerHandle, t: PageTarget): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${server.viewerToken}`, accept: "text/html" };
  if (t.partial) headers["hx-request"] = "true";
  return headers;
}

export async function benchPages(server: ServerHandle, seconds: number, log: (l: string) => void): Promise<BenchRow[]> {
  const targets = await pageTargets(server);
  log(`row 4: GET /healthz for ${seconds} s (baseline)…`);
  const health = await load(server, "/healthz", seconds, false);
  const rows: BenchRow[] = [];
  for (const t of targets) {
    await drained(server);
    const single = await alone(server, t.path, t.partial);
    log(`row 4: GET ${t.path} for ${seconds} s (alone: ${single.toFixed(0)} ms)…`);
    const r = await load(server, t.path, seconds, t.partial);
    rows.push({
      n: 4,
      what: `GET ${t.path}${t.partial ? " (partial)" : ""}, ${connections} connections, ${seconds} s`,
      value:
        (r.requests === 0 ? `no request completed in ${seconds} s` : `p50 ${r.p50} ms, p99 ${r.p99} ms (${r.requests} requests${r.non2xx ? `, ${r.non2xx} failed, timed out or not 2xx` : ""})`) +
        `; alone ${single.toFixed(0)} ms`,
      baseline: `/healthz: p50 ${health.p50} ms, p99 ${health.p99} ms`,
      ratio: `p99 ${(r.p99 / Math.max(1, health.p99)).toFixed(1)}× healthz`,
      target: `p99 ≤ ${pageP99TargetMs} ms`,
      // no completed request at all is a miss, not a p99 of 0
      met: r.requests > 0 && r.p99 <= pageP99TargetMs && r.non2xx === 0,
      figures: { path: t.path, aloneMs: round(single, 1), p50: r.p50, p99: r.p99, requests: r.requests, non2xx: r.non2xx, healthP50: health.p50, healthP99: health.p99, healthRequests: health.requests, seconds: round(seconds) },
    });
  }
  return rows;
}
