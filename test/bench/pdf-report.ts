// Row 5: the PDF report of a run with 1,000 evidence ids (one rule; the full run's report is timed too), against
// a bare pdfkit document with the same number of pages, rendered in the same process.
import PDFDocument from "pdfkit";
import type { Clock } from "../../server/clock.js";
import type { Database } from "../../server/db/client.js";
import { benchRunId, runWithThousandEvidenceIds } from "./audit-run.js";
import { importPart, NotAvailable } from "./not-available.js";

export interface PdfBench {
  reportMs: number;
  baselineMs: number;
  pages: number;
  detail: string;
}

/** Page objects in a PDF written by pdfkit (its object dictionaries are not compressed). */
function pageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

function barePdf(pages: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    for (let i = 0; i < pages; i++) doc.addPage().fontSize(12).text(`Page ${i + 1}`);
    doc.end();
  });
}

/** Renders a run's report twice (the first also loads fonts) and counts its pages and printed evidence ids. */
async function timeReport(database: Database, runId: number) {
  const store = await importPart<typeof import("../../reports/store.js")>("../../reports/store.js", "the report store");
  const load = await importPart<typeof import("../../reports/load.js")>("../../reports/load.js", "the report loader");
  let started = performance.now();
  await store.renderReportBytes(database.db, runId);
  const coldMs = performance.now() - started;
  started = performance.now();
  const pdf = await store.renderReportBytes(database.db, runId);
  const ms = performance.now() - started;
  const data = await load.loadReportData(database.db, runId);
  return { ms, coldMs, pdf, pages: pageCount(pdf), evidenceIds: data.results.reduce((sum, r) => sum + r.evidence.length, 0) };
}

export async function runPdfBench(database: Database, clock: Clock): Promise<PdfBench> {
  if (benchRunId === null) throw new NotAvailable("needs the completed run of row 3");
  const thousand = await timeReport(database, await runWithThousandEvidenceIds(database, clock));
  const full = await timeReport(database, benchRunId);
  await barePdf(thousand.pages);
  const started = performance.now();
  const bare = await barePdf(thousand.pages);
  const baselineMs = performance.now() - started;
  if (pageCount(bare) !== thousand.pages) throw new Error(`the bare document has ${pageCount(bare)} pages, the report ${thousand.pages}`);
  return {
    reportMs: thousand.ms,
    baselineMs,
    pages: thousand.pages,
    detail:
      `the REC-COMPLETE run's report: ${thousand.evidenceIds} evidence ids, ${thousand.pages} pages, ${(thousand.pdf.length / 1024).toFixed(0)} KB, ` +
      `first rendering in the process ${(thousand.coldMs / 1000).toFixed(2)} s; the full run's report (row 3): ${full.evidenceIds} evidence ids, ` +
      `${full.pages} pages, ${(full.ms / 1000).toFixed(2)} s; loading from the database is included in every time`,
  };
}
