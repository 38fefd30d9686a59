// The shape every KPI query answers with: labels along the x axis and named series, in codes the views translate.
export const chartIds = ["sla-response", "sla-resolution", "durations", "volume", "backlog", "csat", "availability"] as const;
export type ChartId = (typeof chartIds)[number];

export interface KpiSeries {
  /** a code the view translates (`kpi.series.<id>`), unless `name` is given (data such as a service name) */
  id: string;
  name?: string;
  data: (number | null)[];
  /** a target line (drawn dashed) */
  target?: boolean;
  /** shown in the table and CSV only, not drawn */
  tableOnly?: boolean;
}

export interface KpiChart {
  id: ChartId;
  type: "line" | "bar";
  unit: "percent" | "hours" | "tickets";
  /** what the labels are: months 'YYYY-MM', quarters 'YYYY-Qn', days, or category codes */
  axis: "month" | "quarter" | "day" | "category";
  labels: string[];
  series: KpiSeries[];
  stacked?: boolean;
  /** decimals shown in the table (default 1) */
  digits?: number;
  /** a percentage whose axis starts at 0 all the same (a share of satisfied customers: zooming in overstates a dip) */
  fromZero?: boolean;
}

export const isChartId = (value: string): value is ChartId => (chartIds as readonly string[]).includes(value);
