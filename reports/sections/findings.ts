// Findings of the run with every evidence id (up to a limit per rule), laid out in columns.
import { colours, contentWidth, margin, type ReportCanvas } from "../canvas.js";
import { label, t } from "../../server/i18n/index.js";
import { formatInstant } from "../format.js";
import { inEachLanguage, pp, pt } from "../language.js";
import { evidenceIdsPerRule, type FindingRow, type ReportData } from "../load.js";
import { findingTitleOf } from "../verdict.js";

/** Evidence ids in a grid of equal columns, row by row, flowing over pages. */
export function evidenceGrid(canvas: ReportCanvas, ids: string[]): void {
  if (ids.length === 0) return;
  const doc = canvas.doc;
  canvas.regular(7.5);
  const widest = Math.max(...ids.map((id) => doc.widthOfString(id)));
  const columnWidth = Math.min(contentWidth, widest + 12);
  const columns = Math.max(1, Math.floor(contentWidth / columnWidth));
  // the font's own line height: pdfkit starts a page by itself when a line would cross the bottom margin
  const lineHeight = doc.currentLineHeight(true);
  for (let i = 0; i < ids.length; i += columns) {
    if (doc.y + lineHeight > canvas.bottom) {
      canvas.newPage();
      canvas.regular(7.5);
    }
    const y = doc.y;
    for (let c = 0; c < columns && i + c < ids.length; c++) {
      // no width: pdfkit then skips its line wrapper, which matters for thousands of ids
      doc.text(ids[i + c], margin.left + c * columnWidth, y, { lineBreak: false });
    }
    doc.y = y + lineHeight;
  }
  doc.x = margin.left;
  doc.y += 4;
  canvas.regular(10);
}

function findingTitle(f: FindingRow, n: number): string {
  return t("pdf.findings.title", { n, grade: inEachLanguage(() => label(`pdf.grade.${f.grade}`, f.grade)), rule: f.ruleId, title: findingTitleOf(f) });
}

export function drawFindings(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading(pt("pdf.findings.heading"), 150);
  if (data.findings.length === 0) {
    canvas.paragraph(pp("pdf.findings.none"));
    return;
  }
  const resultByRule = new Map(data.results.map((r) => [r.ruleId, r]));
  data.findings.forEach((f, index) => {
    const result = resultByRule.get(f.ruleId);
    canvas.subheading(findingTitle(f, index + 1), 120);
    canvas.fields(
      [
        [pt("pdf.findings.status"), inEachLanguage(() => {
          const status = label(`pdf.findingStatus.${f.status}`, f.status.replaceAll("_", " "));
          return f.resolvedRunId ? t("pdf.findings.resolvedIn", { status, run: f.resolvedRunId }) : status;
        })],
        [pt("pdf.findings.severity"), pt(`pdf.severity.${f.severity}`)],
        [pt("pdf.findings.raised"), t("pdf.findings.raisedValue", { first: f.firstRunId, n: f.recurrence, last: f.lastRunId })],
        [pt("pdf.findings.updated"), formatInstant(f.updatedAt, data.run.timezone)],
      ],
      90,
      8.5,
    );
    canvas.paragraph(f.description, { size: 9 });
    const ids = result ? result.evidence : f.evidenceIds;
    const count = result ? result.evidenceCount : f.evidenceCount;
    const shown = ids.length;
    // keep the evidence line with the first rows of its ids
    canvas.ensureSpace(shown > 0 ? 40 : 14);
    canvas.paragraph(
      count === 0
        ? pp("pdf.findings.noEvidence")
        : shown < count
          ? pp("pdf.findings.evidenceSome", { n: count, shown, kept: shown >= evidenceIdsPerRule ? "no" : "yes", run: data.run.id })
          : pp("pdf.findings.evidenceAll", { n: count }),
      { size: 8.5, colour: colours.muted, gap: 2 },
    );
    evidenceGrid(canvas, ids);
  });
}
