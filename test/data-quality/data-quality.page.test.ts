// The data-quality page (/data/quality), its CSV and the Data page's card of the last import, in both languages, on
// tickets with known defects (known-defects.ts holds what the rulebook says each would fail).
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { clean, defective, expectedReport, type Ticket } from "./known-defects.js";

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await buildTestApp();
  cookie = (await t.session("viewer")).cookie;
  // the clean tickets first, so that the last import is the defective one
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: clean }), role: "ingest" })).status).toBe(200);
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: defective }), role: "ingest" })).status).toBe(200);
  // a metrics batch after them is a data change too, but not an import of tickets
  expect((await t.request("/api/v1/metrics", { ...jsonBody({ samples: [{ metric: "availability", service: "desk", at: "2026-11-01T00:00:00Z", value: 99.9 }] }), role: "ingest" })).status).toBe(200);
});
afterAll(() => t.close());

const page = async (path: string, language = "en", headers: Record<string, string> = {}) => {
  const res = await t.app.request(path, { headers: { cookie, accept: "text/html", "accept-language": language, ...headers } });
  return { status: res.status, html: await res.text(), res };
};
/** The offending rows of the table: [id, link, incomplete, inconsistent]. */
const tableRows = (html: string) =>
  [...html.matchAll(/<tr><td><a href="([^"]+)">([^<]+)<\/a><\/td><td>[^<]*<\/td><td>[^<]*<\/td><td class="quality-problem">([^<]*)<\/td><td class="quality-problem">([^<]*)<\/td><\/tr>/g)].map((m) => [m[2], m[1], m[3], m[4]]);

const en: Record<string, string> = {
  summary: "summary blank", category: "category blank", priority: "priority missing", assignee: "assignee blank", id: "id not shaped like IT-2026-001",
  resolution: "resolved without a resolution", first_response_before_opened: "first response before opened", resolved_before_opened: "resolved before opened",
  closed_before_resolved: "closed before resolved", closed_before_opened: "closed before opened", negative_resolution_time: "more time on hold than elapsed",
};

