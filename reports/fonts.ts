// The report's typefaces: Noto Sans Hans (Simplified Chinese with Latin) vendored in reports/fonts/, parsed once per
// process and subset by pdfkit into each document. Two sets of the same faces: the common set (GB 2312 and the
// characters Assay's own text uses, reports/fonts/subset.py) draws nearly every report; a report whose text has a
// character it lacks (a rare character in a name, say) is drawn again with the full set.
import { create, type Font } from "fontkit";
import { readFileSync } from "node:fs";

export const fontRegular = "report-regular";
export const fontBold = "report-bold";

/**
 * `common`: the faces cut down to 8,808 glyphs (2 MB a face against 8.5 MB); a document drawn with them holds about a
 * third of the memory while it is drawn, and its embedded subsets are about half the size. `full`: every glyph.
 */
export type FontSet = "common" | "full";
const files: Record<FontSet, Record<string, string>> = {
  common: { [fontRegular]: "NotoSansHans-Regular.common.otf", [fontBold]: "NotoSansHans-Bold.common.otf" },
  full: { [fontRegular]: "NotoSansHans-Regular.otf", [fontBold]: "NotoSansHans-Bold.otf" },
};
const cache = new Map<FontSet, Map<string, Font>>();
/** the faces as pdfkit sees them (withoutBreakGlyphs), made from `cache` */
const faces = new Map<FontSet, Map<string, Font>>();

/** A character the common set has no glyph for: the document is drawn again with the full set. */
export class GlyphMissing extends Error {
  constructor(readonly text: string) {
    super(`the common report faces have no glyph for a character of ${JSON.stringify(text.slice(0, 40))}`);
  }
}

/** Documents drawn with each set since the process started (tests). */
export const fontSetsUsed: Record<FontSet, number> = { common: 0, full: 0 };

/**
 * The faces are kept in the repository (with the OFL text and their SHA-256 in CHECKSUMS) rather than read from
 * an npm package: the package they came from (@embedpdf/fonts-sc 1.0.0) exports only an index, so the files were
 * reached through its internal layout, which any release could move.
 */
export const fontFolder = new URL("./fonts/", import.meta.url);

/**
 * The parsed faces of a set by name, kept while reports follow one another (fontsIdleMs): parsing an 8 MB CJK
 * font costs about 100 ms, and each document only takes a subset of the glyphs it uses.
 */
export function reportFonts(set: FontSet = "full"): ReadonlyMap<string, Font> {
  let parsed = cache.get(set);
  if (!parsed) {
    parsed = new Map(Object.entries(files[set]).map(([name, file]) => [name, create(readFileSync(new URL(file, fontFolder)))]));
    cache.set(set, parsed);
  }
  keepFor(fontsIdleMs);
  return parsed;
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
  cache.clear();
  faces.clear();
}

/** Whether the faces (of a set, or of any) are parsed and held now. */
export const reportFontsHeld = (set?: FontSet): boolean => (set ? cache.has(set) : cache.size > 0);

/** The break opportunity `printable` puts into very long words; it must take no room and leave no mark. */
const zeroWidthSpace = /\u200b/g;

/**
 * The face as pdfkit sees it: laid out without U+200B. Noto Sans Hans has no glyph for it, so pdfkit drew a box a
 * full em wide, and a hash or a long word copied out of the report came with a stray character in it.
 */
function withoutBreakGlyphs(font: Font, set: FontSet): Font {
  // a view of the parsed font (its tables stay shared) whose layout skips the break character and, in the common set,
  // stops at a character it has no glyph for (glyph 0, .notdef)
  const layout =
    set === "full"
      ? (text: string, features?: unknown) => font.layout(text.replace(zeroWidthSpace, ""), features)
      : (text: string, features?: unknown) => {
          const laid = text.replace(zeroWidthSpace, "");
          const run = font.layout(laid, features);
          // glyph 0 (.notdef): which character it stands for is read from the text (fontkit shares one glyph object
          // per id, so its code points are not the text's); a line break that reaches the layout has no glyph in
          // either set, and takes no room
          if (run.glyphs.some((g) => g.id === 0)) {
            for (const ch of laid) if (ch >= " " && !font.hasGlyphForCodePoint(ch.codePointAt(0)!)) throw new GlyphMissing(text);
          }
          return run;
        };
  return Object.create(font, { layout: { value: layout } }) as Font;
}

/** Registers both faces of a set on a pdfkit document (the common set: drawing throws GlyphMissing for a character it lacks). */
export function registerReportFonts(doc: PDFKit.PDFDocument, set: FontSet = "full"): void {
  let views = faces.get(set);
  if (!views) {
    views = new Map([...reportFonts(set)].map(([name, font]) => [name, withoutBreakGlyphs(font, set)]));
    faces.set(set, views);
  } else keepFor(fontsIdleMs);
  fontSetsUsed[set]++;
  // pdfkit takes a parsed fontkit font as well as bytes (PDFFontFactory.open); its types only name bytes
  for (const [name, font] of views) doc.registerFont(name, font as unknown as Uint8Array);
}
