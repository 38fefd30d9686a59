// The report's typefaces: Noto Sans Hans (Simplified Chinese with Latin) vendored in reports/fonts/, parsed once per
// process and subset by pdfkit into each document.
import { create, type Font } from "fontkit";
import { readFileSync } from "node:fs";

export const fontRegular = "report-regular";
export const fontBold = "report-bold";

const files = { [fontRegular]: "NotoSansHans-Regular.otf", [fontBold]: "NotoSansHans-Bold.otf" } as const;
let cache: Map<string, Font> | null = null;
/** the faces as pdfkit sees them (withoutBreakGlyphs), made from `cache` */
let faces: Map<string, Font> | null = null;

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
  keepFor(fontsIdleMs);
  return cache;
}

/**
 * How long the parsed faces stay after the last report: the reports of a burst (a run completing, its sign-off, the
 * downloads that follow) share them, and then the process gives back what they hold (the 17 MB of the files and
 * about 15 MB of tables fontkit decodes for the first document, its CFF glyph index above all).
 */
export const fontsIdleMs = 5_000;
let release: NodeJS.Timeout | null = null;

function keepFor(ms: number): void {
  if (release) clearTimeout(release);
  release = setTimeout(() => {
    releaseReportFonts();
    collectGarbage();
  }, ms);
  release.unref();
}

/**
 * A full garbage collection once the faces are dropped, when the process allows one (`--expose-gc`, in `npm start`
 * and `npm run serve`): their ≈ 33 MB (the files' buffers and the tables fontkit decoded) stay resident until V8's
 * next full collection, and a server busy with small requests may not run one for minutes (none ran in the 15 s
 * of the bench's mixed row after its reports). One pause of a few tens of ms, a few seconds after the last report.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Drops the parsed faces (after fontsIdleMs without a report); the next report parses them again. */
export function releaseReportFonts(): void {
  if (release) clearTimeout(release);
  release = null;
  cache = null;
  faces = null;
}

/** Whether the faces are parsed and held now. */
export const reportFontsHeld = (): boolean => cache !== null;

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

/** Registers both faces on a pdfkit document. */
export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  const parsed = reportFonts();
  faces ??= new Map([...parsed].map(([name, font]) => [name, withoutBreakGlyphs(font)]));
  // pdfkit takes a parsed fontkit font as well as bytes (PDFFontFactory.open); its types only name bytes
  for (const [name, font] of faces) doc.registerFont(name, font as unknown as Uint8Array);
}
