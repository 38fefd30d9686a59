// The PDF report read back with pdftotext and rendered page by page with pdftoppm.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import { renderReportBytes, sha256Hex } from "../../reports/store.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { count, pdfFonts, pdfInfo, pdfPages, pdfText, renderPages, saveArtifact } from "./pdf-tools.js";
import { chineseService, hostileScript, hostileSql, seedCompletedRun, type SeededRun } from "./seed.js";

let t: TestApp;
let seeded: SeededRun;
let pdf: Buffer;
let path: string;
let text: string;

beforeAll(async () => {
  t = await buildTestApp();
  seeded = await seedCompletedRun(t.database, { evidence: 1000 });
  pdf = await renderReportBytes(t.database.db, seeded.runId);
  path = saveArtifact("document.pdf", pdf);
  text = pdfText(path);
});
afterAll(() => t.close());

describe("the report document", () => {
  it("has every section in order", () => {
    const sections = [
      "Audit report",
      "1. Executive summary",
      "2. KPI charts",
      "3. Results by ISO clause",
      "4. Findings and evidence",
      "5. Improvement actions",
      "6. Manual questions",
      "7. Waivers in force",
      "8. Sign-off",
    ];
    const positions = sections.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("states plan, scope, period, time zone, run, auditor and the overall result on the cover", () => {
    const cover = text.slice(0, text.indexOf("1. Executive summary"));
    expect(cover).toContain(`月度审计 ${hostileScript} (plan #${seeded.planId})`);
    expect(cover).toContain(`all ${iso20000Support.rules.length} rules of iso20000-support`);
    expect(cover).toContain(`${chineseService} (email), ERP ${hostileScript} (erp)`);
    expect(cover).toContain("1 Oct 2026, 00:00 to 1 Nov 2026, 00:00 (end excluded)");
    expect(cover).toContain("Asia/Shanghai (UTC+08:00)");
    expect(cover).toContain(`#${seeded.runId} (manual)`);
    expect(cover).toContain("auditor@example.test");
    expect(cover).toContain("1 Nov 2026, 01:00");
    expect(cover).toContain("Not conformant: 2 major and 0 minor");
    expect(cover).toContain("80.0 / 100");
    expect(cover).toContain("before waivers: 78.0 / 100");
  });

  it("counts results by status and compares them with the previous run", () => {
    // the seed passes every rule it does not single out, so rules added to the rulebook after its first 36 add passes
    const added = iso20000Support.rules.length - 36;
    expect(text).toMatch(new RegExp(`Pass\\s+${26 + added}\\s+${27 + added}\\s+-1`));
    expect(text).toMatch(/Fail\s+3\s+3\s+0/);
    expect(text).toMatch(/Waived\s+1\s+0\s+\+1/);
    expect(text).toMatch(/Pending\s+5\s+5\s+0/);
    expect(text).toContain(`Previous run #${seeded.previousRunIds[1]} completed 1 Oct 2026, 01:00 with score 77.5 / 100; the score rose by 2.5 points.`);
    expect(text).toContain("Failing now but not before: REC-CONSISTENT.");
    expect(text).toContain("[major] INC-RESOLVE-URGENT: Urgent incidents: resolved within 2 h (recurring, 3 runs)");
  });

  it("labels the KPI charts with rules, values, axes and targets", () => {
    const charts = text.slice(text.indexOf("2. KPI charts"), text.indexOf("3. Results by ISO clause"));
    expect(charts).toContain("Percentage rules: measured value (bar) and target (black mark)");
    expect(charts).toMatch(/INC-RESOLVE-URGENT\s+80\.0%/);
    expect(charts).toMatch(/REQ-FEEDBACK\s+70\.5%/);
    expect(charts).toContain("Score over the plan's last 3 completed runs");
    expect(charts).toContain("MTTR-URGENT (95.3 min)");
    expect(charts).toContain("REC-CONSISTENT (2)");
    for (const tick of ["0%", "20%", "40%", "60%", "80%", "100%"]) expect(charts).toContain(tick);
  });

  it("groups the results by ISO clause with status, value, threshold, population and evidence", () => {
    const results = text.slice(text.indexOf("3. Results by ISO clause"), text.indexOf("4. Findings and evidence"));
    expect(results).toContain("ISO 8.6.1 · Incident management");
    expect(results).toContain("ISO 8.6.2 · Service request management");
    expect(results).toContain("ISO 5.3 · Organizational roles, responsibilities and authorities");
    expect(results.indexOf("ISO 5.3")).toBeLessThan(results.indexOf("ISO 8.6.1"));
    expect(results.indexOf("ISO 8.6.1")).toBeLessThan(results.indexOf("ISO 10.1"));
    expect(results).toMatch(/INC-RESOLVE-URGENT\s+Urgent incidents:[^\n]*?\s+Fail\s+80\.0%\s+≥ 95\.0%\s+120\s+1000\n/);
    expect(results).toMatch(/REQ-FEEDBACK\s+Requests:[^\n]*?\s+Fail\s+70\.5%\s+≥ 95\.0%\s+400\s+3\n/);
    expect(results).toMatch(/MTTR-URGENT\s+Mean time[^\n]*?\s+Pass\s+95\.3 min\s+≤ 120 min\s+120\s+0\n/);
    expect(results).toMatch(/TRAINING-SCORE\s+Mean training[^\n]*?\s+Pass\s+86\.5 points\s+≥ 80 points\s+12 \(small\)\s+0\n/);
    expect(results).toMatch(/KB-UPDATE-MONTH\s+Knowledge base[^\n]*?\s+Waived\s+45 days\s+< 31 days\s+1 \(small\)\s+0\n/);
    expect(results).toMatch(/MAN-ROLES\s+Are support roles[^\n]*?\s+Pending\s+—\s+—\s+0\s+0\n/);
    expect(results.split("\n").map((line) => line.trim())).toContain(hostileSql);
    // the table runs over several pages and repeats its header on each
    expect(count(results, "Requirement and result")).toBeGreaterThanOrEqual(3);
  });

  it("lists every evidence id of a finding", () => {
    const findings = text.slice(text.indexOf("4. Findings and evidence"), text.indexOf("5. Improvement actions"));
    expect(findings).toContain("4.1 Major nonconformity: INC-RESOLVE-URGENT — Urgent incidents: resolved within 2 h");
    expect(findings).toContain("Evidence: 1,000 records, all listed.");
    for (let n = 1; n <= 1000; n++) expect(findings).toContain(`IT-2026-${String(n).padStart(6, "0")}`);
    // in rows of seven across the page, never one per line or per page
    const urgent = findings.slice(findings.indexOf("4.1 Major nonconformity"), findings.indexOf("4.2 Observation"));
    const rows = urgent.split("\n").filter((line) => /^IT-2026-\d{6}(\s+IT-2026-\d{6})*$/.test(line.trim()));
    expect(rows.slice(0, -1).map((r) => r.trim().split(/\s+/).length)).toEqual(Array(Math.ceil(1000 / 7) - 1).fill(7));
    expect(findings).toContain("4.2 Observation: REQ-FEEDBACK");
    expect(findings).toContain(`Attainment below 95 % for ${chineseService}; escalation notes mention ${hostileScript}.`);
  });

  it("shows actions, manual answers with notes, waivers and the empty sign-off block", () => {
    expect(text).toMatch(/1 INC-RESOLVE-URGENT\s+升级流程复盘 escalation review\s+王芳\s+15 Oct 2026\s+In progress/);
    expect(text).toContain(hostileSql);
    expect(text).toContain("(overdue)");
    expect(text).toMatch(/2 REQ-FEEDBACK\s+Remind requesters to confirm\s+—\s+none\s+Open/);
    expect(text).toMatch(/MAN-CATALOGUE\s+Is the service catalogue\s+Conformant\s+服务目录已发布 电子邮件服务/);
    expect(text).toContain(`No SLA for erp: ${hostileSql}`);
    expect(text).toMatch(/MAN-ROLES\s+Are support roles and\s+Not answered/);
    expect(text).toMatch(/KB-UPDATE-MONTH\s+知识库迁移中 \(migration\)\s+auditor@example/);
    expect(text).toContain("31 Dec 2026");
    expect(text).toContain("This run has not been signed off.");
  });

  it("numbers every page 'page X of Y' under a header naming the plan", () => {
    const pages = pdfPages(path);
    expect(pages).toBeGreaterThanOrEqual(10);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`page ${p} of ${pages}`);
    expect(count(text, `Audit report · 月度审计 ${hostileScript}`)).toBe(pages - 1);
  });

  it("embeds a subset of the Chinese font and no other", () => {
    const fonts = pdfFonts(path).split("\n").slice(2).filter(Boolean);
    expect(fonts).toHaveLength(2);
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+NotoSansHans-(Regular|Bold)\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
  });

  it("renders every page to an image", () => {
    const pages = pdfPages(path);
    const images = renderPages(path, "document");
    expect(images).toHaveLength(pages);
    for (const image of images) {
      expect(readFileSync(image.file).subarray(1, 4).toString()).toBe("PNG");
      expect(image.size).toBeGreaterThan(1000);
    }
  });

  it("is byte-identical when rendered again from the same run", async () => {
    const again = await renderReportBytes(t.database.db, seeded.runId);
    expect(sha256Hex(again)).toBe(sha256Hex(pdf));
    expect(again.equals(pdf)).toBe(true);
  });

  it("is byte-identical when another process renders the same run from its own database", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "test/reports/render-seeded.ts", "1000"], { encoding: "utf8" });
    expect(out.trim()).toBe(sha256Hex(pdf));
  });

  it("dates the document with the run's completion", () => {
    const info = pdfInfo(path);
    expect(info).toMatch(/^CreationDate:\s+2026-10-31T17:00:00Z$/m);
    expect(info).toMatch(/^ModDate:\s+2026-10-31T17:00:00Z$/m);
    expect(info).toMatch(/^Title:\s+Audit report: 月度审计 <script>alert\(1\)<\/script>, run #3$/m);
  });
});
