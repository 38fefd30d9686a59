// The report's typefaces: Noto Sans Hans (Simplified Chinese with Latin) vendored in reports/fonts/, parsed once per
// process and subset by pdfkit into each document.
import { create, type Font } from "fontkit";
import { readFileSync } from "node:fs";

export const fontRegular = "report-regular";
export const fontBold = "report-bold";

const files = { [fontRegular]: "NotoSansHans-Regular.otf", [fontBold]: "NotoSansHans-Bold.otf" } as const;
let cache: Map<string, Font> | null = null;

/**
 * The two faces are kept in the repository (with the OFL text and their SHA-256 in CHECKSUMS) rather than read from
 * an npm package: the package they came from (@embedpdf/fonts-sc 1.0.0) exports only an index, so the files were
 * reached through its internal layout, which any release could move.
 */
export const fontFolder = new URL("./fonts/", import.meta.url);

/**
 * The parsed faces by name, kept for the life of the process: parsing an 8 MB CJK font costs about
 * 100 ms, and each document only takes a subset of the glyphs it uses.
 */
export function reportFonts(): ReadonlyMap<string, Font> {
  if (!cache) {
    cache = new Map(Object.entries(files).map(([name, file]) => [name, create(readFileSync(new URL(file, fontFolder)))]));
  }
  return cache;
}

/** The break opportunity `printable` puts into very long words; it must take no room and leave no mark. */
const zeroWidthSpace = /\u200b/g;

/**
 * The face as pdfkit sees it: laid out without U+200B. Noto Sans Hans has no glyph for it, so pdfkit drew a box a
 * full em wide, and a hash or a long word copied out of the report came with a stray character in it.
 */
function withoutBreakGlyphs(font: Font): Font {
  // a view of the parsed font (its tables stay shared) whose layout skips the break character
  return Object.create(font, {
    layout: { value: (text: string, features?: unknown) => font.layout(text.replace(zeroWidthSpace, ""), features) },
  }) as Font;
}

let faces: Map<string, Font> | null = null;

/** Registers both faces on a pdfkit document. */
export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  faces ??= new Map([...reportFonts()].map(([name, font]) => [name, withoutBreakGlyphs(font)]));
  // pdfkit takes a parsed fontkit font as well as bytes (PDFFontFactory.open); its types only name bytes
  for (const [name, font] of faces) doc.registerFont(name, font as unknown as Uint8Array);
}
