// What the benchmark prints and writes: the main table (each figure, its same-run baseline, the target and whether
// it was met), the scale curve's table and its chart as a small hand-written SVG. Pure functions of their input, so
// the same figures always give the same bytes (test/bench-report.test.ts).
import type { BenchRow } from "./row-types.js";
import { targets } from "./targets.js";

const metCell = (met: boolean | null) => (met === null ? "n/a" : met ? "met" : "**missed**");
/** `|` inside a cell would end it */
const cell = (v: string | number) => String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The main table in Markdown, then a line per row note. */
export function benchTable(rows: BenchRow[]): string {
  const lines = ["| # | what | figure | baseline (same run) | ratio | target | met? |", "|---|---|---|---|---|---|---|"];
  for (const r of rows) lines.push(`| ${[r.label ?? r.n, r.what, r.value, r.baseline, r.ratio, r.target, metCell(r.met)].map(cell).join(" | ")} |`);
  const notes = rows.filter((r) => r.note).map((r) => `- row ${r.label ?? r.n}: ${r.note}`);
  return [...lines, ...(notes.length ? ["", ...notes] : [])].join("\n");
}

/** Per row: its target and whether it was met, for results/latest.json; `allMet` only when every row ran and met. */
export function targetSummary(rows: BenchRow[]) {
  const targets = rows.map((r) => ({ row: String(r.label ?? r.n), what: r.what, target: r.target, met: r.met }));
  return {
    targets,
    met: targets.filter((t) => t.met === true).length,
    missed: targets.filter((t) => t.met === false).length,
    notAvailable: targets.filter((t) => t.met === null).length,
    allMet: targets.length > 0 && targets.every((t) => t.met === true),
  };
}

/** One size of the scale curve. */
export interface ScalePoint {
  tickets: number;
  ingestMs: number;
  runMs: number;
  /** the raw GROUP BY kind, priority over the same table, for reference */
  groupByMs: number;
  serverPeakMb: number;
}

export const ingestUsPerTicket = (p: ScalePoint) => (p.ingestMs * 1000) / p.tickets;
export const runUsPerTicket = (p: ScalePoint) => (p.runMs * 1000) / p.tickets;

/** Cost per ticket at the largest size ÷ at the smallest, for ingest and for the run (target ≤ 1.25). */
export function scaleRatios(points: ScalePoint[]): { ingest: number; run: number } | null {
  if (points.length < 2) return null;
  const sorted = [...points].sort((a, b) => a.tickets - b.tickets);
  const [small, large] = [sorted[0], sorted[sorted.length - 1]];
  return { ingest: ingestUsPerTicket(large) / ingestUsPerTicket(small), run: runUsPerTicket(large) / runUsPerTicket(small) };
}

export const scaleTarget = targets.scale.ratio;

/** 100000 → "100k", 3000000 → "3M", 1500000 → "1.5M" */
export function ticketsLabel(n: number): string {
  const short = (v: number) => String(Number(v.toFixed(2)));
  if (n >= 1e6) return `${short(n / 1e6)}M`;
  if (n >= 1e3) return `${short(n / 1e3)}k`;
  return String(n);
}

