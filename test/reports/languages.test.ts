// The report in each language (issue 12): zh-CN read back with pdftotext has its Chinese headings and none of the
// English ones, the bilingual one has both, and a page rendered with pdftoppm shows real glyphs.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportCanvas } from "../../reports/canvas.js";
import { printable } from "../../reports/format.js";
import { withReportLanguage } from "../../reports/language.js";
import { renderReportBytes } from "../../reports/store.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { artifactsDir, pdfInfo, pdfText, saveArtifact } from "./pdf-tools.js";
import { seedCompletedRun, type SeededRun } from "./seed.js";

const english = [
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
const chinese = ["审核报告", "1. 审核概要", "2. 关键绩效指标图表", "3. 按 ISO 条款的审核结果", "4. 不符合项、观察项与证据", "5. 改进措施", "6. 人工核查问题", "7. 生效的豁免", "8. 签署确认"];
/** English words of the page furniture, tables and verdict that must not show in a Chinese report */
const englishFurniture = ["OVERALL RESULT", "Not conformant", "Requirement and result", "Not signed off", "This run has not been signed off", "page 1 of", "Previous run", "Time zone"];

let t: TestApp;
let seeded: SeededRun;
let zh: string;
let both: string;
let zhPath: string;

beforeAll(async () => {
  t = await buildTestApp();
  seeded = await seedCompletedRun(t.database, { evidence: 60 });
  zhPath = saveArtifact("report-zh-CN.pdf", await renderReportBytes(t.database.db, seeded.runId, "zh-CN"));
  zh = pdfText(zhPath);
  both = pdfText(saveArtifact("report-bilingual.pdf", await renderReportBytes(t.database.db, seeded.runId, "bilingual")));
});
afterAll(() => t.close());

const inOrder = (text: string, headings: string[]) => {
  const positions = headings.map((h) => text.indexOf(h));
  expect(positions.every((p) => p >= 0), JSON.stringify(headings.filter((_, i) => positions[i] < 0))).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
};

describe("the zh-CN report", () => {
  it("has the Chinese headings, in order, and none of the English ones", () => {
    inOrder(zh, chinese);
    for (const h of [...english, ...englishFurniture]) expect(zh, h).not.toContain(h);
  });

  it("writes its verdict, tables, sign-off block and page numbers in Chinese, dates through Intl in the run's time zone", () => {
    expect(zh).toContain("总体结论");
    expect(zh).toContain("不符合：2 项严重不符合、0 项轻微不符合");
    expect(zh).toContain("要求与结果");
    expect(zh).toContain("本次运行尚未签署");
    expect(zh).toMatch(/第 1 页，共 \d+ 页/);
    expect(zh).toContain("Asia/Shanghai (UTC+08:00)");
    expect(zh).toContain("2026年10月1日 00:00 至 2026年11月1日 00:00（不含结束时刻）");
    expect(zh).toContain("进行中（已逾期）");
    expect(pdfInfo(zhPath)).toMatch(/^Title:\s+审核报告：/m);
  });

  it("names each finding by its rule's Chinese title, as raised (a title someone wrote stays as written)", () => {
    expect(zh).toContain("INC-RESOLVE-URGENT：紧急事件：2 小时内解决");
    expect(zh).not.toContain("Urgent incidents: resolved within 2 h");
    expect(zh).toContain("升级流程复盘 escalation review");
  });

  it("renders real glyphs: a page at 60 dpi is not blank", () => {
    const png = join(artifactsDir, "report-zh-CN-page");
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "2", "-l", "2", "-singlefile", zhPath, png]);
    expect(statSync(`${png}.png`).size).toBeGreaterThan(20_000);
  });
});

describe("the bilingual report", () => {
  it("has each heading in Chinese and English", () => {
    for (const [i, h] of chinese.entries()) {
      const en = english[i].replace(/^\d\. /, "");
      expect(both).toMatch(new RegExp(`${h.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+${en}`));
    }
  });
});

describe("Chinese text without spaces", () => {
  it("breaks between characters inside the text width and loses nothing", async () => {
    const sentence = "事件管理流程要求对所有紧急事件在规定的首次响应时限内完成响应，并在解决时限内恢复服务。";
    const long = sentence.repeat(30);
    const pdf = await withReportLanguage("zh-CN", "UTC", () => {
      const canvas = new ReportCanvas({ title: "t", subject: "s", author: "a", created: new Date(0), modified: new Date(0), lang: "zh-CN" });
      canvas.paragraph(printable(long));
      return canvas.finish();
    });
    const lines = pdfText(saveArtifact("cjk-paragraph.pdf", pdf)).split("\n").map((l) => l.trim()).filter(Boolean);
    expect(lines.length).toBeGreaterThan(20);
    // 10 pt characters in a 499 pt column: at most 49 to a line
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
    expect(lines.join("")).toBe(long);
  });
});
