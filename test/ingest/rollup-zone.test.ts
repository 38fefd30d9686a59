// KPI rollups are keyed by the organisation's calendar days (ASSAY_TIMEZONE), their counters and the triggers that
// keep the monthly rollup are derived from one definition, and a change of zone re-keys the stored rollups.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/client.js";
import { counterColumns, counterFields, counters, monthlyTriggers } from "../../server/ingest/rollup-counters.js";
import { ingestMetricBatch } from "../../server/ingest/metrics-activities.js";
import { ingestTicketBatch } from "../../server/ingest/tickets.js";
import { buildChart } from "../../server/kpis/charts-by-id.js";
import { resolveScope } from "../../server/kpis/kpi-scope.js";
import { prepareDatabase } from "../../server/startup.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

// 01:00 on 1 November in Shanghai is 17:00 on 31 October UTC
const lateOctoberUtc = "2026-10-31T17:00:00Z";
const now = Date.parse("2026-11-24T12:00:00Z");

const tickets = () => [
  ticket(1, { opened_at: "2026-10-15T02:00:00Z", first_response_at: "2026-10-15T02:30:00Z", resolved_at: "2026-10-15T03:00:00Z" }),
  ticket(2, { opened_at: lateOctoberUtc, first_response_at: "2026-10-31T17:20:00Z", resolved_at: "2026-10-31T18:00:00Z" }),
  ticket(3, { opened_at: "2026-11-10T05:00:00Z", first_response_at: "2026-11-10T05:10:00Z", resolved_at: "2026-11-10T06:00:00Z" }),
];

async function rows(t: TestApp, table: "ticket_daily_rollup" | "ticket_monthly_rollup", key: "day" | "month") {
  return t.database.db.all<{ key: string; opened: number }>(sql.raw(`SELECT ${key} AS key, sum(opened) AS opened FROM ${table} GROUP BY 1 HAVING sum(opened) <> 0 ORDER BY 1`));
}

describe("rollups in the organisation's days", () => {
  let shanghai: TestApp;
  let utc: TestApp;
  beforeAll(async () => {
    shanghai = await buildTestApp({ config: { timezone: "Asia/Shanghai" } });
    utc = await buildTestApp();
    for (const t of [shanghai, utc]) {
      await ingestTicketBatch(t.database.db, now, "test", tickets());
      await ingestMetricBatch(t.database.db, now, "test", [
        { metric: "availability", service: "email", at: "2026-10-31T20:00:00Z", value: 99 },
        { metric: "availability", service: "email", at: "2026-10-20T20:00:00Z", value: 100 },
      ]);
    }
  });
  afterAll(() => {
    shanghai.close();
    utc.close();
  });

  it("counts a ticket opened at 01:00 on 1 November in Shanghai for November there, and for October in UTC", async () => {
    expect(await rows(shanghai, "ticket_daily_rollup", "day")).toEqual([
      { key: "2026-10-15", opened: 1 },
      { key: "2026-11-01", opened: 1 },
      { key: "2026-11-10", opened: 1 },
    ]);
    expect(await rows(shanghai, "ticket_monthly_rollup", "month")).toEqual([
      { key: "2026-10", opened: 1 },
      { key: "2026-11", opened: 2 },
    ]);
    expect(await rows(utc, "ticket_monthly_rollup", "month")).toEqual([
      { key: "2026-10", opened: 2 },
      { key: "2026-11", opened: 1 },
    ]);
  });

  it("draws the KPI months, the backlog days and availability months in the organisation's zone", async () => {
    const scope = await resolveScope(shanghai.database.db, { period: "3m" }, now);
    expect(scope.months).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(scope.fromMs).toBe(Date.parse("2026-08-31T16:00:00Z"));
    expect(scope.toMs).toBe(Date.parse("2026-11-30T16:00:00Z"));
    const volume = await buildChart(shanghai.database.db, scope, "sla-response");
    expect(volume.labels).toEqual(scope.months);
    const availability = await buildChart(shanghai.database.db, scope, "availability");
    expect(availability.labels).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(availability.series[0].data).toEqual([null, 100, 99]);
    const backlog = await buildChart(shanghai.database.db, scope, "backlog");
    expect(backlog.labels[0]).toBe("2026-09-01");
    expect(backlog.labels.at(-1)).toBe("2026-11-24");
  });

  it("re-keys the stored rollups when the server starts in another zone, equal to an ingest in that zone", async () => {
    // the UTC database, opened by a server configured for Shanghai
    const reopened = await openDatabase(utc.url);
    await prepareDatabase(reopened, utc.clock, { timezone: "Asia/Shanghai" });
    const daily = await reopened.db.all(sql`SELECT * FROM ticket_daily_rollup WHERE opened <> 0 ORDER BY day, service_id, kind, priority, category`);
    const monthly = await reopened.db.all(sql`SELECT * FROM ticket_monthly_rollup WHERE opened <> 0 ORDER BY month, service_id, kind, priority, category`);
    const flow = await reopened.db.all(sql`SELECT * FROM ticket_daily_flow WHERE opened <> 0 OR resolved <> 0 ORDER BY day`);
    expect(daily).toEqual(await shanghai.database.db.all(sql`SELECT * FROM ticket_daily_rollup WHERE opened <> 0 ORDER BY day, service_id, kind, priority, category`));
    expect(monthly).toEqual(await shanghai.database.db.all(sql`SELECT * FROM ticket_monthly_rollup WHERE opened <> 0 ORDER BY month, service_id, kind, priority, category`));
    expect(flow).toEqual(await shanghai.database.db.all(sql`SELECT * FROM ticket_daily_flow WHERE opened <> 0 OR resolved <> 0 ORDER BY day`));
    // a command-line start (no zone given) leaves them as they are
    await prepareDatabase(reopened, utc.clock);
    const [zone] = await reopened.db.all<{ value: string }>(sql`SELECT value FROM settings WHERE key = 'rollup_timezone'`);
    expect(zone.value).toBe("Asia/Shanghai");
    reopened.close();
  });
});

