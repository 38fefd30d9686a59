// The plans, runs, ticket, waiver and report pages in 简体中文: real Chinese headings, no English string of their
// catalogue areas outside the data, the Shanghai run's period in +08:00, and the schedule in words in both languages.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../audits/run-executor.js";
import { getRulebook } from "../../audits/rulebooks/index.js";
import { thisWorker } from "../../audits/runs.js";
import { scheduleInWords } from "../../audits/schedule.js";
import { forms } from "../../server/i18n/catalogues/en/forms.js";
import { en } from "../../server/i18n/catalogues/en/index.js";
import { plans } from "../../server/i18n/catalogues/en/plans.js";
import { reports } from "../../server/i18n/catalogues/en/reports.js";
import { runs } from "../../server/i18n/catalogues/en/runs.js";
import { ticket } from "../../server/i18n/catalogues/en/ticket.js";
import { waivers } from "../../server/i18n/catalogues/en/waivers.js";
import { catalogues, translate, translator, withPresentation, type MessageKey } from "../../server/i18n/index.js";
import { AppError } from "../../server/errors.js";
import { dutyText, localIssues, planFields as planLabels, refusalText } from "../../server/routes/pages/form-issues.js";
import { runResults, type Role } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { seedDataSet } from "./seed.js";

let t: TestApp;
const started: number[] = [];
const sessions = new Map<Role, { cookie: string; csrf: string; email: string }>();
/** English text that is data on these pages (the built-in rules' own words and stored result messages), not UI */
const data: string[] = [];

beforeAll(async () => {
  // the organisation keeps UTC: the Shanghai plan's times must still read in +08:00
  t = await buildTestApp({ startRun: (id) => started.push(id) });
  await seedDataSet(t.database.db, t.clock.now());
  for (const role of ["viewer", "auditor", "compliance_officer"] as const) sessions.set(role, await t.session(role));
  for (const r of getRulebook("iso20000-support").rules) data.push(r.title, r.remediation, ...(r.kind === "manual" ? [r.params.question] : []));
});
afterAll(() => t.close());

const zh = { accept: "text/html", "accept-language": "zh-CN,zh;q=0.9,en;q=0.5" };
const get = (path: string, role: Role, headers: Record<string, string> = {}) => t.app.request(path, { headers: { ...zh, cookie: sessions.get(role)!.cookie, ...headers } });
function post(path: string, role: Role, fields: Record<string, string | string[]>) {
  const { cookie, csrf } = sessions.get(role)!;
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return t.app.request(path, { method: "POST", headers: { ...zh, cookie, "hx-request": "true", "content-type": "application/x-www-form-urlencoded" }, body });
}

// ---------- the English strings that must not show ----------

const mine = { ...plans, ...runs, ...ticket, ...waivers, ...reports, ...forms };
const mineKeys = new Set(Object.keys(mine));
/** every English message of the other areas (shared vocabulary, layout …), whose words these pages may still show */
const others = Object.entries(en)
  .filter(([k]) => !mineKeys.has(k))
  .map(([, v]) => v as string);

