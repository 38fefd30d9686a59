// The first half of the pages in 简体中文 (issue 12): overview, KPIs (charts, partials, CSV), data, admin, findings,
// sign-in and error pages rendered for a Chinese reader carry Chinese headings and none of the English strings of
// their catalogue areas outside data; the language switcher and the admin page set a user's language.
import { eq } from "drizzle-orm";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../audits/run-executor.js";
import { thisWorker } from "../../audits/runs.js";
import { rulebooks } from "../../audits/rulebooks/index.js";
import { chartIds } from "../../server/kpis/kpi-chart.js";
import { findings as findingsTable, runResults, users, type Role } from "../../server/db/schema.js";
import { admin as enAdmin } from "../../server/i18n/catalogues/en/admin.js";
import { data as enData } from "../../server/i18n/catalogues/en/data.js";
import { findings as enFindings } from "../../server/i18n/catalogues/en/findings.js";
import { kpis as enKpis } from "../../server/i18n/catalogues/en/kpis.js";
import { overview as enOverview } from "../../server/i18n/catalogues/en/overview.js";
import { vocabulary as enVocabulary } from "../../server/i18n/catalogues/en/vocabulary.js";
import { zhCN } from "../../server/i18n/catalogues/zh-CN/index.js";
import { buildTestApp, loginForm, type TestApp } from "../support/app.js";
import { seedDataSet } from "./seed.js";

let t: TestApp;
const zh = { "accept-language": "zh-CN,zh;q=0.9,en;q=0.5" };
const sessions = new Map<Role, { cookie: string; csrf: string; email: string }>();
let runId = 0;

beforeAll(async () => {
  t = await buildTestApp({ startRun: () => undefined });
  await seedDataSet(t.database.db, t.clock.now());
  for (const role of ["viewer", "manager", "auditor", "admin"] as const) sessions.set(role, await t.session(role));
  // a plan run once, so that the findings page has a finding with its action
  const created = await post("/plans", "auditor", {
    name: "October support audit",
    services: ["email", "erp"],
    period: "custom",
    start: "2026-10-01",
    end: "2026-11-01",
    schedule: "0 2 1 * *",
    timezone: "Asia/Shanghai",
    owner: sessions.get("manager")!.email,
    rules: ["INC-RESOLVE-URGENT", "MAN-ROLES"],
    "threshold.INC-RESOLVE-URGENT": "95",
  });
  const planId = Number((created.headers.get("hx-redirect") ?? "").split("/")[2]);
  const started = await post(`/plans/${planId}/run`, "auditor", {}, false);
  runId = Number((started.headers.get("location") ?? "").split("/")[2]);
  await executeRun(t.database, t.clock, runId, thisWorker());
});
afterAll(() => t.close());

function post(path: string, role: Role, fields: Record<string, string | string[]>, htmx = true, headers: Record<string, string> = zh) {
  const { cookie, csrf } = sessions.get(role)!;
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const h: Record<string, string> = { cookie, accept: "text/html", "content-type": "application/x-www-form-urlencoded", ...headers };
  if (htmx) h["hx-request"] = "true";
  return t.app.request(path, { method: "POST", headers: h, body });
}
const get = (path: string, role: Role, headers: Record<string, string> = {}) => t.app.request(path, { headers: { accept: "text/html", cookie: sessions.get(role)!.cookie, ...zh, ...headers } });
const htmx = (target: string) => ({ "hx-request": "true", "hx-target": target });

// ---- what "English outside data" means ------------------------------------------------------------------------

const zhAll = zhCN as Record<string, string>;
const { ...vocabularyOwn } = enVocabulary as Record<string, string>;
// the ISO clause titles are translated by the rulebook's helper
for (const key of Object.keys(vocabularyOwn)) if (key.startsWith("clause.")) delete vocabularyOwn[key];
const areas: Record<string, string>[] = [vocabularyOwn, enOverview, enKpis, enData, enAdmin, enFindings];

/** The literal pieces of an ICU message: the text outside its {arguments}, plural and select branches included. */
function literalPieces(message: string): string[] {
  const pieces: string[] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (e.type === TYPE.literal) pieces.push(e.value);
      else if (e.type === TYPE.plural || e.type === TYPE.select) for (const option of Object.values(e.options)) walk(option.value);
    }
  };
  walk(parse(message));
  return pieces.map((p) => p.trim()).filter((p) => p.length > 3 && /[A-Za-z]{3}/.test(p));
}

