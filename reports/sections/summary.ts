// The executive summary: counts by status, the comparison with the plan's previous run, the main findings.
import type { ResultStatus } from "../../server/db/schema.js";
import { contentWidth, margin, type ReportCanvas } from "../canvas.js";
import { stackedBar } from "../charts.js";
import { formatInstant, formatNumber, statusColours, statusLabels, statusOrder } from "../format.js";
import type { ReportData } from "../load.js";
import { drawTable } from "../table.js";
import { countByStatus, findingTitleOf, formatScore, verdictOf } from "../verdict.js";

const mainFindings = 5;

function comparison(data: ReportData): string[] {
  const prev = data.previous;
  if (!prev) return ["This is the first completed run of the plan: there is nothing to compare with."];
  const lines: string[] = [];
  const delta = data.run.score !== null && prev.score !== null ? data.run.score - prev.score : null;
  lines.push(
    `Previous run #${prev.id} completed ${formatInstant(prev.finishedAt, data.run.timezone)} with score ${formatScore(prev.score)}` +
      (delta === null ? "." : `; the score ${delta === 0 ? "is unchanged" : `${delta > 0 ? "rose" : "fell"} by ${formatNumber(Math.abs(delta), 1)} points`}.`),
  );
  const newlyFailing: string[] = [];
  const fixed: string[] = [];
  for (const r of data.results) {
    const before = prev.statusByRule.get(r.ruleId);
    if (r.status === "fail" && before !== undefined && before !== "fail") newlyFailing.push(r.ruleId);
    if (before === "fail" && r.status === "pass") fixed.push(r.ruleId);
  }
  lines.push(newlyFailing.length ? `Failing now but not before: ${newlyFailing.join(", ")}.` : "No rule started failing since the previous run.");
  lines.push(fixed.length ? `Passing again: ${fixed.join(", ")}.` : "No failing rule of the previous run passes now.");
  return lines;
}

export function drawSummary(canvas: ReportCanvas, data: ReportData): void {
  const verdict = verdictOf(data);
  canvas.heading("1. Executive summary");
  canvas.paragraph(`Overall result: ${verdict.headline}. Score ${formatScore(data.run.score)} (before waivers ${formatScore(data.run.scoreRaw)}).`, { bold: true });

  canvas.subheading("Results by status", 60);
  canvas.ensureSpace(44);
  const y = canvas.y;
  stackedBar(
    canvas,
    { x: margin.left, y, width: contentWidth, height: 14 },
    statusOrder.map((s) => ({ label: statusLabels[s], count: verdict.counts[s], colour: statusColours[s] })),
  );
  canvas.y = y + 36;

  const previousCounts: Record<ResultStatus, number> | null = data.previous ? countByStatus([...data.previous.statusByRule.values()].map((status) => ({ status }))) : null;
  drawTable(
    canvas,
    [
      { header: "Status", width: 3 },
      { header: "This run", width: 2, align: "right" },
      { header: data.previous ? `Previous run #${data.previous.id}` : "Previous run", width: 2, align: "right" },
      { header: "Change", width: 2, align: "right" },
    ],
    statusOrder.map((s) => {
      const now = verdict.counts[s];
      const before = previousCounts ? previousCounts[s] : null;
      const change = before === null ? "—" : now - before === 0 ? "0" : `${now - before > 0 ? "+" : ""}${now - before}`;
      return { cells: [statusLabels[s], String(now), before === null ? "—" : String(before), change] };
    }),
  );
  canvas.paragraph(
    `Failed rules by severity: ${verdict.failures.major} major, ${verdict.failures.minor} minor, ${verdict.failures.observation} observation.`,
  );

  canvas.subheading("Comparison with the previous run");
  for (const line of comparison(data)) canvas.paragraph(line);

  canvas.subheading("Main findings");
  const open = data.findings.filter((f) => f.lastRunId === data.run.id || f.status === "open");
  const evidenceOf = new Map(data.results.map((r) => [r.ruleId, r.evidenceCount]));
  if (open.length === 0) canvas.paragraph("No findings are open for this run.");
  for (const f of open.slice(0, mainFindings)) {
    const title = findingTitleOf(f);
    const records = evidenceOf.get(f.ruleId) ?? f.evidenceCount;
    canvas.paragraph(`• [${f.severity}] ${f.ruleId}: ${title}${f.recurrence > 1 ? ` (recurring, ${f.recurrence} runs)` : ""} — ${records} record${records === 1 ? "" : "s"}`, { indent: 6, gap: 2 });
  }
  if (open.length > mainFindings) canvas.paragraph(`… and ${open.length - mainFindings} more in section 4.`, { indent: 6 });
}
