// One line of the benchmark table: the figure, its baseline measured in the same run, the ratio and the target.
export interface BenchRow {
  n: number;
  /** printed instead of n when given (e.g. "1b") */
  label?: string;
  what: string;
  /** the measured figure, formatted with its unit */
  value: string;
  baseline: string;
  /** value ÷ baseline as the target reads it (e.g. "0.62× raw", "2.1× GROUP BY") */
  ratio: string;
  target: string;
  /** null when the row is not available */
  met: boolean | null;
  /** raw numbers for results/latest.json */
  figures: Record<string, number | string | boolean | null>;
  note?: string;
}

export function notAvailableRow(n: number, what: string, target: string, reason: string): BenchRow {
  return { n, what, value: `n/a: ${reason}`, baseline: "", ratio: "", target, met: null, figures: {} };
}

export const round = (v: number, digits = 0) => Number(v.toFixed(digits));
export const thousands = (v: number) => Math.round(v).toLocaleString("en");