describe("rollup counters, defined once", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it("cover every counter column of the schema, in the daily and the monthly rollup", async () => {
    const daily = await t.database.db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info('ticket_daily_rollup') WHERE name NOT IN ('day', 'service_id', 'kind', 'priority', 'category')`);
    const monthly = await t.database.db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info('ticket_monthly_rollup') WHERE name NOT IN ('month', 'service_id', 'kind', 'priority', 'category')`);
    expect(daily.map((c) => c.name)).toEqual(counterColumns);
    expect(monthly.map((c) => c.name)).toEqual(counterColumns);
    expect(Object.keys(counters).sort()).toEqual([...counterFields].sort());
  });

  it("install the monthly triggers from the definition, replacing a trigger that differs", async () => {
    const installed = async () => Object.fromEntries((await t.database.db.all<{ name: string; sql: string }>(sql`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ticket_daily_rollup'`)).map((r) => [r.name, r.sql]));
    expect(await installed()).toEqual(monthlyTriggers);
    // an older trigger that forgets a counter (as a hand-kept list would): the next start replaces it and the
    // monthly rollup is rebuilt from the daily one
    await ingestTicketBatch(t.database.db, now, "test", tickets());
    await t.database.db.run(sql`DROP TRIGGER ticket_daily_rollup_to_month_insert`);
    await t.database.db.run(sql`CREATE TRIGGER ticket_daily_rollup_to_month_insert AFTER INSERT ON ticket_daily_rollup BEGIN
      INSERT INTO ticket_monthly_rollup (month, service_id, kind, priority, category, opened, response_met, response_breached, response_missing, resolution_met, resolution_breached, resolution_missing, resolved_count, resolution_minutes_sum, response_count, response_minutes_sum, rated, satisfied)
      VALUES (substr(NEW.day, 1, 7), NEW.service_id, NEW.kind, NEW.priority, NEW.category, NEW.opened, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      ON CONFLICT (month, service_id, kind, priority, category) DO UPDATE SET opened = opened + excluded.opened; END`);
    await ingestTicketBatch(t.database.db, now, "test", [ticket(9, { opened_at: "2026-11-20T10:00:00Z", first_response_at: "2026-11-20T10:05:00Z", resolved_at: "2026-11-20T11:00:00Z" })]);
    const sumSql = sql.raw(counterColumns.map((c) => `sum(${c})`).join(", "));
    const monthlyTotals = () => t.database.db.all(sql`SELECT ${sumSql} FROM ticket_monthly_rollup`);
    const dailyTotals = () => t.database.db.all(sql`SELECT ${sumSql} FROM ticket_daily_rollup`);
    expect(await monthlyTotals()).not.toEqual(await dailyTotals());
    await prepareDatabase(t.database, t.clock);
    expect(await installed()).toEqual(monthlyTriggers);
    expect(await monthlyTotals()).toEqual(await dailyTotals());
  });
});
