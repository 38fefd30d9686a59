// The mapping file: validated naming the bad field, its JSON Schema published (file and endpoint), used by the
// command line and by the CSV upload with ?format= and ?dry_run=; the assay preset is the contract itself.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMapping, parseMappingText } from "../../../server/ingest/presets/mapping.js";
import { mappingSchemaPath, mappingSchemaText } from "../../../server/ingest/presets/write-schema.js";
import { buildTestApp, type TestApp } from "../../support/app.js";
import { runCli } from "../../support/cli.js";
import { contractTicket, importPreset, storedTicket, ticketCount } from "./presets-support.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const assayCsv = [
  "id,kind,service,priority,complex,category,summary,assignee,resolution,channel,opened_at,first_response_at,resolved_at,closed_at,on_hold_minutes,satisfaction",
  "REQ-1,request,it-helpdesk,general,true,consulting,Explain the VPN policy,Li Wei,Answered,portal,2026-03-02T09:00:00+08:00,2026-03-02T09:30:00+08:00,2026-03-03T09:00:00+08:00,2026-03-04T09:00:00+08:00,60,4",
  "INC-2,incident,it-helpdesk,urgent,,system_failure,Core switch down,,,phone,2026-03-02T01:00:00Z,,,,,",
].join("\n");

describe("a mapping file", () => {
  it("is refused naming each bad field", () => {
    expect(() => parseMapping({ fields: { id: "number", priorty: "priority" } }, "mapping m.json")).toThrow('mapping m.json rejected: fields: Unrecognized key: "priorty"');
    expect(() => parseMapping({ fields: { id: "number", priority: { column: "priority", values: { "1 - Critical": "critical" } } } }, "mapping m.json")).toThrow(
      'mapping m.json rejected: fields.priority.values.1 - Critical: "critical" is not a priority; use one of urgent, important, general or null',
    );
    expect(() => parseMapping({ timezone: "Mars/Olympus", fields: {} }, "mapping m.json")).toThrow("mapping m.json rejected: timezone: unknown IANA time zone");
    expect(() => parseMapping({ fields: { on_hold_minutes: { derived: "on_hold_minutes" } } }, "mapping m.json")).toThrow("fields.on_hold_minutes: \"derived\" needs a history section");
    expect(() => parseMappingText("{ fields: }", "mapping m.json")).toThrow(/mapping m.json rejected: not JSON/);
  });

  it("has its JSON Schema in presets/mapping.schema.json, the same as the endpoint serves", async () => {
    // regenerate with: node --import tsx server/ingest/presets/write-schema.ts
    expect(readFileSync(mappingSchemaPath, "utf8")).toBe(mappingSchemaText());
    const res = await t.request("/api/v1/import-mapping.schema.json", { role: "viewer" });
    expect(res.status).toBe(200);
    const schema = (await res.json()) as { properties: Record<string, unknown>; $defs: Record<string, unknown> };
    expect(schema).toEqual(JSON.parse(mappingSchemaText()));
    expect(Object.keys(schema.properties)).toEqual(["$schema", "name", "description", "delimiter", "timezone", "date_formats", "empty_values", "fields", "history"]);
    expect(Object.keys(schema.$defs)).toEqual(["FieldSource"]);
  });
});

describe("the assay preset", () => {
  it("imports the contract's own columns unchanged", async () => {
    expect(await importPreset(t, "assay", assayCsv)).toMatchObject({ received: 2, inserted: 2, unmapped_columns: [] });
    expect(await storedTicket(t, "REQ-1")).toEqual(
      contractTicket({ id: "REQ-1", kind: "request", service: "it-helpdesk", priority: "general", complex: true, category: "consulting", summary: "Explain the VPN policy", assignee: "Li Wei", resolution: "Answered", channel: "portal", opened_at: "2026-03-02T01:00:00.000Z", first_response_at: "2026-03-02T01:30:00.000Z", resolved_at: "2026-03-03T01:00:00.000Z", closed_at: "2026-03-04T01:00:00.000Z", on_hold_minutes: 60, satisfaction: 4 }),
    );
    expect(await storedTicket(t, "INC-2")).toEqual(contractTicket({ id: "INC-2", service: "it-helpdesk", priority: "urgent", category: "system_failure", summary: "Core switch down", channel: "phone", opened_at: "2026-03-02T01:00:00.000Z" }));
  });
});

