// CSV of a chart's numbers: one row per label, one column per series.
import { csvDocument, csvRow } from "../csv-output.js";

export function chartCsv(axisTitle: string, labels: string[], series: { label: string; data: (number | null)[] }[]): string {
  const lines = [csvRow([axisTitle, ...series.map((s) => s.label)])];
  labels.forEach((l, i) => lines.push(csvRow([l, ...series.map((s) => s.data[i] ?? null)])));
  return csvDocument(lines);
}