/** The English strings that must not reach a Chinese page: values (or their literal pieces) of our areas over 3 characters that the Chinese catalogue words differently. */
const englishStrings = [
  ...new Set(
    areas.flatMap((area) =>
      Object.entries(area)
        .filter(([key, value]) => value.length > 3 && zhAll[key] !== value)
        .flatMap(([, value]) => (value.includes("{") ? literalPieces(value) : [value])),
    ),
  ),
];

/** Data the tests put in (plan, services, users) and texts other helpers translate (the rulebook's): not UI strings. */
async function dataStrings(): Promise<string[]> {
  const db = t.database.db;
  const rules = rulebooks.flatMap((b) => b.rules);
  const people = await db.select({ email: users.email, name: users.name }).from(users);
  const messages = await db.select({ message: runResults.message }).from(runResults);
  const found = await db.select({ title: findingsTable.title, description: findingsTable.description }).from(findingsTable);
  return [
    "October support audit",
    // the ticketing systems an import preset reads are named as their vendors name them
    "Jira Service Management",
    "Request Tracker",
    ...rules.flatMap((r) => [r.title, r.remediation, ...(r.kind === "manual" ? [r.params.question] : [])]),
    ...people.flatMap((p) => [p.email, p.name]),
    ...messages.map((m) => m.message),
    ...found.flatMap((f) => [f.title, f.description]),
  ]
    .filter((s): s is string => !!s)
    .sort((a, b) => b.length - a.length);
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** What a reader sees: text, labels of controls, and every word of the charts' JSON; never code or form values. */
function visibleText(html: string): string {
  const chartWords: string[] = [];
  let h = html.replace(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g, (_, json: string) => {
    const walk = (v: unknown, key = ""): void => {
      if (typeof v === "string" && !["id", "type", "unit", "locale"].includes(key)) chartWords.push(v);
      else if (Array.isArray(v)) v.forEach((x) => walk(x));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(JSON.parse(json));
    return " ";
  });
  h = h.replace(/<(script|style|code|textarea)[^>]*>[\s\S]*?<\/\1>/g, " ");
  const attributes = [...h.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map((m) => m[1]);
  const text = h.replace(/<[^>]+>/g, "\n");
  return decode([text, ...attributes, ...chartWords].join("\n"));
}

async function expectChinese(html: string, headings: string[]) {
  for (const heading of headings) expect(html).toContain(heading);
  let text = visibleText(html);
  for (const d of await dataStrings()) text = text.split(d).join(" ");
  const leaked = englishStrings.filter((s) => new RegExp(`(?<![A-Za-z])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z])`).test(text));
  expect(leaked).toEqual([]);
  // no raw catalogue key either
  expect(text).not.toMatch(/\b(?:overview|tile|kpi|data|admin|findings|form\.issue|error\.code)\.[a-z][A-Za-z.-]+\b/);
}

// ---- the pages --------------------------------------------------------------------------------------------------

describe("the catalogue check itself", () => {
  it("knows the English strings it looks for", () => {
    expect(englishStrings).toContain("Compliance score per plan");
    expect(englishStrings).toContain("Open backlog");
    expect(englishStrings).toContain("offending records");
    expect(englishStrings).not.toContain("7.2 Competence");
  });
});

describe("pages in 简体中文", () => {
  it("overview", async () => {
    const res = await get("/", "viewer");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    await expectChinese(html, ["<h1>概览</h1>", "各审核计划的合规得分", "SLA 达成率（2026年11月）", "基于 2 张已解决工单", "目标 95%"]);
  });

  it("the KPI explorer with every chart in Chinese, labels and series included", async () => {
    const html = await (await get("/kpis", "viewer")).text();
    await expectChinese(html, ["<h1>关键指标分析</h1>", "SLA 达成率：解决时限", "全部服务", "最近 12 个月"]);
    const volume = JSON.parse(/<script type="application\/json" id="chart-data-volume">([^<]*)<\/script>/.exec(html)![1]);
    expect(volume.labels).toEqual(["系统故障", "技术支持"]);
    expect(volume.axisTitle).toBe("分类");
    expect(volume.datasets.map((d: { label: string }) => d.label)).toEqual(["紧急", "一般"]);
    expect(volume.format).toEqual({ locale: "zh-CN", pattern: "{value}", none: "–", tooltip: "{label}：{value}" });
    const sla = JSON.parse(/<script type="application\/json" id="chart-data-sla-resolution">([^<]*)<\/script>/.exec(html)![1]);
    expect(sla.labels.at(-1)).toBe("2026年11月");
    expect(sla.datasets.at(-1).label).toBe("目标");
    expect(sla.format.pattern).toBe("{value}%");
    const csat = JSON.parse(/<script type="application\/json" id="chart-data-csat">([^<]*)<\/script>/.exec(html)![1]);
    expect(csat.labels.at(-1)).toBe("2026年第4季度");
  });

  it("keeps English charts for an English reader beside the Chinese ones (the memo is per language)", async () => {
    await get("/kpis", "viewer");
    const en = await (await get("/kpis", "viewer", { "accept-language": "en" })).text();
    expect(en).toContain("SLA attainment: resolution");
    expect(en).not.toContain("SLA 达成率");
  });

  it("the charts partial of a filter change", async () => {
    const res = await get("/kpis?service=erp&period=3m", "viewer", htmx("kpi-charts"));
    const body = await res.text();
    expect(body.startsWith('<div id="kpi-charts"')).toBe(true);
    await expectChinese(body, ["按分类和优先级统计的工单量", "未解决积压"]);
  });

  it.each([...chartIds])("the %s chart alone and its CSV", async (id) => {
    const one = await (await get(`/kpis/${id}`, "viewer", { "hx-request": "true" })).text();
    expect(one.startsWith(`<section class="card chart-card" id="chart-${id}"`)).toBe(true);
    await expectChinese(one, ["数据表", "导出 CSV"]);
    const csv = await (await get(`/kpis/${id}.csv`, "viewer")).text();
    const header = csv.split("\r\n")[0];
    expect(header).toMatch(/^(月份|季度|日期|分类),/);
    await expectChinese(csv, []);
  });

  it("the volume CSV in words a Chinese spreadsheet reader knows", async () => {
    const csv = await (await get("/kpis/volume.csv", "viewer")).text();
    expect(csv.replace(/^\uFEFF/, "")).toBe("分类,紧急,一般\r\n系统故障,4,22\r\n技术支持,0,10\r\n");
  });

  it("data, and its batches partial", async () => {
    const html = await (await get("/data", "admin")).text();
    await expectChinese(html, ["<h1>数据</h1>", "上传工单（CSV）", "最近的导入批次", "SLA 策略", "7×24 小时", "第 1 版"]);
    expect(html).toContain('data-msg-uploading="正在上传… {percent}%"');
    const partial = await (await get("/data/batches", "viewer", htmx("batches"))).text();
    expect(partial.startsWith('<div id="batches">')).toBe(true);
    await expectChinese(partial, ["数据类型", "已完成"]);
  });

  it("admin, each of its sections", async () => {
    const html = await (await get("/admin", "admin")).text();
    await expectChinese(html, ["<h1>系统管理</h1>", "用户与角色", "API 令牌", "审计日志", "浏览器语言"]);
    const trail = await (await get("/admin?entity=user", "admin", htmx("audit-trail"))).text();
    expect(trail.startsWith('<section id="audit-trail"')).toBe(true);
    await expectChinese(trail, ["操作人", '<dl class="change-fields"><dt>email</dt><dd><ins>']);
    const token = await post("/admin/tokens", "admin", { name: "集成系统", role: "ingest" });
    const tokens = await token.text();
    expect(tokens.startsWith('<section id="tokens"')).toBe(true);
    await expectChinese(tokens, ["令牌“集成系统”已创建", "吊销"]);
    const created = await post("/admin/users", "admin", { email: "wang.fang@example.test", name: "王芳", role: "auditor", password: "correct horse battery staple" });
    const usersSection = await created.text();
    expect(usersSection.startsWith('<section id="users"')).toBe(true);
    await expectChinese(usersSection, ["用户已创建。", "王芳"]);
  });

  it("admin forms show their validation issues in Chinese", async () => {
    const bad = await post("/admin/users", "admin", { email: "not-an-address", role: "boss", password: "short" });
    expect(bad.status).toBe(422);
    const body = await bad.text();
    await expectChinese(body, ["请更正以下内容：", "电子邮箱：不是有效的电子邮箱地址", "角色：请从选项中选择", "密码：至少 12 个字符"]);
    const weak = await post("/admin/users", "admin", { email: "li.na@example.test", role: "viewer", password: "li.na@example.test!!" });
    await expectChinese(await weak.text(), ["密码：不得包含电子邮箱地址"]);
    const noName = await post("/admin/tokens", "admin", { name: "", role: "ingest" });
    expect(noName.status).toBe(422);
    await expectChinese(await noName.text(), ["名称：必填"]);
    // the API keeps its English codes and messages, whatever the reader's language
    const api = await t.request("/api/v1/findings?status=maybe", { role: "viewer", headers: zh });
    expect(api.status).toBe(400);
    const json = await api.json();
    expect(json.error).toBe("invalid");
    expect(JSON.stringify(json)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("findings, its list partial and an action saved inline", async () => {
    const html = await (await get("/findings", "manager")).text();
    await expectChinese(html, ["<h1>不符合项与改进措施</h1>", "我负责的", "出现于 1 次执行", "2026年12月24日到期"]);
    expect(html).toContain("整改 INC-RESOLVE-URGENT");
    const list = await (await get("/findings?severity=major", "viewer", htmx("findings-list"))).text();
    expect(list.startsWith('<div id="findings-list"')).toBe(true);
    await expectChinese(list, []);
    const actionId = Number(/id="action-(\d+)"/.exec(html)![1]);
    const saved = await post(`/findings/actions/${actionId}`, "manager", { status: "in_progress" });
    expect(saved.status).toBe(200);
    await expectChinese(await saved.text(), ["已保存。", "处理中"]);
  });

  it("the sign-in page before sign-in, from the browser's language", async () => {
    const html = await (await t.app.request("/login", { headers: { accept: "text/html", ...zh } })).text();
    expect(html).toContain('<html lang="zh-CN">');
    await expectChinese(html, ["<h1>登录</h1>", "电子邮箱", "密码"]);
  });

  it("an error page, and the same error for htmx", async () => {
    const res = await get("/kpis/nope", "viewer");
    expect(res.status).toBe(404);
    const html = await res.text();
    await expectChinese(html, ["<h1>出现错误</h1>", "404 · 未找到所请求的内容。", "技术细节", "返回概览"]);
    const partial = await get("/kpis/nope", "viewer", { "hx-request": "true" });
    await expectChinese(await partial.text(), ["未找到所请求的内容。"]);
    // an English reader still gets the exact message
    expect(await (await get("/kpis/nope", "viewer", { "accept-language": "en" })).text()).toContain("404 · chart nope not found");
  });
});

describe("choosing the language", () => {
  it("the switcher stores the user's choice, and the next page is Chinese whatever the browser says", async () => {
    const me = await t.session("viewer");
    const res = await t.app.request("/locale", {
      method: "POST",
      headers: { cookie: me.cookie, "content-type": "application/x-www-form-urlencoded", referer: "http://localhost/kpis", "accept-language": "en" },
      body: new URLSearchParams({ _csrf: me.csrf, locale: "zh-CN" }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/kpis");
    const [row] = await t.database.db.select({ locale: users.locale }).from(users).where(eq(users.email, me.email));
    expect(row.locale).toBe("zh-CN");
    const page = await (await t.app.request("/", { headers: { accept: "text/html", cookie: me.cookie, "accept-language": "en" } })).text();
    expect(page).toContain('<html lang="zh-CN">');
    await expectChinese(page, ["<h1>概览</h1>"]);
  });

  it("a visitor's choice before sign-in is kept in a cookie", async () => {
    const { cookie, csrf } = await loginForm(t.app);
    const res = await t.app.request("/locale", { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf, locale: "zh-CN" }) });
    expect(res.status).toBe(303);
    const chosen = res.headers.getSetCookie().find((c) => c.startsWith("assay_locale="))?.split(";")[0] ?? "";
    const page = await (await t.app.request("/login", { headers: { accept: "text/html", cookie: `${cookie}; ${chosen}`, "accept-language": "en" } })).text();
    expect(page).toContain("<h1>登录</h1>");
  });

  it("an admin sets another user's language in the users table, and it is listed there", async () => {
    const other = await t.session("auditor");
    const [user] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.email, other.email));
    const res = await post(`/admin/users/${user.id}`, "admin", { role: "auditor", locale: "zh-CN" }, true, { "accept-language": "en" });
    expect(res.status).toBe(200);
    const section = await res.text();
    expect(section).toContain("User updated.");
    const row = new RegExp(`<td>${other.email}</td>[\\s\\S]*?</tr>`).exec(section)![0];
    expect(row).toContain('<td class="user-locale">简体中文</td>');
    expect(row).toContain('<option value="zh-CN" lang="zh-CN" selected="">');
    const [stored] = await t.database.db.select({ locale: users.locale, role: users.role }).from(users).where(eq(users.id, user.id));
    expect(stored).toEqual({ locale: "zh-CN", role: "auditor" });
    const page = await (await t.app.request("/findings", { headers: { accept: "text/html", cookie: other.cookie, "accept-language": "en" } })).text();
    expect(page).toContain("<h1>不符合项与改进措施</h1>");
    // back to the browser's language
    await post(`/admin/users/${user.id}`, "admin", { role: "auditor", locale: "auto" });
    const [auto] = await t.database.db.select({ locale: users.locale }).from(users).where(eq(users.id, user.id));
    expect(auto.locale).toBeNull();
    const trail = await (await get("/admin?action=user.locale", "admin", htmx("audit-trail"))).text();
    expect(trail).toContain("user.locale");
  });
});
