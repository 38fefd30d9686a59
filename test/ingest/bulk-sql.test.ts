import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonRowsStatement } from "../../server/ingest/bulk-sql.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

// SQLite's own text-to-double conversion reads 0.0001051 as 0.00010510000000000001; these must come back bit for bit
const awkward = [0.0001051, 27201.35386666667, 0.1 + 0.2, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 2 ** 53 + 2, -(2 ** 60), 1e21, 4503599627370495.5, -0.75, 42, 0];

describe("jsonRowsStatement", () => {
  it("stores REAL values exactly as JavaScript computed them", async () => {
    await t.database.db.run(sql`CREATE TABLE exact_reals (i INTEGER PRIMARY KEY, v REAL)`);
    await t.database.db.run(jsonRowsStatement("INSERT INTO exact_reals (i, v)", 2, awkward.map((v, i) => [i, v]), "", new Set([1])));
    const rows = await t.database.db.all<{ v: number }>(sql`SELECT v FROM exact_reals ORDER BY i`);
    expect(rows.map((r) => r.v)).toEqual(awkward);
  });

  it("stores a column of whole numbers and nulls as plain JSON, exactly", async () => {
    await t.database.db.run(sql`CREATE TABLE whole_reals (i INTEGER PRIMARY KEY, v REAL)`);
    await t.database.db.run(jsonRowsStatement("INSERT INTO whole_reals (i, v)", 2, [[1, 30], [2, null], [3, -4503599627370496]], "", new Set([1])));
    expect(await t.database.db.all(sql`SELECT v FROM whole_reals ORDER BY i`)).toEqual([{ v: 30 }, { v: null }, { v: -4503599627370496 }]);
  });

  it("keeps strings, integers and nulls as they are", async () => {
    await t.database.db.run(sql`CREATE TABLE plain_values (a TEXT, b INTEGER, c TEXT)`);
    await t.database.db.run(jsonRowsStatement("INSERT INTO plain_values (a, b, c)", 3, [["x\"y'z,\n", 281474976710655, null], ["", -1, "ü"]], ""));
    expect(await t.database.db.all(sql`SELECT a, b, c FROM plain_values ORDER BY b DESC`)).toEqual([
      { a: "x\"y'z,\n", b: 281474976710655, c: null },
      { a: "", b: -1, c: "ü" },
    ]);
  });
});

describe("ticket upsert through one JSON statement", () => {
  it("stores on_hold_minutes and the derived minutes exactly", async () => {
    const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(1, { on_hold_minutes: 0.0001051 })] }), role: "ingest" });
    expect(await res.json()).toEqual({ received: 1, inserted: 1, updated: 0 });
    const [row] = await t.database.db.all<{ on_hold_minutes: number; resolution_minutes: number }>(
      sql`SELECT on_hold_minutes, resolution_minutes FROM tickets WHERE id = 'IT-2026-000001'`,
    );
    expect(row).toEqual({ on_hold_minutes: 0.0001051, resolution_minutes: 90 - 0.0001051 });
  });
});
