// Re-posted tickets (updates): a change that moves no rollup field writes no rollup delta; an update that leaves
// every indexed column as it was runs a narrower UPDATE that touches no index. Either way the stored tickets equal
// a fresh ingest of the same input, the indexes stay consistent, the rollups equal a rebuild from the tickets, and
// every before-image names exactly the fields that changed.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TicketInput } from "../../server/contract/index.js";
import { rebuildRollups, sameRollupContribution, type RollupTicket } from "../../server/ingest/rollups.js";
import { indexedColumns, insertColumns, narrowColumns, narrowUpdateStatement, softDeleteTicket } from "../../server/ingest/tickets.js";
import { buildingRowsAsJson, rowsMarker } from "../../server/db/prepared-statements.js";
import { noteChangedFields } from "../../server/ingest/data-changes.js";
import { rollupMismatches } from "../bench/rollup-check.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  [a, b] = await Promise.all([buildTestApp(), buildTestApp()]);
});
afterAll(() => {
  a.close();
  b.close();
});

const post = async (t: TestApp, tickets: TicketInput[]) => {
  const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ received: number; inserted: number; updated: number }>;
};

const rollupTables = {
  ticket_daily_rollup: "day, service_id, kind, priority, category",
  ticket_monthly_rollup: "month, service_id, kind, priority, category",
  ticket_duration_hist: "month, service_id, kind, priority, measure, bucket",
  ticket_daily_flow: "day, service_id, kind, priority",
};
/** Every row of every rollup table, zero rows included, in key order. */
const rollupRows = async (t: TestApp) => {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(rollupTables)) out[table] = await t.database.db.all(sql.raw(`SELECT * FROM ${table} ORDER BY ${key}`));
  return out;
};
/** The rollups without their all-zero rows (a rebuild writes none; deltas may leave some). */
const liveRollupRows = async (t: TestApp) => {
  const live: Record<string, string> = {
    ticket_daily_rollup: "opened <> 0",
    ticket_monthly_rollup: "opened <> 0",
    ticket_duration_hist: "count <> 0",
    ticket_daily_flow: "opened <> 0 OR resolved <> 0",
  };
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(rollupTables)) out[table] = await t.database.db.all(sql.raw(`SELECT * FROM ${table} WHERE ${live[table]} ORDER BY ${key}`));
  return out;
};
const ticketRows = async (t: TestApp, ids: string[]) => {
  const columns = insertColumns.map(([c]) => c).filter((c) => !["ingested_at", "updated_at", "revision"].includes(c));
  // the service by its key: the two databases number their services in the order they first saw them
  const list = columns.map((c) => (c === "service_id" ? "(SELECT key FROM services WHERE services.id = service_id) AS service" : c)).join(", ");
  const rows = await t.database.db.all(sql`SELECT ${sql.raw(list)}, deleted_at FROM tickets WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) ORDER BY id`);
  expect(rows).toHaveLength(ids.length);
  return rows;
};
const changedOf = async (t: TestApp) =>
  Object.fromEntries(
    (await t.database.db.all<{ id: string; changed: string }>(sql`SELECT ticket_id AS id, changed FROM ticket_history WHERE changed IS NOT NULL ORDER BY revision, ticket_id`)).map((r) => [
      r.id,
      JSON.parse(r.changed) as string[],
    ]),
  );

