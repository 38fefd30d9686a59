// A report is drawn with the common faces (Noto Sans Hans cut down to GB 2312 and Assay's own characters,
// reports/fonts/subset.py), and again with the full faces when its text has a character they lack: every report
// shows every character the full faces have, and nearly every one is drawn holding a third of the memory.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportBytes, sha256Hex } from "../../reports/store.js";
import { fontSetsUsed, reportFonts } from "../../reports/fonts.js";
import { catalogues } from "../../server/i18n/catalogue.js";
import { signoffs } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { pdfFonts, pdfText, saveArtifact } from "./pdf-tools.js";
import { seedCompletedRun } from "./seed.js";

/** 堃 (U+5803): a character of personal names, in GBK but not in GB 2312 */
const rare = "堃";

let t: TestApp;
let runId: number;
beforeAll(async () => {
  t = await buildTestApp();
  runId = (await seedCompletedRun(t.database, { evidence: 20 })).runId;
});
afterAll(() => t.close());

describe("the report's font sets", () => {
  it("the common faces have every character of Assay's own words, in every language", () => {
    const common = [...reportFonts("common").values()];
    const missing = new Set<string>();
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      for (const [key, text] of Object.entries(catalogue)) {
        for (const ch of text) {
          if (ch < " ") continue; // line breaks: pdfkit lays out each line alone
          for (const face of common) if (!face.hasGlyphForCodePoint(ch.codePointAt(0)!)) missing.add(`${locale} ${key}: ${ch} U+${ch.codePointAt(0)!.toString(16)}`);
        }
      }
    }
    // a new character in a catalogue: run reports/fonts/subset.py (its header says how)
    expect([...missing]).toEqual([]);
  });

  it("draw a report with the common faces when they have all of its characters", async () => {
    const before = { ...fontSetsUsed };
    const bytes = await renderReportBytes(t.database.db, runId, "zh-CN");
    expect(fontSetsUsed.common - before.common).toBe(1);
    expect(fontSetsUsed.full - before.full).toBe(0);
    const path = saveArtifact("font-sets-common.pdf", bytes);
    expect(pdfText(path)).toContain("审核");
    expect(pdfFonts(path)).toContain("NotoSansHans-Regular");
  });

  it("draw it again with the full faces for a character only they have, which then shows", async () => {
    const [full] = [...reportFonts("full").values()];
    const [common] = [...reportFonts("common").values()];
    expect(full.hasGlyphForCodePoint(rare.codePointAt(0)!)).toBe(true);
    expect(common.hasGlyphForCodePoint(rare.codePointAt(0)!)).toBe(false);

    await t.database.db.insert(signoffs).values({ runId, name: `王${rare} 合规官`, comment: "同意", signedAt: Date.parse("2026-11-01T00:00:00Z") });
    const before = { ...fontSetsUsed };
    const bytes = await renderReportBytes(t.database.db, runId, "zh-CN");
    expect(fontSetsUsed.common - before.common).toBe(1);
    expect(fontSetsUsed.full - before.full).toBe(1);
    const path = saveArtifact("font-sets-full.pdf", bytes);
    expect(pdfText(path)).toContain(`王${rare}`);
    // the same bytes every time
    expect(sha256Hex(await renderReportBytes(t.database.db, runId, "zh-CN"))).toBe(sha256Hex(bytes));
    await t.database.db.delete(signoffs).where(eq(signoffs.runId, runId));
  });
});
