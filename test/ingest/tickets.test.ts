import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const countTickets = async () => (await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets`))[0].n;

describe("POST /api/v1/tickets", () => {
  it("upserts a 10,000-ticket batch, and the same batch again changes nothing", async () => {
    const batch = { tickets: Array.from({ length: 10_000 }, (_, i) => ticket(i)) };
    const first = await t.request("/api/v1/tickets", { ...jsonBody(batch), role: "ingest" });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 10_000, inserted: 10_000, updated: 0 });
    const second = await t.request("/api/v1/tickets", { ...jsonBody(batch), role: "ingest" });
    expect(await second.json()).toEqual({ received: 10_000, inserted: 0, updated: 0 });
    expect(await countTickets()).toBe(10_000);
  });

  it("rejects a batch with one bad opened_at whole, naming tickets.N.opened_at", async () => {
    const before = await countTickets();
    const items = [ticket(20_001), ticket(20_002, { opened_at: "2026-02-30T10:00:00Z" }), ticket(20_003)];
    const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets: items }), role: "ingest" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe("invalid");
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual(["tickets.1.opened_at"]);
    expect(await countTickets()).toBe(before);
  });

  it("stores durations and targets derived at ingest", async () => {
    await t.request("/api/v1/tickets", {
      ...jsonBody({ tickets: [ticket(30_000, { priority: "urgent", on_hold_minutes: 15 })] }),
      role: "ingest",
    });
    const [row] = await t.database.db.all<Record<string, number>>(
      sql`SELECT response_minutes, resolution_minutes, response_target, resolution_target FROM tickets WHERE id = 'IT-2026-030000'`,
    );
    expect(row).toEqual({ response_minutes: 30, resolution_minutes: 75, response_target: 60, resolution_target: 120 });
  });

  it("counts an update when content changes", async () => {
    const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(1, { assignee: "bob" })] }), role: "ingest" });
    expect(await res.json()).toEqual({ received: 1, inserted: 0, updated: 1 });
  });

  it("answers 401 without credentials and 403 to a viewer", async () => {
    expect((await t.request("/api/v1/tickets", jsonBody({ tickets: [] }))).status).toBe(401);
    expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [] }), role: "viewer" })).status).toBe(403);
  });

  it("keeps rollups equal to a GROUP BY over the tickets", async () => {
    const [roll] = await t.database.db.all<{ n: number; met: number }>(sql`SELECT sum(opened) AS n, sum(resolution_met) AS met FROM ticket_daily_rollup`);
    const [raw] = await t.database.db.all<{ n: number; met: number }>(
      sql`SELECT count(*) AS n, count(CASE WHEN resolution_minutes <= resolution_target THEN 1 END) AS met FROM tickets WHERE deleted_at IS NULL`,
    );
    expect(roll).toEqual(raw);
  });
});
