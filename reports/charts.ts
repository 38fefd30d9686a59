// KPI charts drawn as PDF vector graphics: horizontal bars against per-rule targets, and line
// charts of a value over runs with its target line. Axes, ticks and labels are drawn here too.
import { colours, type ReportCanvas } from "./canvas.js";
import { formatNumber } from "./format.js";
import { t } from "../server/i18n/index.js";
import { pt } from "./language.js";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Bar {
  label: string;
  value: number;
  target: number | null;
  colour: string;
  valueLabel: string;
}

/** Ticks for an axis from `min` to `max`: a 1–2–5 step giving about `count` intervals. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (max <= min) max = min + 1;
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toFixed(10)));
  return ticks;
}

function dashedLine(canvas: ReportCanvas, x1: number, y1: number, x2: number, y2: number, colour: string, width = 1): void {
  canvas.doc.save();
  canvas.doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).dash(3, { space: 2 }).strokeColor(colour).stroke();
  canvas.doc.undash();
  canvas.doc.restore();
}

/** Horizontal bars on a 0–100 % axis, one per rule, each with a marker at its own target. */
export function barChart(canvas: ReportCanvas, box: Box, title: string, bars: Bar[], opts: { axisMax?: number; unit?: string } = {}): void {
  const doc = canvas.doc;
  const labelWidth = 128;
  const valueWidth = 44;
  const top = box.y + 18;
  const axisHeight = 22;
  const plot = { x: box.x + labelWidth, y: top, width: box.width - labelWidth - valueWidth, height: box.height - (top - box.y) - axisHeight };
  const axisMax = opts.axisMax ?? 100;
  const xOf = (v: number) => plot.x + (Math.max(0, Math.min(axisMax, v)) / axisMax) * plot.width;

  canvas.bold(9.5).label(title, box.x, box.y, { width: box.width });
  // grid and axis
  const ticks = niceTicks(0, axisMax, 5);
  canvas.regular(7, colours.muted);
  for (const t of ticks) {
    const x = xOf(t);
    doc.moveTo(x, plot.y).lineTo(x, plot.y + plot.height).lineWidth(0.3).strokeColor(colours.rule).stroke();
    canvas.label(`${formatNumber(t)}${opts.unit ?? ""}`, x - 20, plot.y + plot.height + 4, { width: 40, align: "center" });
  }
  doc.moveTo(plot.x, plot.y).lineTo(plot.x, plot.y + plot.height).lineTo(plot.x + plot.width, plot.y + plot.height).lineWidth(0.8).strokeColor(colours.text).stroke();

  const slot = plot.height / Math.max(1, bars.length);
  const barHeight = Math.min(14, slot * 0.62);
  bars.forEach((bar, i) => {
    const cy = plot.y + slot * i + slot / 2;
    canvas.regular(7.5).label(bar.label, box.x, cy - 4.5, { width: labelWidth - 6, align: "right", ellipsis: true });
    doc.rect(plot.x, cy - barHeight / 2, Math.max(0.5, xOf(bar.value) - plot.x), barHeight).fillColor(bar.colour).fill();
    canvas.regular(7.5).label(bar.valueLabel, plot.x + plot.width + 4, cy - 4.5, { width: valueWidth - 4 });
    if (bar.target !== null) {
      const tx = xOf(bar.target);
      doc.moveTo(tx, cy - slot / 2 + 1).lineTo(tx, cy + slot / 2 - 1).lineWidth(1.4).strokeColor("#111111").stroke();
    }
  });
  // a shared target line when every bar has the same target
  const targets = new Set(bars.map((b) => b.target));
  if (targets.size === 1 && bars[0]?.target !== null && bars[0]?.target !== undefined) {
    const tx = xOf(bars[0].target);
    dashedLine(canvas, tx, plot.y - 4, tx, plot.y + plot.height, "#111111", 0.8);
    canvas.regular(7, colours.text).label(pt("pdf.charts.target", { value: `${formatNumber(bars[0].target)}${opts.unit ?? ""}` }), tx - 60, plot.y - 12, { width: 120, align: "center" });
  }
}

export interface LinePoint {
  label: string;
  value: number | null;
}

