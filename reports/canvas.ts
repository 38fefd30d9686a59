// The report's page geometry and text primitives over a pdfkit document: margins, flowing
// headings and paragraphs that move to a new page when they do not fit, and the page frame.
import PDFDocument from "pdfkit";
import { fontBold, fontRegular, registerReportFonts, type FontSet } from "./fonts.js";
import { clip } from "./format.js";
import { pt } from "./language.js";

export const pageSize = { width: 595.28, height: 841.89 };
export const margin = { top: 62, bottom: 58, left: 48, right: 48 };
export const contentWidth = pageSize.width - margin.left - margin.right;
/** Longest paragraph printed; longer texts (a pasted log, say) are cut and stay whole in Assay. */
const maxParagraphChars = 6000;
export const colours = { text: "#1a1a1a", muted: "#5f6368", rule: "#c9ccd1", band: "#eef1f5", accent: "#1f4e79" };

/** The bytes of a page's content stream that are gathered as text before they become one block of bytes. */
const contentBlock = 32 * 1024;

/** pdfkit's content stream of a page (PDFReference): `write` keeps each chunk, `finalize` joins and deflates them. */
interface ContentStream {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/**
 * Gathers a page's content operators into blocks of about 32 KB. pdfkit turns every operator it writes (a move, a
 * colour, a run of glyphs) into a Uint8Array of its own and, with bufferPages, keeps them all until the document
 * ends: about 190 bytes of heap for each few bytes of content, 25 MB for a 56-page report. The stream's bytes are
 * the same: pdfkit writes a string chunk as its latin1 bytes and a line break, and joins the chunks at the end.
 */
export function coalesceContent(content: ContentStream): void {
  const write = content.write.bind(content);
  const finalize = content.finalize.bind(content);
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    if (!pending.length) return;
    write(Buffer.from(pending.join(""), "latin1"));
    pending = [];
    pendingLength = 0;
  };
  content.write = (chunk) => {
    if (typeof chunk !== "string") {
      flush();
      write(chunk);
      return;
    }
    pending.push(chunk + "\n");
    pendingLength += chunk.length + 1;
    if (pendingLength >= contentBlock) flush();
  };
  content.finalize = () => {
    flush();
    finalize();
  };
}

const pageContent = (doc: PDFKit.PDFDocument) => (doc.page as unknown as { content: ContentStream }).content;

/** pdfkit's embedded fonts of a document, by name; each keeps the glyph run of every word it has laid out. */
export const embeddedFonts = (doc: PDFKit.PDFDocument) =>
  Object.values((doc as unknown as { _fontFamilies: Record<string, { layoutCache?: Record<string, unknown> }> })._fontFamilies);

/**
 * Empties each font's layout cache (at a new page). pdfkit keeps the glyph run of every distinct word of the
 * document (a run and a position object per glyph) until it ends, and most words of a report are distinct (every
 * evidence id): 20 MB for a 56-page report. A page's words still reuse their runs; the bytes do not change.
 */
function forgetLayouts(doc: PDFKit.PDFDocument): void {
  for (const font of embeddedFonts(doc)) if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
}

export interface FrameText {
  title: string;
  subtitle: string;
  footerLeft: string;
}

export class ReportCanvas {
  readonly doc: PDFKit.PDFDocument;

  /** `fonts`: the common set draws nearly every report, and throws GlyphMissing for a character it lacks (fonts.ts) */
  constructor(info: { title: string; subject: string; author: string; created: Date; modified: Date; lang: string }, fonts: FontSet = "common") {
    this.doc = new PDFDocument({
      size: [pageSize.width, pageSize.height],
      margins: margin,
      bufferPages: true,
      autoFirstPage: true,
      compress: true,
      pdfVersion: "1.7",
      lang: info.lang,
      displayTitle: true,
      info: {
        Title: info.title,
        Subject: info.subject,
        Author: info.author,
        Creator: "Assay",
        Producer: "Assay (pdfkit)",
        CreationDate: info.created,
        ModDate: info.modified,
      },
    });
    coalesceContent(pageContent(this.doc));
    this.doc.on("pageAdded", () => {
      coalesceContent(pageContent(this.doc));
      forgetLayouts(this.doc);
    });
    registerReportFonts(this.doc, fonts);
    this.regular(10);
  }

  get y(): number {
    return this.doc.y;
  }
  set y(value: number) {
    this.doc.y = value;
  }
  get bottom(): number {
    return pageSize.height - margin.bottom;
  }

  regular(size: number, colour = colours.text): this {
    this.doc.font(fontRegular).fontSize(size).fillColor(colour);
    return this;
  }
  bold(size: number, colour = colours.text): this {
    this.doc.font(fontBold).fontSize(size).fillColor(colour);
    return this;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = margin.left;
    this.doc.y = margin.top;
  }

  /** Starts a new page unless `height` points still fit below the cursor. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  /** A section heading, kept together with at least `keepWith` points of what follows. */
  heading(text: string, keepWith = 60, outline = true): void {
    this.ensureSpace(28 + keepWith);
    if (this.doc.y > margin.top) this.doc.y += 10;
    if (outline) this.doc.outline.addItem(text);
    this.bold(14, colours.accent);
    this.doc.text(text, margin.left, this.doc.y, { width: contentWidth });
    const y = this.doc.y + 2;
    this.doc.moveTo(margin.left, y).lineTo(margin.left + contentWidth, y).lineWidth(0.8).strokeColor(colours.accent).stroke();
    this.doc.y = y + 8;
    this.regular(10);
  }

