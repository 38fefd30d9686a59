// The report's typefaces: Noto Sans Hans (Simplified Chinese with Latin) from the npm package
// @embedpdf/fonts-sc, parsed once per process and subset by pdfkit into each document.
import { create, type Font } from "fontkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const fontRegular = "report-regular";
export const fontBold = "report-bold";

const files = { [fontRegular]: "NotoSansHans-Regular.otf", [fontBold]: "NotoSansHans-Bold.otf" } as const;
let cache: Map<string, Font> | null = null;

function fontFolder(): string {
  // the package exports only its index; the OTF files sit in fonts/ next to dist/
  const entry = createRequire(import.meta.url).resolve("@embedpdf/fonts-sc");
  return join(dirname(entry), "..", "fonts");
}

/**
 * The parsed faces by name, kept for the life of the process: parsing an 8 MB CJK font costs about
 * 100 ms, and each document only takes a subset of the glyphs it uses.
 */
export function reportFonts(): ReadonlyMap<string, Font> {
  if (!cache) {
    const folder = fontFolder();
    cache = new Map(Object.entries(files).map(([name, file]) => [name, create(readFileSync(join(folder, file)))]));
  }
  return cache;
}

/** Registers both faces on a pdfkit document. */
export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  // pdfkit takes a parsed fontkit font as well as bytes (PDFFontFactory.open); its types only name bytes
  for (const [name, font] of reportFonts()) doc.registerFont(name, font as unknown as Uint8Array);
}
