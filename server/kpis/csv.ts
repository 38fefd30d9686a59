// CSV of a chart's numbers: one row per label, one column per series (RFC 4180 quoting).
const cell = (value: string | number | null) => {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function chartCsv(axisTitle: string, labels: string[], series: { label: string; data: (number | null)[] }[]): string {
  const lines = [[axisTitle, ...series.map((s) => s.label)].map(cell).join(",")];
  labels.forEach((l, i) => lines.push([l, ...series.map((s) => s.data[i] ?? null)].map(cell).join(",")));
  return `${lines.join("\r\n")}\r\n`;
}
