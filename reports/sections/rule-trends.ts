// KPI charts of the measured rules: percentage rules as bars against their targets, every measured
// rule as a line over the plan's recent runs with its target line, and the score trend.
import { contentWidth, margin, type ReportCanvas } from "../canvas.js";
import { barChart, lineChart } from "../charts.js";
import { formatValue, statusColours, unitOf } from "../format.js";
import { pp, pt } from "../language.js";
import { currentLocale, intlLocale } from "../../server/i18n/index.js";
import type { ReportData, ReportResult } from "../load.js";

const unitSuffix = { percent: "%", minutes: "", days: "", count: "", score: "" } as const;

function isMeasured(r: ReportResult): boolean {
  return r.value !== null && r.rule.kind !== "manual";
}

/** Zooms a percentage chart onto its values and target, in steps of 10, never beyond 0–100. */
function percentRange(series: { value: number | null }[], target: number | null): { min: number; max: number } {
  const values = series.map((p) => p.value).filter((v): v is number => v !== null);
  const low = Math.min(...values, ...(target !== null ? [target] : []));
  return { min: Number.isFinite(low) ? Math.max(0, Math.floor((low - 5) / 10) * 10) : 0, max: 100 };
}

export function drawKpiCharts(canvas: ReportCanvas, data: ReportData): void {
  const measured = data.results.filter(isMeasured);
  const percent = measured.filter((r) => unitOf(r.rule) === "percent");
  const barHeight = 40 + percent.length * 17;
  canvas.heading(pt("pdf.charts.heading"), percent.length ? barHeight + 10 : 160);
  if (measured.length === 0) {
    canvas.paragraph(pp("pdf.charts.none"));
    return;
  }
  if (percent.length) {
    const height = barHeight;
    canvas.ensureSpace(height + 10);
    const y = canvas.y;
    barChart(
      canvas,
      { x: margin.left, y, width: contentWidth, height },
      pt("pdf.charts.bars"),
      percent.map((r) => ({
        label: r.ruleId,
        value: r.value ?? 0,
        target: r.threshold,
        colour: statusColours[r.status],
        valueLabel: formatValue(r.value, r.rule),
      })),
      { unit: "%" },
    );
    canvas.y = y + height + 12;
  }

  const tz = data.run.timezone;
  // month and day of each run, as the report's language writes them (10/1, 01/10)
  const day = new Intl.DateTimeFormat(intlLocale(currentLocale()), { timeZone: tz, month: "2-digit", day: "2-digit" });
  const labels = data.trend.map((p) => pt("pdf.charts.point", { run: p.runId, date: day.format(p.at) }));
  canvas.ensureSpace(150);
  let y = canvas.y;
  lineChart(
    canvas,
    { x: margin.left, y, width: contentWidth, height: 130 },
    pt("pdf.charts.scoreTrend", { n: data.trend.length }),
    data.trend.map((p, i) => ({ label: labels[i], value: p.score })),
    { min: 0, max: 100 },
  );
  canvas.y = y + 142;

  canvas.subheading(pt("pdf.charts.ruleTrends"), 120);
  const columns = 3;
  const gap = 14;
  const width = (contentWidth - gap * (columns - 1)) / columns;
  const height = 104;
  measured.forEach((r, i) => {
    const col = i % columns;
    if (col === 0) {
      if (i > 0) canvas.y = y + height + 10;
      canvas.ensureSpace(height + 4);
      y = canvas.y;
    }
    const unit = unitOf(r.rule);
    const series = data.trend.map((p, k) => ({ label: labels[k], value: p.values.get(r.ruleId) ?? null }));
    lineChart(
      canvas,
      { x: margin.left + col * (width + gap), y, width, height },
      `${r.ruleId} (${formatValue(r.value, r.rule)})`,
      series,
      // satisfaction from 0: zoomed in, a drop from 92 % to 88 % would look like a collapse
      { target: r.threshold, unit: unit ? unitSuffix[unit] : "", ...(r.rule.kind === "satisfaction" ? { min: 0, max: 100 } : unit === "percent" ? percentRange(series, r.threshold) : {}), colour: statusColours[r.status] },
    );
  });
  canvas.y = y + height + 10;
}
