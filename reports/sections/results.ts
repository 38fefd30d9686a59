// The results table grouped by ISO clause: status, value, threshold, population and evidence count.
import type { ReportCanvas } from "../canvas.js";
import { resultMessage, ruleTitle, t } from "../../server/i18n/index.js";
import { compareClauses, formatThreshold, formatValue, primaryClause, statusColours, statusLabel } from "../format.js";
import { inEachLanguage, pp, pt } from "../language.js";
import { isoClauseTitles } from "../iso-clauses.js";
import type { ReportData, ReportResult } from "../load.js";
import { drawTable, type Row } from "../table.js";

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
  canvas.heading(pt("pdf.results.heading"), 140);
  canvas.paragraph(pp("pdf.results.intro"), { size: 8.5 });
  const rows: Row[] = [];
  for (const [clause, list] of groupByClause(data.results)) {
    rows.push({ band: clause ? `${t("pdf.results.clause", { clause })}${isoClauseTitles[clause] ? ` · ${isoClauseTitles[clause]}` : ""}` : pt("pdf.results.noClause") });
    for (const r of list) {
      const waivedNote = r.status === "waived" && r.rawStatus !== "waived" ? `\n${pt("pdf.results.was", () => ({ status: t(`pdf.status.${r.rawStatus}`) }))}` : "";
      rows.push({
        cells: [
          { text: r.ruleId, bold: true, size: 7.5 },
          inEachLanguage(() => ruleTitle(r.rule) + (r.message ? `\n${resultMessage(r)}` : ""), "\n"),
          { text: statusLabel(r.status) + waivedNote, bold: true, colour: statusColours[r.status] },
          formatValue(r.value, r.rule),
          formatThreshold(r.threshold, r.rule),
          r.smallPopulation ? t("pdf.results.small", { n: r.population }) : String(r.population),
          String(r.evidenceCount),
        ],
      });
    }
  }
  drawTable(
    canvas,
    [
      { header: pt("pdf.results.rule"), width: 22 },
      { header: pt("pdf.results.requirement"), width: 22 },
      { header: pt("pdf.results.status"), width: 11 },
      { header: pt("pdf.results.value"), width: 11, align: "right" },
      { header: pt("pdf.results.threshold"), width: 13, align: "right" },
      { header: pt("pdf.results.population"), width: 11, align: "right" },
      { header: pt("pdf.results.evidence"), width: 10, align: "right" },
    ],
    rows,
  );
}
