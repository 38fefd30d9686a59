// The monthly rollup the KPI charts read stays equal to the daily rollup summed by month, through inserts,
// updates, deletes and a full rebuild (it is kept by triggers on ticket_daily_rollup).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildRollups } from "../../server/ingest/rollups.js";
import { ingestTicketBatch, softDeleteTicket } from "../../server/ingest/tickets.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { seedTickets } from "./seed.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const measures = "opened, response_met, response_breached, response_missing, resolution_met, resolution_breached, resolution_missing, resolved_count, resolution_minutes_sum, response_count, response_minutes_sum, rated, satisfied";
const sums = measures
  .split(", ")
  .map((c) => `sum(${c}) AS ${c}`)
  .join(", ");

async function monthlyAndDaily() {
  const monthly = await t.database.db.all(sql.raw(`SELECT month, service_id, kind, priority, category, ${sums} FROM ticket_monthly_rollup GROUP BY 1, 2, 3, 4, 5 HAVING opened <> 0 OR rated <> 0 ORDER BY 1, 2, 3, 4, 5`));
  const daily = await t.database.db.all(sql.raw(`SELECT substr(day, 1, 7) AS month, service_id, kind, priority, category, ${sums} FROM ticket_daily_rollup GROUP BY 1, 2, 3, 4, 5 HAVING opened <> 0 OR rated <> 0 ORDER BY 1, 2, 3, 4, 5`));
  return { monthly, daily };
}

describe("ticket_monthly_rollup", () => {
  it("follows inserts, updates and deletes of tickets", async () => {
    const now = t.clock.now();
    await ingestTicketBatch(t.database.db, now, "test", seedTickets());
    // move a ticket to another month and priority, re-rate another, delete a third
    await ingestTicketBatch(t.database.db, now, "test", [ticket(3, { opened_at: "2026-09-15T10:00:00Z", priority: "urgent", satisfaction: 2 }), ticket(5, { satisfaction: 1 })]);
    await softDeleteTicket(t.database.db, now, "test", "IT-2026-000007", "duplicate");
    const { monthly, daily } = await monthlyAndDaily();
    expect(monthly.length).toBeGreaterThan(3);
    expect(monthly).toEqual(daily);
    const [sep] = await t.database.db.all<{ opened: number; rated: number; satisfied: number }>(
      sql`SELECT sum(opened) AS opened, sum(rated) AS rated, sum(satisfied) AS satisfied FROM ticket_monthly_rollup WHERE month = '2026-09'`,
    );
    expect(sep).toEqual({ opened: 1, rated: 1, satisfied: 0 });
    const [oct] = await t.database.db.all<{ opened: number }>(sql`SELECT sum(opened) AS opened FROM ticket_monthly_rollup WHERE month = '2026-10'`);
    expect(oct.opened).toBe(32); // 34 October tickets, one moved to September, one deleted
  });

  it("equals the daily rollup again after a full rebuild", async () => {
    await t.database.db.transaction((tx) => rebuildRollups(tx));
    const { monthly, daily } = await monthlyAndDaily();
    expect(monthly).toEqual(daily);
  });
});
