// The executive summary: counts by status, the comparison with the plan's previous run, the main findings.
import type { ResultStatus } from "../../server/db/schema.js";
import { contentWidth, margin, type ReportCanvas } from "../canvas.js";
import { stackedBar } from "../charts.js";
import { formatInstant, formatNumber, statusColours, statusLabel, statusOrder } from "../format.js";
import { pp, pt } from "../language.js";
import type { ReportData } from "../load.js";
import { drawTable } from "../table.js";
import { countByStatus, findingTitleOf, formatScore, verdictOf } from "../verdict.js";
import { t } from "../../server/i18n/index.js";

const mainFindings = 5;

function comparison(data: ReportData): string[] {
  const prev = data.previous;
  if (!prev) return [pp("pdf.summary.first")];
  const lines: string[] = [];
  const delta = data.run.score !== null && prev.score !== null ? data.run.score - prev.score : null;
  lines.push(
    pp("pdf.summary.previous", () => ({
      id: prev.id,
      at: formatInstant(prev.finishedAt, data.run.timezone),
      score: formatScore(prev.score),
      change: delta === null ? "none" : delta === 0 ? "same" : delta > 0 ? "up" : "down",
      points: delta === null ? 0 : formatNumber(Math.abs(delta), 1),
    })),
  );
  const newlyFailing: string[] = [];
  const fixed: string[] = [];
  for (const r of data.results) {
    const before = prev.statusByRule.get(r.ruleId);
    if (r.status === "fail" && before !== undefined && before !== "fail") newlyFailing.push(r.ruleId);
    if (before === "fail" && r.status === "pass") fixed.push(r.ruleId);
  }
  lines.push(newlyFailing.length ? pp("pdf.summary.newlyFailing", { rules: newlyFailing.join(", ") }) : pp("pdf.summary.noNewlyFailing"));
  lines.push(fixed.length ? pp("pdf.summary.fixed", { rules: fixed.join(", ") }) : pp("pdf.summary.noFixed"));
  return lines;
}

export function drawSummary(canvas: ReportCanvas, data: ReportData): void {
  const verdict = verdictOf(data);
  canvas.heading(pt("pdf.summary.heading"));
  canvas.paragraph(pp("pdf.summary.overall", () => ({ headline: verdictOf(data).headline, score: formatScore(data.run.score), raw: formatScore(data.run.scoreRaw) })), { bold: true });

  canvas.subheading(pt("pdf.summary.byStatus"), 60);
  canvas.ensureSpace(44);
  const y = canvas.y;
  stackedBar(
    canvas,
    { x: margin.left, y, width: contentWidth, height: 14 },
    statusOrder.map((s) => ({ label: statusLabel(s), count: verdict.counts[s], colour: statusColours[s] })),
  );
  canvas.y = y + 36;

  const previousCounts: Record<ResultStatus, number> | null = data.previous ? countByStatus([...data.previous.statusByRule.values()].map((status) => ({ status }))) : null;
  drawTable(
    canvas,
    [
      { header: pt("pdf.summary.status"), width: 3 },
      { header: pt("pdf.summary.thisRun"), width: 2, align: "right" },
      { header: data.previous ? pt("pdf.summary.previousRun", { id: data.previous.id }) : pt("pdf.summary.previousNone"), width: 2, align: "right" },
      { header: pt("pdf.summary.change"), width: 2, align: "right" },
    ],
    statusOrder.map((s) => {
      const now = verdict.counts[s];
      const before = previousCounts ? previousCounts[s] : null;
      const change = before === null ? "—" : now - before === 0 ? "0" : `${now - before > 0 ? "+" : ""}${now - before}`;
      return { cells: [statusLabel(s), String(now), before === null ? "—" : String(before), change] };
    }),
  );
  canvas.paragraph(pp("pdf.summary.failures", { major: verdict.failures.major, minor: verdict.failures.minor, observation: verdict.failures.observation }));

  canvas.subheading(pt("pdf.summary.comparison"));
  for (const line of comparison(data)) canvas.paragraph(line);

  canvas.subheading(pt("pdf.summary.mainFindings"));
  const open = data.findings.filter((f) => f.lastRunId === data.run.id || f.status === "open");
  const evidenceOf = new Map(data.results.map((r) => [r.ruleId, r.evidenceCount]));
  if (open.length === 0) canvas.paragraph(pp("pdf.summary.noOpen"));
  for (const f of open.slice(0, mainFindings)) {
    const records = evidenceOf.get(f.ruleId) ?? f.evidenceCount;
    // a line of data: once, in the report's (first) language
    const line = t("pdf.summary.finding", { severity: t(`pdf.severity.${f.severity}`), rule: f.ruleId, title: findingTitleOf(f), runs: f.recurrence, records });
    canvas.paragraph(line, { indent: 6, gap: 2 });
  }
  if (open.length > mainFindings) canvas.paragraph(pp("pdf.summary.more", { n: open.length - mainFindings }), { indent: 6 });
}
