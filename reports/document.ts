// The PDF audit report of one run: cover, executive summary, KPI charts, results by ISO clause,
// findings with evidence, actions, manual answers, waivers and sign-off, then the statement of applicability as
// Annex A, with a page frame.
// Deterministic: dates come from the run and its sign-off, every list has a fixed order.
// Written in the language asked for (en, zh-CN or bilingual), its dates in the run's time zone.
import type { ReportLocale } from "../server/db/schema.js";
import { t } from "../server/i18n/index.js";
import { ReportCanvas } from "./canvas.js";
import { GlyphMissing, type FontSet } from "./fonts.js";
import { drawApplicability } from "./sections/applicability.js";
import { formatDate, formatInstant } from "./format.js";
import { primaryLocale, pt, withReportLanguage } from "./language.js";
import type { ReportData } from "./load.js";
import { drawCover } from "./sections/cover.js";
import { drawFindings } from "./sections/findings.js";
import { drawActions, drawManualAnswers, drawWaivers } from "./sections/follow-up.js";
import { drawKpiCharts } from "./sections/rule-trends.js";
import { drawResults } from "./sections/results.js";
import { drawSignoff } from "./sections/signoff.js";
import { drawSummary } from "./sections/summary.js";

export async function renderRunReport(data: ReportData, locale: ReportLocale = "en"): Promise<Buffer> {
  try {
    return await withReportLanguage(locale, data.run.timezone, () => draw(data, locale, "common"));
  } catch (e) {
    // a character the common faces lack: the whole document again, with every glyph (the same bytes each time)
    if (e instanceof GlyphMissing) return withReportLanguage(locale, data.run.timezone, () => draw(data, locale, "full"));
    throw e;
  }
}

function draw(data: ReportData, locale: ReportLocale, fonts: FontSet): Promise<Buffer> {
  const { run, plan } = data;
  const tz = run.timezone;
  const completed = run.finishedAt ?? run.periodEnd;
  const canvas = new ReportCanvas({
    title: pt("pdf.meta.title", { plan: plan.name, run: run.id }),
    subject: pt("pdf.meta.subject", () => ({ rulebook: plan.rulebook, start: formatInstant(run.periodStart, tz), end: formatInstant(run.periodEnd, tz) })),
    author: run.startedBy,
    created: new Date(completed),
    modified: new Date(data.signoff?.signedAt ?? completed),
    lang: primaryLocale(locale),
  }, fonts);

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
  drawApplicability(canvas, data);

  canvas.frame({
    title: t("pdf.frame.title", { report: pt("pdf.cover.title"), plan: plan.name }),
    subtitle: pt("pdf.frame.subtitle", { run: run.id, signed: data.signoff ? "yes" : "no" }),
    footerLeft: pt("pdf.frame.footer", () => ({ version: run.rulebookVersion, run: run.id, start: formatDate(run.periodStart, tz), end: formatDate(run.periodEnd, tz), timeZone: tz })),
  });
  return canvas.finish();
}
