// Text that people type reaches the PDF literally, whatever it holds: markup, SQL, control characters, huge words.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportBytes } from "../../reports/store.js";
import { findings, manualAnswers, signoffs } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { pdfPages, pdfText, renderPages, saveArtifact } from "./pdf-tools.js";
import { hostileScript, hostileSql, seedCompletedRun } from "./seed.js";

let t: TestApp;
let text: string;
let path: string;
const longWord = "A".repeat(2500);

beforeAll(async () => {
  t = await buildTestApp();
  const seeded = await seedCompletedRun(t.database, { evidence: 5 });
  await t.database.db
    .update(manualAnswers)
    .set({ note: `bell\u0007 tab\there\r\nnext line ${hostileScript}` })
    .where(eq(manualAnswers.ruleId, "MAN-CATALOGUE"));
  await t.database.db.update(findings).set({ description: `start ${longWord} end &amp; "quotes" \\ backslash (parens)` }).where(eq(findings.ruleId, "REQ-FEEDBACK"));
  await t.database.db.insert(signoffs).values({ runId: seeded.runId, name: `${hostileSql} 合规官`, comment: `<img src=x onerror=alert(1)>`, signedAt: seeded.finishedAt + 1000 });
  path = saveArtifact("hostile-text.pdf", await renderReportBytes(t.database.db, seeded.runId));
  text = pdfText(path);
});
afterAll(() => t.close());

describe("typed text in the report", () => {
  it("shows markup, SQL, quotes, backslashes and parentheses literally", () => {
    expect(text).toContain(`${hostileSql} 合规官`);
    expect(text).toContain("<img src=x onerror=alert(1)>");
    expect(text).toContain(`end &amp; "quotes" \\ backslash (parens)`);
    expect(text).toContain(hostileScript);
  });

  it("replaces control characters, keeps line breaks and wraps a 2,500-character word", () => {
    expect(text).toContain("bell[U+0007] tab here");
    expect(text).toMatch(/next line <script>alert\(1\)<\/script>/);
    // the long word is printed in full between its neighbours, wrapped across lines (and here across a page break):
    // between "start" and "end" come only lines of its letters, blank lines and the page's footer and header
    const between = /start ([\s\S]*?) end &amp;/.exec(text)?.[1] ?? "";
    const lines = between.split(/[\n\f]/).filter((line) => line.trim() !== "");
    const furniture = (line: string) => /^Assay · .* page \d+ of \d+$/.test(line) || line.startsWith("Audit report · ");
    const letters = lines.filter((line) => !furniture(line));
    expect(letters.length).toBeGreaterThan(1);
    for (const line of letters) expect(line).toMatch(/^A{1,80}$/);
    expect(letters.join("")).toBe(longWord);
  });

  it("renders every page", () => {
    expect(renderPages(path, "hostile-text")).toHaveLength(pdfPages(path));
  });
});