describe("over HTTP", () => {
  const csv = "number,priority,opened_at,short_description\nINC9001,1 - Critical,02-03-2026 09:00,Down\nINC9002,9 - Whatever,02-03-2026 10:00,Odd\n";
  const post = (query: string, body: string) => t.request(`/api/v1/tickets?${query}`, { method: "POST", role: "ingest", headers: { "content-type": "text/csv" }, body });

  it("?dry_run=1 with ?format= writes nothing and reports", async () => {
    const before = await ticketCount(t);
    const res = await post("format=servicenow&dry_run=1&service=web&timezone=Asia/Shanghai", csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      dry_run: true, rows: 2, tickets: 2, inserted: 1, updated: 0, refused: 1,
      unmapped_values: [{ field: "priority", column: "priority", value: "9 - Whatever", count: 1 }],
      refused_rows: [{ line: 3, field: "priority" }],
    });
    expect(await ticketCount(t)).toBe(before);
  });

  it("?format= imports, all or nothing", async () => {
    const refused = await post("format=servicenow&service=web", csv);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { issues: { path: string }[] }).issues[0].path).toBe("line.3.priority");
    const res = await post("format=servicenow&service=web&timezone=Asia/Shanghai&map=category%3Dshort_description", csv.split("\n").slice(0, 2).join("\n"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dry_run: false, received: 1, inserted: 1, updated: 0 });
    expect(await storedTicket(t, "INC9001")).toMatchObject({ service: "web", priority: "urgent", category: "Down", opened_at: "2026-03-02T01:00:00.000Z" });
  });

  it("an unknown format is refused", async () => {
    const res = await post("format=remedy", csv);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('unknown format "remedy"; formats are servicenow, servicenow-history, jsm, zammad, glpi, rt, assay');
  });
});

describe("on the command line", () => {
  it("--dry-run reports and writes nothing; a bad mapping file names the field", () => {
    const file = join(t.dir, "export.csv");
    writeFileSync(file, "number,priority,opened_at\nINC7001,2 - High,02-03-2026 09:00\nINC7002,?,31-02-2026 09:00\n");
    const dry = runCli(["import", "tickets", file, "--format", "servicenow", "--service", "web", "--timezone", "Asia/Shanghai", "--dry-run"], { databaseUrl: t.url });
    expect(dry.stderr).toBe("");
    expect(dry.status).toBe(0);
    const lines = dry.stdout.trim().split("\n");
    expect(lines.slice(0, 3)).toEqual([
      `dry run of ${file} (servicenow); nothing was written`,
      "rows read 2, tickets 2: would insert 1, update 0, leave 0 unchanged; 1 refused",
      "columns the mapping names that the file lacks: category, short_description, assigned_to, close_code, closed_code, contact_type, resolved_at, closed_at",
    ]);
    expect(lines).toContain("  line 3 opened_at: cannot read \"31-02-2026 09:00\" as a date (formats dd-MM-yyyy HH:mm:ss, dd-MM-yyyy HH:mm, yyyy-MM-dd HH:mm:ss, yyyy-MM-dd HH:mm or ISO 8601, in Asia/Shanghai)");
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ dry_run: true, rows: 2, inserted: 1, refused: 1 });
    // the same report in Chinese for a Chinese command line; the JSON line is the machine's and stays as it is
    const zh = runCli(["import", "tickets", file, "--format", "servicenow", "--service", "web", "--timezone", "Asia/Shanghai", "--dry-run"], { databaseUrl: t.url, env: { ASSAY_LOCALE: "zh-CN" } });
    const zhLines = zh.stdout.trim().split("\n");
    expect(zhLines.slice(0, 2)).toEqual([`${file}（servicenow）试导入：未写入任何数据`, "读取 2 行，2 张工单：将新增 1、更新 0、0 张不变；拒绝 1 行"]);
    expect(zhLines).toContain("被拒绝的行：");
    expect(zhLines[zhLines.length - 1]).toBe(lines[lines.length - 1]);

    const mapping = join(t.dir, "bad.json");
    writeFileSync(mapping, JSON.stringify({ fields: { id: "number", kind: { constant: "incident" }, service: { constant: "web" }, opened_at: "opened_at", priority: { column: "priority", values: { "2 - High": "high" } } } }));
    const bad = runCli(["import", "tickets", file, "--mapping", mapping], { databaseUrl: t.url });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`error: mapping ${mapping} rejected: fields.priority.values.2 - High: "high" is not a priority; use one of urgent, important, general or null`);
  });
});