const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe("updates of stored tickets", () => {
  it("a change of summary and assignee leaves every rollup row as it was and names exactly those two fields", async () => {
    const first = Array.from({ length: 40 }, (_, i) => ticket(i + 1, i % 5 === 0 ? { satisfaction: null, resolved_at: null, resolution: null } : {}));
    expect(await post(a, first)).toEqual({ received: 40, inserted: 40, updated: 0 });
    const before = await rollupRows(a);
    const changed = first.map((x) => ({ ...x, summary: `${x.summary} (updated)`, assignee: "bob" }));
    expect(await post(a, changed)).toEqual({ received: 40, inserted: 0, updated: 40 });
    expect(await rollupRows(a)).toEqual(before);
    const names = await changedOf(a);
    expect(Object.keys(names)).toHaveLength(40);
    for (const x of first) expect(names[x.id]).toEqual(["summary", "assignee"]);
    // the same batch again: nothing inserted, nothing updated
    expect(await post(a, changed)).toEqual({ received: 40, inserted: 0, updated: 0 });
    expect(await rollupMismatches(a.database.db)).toMatchObject({ dailyRowsDiffering: 0, flowExact: true });
  });

  it("updates that move rollup or indexed fields, beside summary-only ones and inserts, keep rollups, indexes and rows exact", async () => {
    const base = Array.from({ length: 30 }, (_, i) => ticket(i + 101, { problem_id: i === 7 ? "PRB-1" : null }));
    expect((await post(a, base)).inserted).toBe(30);
    await softDeleteTicket(a.database.db, Date.parse("2026-11-24T12:00:00Z"), "test", base[12].id, "duplicate");
    const changes: Partial<TicketInput>[] = [
      { summary: "only the summary" },
      { category: "data" },
      { priority: "urgent" },
      { satisfaction: 2 },
      { satisfaction: null },
      { resolved_at: later(base[5].resolved_at!, 3 * 24 * 60) }, // another flow day and histogram bucket
      { opened_at: later(base[6].opened_at, -2 * 24 * 60), first_response_at: later(base[6].opened_at, -2 * 24 * 60 + 30) },
      { problem_id: null }, // was PRB-1: the partial index on problem_id
      { major_incident: true },
      { service: "erp" },
      { kind: "request" },
      { first_response_at: later(base[11].opened_at, 600) }, // response minutes move: counters, no indexed column
      { summary: "deleted, then updated", assignee: "carol" }, // soft-deleted: no rollup contribution before or after
      { kind: "problem", priority: "general" }, // the partial index on kind = 'problem'
      { resolved_at: null, resolution: null },
      { on_hold_minutes: 12.345678901234567 }, // REAL columns the narrow update writes (on hold, resolution minutes), to the bit
      { channel: "phone", resolution: "replaced" },
      { kind: "request", complex: true }, // complex, and the derived targets
      { closed_at: later(base[18].resolved_at!, 60) }, // closure minutes
      { root_cause: "config drift", problem_id: "PRB-2" },
      { assignee: null, summary: null },
    ];
    const updated = base.map((x, i) => (i < changes.length ? { ...x, ...changes[i] } : x));
    const fresh = Array.from({ length: 5 }, (_, i) => ticket(i + 201));
    expect(await post(a, [...updated, ...fresh])).toEqual({ received: 35, inserted: 5, updated: changes.length });

    // the rollups equal a rebuild from the tickets, and the daily ones a GROUP BY
    expect(await rollupMismatches(a.database.db)).toMatchObject({ dailyRowsDiffering: 0, flowExact: true });
    const maintained = await liveRollupRows(a);
    await a.database.db.transaction((tx) => rebuildRollups(tx));
    expect(maintained).toEqual(await liveRollupRows(a));

    // every index agrees with the table
    expect(await a.database.db.all(sql`PRAGMA integrity_check`)).toEqual([{ integrity_check: "ok" }]);
    const viaIndex = await a.database.db.all<{ id: string }>(sql`SELECT id FROM tickets INDEXED BY tickets_problem_idx WHERE problem_id IS NOT NULL`);
    expect(viaIndex.map((r) => r.id)).toEqual([base[19].id]);
    const major = await a.database.db.all<{ id: string }>(sql`SELECT id FROM tickets WHERE major_incident = 1 AND resolved_at IS NOT NULL`);
    expect(major.map((r) => r.id)).toEqual([base[8].id]);

    // the stored rows are those a fresh ingest of the final input stores (the soft-deleted one keeps its delete)
    await post(b, [...updated, ...fresh]);
    await softDeleteTicket(b.database.db, Date.parse("2026-11-24T12:00:00Z"), "test", base[12].id, "duplicate");
    const ids = [...updated, ...fresh].map((x) => x.id);
    expect(await ticketRows(a, ids)).toEqual(await ticketRows(b, ids));
    const onHold = await a.database.db.all<{ v: number }>(sql`SELECT on_hold_minutes AS v FROM tickets WHERE id = ${base[15].id}`);
    expect(Object.is(onHold[0].v, 12.345678901234567)).toBe(true);

    // each before-image names what its change altered
    const names = await changedOf(a);
    expect(names[base[0].id]).toEqual(["summary"]);
    expect(names[base[1].id]).toEqual(["category"]);
    expect(names[base[3].id]).toEqual(["satisfaction"]);
    expect(names[base[7].id]).toEqual(["problem_id"]);
    expect(names[base[8].id]).toEqual(["major_incident"]);
    expect(names[base[9].id]).toEqual(["service"]);
    expect(names[base[12].id]).toEqual(["summary", "assignee"]);
    expect(names[base[15].id]).toEqual(["on_hold_minutes", "resolution_minutes"]); // time on hold does not count
    expect(names[base[16].id]).toEqual(["resolution", "channel"]);
    for (const x of base.slice(changes.length)) expect(names[x.id]).toBeUndefined();

    // ingest names the changed fields itself (from the stored values it read): exactly what noteChangedFields,
    // comparing each image with the ticket in SQL, names
    const [{ rev }] = await a.database.db.all<{ rev: number }>(sql`SELECT max(superseded_by) AS rev FROM ticket_history`);
    const byIngest = await a.database.db.all(sql`SELECT ticket_id, changed FROM ticket_history WHERE superseded_by = ${rev} ORDER BY ticket_id`);
    expect(byIngest).toHaveLength(changes.length);
    await a.database.db.run(sql`UPDATE ticket_history SET changed = NULL WHERE superseded_by = ${rev}`);
    await noteChangedFields(a.database.db, rev);
    expect(await a.database.db.all(sql`SELECT ticket_id, changed FROM ticket_history WHERE superseded_by = ${rev} ORDER BY ticket_id`)).toEqual(byIngest);
  });

  it("the narrow update writes no column that an index of tickets reads", async () => {
    const indexes = await a.database.db.all<{ name: string; sql: string | null }>(sql`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'`);
    expect(indexes.length).toBeGreaterThan(5);
    const read = new Set<string>();
    for (const { name, sql: text } of indexes) {
      for (const c of await a.database.db.all<{ name: string | null }>(sql.raw(`SELECT name FROM pragma_index_info('${name}')`))) if (c.name) read.add(c.name);
      // a partial index reads the columns of its WHERE too
      const where = text?.match(/\bWHERE\b([\s\S]*)$/i)?.[1] ?? "";
      for (const [column] of insertColumns) if (new RegExp(`\\b${column}\\b`).test(where)) read.add(column);
    }
    read.delete("id"); // the key the update finds its row by
    expect([...read].filter((c) => !(indexedColumns as readonly string[]).includes(c))).toEqual([]);
    expect(narrowColumns.map(([c]) => c).filter((c) => read.has(c))).toEqual([]);
  });

  it("the narrow update's json_each form (a libSQL server) writes what its row-by-row form writes", async () => {
    const items = [ticket(301), ticket(302)];
    await post(a, items);
    const values = (summary: string, onHold: number | null) =>
      narrowColumns.map(([, field]) => (field === "summary" ? summary : field === "onHoldMinutes" ? onHold : field === "contentHash" ? 1 : field === "complex" || field === "recordComplete" || field === "revision" ? 0 : field === "updatedAt" ? 5 : null));
    const statement = narrowUpdateStatement([[...values("by rows", 0.1 + 0.2), items[0].id]]).toQuery({} as never);
    expect(statement.sql.startsWith(rowsMarker)).toBe(true);
    await a.database.db.run(narrowUpdateStatement([[...values("by rows", 0.1 + 0.2), items[0].id]]));
    const text = buildingRowsAsJson(() => narrowUpdateStatement([[...values("by json", 0.1 + 0.2), items[1].id]])).toQuery({} as never);
    await a.database.client.execute({ sql: text.sql.slice(text.sql.indexOf("*/") + 2).trim(), args: text.params as string[] });
    const rows = await a.database.db.all<{ id: string; summary: string; v: number; opened: number }>(
      sql`SELECT id, summary, on_hold_minutes AS v, opened_at AS opened FROM tickets WHERE id IN (${items[0].id}, ${items[1].id}) ORDER BY id`,
    );
    expect(rows.map((r) => r.summary)).toEqual(["by rows", "by json"]);
    for (const r of rows) expect(Object.is(r.v, 0.1 + 0.2)).toBe(true);
    expect(rows.map((r) => r.opened)).toEqual(items.map((x) => Date.parse(x.opened_at)));
  });
});

describe("sameRollupContribution", () => {
  const t: RollupTicket = {
    serviceId: 1, kind: "incident", priority: "general", category: "data", openedAt: 1_000, resolvedAt: 2_000, satisfaction: 4,
    responseMinutes: 10, resolutionMinutes: 20, responseTarget: 60, resolutionTarget: 120, deletedAt: null,
  };
  it("is false when any field a rollup reads differs, true when none does", () => {
    expect(sameRollupContribution(t, { ...t })).toBe(true);
    const other: { [K in keyof RollupTicket]: RollupTicket[K] } = {
      serviceId: 2, kind: "request", priority: null, category: null, openedAt: 1_001, resolvedAt: null, satisfaction: null,
      responseMinutes: 11, resolutionMinutes: null, responseTarget: null, resolutionTarget: 121, deletedAt: 5,
    };
    for (const k of Object.keys(t) as (keyof RollupTicket)[]) expect(sameRollupContribution(t, { ...t, [k]: other[k] }), k).toBe(false);
  });
});
