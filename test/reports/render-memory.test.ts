// What a report holds while it is drawn: pdfkit keeps every page (bufferPages, for "page X of Y") until the end, so
// each page's content stream is kept in blocks rather than a Uint8Array per operator, and the fonts' layout caches
// (a glyph run per distinct word) are emptied at each new page. Neither changes a byte of the document. The parsed
// faces are given back when no report has been drawn for a while.
import PDFDocument from "pdfkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { coalesceContent, embeddedFonts, ReportCanvas } from "../../reports/canvas.js";
import { fontRegular, fontsIdleMs, registerReportFonts, reportFonts, reportFontsHeld } from "../../reports/fonts.js";

const info = { title: "t", subject: "s", author: "a", created: new Date(Date.UTC(2026, 9, 1)), modified: new Date(Date.UTC(2026, 9, 2)), lang: "en" };
/** distinct words, as a report's evidence ids are */
const words = (from: number, n: number) => Array.from({ length: n }, (_, i) => `IT-2026-${String(from + i).padStart(6, "0")}`).join(" ");

type Page = { content: { buffer: Uint8Array[] } };
const bufferedPages = (doc: PDFKit.PDFDocument) => (doc as unknown as { _pageBuffer: Page[] })._pageBuffer;

function bytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/** The same drawing on a bare pdfkit document with the report's fonts, its page contents gathered or not. */
function draw(coalesce: boolean): PDFKit.PDFDocument {
  const doc = new PDFDocument({ bufferPages: true, compress: true, info: { CreationDate: info.created, ModDate: info.modified } });
  if (coalesce) {
    coalesceContent((doc.page as unknown as { content: Parameters<typeof coalesceContent>[0] }).content);
    doc.on("pageAdded", () => coalesceContent((doc.page as unknown as { content: Parameters<typeof coalesceContent>[0] }).content));
  }
  registerReportFonts(doc);
  doc.font(fontRegular).fontSize(9);
  for (let i = 0; i < 40; i++) doc.fillColor(i % 2 ? "#1a1a1a" : "#1f4e79").text(`${words(i * 50, 50)} 电子邮件服务`);
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    doc.text(`page ${p + 1}`, 50, 20, { lineBreak: false });
  }
  return doc;
}

describe("drawing a report", () => {
  it("keeps each page's content in a few blocks, not a chunk per operator", () => {
    const canvas = new ReportCanvas(info);
    for (let i = 0; i < 60; i++) canvas.paragraph(words(i * 40, 40));
    const pages = bufferedPages(canvas.doc);
    expect(pages.length).toBeGreaterThan(2);
    // a full page of text is several hundred operators
    for (const page of pages) expect(page.content.buffer.length).toBeLessThanOrEqual(3);
  });

  it("writes the same bytes as pdfkit does with a chunk per operator", async () => {
    const [gathered, plain] = await Promise.all([bytes(draw(true)), bytes(draw(false))]);
    expect(bufferedPages(draw(false)).length).toBeGreaterThan(1);
    expect(gathered.equals(plain)).toBe(true);
  });

  it("keeps the glyph runs of one page's words, not of the whole document's", () => {
    const canvas = new ReportCanvas(info);
    const perParagraph = 40;
    const paragraphs = 60;
    for (let i = 0; i < paragraphs; i++) canvas.paragraph(words(i * perParagraph, perParagraph));
    expect(bufferedPages(canvas.doc).length).toBeGreaterThan(2);
    const cached = embeddedFonts(canvas.doc).reduce((n, f) => n + Object.keys(f.layoutCache ?? {}).length, 0);
    // every word is distinct: a cache over the document would hold all 2,400
    expect(cached).toBeGreaterThan(0);
    expect(cached).toBeLessThan((perParagraph * paragraphs) / 2);
  });
});

describe("the parsed faces", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("are kept while reports follow one another, and dropped after fontsIdleMs without one", () => {
    vi.useFakeTimers();
    const first = reportFonts();
    expect(reportFontsHeld()).toBe(true);
    vi.advanceTimersByTime(fontsIdleMs - 1000);
    // a report meanwhile shares them and keeps them for another fontsIdleMs
    expect(reportFonts()).toBe(first);
    vi.advanceTimersByTime(fontsIdleMs - 1000);
    expect(reportFontsHeld()).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(reportFontsHeld()).toBe(false);
    // the next report parses them again
    const again = reportFonts();
    expect(again).not.toBe(first);
    expect([...again.values()].map((f) => f.postscriptName)).toEqual([...first.values()].map((f) => f.postscriptName));
  });
});
