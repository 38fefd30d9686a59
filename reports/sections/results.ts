// The results table grouped by ISO clause: status, value, threshold, population and evidence count.
import type { ReportCanvas } from "../canvas.js";
import { compareClauses, formatThreshold, formatValue, primaryClause, statusColours, statusLabels } from "../format.js";
import { isoClauseTitles } from "../iso-clauses.js";
import type { ReportData, ReportResult } from "../load.js";
import { drawTable, type Row } from "../table.js";
import { resultMessage, ruleTitle } from "../../server/i18n/rule-text.js";

export function groupByClause(results: ReportResult[]): [string | null, ReportResult[]][] {
  const groups = new Map<string | null, ReportResult[]>();
  for (const r of results) {
    const clause = primaryClause(r.rule);
    const list = groups.get(clause) ?? [];
    list.push(r);
    groups.set(clause, list);
  }
  return [...groups.entries()].sort(([a], [b]) => compareClauses(a, b)).map(([clause, list]) => [clause, list]);
}

export function drawResults(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading("3. Results by ISO clause", 140);
  canvas.paragraph(
    "Each rule's status after waivers, the measured value against its threshold, the number of records judged (population; " +
      "\"small\" marks fewer than 20) and how many records are evidence of a failure.",
    { size: 8.5 },
  );
  const rows: Row[] = [];
  for (const [clause, list] of groupByClause(data.results)) {
    rows.push({ band: clause ? `ISO ${clause}${isoClauseTitles[clause] ? ` · ${isoClauseTitles[clause]}` : ""}` : "Other rules (no ISO clause recorded)" });
    for (const r of list) {
      const waivedNote = r.status === "waived" && r.rawStatus !== "waived" ? `\n(was ${statusLabels[r.rawStatus]})` : "";
      rows.push({
        cells: [
          { text: r.ruleId, bold: true, size: 7.5 },
          ruleTitle(r.rule) + (r.message ? `\n${resultMessage(r)}` : ""),
          { text: statusLabels[r.status] + waivedNote, bold: true, colour: statusColours[r.status] },
          formatValue(r.value, r.rule),
          formatThreshold(r.threshold, r.rule),
          `${r.population}${r.smallPopulation ? " (small)" : ""}`,
          String(r.evidenceCount),
        ],
      });
    }
  }
  drawTable(
    canvas,
    [
      { header: "Rule", width: 22 },
      { header: "Requirement and result", width: 26 },
      { header: "Status", width: 11 },
      { header: "Value", width: 9, align: "right" },
      { header: "Threshold", width: 11, align: "right" },
      { header: "Population", width: 11, align: "right" },
      { header: "Evidence", width: 10, align: "right" },
    ],
    rows,
  );
}
