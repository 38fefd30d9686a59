// GET /api/v1/data-quality and the import dry runs: what would fail REC-COMPLETE and REC-CONSISTENT, on tickets with
// known defects, against expectations read off the rulebook (known-defects.ts), never off Assay's code.
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importMappedTickets } from "../../server/ingest/presets/import.js";
import { presetMapping } from "../../server/ingest/presets/index.js";
import { describeOutcome } from "../../server/ingest/presets/command.js";
import { translator } from "../../server/i18n/index.js";
import { jsonBody } from "../support/app.js";
import { buildEngineApp } from "../api/engine-helpers.js";
import { clean, defective, expectedReport, ticketsCsv } from "./known-defects.js";

let t: Awaited<ReturnType<typeof buildEngineApp>>;
beforeAll(async () => {
  t = await buildEngineApp();
});
afterAll(() => t.close());

const get = async (query: string, role: "viewer" | "ingest" | null = "viewer") => {
  const res = await t.request(`/api/v1/data-quality${query}`, role ? { role } : {});
  return { status: res.status, body: await res.json() };
};
const ticketCount = async () => (await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets`))[0].n;
const rowsOf = (rows: { id: string; service: string; incomplete: string[]; inconsistent: string[] }[]) => rows.map(({ id, service, incomplete, inconsistent }) => ({ id, service, incomplete, inconsistent }));

describe("the data-quality report", () => {
  it("a dry run of the contract's CSV reports the rows it would write, and writes nothing", async () => {
    const res = await t.request("/api/v1/tickets?dry_run=1", { method: "POST", body: ticketsCsv([...defective, ...clean]), headers: { "content-type": "text/csv" }, role: "ingest" });
    expect(res.status).toBe(200);
    const body = await res.json();
    const want = expectedReport([...defective, ...clean]);
    expect(body.dry_run).toBe(true);
    expect(body.quality).toMatchObject({ tickets: want.tickets, incomplete: want.incomplete, inconsistent: want.inconsistent, offending: want.offending, checks: want.checks, page: 1, page_size: 50 });
    expect(rowsOf(body.quality.rows)).toEqual(want.rows);
    expect(await ticketCount()).toBe(0);
  });

  it("a dry run through a preset reports the same from its rolled-back rows", async () => {
    const report = await importMappedTickets(t.database.db, t.clock.now(), "test", Readable.from([Buffer.from(ticketsCsv(defective))]), { mapping: presetMapping("assay"), dryRun: true });
    expect(report.dry_run).toBe(true);
    if (!report.dry_run) return;
    expect(rowsOf(report.quality.rows)).toEqual(expectedReport(defective).rows);
    expect(await ticketCount()).toBe(0);
    // the command line says the same, in its language
    const want = expectedReport(defective);
    const en = describeOutcome("defects.csv", "assay", report, translator("en"));
    expect(en).toContain(`data quality of the tickets written: ${defective.length} checked, ${want.incomplete} incomplete (REC-COMPLETE), ${want.inconsistent} with times out of order (REC-CONSISTENT)`);
    expect(en).toContain(`records that would fail the record rules (first ${want.offending}):`);
    expect(en).toContain("  IT-2026-010: summary blank; closed before opened");
    const zh = describeOutcome("defects.csv", "assay", report, translator("zh-CN"));
    expect(zh).toContain(`写入工单的数据质量：检查 ${defective.length} 张，不完整 ${want.incomplete} 张（REC-COMPLETE），时间顺序错误 ${want.inconsistent} 张（REC-CONSISTENT）`);
    expect(zh).toContain("  IT-2026-010：摘要为空；关闭早于创建");
  });

  it("after the imports, counts and pages the offending rows of every ticket, ordered by id", async () => {
    expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: defective }), role: "ingest" })).status).toBe(200);
    expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: clean }), role: "ingest" })).status).toBe(200);
    const want = expectedReport([...defective, ...clean]);
    const { status, body } = await get("");
    expect(status).toBe(200);
    expect(body).toMatchObject({ scope: { service: null, since: null, data_change: null, batch: null }, tickets: 52, incomplete: want.incomplete, inconsistent: want.inconsistent, offending: want.offending, checks: want.checks });
    expect(rowsOf(body.rows)).toEqual(want.rows);
    expect(body.rows[0].opened_at).toBe(new Date(defective.find((d) => d.id === body.rows[0].id)!.opened_at).toISOString());

    const page2 = await get("?page=2&page_size=4");
    expect(page2.body).toMatchObject({ page: 2, page_size: 4, offending: want.offending });
    expect(rowsOf(page2.body.rows)).toEqual(want.rows.slice(4, 8));
  });

  it("narrows to a service and a first day, and to the tickets one import batch wrote", async () => {
    const field = defective.filter((d) => d.service === "field" && d.opened_at >= "2026-11-03");
    const { body } = await get("?service=field&since=2026-11-03");
    expect(body).toMatchObject({ ...expectedReport(field), tickets: 1, rows: expect.any(Array) });
    expect(rowsOf(body.rows)).toEqual(expectedReport(field).rows);

    const [cleanBatch] = await t.database.db.all<{ id: number }>(sql`SELECT id FROM ingest_batches WHERE entity = 'tickets' ORDER BY id DESC LIMIT 1`);
    const batch = await get(`?batch=${cleanBatch.id}`);
    expect(batch.body).toMatchObject({ scope: { batch: cleanBatch.id }, tickets: clean.length, offending: 0, rows: [] });
  });

  it("agrees with the audit's own counts of REC-COMPLETE and REC-CONSISTENT", async () => {
    const plan = await t.request("/api/v1/plans", {
      ...jsonBody({ name: "records", period: { type: "custom", start: "2026-01-01T00:00:00Z", end: "2026-12-31T00:00:00Z" }, rules: ["REC-COMPLETE", "REC-CONSISTENT"] }),
      role: "auditor",
    });
    expect(plan.status).toBe(201);
    const run = await t.request(`/api/v1/plans/${(await plan.json()).id}/runs`, { method: "POST", role: "auditor" });
    expect(run.status).toBe(202);
    await t.settled();
    const { results } = (await (await t.request(`/api/v1/runs/${(await run.json()).id}`, { role: "auditor" })).json()) as { results: { rule_id: string; evidence: { count: number } }[] };
    const want = expectedReport([...defective, ...clean]);
    expect(results.find((r) => r.rule_id === "REC-COMPLETE")?.evidence.count).toBe(want.incomplete);
    expect(results.find((r) => r.rule_id === "REC-CONSISTENT")?.evidence.count).toBe(want.inconsistent);
  });

  it("refuses an unknown service, a bad day and an unknown parameter, naming each", async () => {
    expect(await get("?service=nope")).toMatchObject({ status: 400, body: { issues: [{ path: "service" }] } });
    expect(await get("?since=2026-13-01")).toMatchObject({ status: 400, body: { issues: [{ path: "since" }] } });
    expect(await get("?limit=3")).toMatchObject({ status: 400, body: { issues: [{ path: "limit" }] } });
  });

  it("is for readers: the machine role ingest and anonymous callers are refused", async () => {
    expect((await get("", "ingest")).status).toBe(403);
    expect((await get("", null)).status).toBe(401);
  });

  it("is in the OpenAPI document with its query parameters", async () => {
    const doc = await (await t.request("/api/v1/openapi.json", { role: "viewer" })).json();
    const op = doc.paths["/api/v1/data-quality"]?.get ?? doc.paths["/data-quality"]?.get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(["service", "since", "data_change", "batch", "page", "page_size"]);
  });
});
