// The part of fontkit (pdfkit's own font engine) that the report uses: parsing a font once per process.
declare module "fontkit" {
  /** A parsed font; pdfkit accepts it wherever it accepts font bytes. */
  export interface Font {
    /** glyphs and positions of a text; pdfkit passes OpenType features as the second argument */
    layout(text: string, features?: unknown): { glyphs: { id: number }[] };
    /** whether the font maps the code point to a glyph */
    hasGlyphForCodePoint(codePoint: number): boolean;
    readonly postscriptName: string;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
