// The report's typefaces: Noto Sans Hans (Simplified Chinese with Latin) from the npm package
// @embedpdf/fonts-sc, read once per process and subset by pdfkit into each document.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const fontRegular = "report-regular";
export const fontBold = "report-bold";

const files = { [fontRegular]: "NotoSansHans-Regular.otf", [fontBold]: "NotoSansHans-Bold.otf" } as const;
let cache: Map<string, Buffer> | null = null;

function fontFolder(): string {
  // the package exports only its index; the OTF files sit in fonts/ next to dist/
  const entry = createRequire(import.meta.url).resolve("@embedpdf/fonts-sc");
  return join(dirname(entry), "..", "fonts");
}

/** The font files by name, read on first use and kept for the life of the process. */
export function reportFonts(): ReadonlyMap<string, Buffer> {
  if (!cache) {
    const folder = fontFolder();
    cache = new Map(Object.entries(files).map(([name, file]) => [name, readFileSync(join(folder, file))]));
  }
  return cache;
}

/** Registers both faces on a pdfkit document. */
export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, bytes] of reportFonts()) doc.registerFont(name, bytes);
}