export function scaleTable(points: ScalePoint[]): string {
  const sorted = [...points].sort((a, b) => a.tickets - b.tickets);
  const lines = [
    "| tickets | ingest tickets/s | ingest µs/ticket | run s | run µs/ticket | raw GROUP BY s | server peak MB |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const p of sorted) {
    lines.push(
      `| ${p.tickets.toLocaleString("en")} | ${Math.round(p.tickets / (p.ingestMs / 1000)).toLocaleString("en")} | ${ingestUsPerTicket(p).toFixed(1)} | ${(p.runMs / 1000).toFixed(2)} | ${runUsPerTicket(p).toFixed(2)} | ${(p.groupByMs / 1000).toFixed(2)} | ${p.serverPeakMb.toFixed(0)} |`,
    );
  }
  const ratios = scaleRatios(points);
  if (ratios) {
    const range = `${ticketsLabel(sorted[sorted.length - 1].tickets)} ÷ ${ticketsLabel(sorted[0].tickets)}`;
    lines.push("", `| cost per ticket, ${range} | ratio | target | met? |`, "|---|---|---|---|");
    lines.push(`| ingest | ${ratios.ingest.toFixed(2)}× | ≤ ${scaleTarget}× | ${metCell(ratios.ingest <= scaleTarget)} |`);
    lines.push(`| full rulebook run | ${ratios.run.toFixed(2)}× | ≤ ${scaleTarget}× | ${metCell(ratios.run <= scaleTarget)} |`);
  }
  return lines.join("\n");
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f1 = (v: number) => v.toFixed(1);

/** A round step near range / 5: 1, 2 or 5 times a power of ten. */
export function niceStep(range: number): number {
  if (!(range > 0)) return 1;
  const raw = range / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

export const chartSize = { width: 640, height: 540, left: 72, right: 24, top: 72, panelHeight: 170, gap: 56, bottom: 56 };

const seriesOf = [
  { key: "ingest", name: "ingest (POST /api/v1/tickets)", axis: "ingest µs/ticket", colour: "#1f77b4", value: ingestUsPerTicket },
  { key: "run", name: "full rulebook run", axis: "run µs/ticket", colour: "#d62728", value: runUsPerTicket },
] as const;

/**
 * The scale curve as an SVG chart: x = tickets (log scale), y = µs per ticket (from 0); one panel for ingest and
 * one for the full run (each its own y scale: the run costs a tenth of the ingest per ticket), each point labelled
 * with its value, and a dashed line at the target (1.25× the smallest size's cost); axis labels, ticks, a legend.
 */
export function scaleSvg(points: ScalePoint[], title = "Cost per ticket by data size"): string {
  const { width, height, left, right, top, panelHeight, gap } = chartSize;
  const sorted = [...points].sort((a, b) => a.tickets - b.tickets);
  const plotW = width - left - right;
  const logs = sorted.map((p) => Math.log10(p.tickets));
  const lo = logs.length ? Math.min(...logs) : 0;
  const hi = logs.length ? Math.max(...logs) : 1;
  // a tenth of the span (half a decade for one point) either side, so the end points sit inside the frame
  const pad = hi > lo ? (hi - lo) * 0.1 : 0.5;
  const x = (tickets: number) => left + ((Math.log10(tickets) - (lo - pad)) / (hi - lo + 2 * pad)) * plotW;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  // legend: one row under the title
  let lx = left;
  for (const s of seriesOf) {
    out.push(`<line x1="${lx}" y1="46" x2="${lx + 22}" y2="46" stroke="${s.colour}" stroke-width="2"/>`);
    out.push(`<text class="legend" x="${lx + 28}" y="46" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
    lx += 28 + s.name.length * 5.8 + 24;
  }
  out.push(`<line x1="${lx}" y1="46" x2="${lx + 22}" y2="46" stroke="#555555" stroke-dasharray="5 4"/>`);
  out.push(`<text class="legend" x="${lx + 28}" y="46" dominant-baseline="middle">target: ${targets.scale.ratio}× the smallest size</text>`);

  seriesOf.forEach((s, panel) => {
    const pTop = top + panel * (panelHeight + gap);
    const values = sorted.map((p) => s.value(p));
    const limit = values.length ? values[0] * targets.scale.ratio : 0;
    const maxValue = Math.max(0, limit, ...values);
    const step = niceStep(maxValue * 1.15 || 1);
    const yMax = Math.max(step, Math.ceil((maxValue * 1.15) / step) * step);
    const y = (v: number) => pTop + panelHeight - (v / yMax) * panelHeight;
    const digits = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
    out.push(`<g class="panel" data-series="${s.key}">`);
    for (let i = 0; i * step <= yMax + step / 2; i++) {
      const v = i * step;
      const yy = f1(y(v));
      out.push(`<line class="grid" x1="${left}" y1="${yy}" x2="${width - right}" y2="${yy}" stroke="#e0e0e0"/>`);
      out.push(`<text x="${left - 8}" y="${yy}" text-anchor="end" dominant-baseline="middle">${v.toFixed(digits)}</text>`);
    }
    for (const p of sorted) {
      const xx = f1(x(p.tickets));
      out.push(`<line x1="${xx}" y1="${pTop + panelHeight}" x2="${xx}" y2="${pTop + panelHeight + 5}" stroke="#333333"/>`);
      out.push(`<text x="${xx}" y="${pTop + panelHeight + 18}" text-anchor="middle">${ticketsLabel(p.tickets)}</text>`);
    }
    out.push(`<line x1="${left}" y1="${pTop + panelHeight}" x2="${width - right}" y2="${pTop + panelHeight}" stroke="#333333"/>`);
    out.push(`<line x1="${left}" y1="${pTop}" x2="${left}" y2="${pTop + panelHeight}" stroke="#333333"/>`);
    const mid = f1(pTop + panelHeight / 2);
    out.push(`<text class="axis-label" x="18" y="${mid}" text-anchor="middle" transform="rotate(-90 18 ${mid})">${escapeXml(s.axis)}</text>`);
    if (values.length) out.push(`<line class="target" x1="${left}" y1="${f1(y(limit))}" x2="${width - right}" y2="${f1(y(limit))}" stroke="#555555" stroke-dasharray="5 4"/>`);
    const pts = sorted.map((p) => `${f1(x(p.tickets))},${f1(y(s.value(p)))}`);
    out.push(`<polyline class="series" data-series="${s.key}" points="${pts.join(" ")}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    for (const p of sorted) {
      const v = s.value(p);
      out.push(`<circle cx="${f1(x(p.tickets))}" cy="${f1(y(v))}" r="3.5" fill="${s.colour}"/>`);
      out.push(`<text x="${f1(x(p.tickets) + 6)}" y="${f1(y(v) - 7)}" fill="${s.colour}" font-size="11" stroke="#ffffff" stroke-width="3" paint-order="stroke">${v.toFixed(v < 10 ? 2 : 1)}</text>`);
    }
    out.push("</g>");
  });
  out.push(`<text class="axis-label" x="${f1(left + plotW / 2)}" y="${height - 14}" text-anchor="middle">tickets in the database (log scale)</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}