describe("the data-quality page", () => {
  it("shows both verdicts in status colours and the offending rows with links to their tickets", async () => {
    const want = expectedReport([...defective, ...clean]);
    const { status, html } = await page("/data/quality");
    expect(status).toBe(200);
    // 46 of 52 complete is 88.5 %, below REC-COMPLETE's 99 %; 5 inconsistent is above REC-CONSISTENT's 0
    expect(html).toMatch(/data-rule="REC-COMPLETE"><span class="badge badge-fail">Would fail<\/span>/);
    expect(html).toContain(`${52 - want.incomplete} of 52 complete (${(((52 - want.incomplete) / 52) * 100).toFixed(1)} %; an audit needs at least 99 %); ${want.incomplete} incomplete`);
    expect(html).toMatch(/data-rule="REC-CONSISTENT"><span class="badge badge-fail">Would fail<\/span>/);
    expect(html).toContain(`${want.inconsistent} records with times out of order (an audit allows 0)`);
    expect(tableRows(html)).toEqual(
      want.rows.map((r) => [r.id, `/tickets/${encodeURIComponent(r.id)}`, r.incomplete.map((f) => en[f]).join("; "), r.inconsistent.map((c) => en[c]).join("; ")]),
    );
    expect(html).toContain('href="/data/quality.csv"');
  });

  it("a clean scope passes in green and says nothing would fail", async () => {
    const [first] = await t.database.db.all<{ id: number }>(sql`SELECT min(id) AS id FROM ingest_batches`);
    const { html } = await page(`/data/quality?batch=${first.id}`);
    expect(html).toContain(`${clean.length} tickets checked`);
    expect(html).toMatch(/data-rule="REC-COMPLETE"><span class="badge badge-pass">Would pass<\/span>/);
    expect(html).toMatch(/data-rule="REC-CONSISTENT"><span class="badge badge-pass">Would pass<\/span>/);
    expect(html).toContain("Nothing here would fail REC-COMPLETE or REC-CONSISTENT.");
    expect((await page("/data/quality?service=field")).html).toContain('<option value="field" selected="">field</option>');
  });

  it("pages the offending rows in place with htmx", async () => {
    const want = expectedReport([...defective, ...clean]);
    const { html } = await page("/data/quality?page=2&page_size=4", "en", { "hx-request": "true" });
    expect(html.startsWith('<div id="quality-report">')).toBe(true);
    expect(html).not.toContain("<html");
    expect(tableRows(html).map((r) => r[0])).toEqual(want.rows.slice(4, 8).map((r) => r.id));
    // the next page keeps the page size
    expect(html).toContain('hx-get="/data/quality?page=3&amp;page_size=4"');
  });

  it("speaks Chinese to a Chinese reader", async () => {
    const { html } = await page("/data/quality", "zh-CN");
    expect(html).toContain("<h1>数据质量</h1>");
    expect(html).toContain("将不通过");
    expect(html).toContain("摘要为空");
    expect(html).toContain("关闭早于解决");
    expect(html).toContain("下载不合格记录（CSV）");
  });

  it("the Data page shows the last import's verdicts and links each ticket batch to its data quality", async () => {
    const { html } = await page("/data");
    expect(html).toContain("Data quality of the last import");
    // the card loads after the page (it counts the import's tickets)
    expect(html).toContain('<div id="last-import-quality" hx-get="/data/quality/last" hx-trigger="load" hx-swap="outerHTML">');
    expect(html).toMatch(/<a href="\/data\/quality\?batch=\d+">quality<\/a>/);
    const card = (await page("/data/quality/last", "en", { "hx-request": "true" })).html;
    expect(card).toMatch(new RegExp(`^<div id="last-import-quality"><p>written by data change #\\d+</p><div class="quality-verdicts"><p class="muted">${defective.length} tickets checked</p>`));
    expect(card).toMatch(/data-rule="REC-COMPLETE"><span class="badge badge-fail">/);
  });

  it("refuses an unknown service with 400", async () => {
    expect((await page("/data/quality?service=nope")).status).toBe(400);
  });
});

describe("the offending records as CSV", () => {
  it("lists every offending row, escaped, formulas neutralised, in the reader's language", async () => {
    const tricky: Ticket = { ...clean[0], id: '=HYPERLINK("http://x",1)', summary: null, service: "desk" };
    expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [tricky] }), role: "ingest" })).status).toBe(200);
    const res = await t.app.request("/data/quality.csv?service=desk", { headers: { cookie, "accept-language": "en" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    // text() would drop the byte-order mark
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith("\uFEFFTicket,Service,Opened,Incomplete (REC-COMPLETE),Inconsistent (REC-CONSISTENT)\r\n")).toBe(true);
    // the id: a quote doubled, the cell quoted, a leading quote so no spreadsheet runs it
    expect(text).toContain(`"'=HYPERLINK(""http://x"",1)",desk,2026-10-05T08:00:00.000Z,summary blank; id not shaped like IT-2026-001,\r\n`);
    const records: string[][] = parse(text.slice(1), { relax_column_count: false });
    const want = expectedReport([...defective.filter((d) => d.service === "desk"), tricky]);
    expect(records.slice(1).map((r) => r[0])).toEqual(want.rows.map((r) => (r.id.startsWith("=") ? `'${r.id}` : r.id)));
    expect(records.slice(1).map((r) => r[4])).toEqual(want.rows.map((r) => r.inconsistent.map((c) => en[c]).join("; ")));

    const zh = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await (await t.app.request("/data/quality.csv?service=desk", { headers: { cookie, "accept-language": "zh-CN" } })).arrayBuffer());
    expect(zh.split("\r\n")[0]).toBe("\uFEFF工单,服务,创建时间,不完整（REC-COMPLETE）,时间不一致（REC-CONSISTENT）");
  });
});
