// The embedded driver's prepared statements (server/db/prepared-statements.ts): a statement text run again is not
// compiled again, and a rows statement stores exactly what the same write through json_each stores.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.js";
import { builtRowsWaiting, installPreparedStatements, keepMarker, multiRowStatement, rowsMarker, rowsPerExecution, rowsStatementExecutions, singleRowStatement, takeBuiltRows } from "../../server/db/prepared-statements.js";
import { jsonRowsStatement, type SqlValue } from "../../server/ingest/bulk-sql.js";
import { ingestTicketBatch } from "../../server/ingest/tickets.js";
import { buildTestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

const dir = mkdtempSync(join(tmpdir(), "assay-prepared-"));
let database: Database;

beforeAll(async () => {
  database = await openDatabase(`file:${join(dir, "p.db")}`);
  for (const t of ["by_rows", "by_json"]) {
    await database.client.execute(`CREATE TABLE ${t} (id TEXT PRIMARY KEY, a REAL, b INTEGER, c TEXT, n INTEGER NOT NULL DEFAULT 0)`);
  }
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const head = (table: string) => `INSERT INTO ${table} (id, a, b, c)`;
const tail = "ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b, c = excluded.c, n = n + 1";
const reals = new Set([1]);

async function write(rows: SqlValue[][], byRows: boolean) {
  const table = byRows ? "by_rows" : "by_json";
  await database.db.transaction(async (tx) => {
    await tx.run(jsonRowsStatement(head(table), 4, rows, tail, reals, byRows));
  });
}

const stored = (table: string) =>
  database.db.all<{ id: string; a: number | null; ta: string; b: number | null; tb: string; c: string | null; n: number }>(
    sql.raw(`SELECT id, a, typeof(a) AS ta, b, typeof(b) AS tb, c, n FROM ${table} ORDER BY id`),
  );

describe("rows statements", () => {
  it("names its single-row form in a leading comment; the rest is the json_each write a libSQL server runs", () => {
    const text = jsonRowsStatement(head("by_rows"), 4, [["x", 1, 2, "y"]], tail, reals, true).toQuery({} as never).sql;
    expect(text.startsWith(rowsMarker)).toBe(true);
    expect(singleRowStatement(text)).toBe(`${head("by_rows")} VALUES (?, ?, ?, ?) ${tail}`);
    // the json_each form a libSQL server would run, every REAL column read as an exact pair: one text whatever the values
    expect(text.slice(text.indexOf("*/") + 2).trim()).toBe(
      `${head("by_rows")} SELECT value->>0, (value->>'$[1][0]') * power(2.0, value->>'$[1][1]'), value->>2, value->>3 FROM json_each(?) WHERE true ${tail}`,
    );
    // an UPDATE has no single-row form: it stays one statement
    expect(jsonRowsStatement("WITH v(a, id) AS (", 2, [[1, "x"]], ") UPDATE by_rows SET a = v.a FROM v WHERE by_rows.id = v.id", new Set(), true).toQuery({} as never).sql.startsWith(rowsMarker)).toBe(false);
  });

  it("stores exactly what the json_each statement stores: doubles to the bit, integers, text, nulls and upserts", async () => {
    // 0.0001051 came back as 0.00010510000000000001 through SQLite's text-to-double conversion (bulk-sql.ts)
    const first: SqlValue[][] = [
      ["t1", 0.0001051, 7, "plain"],
      ["t2", 1 / 3, null, "漢字 and \"quotes\""],
      ["t3", null, 2 ** 52 + 1, null],
      ["t4", 120, -5, "*/ not the end"],
      ["t5", -1e-300, 0, ""],
    ];
    const second: SqlValue[][] = [
      ["t2", Math.PI, 3, "changed"],
      ["t6", 2.5, 1, "new"],
      ["t2", Math.E, 4, "changed twice in one batch"],
    ];
    for (const byRows of [true, false]) {
      await write(first, byRows);
      await write(second, byRows);
    }
    const rows = await stored("by_rows");
    expect(rows).toEqual(await stored("by_json"));
    const t1 = rows.find((r) => r.id === "t1")!;
    expect(Object.is(t1.a, 0.0001051)).toBe(true);
    expect(rows.find((r) => r.id === "t2")).toMatchObject({ a: Math.E, b: 4, c: "changed twice in one batch", n: 2 });
    expect(rows.find((r) => r.id === "t3")).toMatchObject({ a: null, b: 2 ** 52 + 1, tb: "integer" });
    expect(rows.find((r) => r.id === "t4")).toMatchObject({ ta: "real", tb: "integer", c: "*/ not the end" });
  });

  it("runs the rows it was built from, by a handle: their JSON is neither written nor parsed", async () => {
    const stringify = vi.spyOn(JSON, "stringify");
    const parse = vi.spyOn(JSON, "parse");
    let statement;
    try {
      statement = jsonRowsStatement(head("by_rows"), 4, [["p1", 0.1, 1, "built"], ["p2", 2, 2, "rows"]], tail, reals, true);
      expect(statement.toQuery({} as never).params[0]).toMatch(/^\u0000assay-rows:\d+$/);
      await database.db.transaction(async (tx) => {
        await tx.run(statement!);
      });
      expect(parse.mock.calls.filter(([text]) => String(text).includes("built"))).toEqual([]);
      expect(stringify.mock.calls.filter(([v]) => Array.isArray(v) && v.some((row) => Array.isArray(row) && row.includes("built")))).toEqual([]);
    } finally {
      parse.mockRestore();
      stringify.mockRestore();
    }
    // taken once, then forgotten
    expect(takeBuiltRows(statement.toQuery({} as never).params[0] as string)).toBeUndefined();
    expect((await stored("by_rows")).filter((r) => r.id.startsWith("p")).map((r) => r.c)).toEqual(["built", "rows"]);
  });

  it("writes an INSERT's rows 32 at a time through its multi-row form, the rest one by one, storing what json_each stores", async () => {
    // 2 full executions and 5 rows: ids repeat inside one execution (the upsert meets a row of the same VALUES list)
    // and across executions, with doubles JSON would round, nulls, -0, NaN
    const rows: SqlValue[][] = Array.from({ length: 2 * rowsPerExecution + 5 }, (_, i) => [
      `m${i % 40}`,
      i % 7 === 0 ? null : i / 7 + 0.0001051,
      i % 11 === 0 ? -0 : i % 13 === 0 ? NaN : i * 3,
      i % 5 === 0 ? null : `row ${i} 漢字 "*/"`,
    ]);
    const before = rowsStatementExecutions();
    await write(rows, true);
    expect(rowsStatementExecutions() - before).toBe(2 + 5);
    await write(rows, false);
    const pick = async (table: string) => (await stored(table)).filter((r) => r.id.startsWith("m"));
    expect(await pick("by_rows")).toEqual(await pick("by_json"));
    expect((await pick("by_rows")).length).toBe(40);
    // an id given twice in one batch: the later row wins, the first upserted once more
    expect((await pick("by_rows")).find((r) => r.id === "m1")).toMatchObject({ c: "row 41 漢字 \"*/\"", n: 1 });
  });

  it("writes a batch's rollup deltas through rows statements too, 32 keys per execution, equal to a GROUP BY", async () => {
    const app = await buildTestApp();
    try {
      // 64 days × one ticket: 64 keys of the daily rollup and of the flow (2 executions each), and histogram keys
      const items = Array.from({ length: 64 }, (_, i) => ticket(i, { opened_at: new Date(Date.parse("2026-08-01T08:00:00Z") + i * 86_400_000).toISOString(), resolved_at: null, first_response_at: null }));
      const before = rowsStatementExecutions();
      await ingestTicketBatch(app.database.db, app.clock.now(), "test", items);
      // the tickets: 2 executions; the daily rollup and the flow: 2 each; no histogram key (no durations)
      expect(rowsStatementExecutions() - before).toBe(2 + 2 + 2);
      const differ = await app.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (
        SELECT day, service_id, kind, priority, category, opened FROM ticket_daily_rollup
        EXCEPT SELECT strftime('%Y-%m-%d', opened_at / 1000, 'unixepoch'), service_id, kind, coalesce(priority, ''), coalesce(category, ''), count(*) FROM tickets GROUP BY 1, 2, 3, 4, 5)`);
      expect(differ[0].n).toBe(0);
      expect((await app.database.db.all<{ n: number }>(sql`SELECT sum(opened) AS n FROM ticket_daily_rollup`))[0].n).toBe(64);
    } finally {
      app.close();
    }
  });

  it("derives the multi-row form of an INSERT only", () => {
    expect(multiRowStatement("INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT (a) DO UPDATE SET b = excluded.b", 3)).toBe(
      "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT (a) DO UPDATE SET b = excluded.b",
    );
    expect(multiRowStatement("UPDATE t SET b = ? WHERE a = ?", 3)).toBeNull();
  });

  it("stores what JSON would carry for values JSON alters: -0 as 0, NaN and Infinity as null", async () => {
    const rows: SqlValue[][] = [["j1", 1.5, -0, "minus zero"], ["j2", 2.5, NaN, "nan"], ["j3", 3.5, Infinity, "inf"]];
    await write(rows, true);
    await write(rows, false);
    const pick = async (table: string) => (await stored(table)).filter((r) => r.id.startsWith("j"));
    expect(await pick("by_rows")).toEqual(await pick("by_json"));
    expect((await pick("by_rows")).map((r) => r.b)).toEqual([0, null, null]);
  });

  it("keeps only the last few built rows of statements never run; one run after its rows were dropped fails and writes nothing", async () => {
    const statements = Array.from({ length: 10 }, (_, i) => jsonRowsStatement(head("by_rows"), 4, [[`u${i}`, 1, 1, "never run"]], tail, reals, true));
    expect(builtRowsWaiting()).toBeLessThanOrEqual(8);
    const failed = await database.db.transaction(async (tx) => tx.run(statements[0])).catch((e: unknown) => e);
    // drizzle names the query; the driver's error says why
    expect(String((failed as { cause?: unknown }).cause)).toMatch(/rows were dropped/);
    await database.db.transaction(async (tx) => tx.run(statements[9]));
    expect((await stored("by_rows")).filter((r) => r.id.startsWith("u")).map((r) => r.id)).toEqual(["u9"]);
    for (const s of statements) takeBuiltRows(s.toQuery({} as never).params[0] as string);
  });

  it("a failing row fails the whole statement, and the transaction writes nothing", async () => {
    const before = await stored("by_rows");
    await expect(
      database.db.transaction(async (tx) => {
        await tx.run(jsonRowsStatement("INSERT INTO by_rows (id, a, b, c, n)", 5, [["z1", 1, 1, "ok", 0], ["z2", 1, 1, "null n", null]], tail, reals, true));
      }),
    ).rejects.toThrow();
    expect(await stored("by_rows")).toEqual(before);
  });
});

describe("the statement cache", () => {
  it("gives the same prepared statement for the same text, per connection, and keeps long texts out", () => {
    installPreparedStatements();
    const Driver = createRequire(import.meta.url)("libsql") as new (path: string) => { prepare(sql: string): unknown; close(): void };
    const one = new Driver(":memory:");
    const two = new Driver(":memory:");
    expect(one.prepare("SELECT 1")).toBe(one.prepare("SELECT 1"));
    expect(one.prepare("SELECT 1")).not.toBe(two.prepare("SELECT 1"));
    const long = `SELECT '${"x".repeat(9000)}'`;
    expect(one.prepare(long)).not.toBe(one.prepare(long));
    // unless it is marked to be kept (the ticket pass runs its one text once per slice of rows)
    const kept = `${keepMarker}${long}`;
    expect(one.prepare(kept)).toBe(one.prepare(kept));
    // the least recently used statement leaves once more than 128 are kept
    const first = one.prepare("SELECT 2");
    for (let i = 0; i < 128; i++) one.prepare(`SELECT ${i + 10}`);
    expect(one.prepare("SELECT 2")).not.toBe(first);
    one.close();
    two.close();
  });
});
