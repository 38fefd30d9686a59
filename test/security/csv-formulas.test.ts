// CSV downloads never hand a spreadsheet a live formula: a text cell from data that starts with =, +, -, @, tab or CR
// gets a leading single quote (OWASP's advice), while numbers we write, negative ones included, stay numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell, csvRow } from "../../server/csv-output.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

describe("the one CSV cell writer", () => {
  it("prefixes a single quote to text that starts with a formula trigger", () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", '"\'\rx"']);
  });

  it("leaves other text alone and quotes it as RFC 4180 says", () => {
    expect(["plain", "a,b", 'say "hi"', "two\nlines", " =not first", "", "1e3"].map(csvCell)).toEqual(["plain", '"a,b"', '"say ""hi"""', '"two\nlines"', " =not first", "", "1e3"]);
  });

  it("writes numbers as numbers, negative ones too, and null as an empty cell", () => {
    expect([-1.5, 0, 42, -0.25, null].map(csvCell)).toEqual(["-1.5", "0", "42", "-0.25", ""]);
  });

  it("joins a row with commas and ends it with CRLF", () => {
    expect(csvRow(["=HYPERLINK(\"http://evil.example\",\"x\")", -3, null, "ok"])).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")",-3,,ok\r\n`);
  });
});

describe("KPI CSV downloads", () => {
  let t: TestApp;
  let cookie: string;
  const formulaCategory = '=HYPERLINK("http://evil.example","x")';
  const formulaService = "@SUM(1+1)*cmd|' /C calc'!A0";

  beforeAll(async () => {
    t = await buildTestApp();
    const tickets = [
      ticket(1, { category: formulaCategory, priority: "urgent" }),
      ticket(2, { category: "-2+3" }),
      ticket(3, { category: "+cmd" }),
      ticket(4, { category: "system_failure" }),
    ];
    expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
    const samples = [
      { metric: "availability", service: formulaService, at: "2026-10-10T00:00:00Z", value: 99.5 },
      { metric: "availability", service: "email", at: "2026-10-10T00:00:00Z", value: 99.9 },
    ];
    expect((await t.request("/api/v1/metrics", { ...jsonBody({ samples }), role: "ingest" })).status).toBe(200);
    cookie = (await t.session("viewer")).cookie;
  });
  afterAll(() => t.close());

  const csv = async (path: string) => {
    const res = await t.app.request(path, { headers: { cookie } });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    return res.text();
  };

  it("neutralises a ticket category in /kpis/volume.csv", async () => {
    expect(await csv("/kpis/volume.csv")).toBe(
      ["Category,Urgent,General", "'-2+3,0,1", "'+cmd,0,1", `"'=HYPERLINK(""http://evil.example"",""x"")",1,0`, "System failure,0,1", ""].join("\r\n"),
    );
  });

  it("neutralises a service name in /kpis/availability.csv, and keeps its numbers numbers", async () => {
    const lines = (await csv("/kpis/availability.csv")).split("\r\n");
    expect(lines[0]).toBe(`Month,'${formulaService},email,Target`);
    expect(lines.find((l) => l.startsWith("Oct 2026,"))).toBe("Oct 2026,99.5,99.9,99.5");
  });
});