/** The literal pieces of an English message once its arguments are filled: "Run #{id}: {plan}" → "Run #", ": ". */
function fragments(key: MessageKey): string[] {
  const pattern = en[key];
  const values: Record<string, string | number> = {};
  for (const m of pattern.matchAll(/\{(\w+)(?:,\s*(\w+))?/g)) values[m[1]] = m[2] === "plural" || m[2] === "number" ? 777777 : "\u0001";
  return translate("en", key, values)
    .split(/\u0001|777,777/)
    .map((f) => f.trim())
    .filter((f) => f.length > 3 && /[A-Za-z]{2}/.test(f));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const wordIn = (text: string, word: string) => new RegExp(`(^|[^A-Za-z])${escape(word)}($|[^A-Za-z])`).test(text);

const forbidden = [...mineKeys].flatMap((key) => {
  const zhText = catalogues["zh-CN"][key as MessageKey];
  if (zhText === en[key as MessageKey]) return [];
  return fragments(key as MessageKey)
    .filter((f) => !zhText.includes(f) && !others.some((o) => wordIn(o, f)))
    .map((f) => ({ key, f }));
});

/** The page as a reader meets it: text, and the attributes read aloud or shown (aria-label, title, placeholder). */
function readable(html: string): string {
  const attrs = [...html.matchAll(/\s(?:aria-label|title|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ");
  return [text, ...attrs]
    .join(" \n ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

function expectNoEnglishUi(html: string) {
  let text = readable(html);
  for (const d of [...data].sort((a, b) => b.length - a.length)) text = text.split(d).join(" ");
  const leaks = forbidden.filter(({ f }) => wordIn(text, f)).map(({ key, f }) => `${key}: ${f}`);
  expect(leaks).toEqual([]);
  // no raw key of these areas reaches the screen
  expect(text).not.toMatch(/\b(plans|runs|ticket|waivers|reports|panel|forms)\.[a-z][A-Za-z_.]*[A-Za-z]/);
}

async function page(res: Response | Promise<Response>, status = 200) {
  const r = await res;
  const html = await r.text();
  expect(r.status, html.slice(0, 300)).toBe(status);
  expectNoEnglishUi(html);
  return html;
}

// ---------- the workflow, in Chinese ----------

const planName = "十月支持审核";
const planFields = {
  name: planName,
  services: ["email"],
  period: "previous_month",
  schedule: "0 2 1 * *",
  timezone: "Asia/Shanghai",
  owner: "",
  rules: ["INC-RESOLVE-URGENT", "MAN-ROLES", "MAN-CLASSIFICATION"],
  "threshold.INC-RESOLVE-URGENT": "95",
};
let planId = 0;
let runId = 0;

describe("plans in 简体中文", () => {
  it("finds English fragments to look for (the check is not empty)", () => {
    expect(forbidden.length).toBeGreaterThan(100);
    expect(forbidden.map((f) => f.f)).toEqual(expect.arrayContaining(["Show the", "New audit plan", "Request a waiver for this rule"]));
  });

  it("says what to do when there are no plans, runs or reports yet", async () => {
    expect(await page(get("/plans", "auditor"))).toContain("尚无审核计划。点击“新建审核计划”创建");
    expect(await page(get("/plans", "viewer"))).toContain("尚无审核计划。审核计划由审核员创建");
    expect(await page(get("/runs", "auditor"))).toContain("尚无审核执行记录。打开一个审核计划并点击“立即执行”。");
    expect(await page(get("/reports", "compliance_officer"))).toContain("尚无已完成的审核执行。");
  });

  it("shows the new-plan form, and its issues in words with the fields' labels", async () => {
    const form = await page(get("/plans/new", "auditor"));
    expect(form).toContain("<h1>新建审核计划</h1>");
    expect(form).toContain("改进措施负责人");
    // a new plan's reports are in the language of the person who plans it, unless they choose otherwise
    expect(form).toMatch(/<option value="zh-CN" selected="">/);
    const bad = await page(post("/plans", "auditor", { ...planFields, name: "", timezone: "Mars/Olympus" }), 422);
    expect(bad.startsWith('<form id="plan-form"')).toBe(true);
    expect(bad).toContain("名称：必填");
    expect(bad).toContain("时区：未知的 IANA 时区");
    const cron = await page(post("/plans", "auditor", { ...planFields, schedule: "every day" }), 422);
    expect(cron).toContain("执行计划：不是有效的 cron 表达式：执行计划由五个字段组成");
    const threshold = await page(post("/plans", "auditor", { ...planFields, "threshold.INC-RESOLVE-URGENT": "abc" }), 422);
    expect(threshold).toContain("INC-RESOLVE-URGENT 的阈值：不是有效的数字");
  });

  it("creates the plan; the list and its page give the schedule in Chinese and the next run in the plan's zone", async () => {
    const res = await post("/plans", "auditor", planFields);
    expect(res.status).toBe(204);
    planId = Number((res.headers.get("hx-redirect") ?? "").split("/")[2]);
    const list = await page(get("/plans", "auditor"));
    expect(list).toContain("<h1>审核计划</h1>");
    expect(list).toContain("每月 1 日 02:00（Asia/Shanghai）");
    // 1 December 02:00 in Shanghai, not 30 November 18:00 UTC
    expect(list).toContain("2026年12月1日 02:00（Asia/Shanghai）");
    expect(list).toContain("email · 上个月 · 3 条规则");
    expect(list).toContain("立即执行");
    const own = await page(get(`/plans/${planId}`, "auditor"));
    expect(own).toContain("<h2>编辑计划</h2>");
    expect(own).toContain("<h2>豁免</h2>");
    expect(own).toContain("<h2>本计划的审核执行</h2>");
    expect(own).toContain("尚无审核执行记录。");
    const viewer = await page(get(`/plans/${planId}`, "viewer"));
    expect(viewer).toContain("<h2>规则</h2>");
    expect(viewer).toContain("2026年12月1日 02:00（Asia/Shanghai）");
  });
});

describe("a Shanghai October run in 简体中文", () => {
  it("lists the run with its period as the days it covers in Shanghai", async () => {
    const res = await t.app.request(`/plans/${planId}/run`, {
      method: "POST",
      headers: { ...zh, cookie: sessions.get("auditor")!.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: sessions.get("auditor")!.csrf }),
    });
    expect(res.status).toBe(303);
    runId = Number((res.headers.get("location") ?? "").split("/")[2]);
    const queued = await page(get(`/runs/${runId}`, "viewer"));
    expect(queued).toContain("审核正在执行；完成后本页将显示结果。");
    await executeRun(t.database, t.clock, runId, thisWorker());
    const list = await page(get("/runs", "viewer"));
    expect(list).toContain("<h1>审核执行</h1>");
    expect(list).toContain("2026年10月1日 – 2026年10月31日");
    expect(list).not.toContain("2026-09-30");
    expect(list).toContain("<td>手动</td>");
    // the stored English result messages are data (until a result carries its message's key)
    for (const r of await t.database.db.select().from(runResults).where(eq(runResults.runId, runId))) data.push(r.message);
  });

  it("shows the period in +08:00, the failing SLA result and the evidence link with a singular", async () => {
    const body = await page(get(`/runs/${runId}`, "viewer"));
    expect(body).toContain(`审核执行 #${runId}：${planName}`);
    expect(body).toContain("2026年10月1日 00:00 → 2026年11月1日 00:00 · Asia/Shanghai (UTC+08:00)");
    // judged as of the period's end: midnight in Shanghai, not 16:00 UTC
    expect(body).not.toContain("16:00");
    expect(body).toContain("<h2>按条款列出的结果</h2>");
    expect(body).toContain('class="result result-fail" id="result-INC-RESOLVE-URGENT"');
    expect(body).toContain("阈值 ≥ 95.0%");
    expect(body).toContain("4 条记录");
    expect(body).toContain("查看 1 条不符合的记录");
    expect(body).toContain("<h2>本次执行的不符合项</h2>");
    expect(body).toContain("报告版本与签署");
  });

  it("drills down to the offending ticket, alone and inside the page", async () => {
    const partial = await page(get(`/runs/${runId}/evidence/INC-RESOLVE-URGENT`, "viewer", { "hx-request": "true" }));
    expect(partial.startsWith('<div class="evidence" id="evidence-INC-RESOLVE-URGENT"')).toBe(true);
    expect(partial).toContain('<th class="num">解决用时（小时）</th><th class="num">目标（小时）</th><th class="num">超出（小时）</th>');
    expect(partial).toContain("下载全部 1 条记录（CSV）");
    expect(partial).toContain("2026年10月2日 00:24");
    const full = await page(get(`/runs/${runId}/evidence/INC-RESOLVE-URGENT`, "viewer"));
    expect(full).toContain('href="/tickets/IT-2026-000024"');
  });

  it("takes answers in Chinese: the missing note in words, an answer and a deferral", async () => {
    const invalid = await page(post(`/runs/${runId}/answers/MAN-ROLES`, "auditor", { answer: "nonconformant", note: "" }), 422);
    expect(invalid).toContain("说明（回答“符合”以外的选项时必填）：回答“不符合”“不适用”或“暂缓”时必须填写说明");
    const answered = await page(post(`/runs/${runId}/answers/MAN-ROLES`, "auditor", { answer: "nonconformant", note: "岗位职责未更新" }));
    expect(answered.startsWith('<article class="result result-fail" id="result-MAN-ROLES"')).toBe(true);
    expect(answered).toMatch(/auditor-\d+@example\.test 于 2026年11月24日 12:00 回答：/);
    expect(answered).toContain("“岗位职责未更新”");
    expect(answered).toContain("修改回答");
    const deferred = await page(post(`/runs/${runId}/answers/MAN-CLASSIFICATION`, "auditor", { answer: "deferred", note: "下季度复核" }));
    expect(deferred).toMatch(/auditor-\d+@example\.test 于 2026年11月24日 12:00 选择暂缓：报告将此问题列为暂缓。/);
  });

  it("shows the report panel before and after sign-off, with its issues in Chinese", async () => {
    const auditor = await page(get(`/runs/${runId}/report-panel`, "auditor", { "hx-request": "true" }));
    expect(auditor).toContain("<h2>PDF 报告</h2>");
    const before = await page(get(`/runs/${runId}/report-panel`, "compliance_officer", { "hx-request": "true" }));
    expect(before).toContain("<h3>签署本次审核执行</h3>");
    expect(before).toContain("尚未生成：首次下载时生成并保存。");
    const tooLong = await page(post(`/runs/${runId}/signoff`, "compliance_officer", { comment: "x".repeat(4001) }), 422);
    expect(tooLong).toContain("意见：最多 4,000 个字符");
    const signed = await page(post(`/runs/${runId}/signoff`, "compliance_officer", { comment: "同意" }));
    expect(signed).toMatch(/compliance_officer-\d+ 于 2026年11月24日 20:00（UTC\+08:00）签署。/);
    expect(signed).toContain("第 1 版");
    expect(signed).toContain("<h3>重新开启本次执行</h3>");
    const noReason = await page(post(`/runs/${runId}/reopen`, "compliance_officer", { reason: " " }), 422);
    expect(noReason).toContain("理由：重新开启已签署的审核执行必须填写理由");
    const locked = await page(get(`/runs/${runId}`, "auditor"));
    expect(locked).toContain("本次执行已签署并锁定；如需修改回答，请先重新开启。");
    // the run's facts give the sign-off in the run's zone, as the panel does
    expect(locked).toMatch(/compliance_officer-\d+ 已于 2026年11月24日 20:00（UTC\+08:00）签署：本次执行已锁定/);
    // a manual question's title is its question: shown once
    expect(locked.split("Are support roles and responsibilities (G1.2.3) defined and known?").length).toBeLessThanOrEqual(3);
    const refused = await page(post(`/runs/${runId}/answers/MAN-ROLES`, "auditor", { answer: "conformant" }), 409);
    expect(refused).toMatch(/本次执行已由 compliance_officer-\d+ 于 2026年11月24日 12:00 签署并锁定（合规负责人可注明理由后重新开启）。/);
  });

  it("lists the report on /reports", async () => {
    const body = await page(get("/reports", "compliance_officer"));
    expect(body).toContain("<h1>审核报告</h1>");
    expect(body).toContain(`审核执行 #${runId}`);
    expect(body).toContain("2026年10月1日 00:00（UTC+08:00） – 2026年11月1日 00:00（UTC+08:00）");
    expect(body).toContain("含签署信息");
  });

  it("shows the offending ticket", async () => {
    const body = await page(get("/tickets/IT-2026-000024", "viewer"));
    expect(body).toContain("工单 IT-2026-000024");
    expect(body).toContain("<h2>接入时计算的值</h2>");
    expect(body).toContain("版本（1）");
    expect(body).toContain("2026年10月2日 00:24");
  });
});

describe("waivers in 简体中文", () => {
  it("words the request's issues, takes the request, and decides it in the row", async () => {
    const incomplete = await page(post(`/plans/${planId}/waivers`, "auditor", { rule_id: "INC-RESOLVE-URGENT", reason: "", valid_from: "2026-10-31", expires_on: "2026-12-31" }), 422);
    expect(incomplete).toContain("理由：必填");
    const past = await page(post(`/plans/${planId}/waivers`, "auditor", { rule_id: "INC-RESOLVE-URGENT", reason: "供应商原因", valid_from: "2026-10-31", expires_on: "2026-11-01" }), 422);
    expect(past).toContain("适用至（最后一天）：不能早于今天");
    const ok = await page(post(`/plans/${planId}/waivers`, "auditor", { rule_id: "INC-RESOLVE-URGENT", reason: "供应商原因", valid_from: "2026-10-31", expires_on: "2026-12-31" }));
    expect(ok).toContain("豁免申请已提交，待合规负责人批准或驳回。");
    expect(ok).toContain("2026年10月31日 → 2026年12月31日");
    const id = Number(/id="waiver-(\d+)"/.exec(ok)?.[1]);
    const approved = await page(post(`/waivers/${id}/approve`, "compliance_officer", {}));
    expect(approved).toContain("已批准。");
    const again = await page(post(`/waivers/${id}/approve`, "compliance_officer", {}), 409);
    expect(again).toContain("该豁免已处理");
  });
});

describe("a schedule in words", () => {
  const en = translator("en");
  const zh = translator("zh-CN");
  const cases: [string | null, string, string, string][] = [
    [null, "UTC", "not scheduled", "未设定执行计划"],
    ["30 6 * * *", "UTC", "daily at 06:30, UTC", "每天 06:30（UTC）"],
    ["0 3 * * 7", "UTC", "weekly on Sunday at 03:00, UTC", "每周日 03:00（UTC）"],
    ["0 3 * * 1", "Asia/Shanghai", "weekly on Monday at 03:00, Asia/Shanghai", "每周一 03:00（Asia/Shanghai）"],
    ["0 2 1 * *", "Asia/Shanghai", "monthly on day 1 at 02:00, Asia/Shanghai", "每月 1 日 02:00（Asia/Shanghai）"],
    ["0 2 5 */3 *", "Asia/Shanghai", "quarterly on day 5 of Jan, Apr, Jul and Oct at 02:00, Asia/Shanghai", "每季度（1、4、7、10 月）5 日 02:00（Asia/Shanghai）"],
    ["15 4 31 12 *", "UTC", "yearly on Dec 31 at 04:15, UTC", "每年 12 月 31 日 04:15（UTC）"],
    ["0 2 L * *", "UTC", 'cron "0 2 L * *", UTC', "cron 表达式“0 2 L * *”（UTC）"],
  ];
  it.each(cases)("%s in %s", (cron, zone, english, chinese) => {
    expect(scheduleInWords(cron, zone)).toBe(english);
    expect(scheduleInWords(cron, zone, en)).toBe(english);
    expect(scheduleInWords(cron, zone, zh)).toBe(chinese);
  });
});

describe("form issues and refusals in words", () => {
  const inChinese = <T>(fn: () => T) => withPresentation({ locale: "zh-CN", timeZone: "Asia/Shanghai" }, fn);
  it("words zod's issues with the field's label, in both languages", () => {
    const issues = [
      { path: "name", message: "Too small: expected string to have >=1 characters" },
      { path: "period.days", message: "Too big: expected number to be <=3660" },
      { path: "answer", message: 'Invalid option: expected one of "conformant"|"nonconformant"' },
      { path: "mystery", message: "something new" },
    ];
    expect(inChinese(() => localIssues(issues, planLabels))).toEqual([
      { path: "", message: "名称：必填" },
      { path: "", message: "天数：不能大于 3,660" },
      { path: "answer", message: "不是可选的值" },
      { path: "mystery", message: "something new" },
    ]);
    expect(withPresentation({ locale: "en", timeZone: "UTC" }, () => localIssues(issues.slice(0, 2), planLabels))).toEqual([
      { path: "", message: "Name: required" },
      { path: "", message: "Days: at most 3,660" },
    ]);
  });

  it("words the refusals of sign-off (duties, unanswered questions, provisional runs)", () => {
    const duty = AppError.forbidden("separation of duties: you started this run; someone who did not take part in the audit must sign it off");
    expect(inChinese(() => refusalText(duty))).toBe("您不能签署本次执行：本次执行由您发起，须由未参与本次审核的人员签署。");
    const unanswered = new AppError("unanswered", 409, "answer or defer every manual question before signing off: MAN-ROLES", [], undefined, { rules: ["MAN-ROLES"] });
    expect(inChinese(() => refusalText(unanswered))).toBe("暂不能签署：请先回答或暂缓以下问题：MAN-ROLES。");
    expect(inChinese(() => refusalText(new AppError("provisional", 409, "run 1 is provisional")))).toContain("临时结果");
    expect(inChinese(() => dutyText("you answered questions of this run; someone who did not take part in the audit must sign it off"))).toBe("您回答过本次执行的问题，须由未参与本次审核的人员签署");
  });
});
