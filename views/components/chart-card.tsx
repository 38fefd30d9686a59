// One KPI chart: the canvas app.js draws from the embedded JSON, the same numbers as a table, and a CSV link.
import type { KpiChart } from "../../server/kpis/kpi-chart.js";
import { currentLocale, formatCalendarDate, formatPercent, intlLocale, label, t } from "../../server/i18n/index.js";
import { formatValue } from "../../views/format.js";

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar month written 'YYYY-MM', in the reader's form: "Nov 2026" / "2026年11月". */
export function formatMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  const locale = currentLocale();
  let f = monthFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: "UTC", year: "numeric", month: locale === "en" ? "short" : "long" });
    monthFormats.set(locale, f);
  }
  return f.format(Date.UTC(y, m - 1, 1));
}

/** A quarter written 'YYYY-Qn': "Q4 2026" / "2026年第4季度". */
export function formatQuarter(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  return m ? t("kpi.label.quarter", { year: m[1], quarter: m[2] }) : quarter;
}

function axisLabel(axis: KpiChart["axis"], value: string): string {
  if (axis === "month") return formatMonth(value);
  if (axis === "quarter") return formatQuarter(value);
  if (axis === "day") return formatCalendarDate(value);
  return value === "" ? t("kpi.category.none") : label(`category.${value}`, value);
}

/** The chart with every label translated: what the client draws, the table shows and the CSV holds. */
export interface LabelledChart {
  id: string;
  type: KpiChart["type"];
  unit: KpiChart["unit"];
  stacked: boolean;
  digits: number;
  /** the value axis starts at 0 (counts, hours, satisfaction); other percentages fit their data */
  fromZero: boolean;
  /** at most this many labels along the x axis (a year of days would write 365 dates over each other) */
  maxTicks: number | null;
  axisTitle: string;
  labels: string[];
  /** how the browser writes a value: Intl's locale, the unit's pattern around "{value}", and the empty value */
  format: { locale: string; pattern: string; none: string; tooltip: string };
  datasets: { label: string; data: (number | null)[]; target: boolean; tableOnly: boolean }[];
}

export function labelChart(chart: KpiChart): LabelledChart {
  return {
    id: chart.id,
    type: chart.type,
    unit: chart.unit,
    stacked: !!chart.stacked,
    digits: chart.digits ?? 1,
    fromZero: chart.unit !== "percent" || !!chart.fromZero,
    maxTicks: chart.axis === "day" ? 12 : null,
    axisTitle: t(`kpi.axis.${chart.axis}`),
    labels: chart.labels.map((l) => axisLabel(chart.axis, l)),
    format: { locale: intlLocale(currentLocale()), pattern: chart.unit === "percent" ? t("unit.percent", { value: "{value}" }) : chart.unit === "hours" ? t("unit.hours", { value: "{value}" }) : "{value}", none: t("common.none"), tooltip: t("kpi.tooltip", { label: "{label}", value: "{value}" }) },
    datasets: chart.series.map((s) => ({ label: s.name ?? label(`kpi.series.${s.id}`, s.id), data: s.data, target: !!s.target, tableOnly: !!s.tableOnly })),
  };
}

/** JSON inside <script> must not close the element: escape '<'. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** The chart's target line as the note names it (the rulebook's threshold), or "–" for a chart without one. */
function targetOf(chart: KpiChart): string {
  const value = chart.series.find((s) => s.target)?.data.find((v) => v !== null);
  return value === undefined || value === null ? t("common.none") : formatPercent(value, value % 1 === 0 ? 0 : 1);
}

export function ChartCard({ chart, query }: { chart: KpiChart; query: string }) {
  const c = labelChart(chart);
  const hasData = c.labels.length > 0 && c.datasets.some((d) => !d.target && !d.tableOnly && d.data.some((v) => v !== null));
  const dataId = `chart-data-${c.id}`;
  return (
    <section class="card chart-card" id={`chart-${c.id}`}>
      <header class="chart-head">
        <h2>{t(`kpi.chart.${chart.id}.title`)}</h2>
        <a class="csv" href={`/kpis/${c.id}.csv${query}`} download>
          {t("kpi.csv")}
        </a>
      </header>
      <p class="muted">{t(`kpi.chart.${chart.id}.note`, { target: targetOf(chart) })}</p>
      {hasData ? (
        <div class="chart-box">
          <canvas data-chart={dataId} role="img" aria-label={t(`kpi.chart.${chart.id}.title`)}></canvas>
          <script type="application/json" id={dataId} dangerouslySetInnerHTML={{ __html: jsonForScript(c) }}></script>
        </div>
      ) : (
        <p class="empty">{t("kpi.empty")}</p>
      )}
      <details class="chart-table">
        <summary>{t("kpi.table")}</summary>
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th>{c.axisTitle}</th>
                {c.datasets.map((d) => (
                  <th class="num">{d.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.labels.map((l, i) => (
                <tr>
                  <th scope="row">{l}</th>
                  {c.datasets.map((d) => (
                    <td class="num">{formatValue(d.data[i], d.tableOnly ? "tickets" : c.unit, c.digits)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