  subheading(text: string, keepWith = 40): void {
    this.ensureSpace(18 + keepWith);
    this.doc.y += 4;
    this.bold(11);
    this.doc.text(text, margin.left, this.doc.y, { width: contentWidth });
    this.doc.y += 3;
    this.regular(10);
  }

  /** A paragraph that may run over pages (pdfkit breaks it at the bottom margin). */
  paragraph(text: string, opts: { size?: number; colour?: string; bold?: boolean; indent?: number; gap?: number } = {}): void {
    const size = opts.size ?? 10;
    if (opts.bold) this.bold(size, opts.colour);
    else this.regular(size, opts.colour);
    const indent = opts.indent ?? 0;
    this.ensureSpace(this.doc.currentLineHeight(true) + 2);
    this.doc.text(clip(text, maxParagraphChars), margin.left + indent, this.doc.y, { width: contentWidth - indent, lineGap: 1.5 });
    this.doc.y += opts.gap ?? 4;
    this.regular(10);
  }

  /** Label–value lines as on the cover: the label in a fixed column; a value may ask for its own size (a hash). */
  fields(rows: [string, string, { size: number }?][], labelWidth = 130, size = 10): void {
    for (const [label, value, own] of rows) {
      // a label may take two lines (both languages of a bilingual report)
      this.bold(size, colours.muted);
      const labelHeight = this.doc.heightOfString(label, { width: labelWidth - 8 });
      this.regular(own?.size ?? size);
      const h = Math.max(this.doc.heightOfString(value, { width: contentWidth - labelWidth, lineGap: 1 }), this.doc.currentLineHeight(true), labelHeight);
      this.ensureSpace(h + 3);
      const y = this.doc.y;
      this.bold(size, colours.muted).doc.text(label, margin.left, y, { width: labelWidth - 8 });
      this.regular(own?.size ?? size).doc.text(value, margin.left + labelWidth, y, { width: contentWidth - labelWidth, lineGap: 1 });
      this.doc.y = Math.max(this.doc.y, y + h) + 3;
    }
  }

  /**
   * The largest size, at most `max`, at which a 64-digit hex hash fits `width` on one line whatever its digits:
   * a reader copies a hash from the report, and one broken over two lines comes back with a line break in it.
   */
  hashSize(width: number, max = 10): number {
    this.regular(1);
    const widest = Math.max(...[..."0123456789abcdef"].map((d) => this.doc.widthOfString(d)));
    this.regular(10);
    return Math.min(max, Math.floor((width / (64 * widest)) * 4) / 4);
  }

  /** Writes one line of text at a fixed place without moving the flow or breaking pages. */
  label(text: string, x: number, y: number, opts: PDFKit.Mixins.TextOptions = {}): void {
    const saved = { x: this.doc.x, y: this.doc.y };
    this.doc.text(text, x, y, { lineBreak: false, ...opts });
    this.doc.x = saved.x;
    this.doc.y = saved.y;
  }

  /** Draws header and footer on every buffered page, with "page X of Y". */
  frame(text: FrameText): void {
    const range = this.doc.bufferedPageRange();
    const total = range.count;
    const pageLabel = (n: number) => pt("pdf.frame.page", { page: n, pages: total });
    // the page number keeps the room its longest form needs (two languages in a bilingual report); the footer text the rest
    this.regular(8);
    const pageWidth = Math.ceil(this.doc.widthOfString(pageLabel(total))) + 2;
    const footerWidth = contentWidth - pageWidth - 12;
    for (let i = range.start; i < range.start + total; i++) {
      this.doc.switchToPage(i);
      // writing inside the margins must not trigger pdfkit's automatic page break
      const savedBottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const headerY = 28;
      if (i > range.start) this.bold(8, colours.accent).label(text.title, margin.left, headerY, { width: contentWidth * 0.6, height: 10, ellipsis: true });
      if (i > range.start) {
        this.regular(8, colours.muted).label(text.subtitle, margin.left + contentWidth * 0.6, headerY, { width: contentWidth * 0.4, height: 10, align: "right", ellipsis: true });
        this.doc.moveTo(margin.left, headerY + 13).lineTo(margin.left + contentWidth, headerY + 13).lineWidth(0.5).strokeColor(colours.rule).stroke();
      }
      const footerY = pageSize.height - 38;
      this.doc.moveTo(margin.left, footerY - 6).lineTo(margin.left + contentWidth, footerY - 6).lineWidth(0.5).strokeColor(colours.rule).stroke();
      this.regular(8, colours.muted).label(text.footerLeft, margin.left, footerY, { width: footerWidth, height: 10, ellipsis: true });
      this.regular(8, colours.muted).label(pageLabel(i - range.start + 1), margin.left + contentWidth - pageWidth, footerY, { width: pageWidth, align: "right" });
      this.doc.page.margins.bottom = savedBottom;
    }
  }

  /** Finishes the document and resolves with its bytes. */
  finish(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    return new Promise((resolve, reject) => {
      this.doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      this.doc.on("end", () => resolve(Buffer.concat(chunks)));
      this.doc.on("error", reject);
      this.doc.end();
    });
  }
}
