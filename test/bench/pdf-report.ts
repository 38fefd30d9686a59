// Row 5: the PDF report of the benchmark run (its failed rules print up to 1,000 evidence ids each), against a
// bare pdfkit document with the same number of pages, rendered in the same process.
import PDFDocument from "pdfkit";
import type { Clock } from "../../server/clock.js";
import type { Database } from "../../server/db/client.js";
import { benchRunId } from "./audit-run.js";
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

export async function runPdfBench(database: Database, _clock: Clock): Promise<PdfBench> {
  const store = await importPart<typeof import("../../reports/store.js")>("../../reports/store.js", "the report store");
  const load = await importPart<typeof import("../../reports/load.js")>("../../reports/load.js", "the report loader");
  if (benchRunId === null) throw new NotAvailable("needs the completed run of row 3");
  // the first rendering in a process also loads fonts; the figure is the second, the first goes in the note
  let started = performance.now();
  await store.renderReportBytes(database.db, benchRunId);
  const coldMs = performance.now() - started;
  started = performance.now();
  const pdf = await store.renderReportBytes(database.db, benchRunId);
  const reportMs = performance.now() - started;
  const data = await load.loadReportData(database.db, benchRunId);
  const evidenceIds = data.results.reduce((sum, r) => sum + r.evidence.length, 0);
  const pages = pageCount(pdf);
  await barePdf(pages);
  const baseStarted = performance.now();
  const bare = await barePdf(pages);
  const baselineMs = performance.now() - baseStarted;
  if (pageCount(bare) !== pages) throw new Error(`the bare document has ${pageCount(bare)} pages, the report ${pages}`);
  return { reportMs, baselineMs, pages, detail: `report of run ${benchRunId}: ${pages} pages, ${(pdf.length / 1024).toFixed(0)} KB, ${evidenceIds} evidence ids printed; loading from the database included; first rendering in the process ${(coldMs / 1000).toFixed(2)} s` };
}
