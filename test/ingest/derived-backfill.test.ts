// Rows stored before migration 0006 get the columns derived since (deadlines, record-complete, date-only) at the
// next start-up, equal to what ingest derives now, once.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillDerivedColumns } from "../../server/ingest/derived-backfill.js";
import { builtInTargets } from "../../server/ingest/sla-policies.js";
import { prepareDatabase } from "../../server/startup.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  const calendar = { type: "business", timezone: "Europe/Berlin", days: [1, 2, 3, 4, 5], start: "08:00", end: "17:00", holidays: ["2026-10-26"] };
  expect((await t.request("/api/v1/sla-policies", { ...jsonBody({ service: "erp", effective_from: "2026-10-01T00:00:00Z", reason: "office hours from October", calendar, targets: builtInTargets }), role: "admin" })).status).toBe(201);
  const tickets = [
    ticket(1),
    ticket(2, { service: "erp", priority: "urgent", first_response_at: null, resolved_at: null, resolution: null }),
    ticket(3, { service: "erp", kind: "request", summary: "\u3000", resolved_at: "2026-09-30T23:00:00Z" }),
  ];
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
  const activities = [
    { id: "bare", type: "training", date: "2026-10-01" },
    { id: "instant", type: "training", date: "2026-10-01T08:00:00+02:00" },
  ];
  expect((await t.request("/api/v1/activities", { ...jsonBody({ activities }), role: "ingest" })).status).toBe(200);
});
afterAll(() => t.close());

const derived = () =>
  t.database.db.all(sql`SELECT id, response_minutes, resolution_minutes, response_target, response_deadline, resolution_deadline, closure_deadline, record_complete, policy_id FROM tickets ORDER BY id`);
const dateOnly = () => t.database.db.all(sql`SELECT id, date_only FROM activities ORDER BY id`);
const rollups = () => t.database.db.all(sql`SELECT * FROM ticket_daily_rollup ORDER BY day, service_id, kind, priority, category`);

describe("start-up after migration 0006", () => {
  it("derives deadlines, record-complete and date-only on rows stored without them, exactly as ingest does", async () => {
    const atIngest = { tickets: await derived(), activities: await dateOnly(), rollups: await rollups() };
    expect(atIngest.activities).toEqual([{ id: "bare", date_only: 1 }, { id: "instant", date_only: 0 }]);
    expect(atIngest.tickets.map((r) => (r as { record_complete: number }).record_complete)).toEqual([1, 1, 0]);
    // the rows as an older version stored them
    await t.database.db.run(sql`UPDATE tickets SET response_deadline = NULL, resolution_deadline = NULL, closure_deadline = NULL, record_complete = NULL WHERE true`);
    await t.database.db.run(sql`UPDATE activities SET date_only = NULL WHERE true`);
    // rollups as an older version kept them (it counted ticket 3's negative resolution time as met): rebuilt
    await t.database.db.run(sql`UPDATE ticket_daily_rollup SET response_met = response_met + 7 WHERE true`);
    await t.database.db.run(sql`DELETE FROM settings WHERE key = 'derived_columns'`);
    await prepareDatabase(t.database, t.clock);
    expect({ tickets: await derived(), activities: await dateOnly(), rollups: await rollups() }).toEqual(atIngest);
    expect(await fillDerivedColumns(t.database.db)).toBeNull();
  });
});
