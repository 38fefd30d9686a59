// The PDF audit report of one run: cover, executive summary, KPI charts, results by ISO clause,
// findings with evidence, actions, manual answers, waivers and sign-off, with a page frame.
// Deterministic: dates come from the run and its sign-off, every list has a fixed order.
import { ReportCanvas } from "./canvas.js";
import { formatDate, formatInstant } from "./format.js";
import type { ReportData } from "./load.js";
import { drawCover } from "./sections/cover.js";
import { drawFindings } from "./sections/findings.js";
import { drawActions, drawManualAnswers, drawWaivers } from "./sections/follow-up.js";
import { drawKpiCharts } from "./sections/kpi-charts.js";
import { drawResults } from "./sections/results.js";
import { drawSignoff } from "./sections/signoff.js";
import { drawSummary } from "./sections/summary.js";

export async function renderRunReport(data: ReportData): Promise<Buffer> {
  const { run, plan } = data;
  const completed = run.finishedAt ?? run.periodEnd;
  const canvas = new ReportCanvas({
    title: `Audit report: ${plan.name}, run #${run.id}`,
    subject: `${plan.rulebook} audit, ${formatInstant(run.periodStart, run.timezone)} to ${formatInstant(run.periodEnd, run.timezone)}`,
    author: run.startedBy,
    created: new Date(completed),
    modified: new Date(data.signoff?.signedAt ?? completed),
  });

  drawCover(canvas, data);
  canvas.newPage();
  drawSummary(canvas, data);
  drawKpiCharts(canvas, data);
  canvas.newPage();
  drawResults(canvas, data);
  drawFindings(canvas, data);
  drawActions(canvas, data);
  drawManualAnswers(canvas, data);
  drawWaivers(canvas, data);
  drawSignoff(canvas, data);

  canvas.frame({
    title: `Audit report · ${plan.name}`,
    subtitle: `Run #${run.id} · ${data.signoff ? "signed off" : "not signed off"}`,
    footerLeft: `Assay · ${run.rulebookVersion} · run #${run.id} · period ${formatDate(run.periodStart, run.timezone)} to ${formatDate(run.periodEnd, run.timezone)} (${run.timezone})`,
  });
  return canvas.finish();
}