/** A line of values over runs with axes, tick labels and a dashed target line. */
export function lineChart(
  canvas: ReportCanvas,
  box: Box,
  title: string,
  points: LinePoint[],
  opts: { target?: number | null; min?: number; max?: number; unit?: string; colour?: string } = {},
): void {
  const doc = canvas.doc;
  const leftAxis = 36;
  const plot = { x: box.x + leftAxis, y: box.y + 16, width: box.width - leftAxis - 6, height: box.height - 16 - 16 };
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const target = opts.target ?? null;
  const lo = opts.min ?? Math.min(...values, ...(target !== null ? [target] : []), 0);
  const hi = opts.max ?? Math.max(...values, ...(target !== null ? [target] : []), lo + 1);
  const ticks = niceTicks(lo, hi, 4);
  const yMin = ticks[0];
  const yMax = ticks[ticks.length - 1];
  const yOf = (v: number) => plot.y + plot.height - ((v - yMin) / (yMax - yMin)) * plot.height;
  const xOf = (i: number) => (points.length <= 1 ? plot.x + plot.width / 2 : plot.x + 6 + (i / (points.length - 1)) * (plot.width - 12));

  canvas.bold(8.5).label(title, box.x, box.y, { width: box.width, ellipsis: true });
  canvas.regular(6.5, colours.muted);
  for (const t of ticks) {
    const y = yOf(t);
    doc.moveTo(plot.x, y).lineTo(plot.x + plot.width, y).lineWidth(0.3).strokeColor(colours.rule).stroke();
    canvas.label(`${formatNumber(t)}${opts.unit ?? ""}`, box.x, y - 3.5, { width: leftAxis - 3, align: "right" });
  }
  doc.moveTo(plot.x, plot.y).lineTo(plot.x, plot.y + plot.height).lineTo(plot.x + plot.width, plot.y + plot.height).lineWidth(0.7).strokeColor(colours.text).stroke();
  // x labels: first and last run, and the middle one when there is room
  const labelled = new Set([0, points.length - 1, Math.floor((points.length - 1) / 2)]);
  points.forEach((p, i) => {
    if (!labelled.has(i)) return;
    canvas.regular(6.5, colours.muted).label(p.label, xOf(i) - 22, plot.y + plot.height + 3, { width: 44, align: "center" });
  });
  if (target !== null) dashedLine(canvas, plot.x, yOf(target), plot.x + plot.width, yOf(target), "#c62828", 0.9);

  const colour = opts.colour ?? colours.accent;
  let drawing = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      drawing = false;
      return;
    }
    if (!drawing) doc.moveTo(xOf(i), yOf(p.value));
    else doc.lineTo(xOf(i), yOf(p.value));
    drawing = true;
  });
  if (values.length > 1) doc.lineWidth(1.3).strokeColor(colour).stroke();
  points.forEach((p, i) => {
    if (p.value !== null) doc.circle(xOf(i), yOf(p.value), 1.8).fillColor(colour).fill();
  });
}

/** One horizontal bar split by status counts, with a legend underneath. */
export function stackedBar(canvas: ReportCanvas, box: Box, parts: { label: string; count: number; colour: string }[]): void {
  const doc = canvas.doc;
  const total = parts.reduce((s, p) => s + p.count, 0);
  let x = box.x;
  for (const p of parts) {
    if (p.count === 0 || total === 0) continue;
    const w = (p.count / total) * box.width;
    doc.rect(x, box.y, w, box.height).fillColor(p.colour).fill();
    x += w;
  }
  doc.rect(box.x, box.y, box.width, box.height).lineWidth(0.5).strokeColor(colours.text).stroke();
  let lx = box.x;
  for (const p of parts) {
    doc.rect(lx, box.y + box.height + 6, 7, 7).fillColor(p.colour).fill();
    // the label is already in the report's language(s): only the punctuation follows the primary one
    const text = t("pdf.charts.legend", { label: p.label, count: p.count });
    canvas.regular(7.5).label(text, lx + 10, box.y + box.height + 5);
    lx += 10 + canvas.doc.widthOfString(text) + 14;
  }
}
