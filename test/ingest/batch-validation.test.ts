// What ingest refuses whole, naming each field: on-hold time longer than the elapsed time, instants outside
// [1970-01-01, 2100-01-01), and two items of one batch or import with the same key; and what it stores for the
// impossible records it accepts (they count as breached in the rollups, never as met).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildRollups } from "../../server/ingest/rollups.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
});
afterAll(() => t.close());

const count = async (table: "tickets" | "activities" | "metric_samples" | "plans" | "sla_policies" | "import_ids") =>
  (await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)}`))[0].n;

async function refused(path: string, body: unknown, role: "ingest" | "auditor" | "admin" = "ingest") {
  const res = await t.request(path, { ...jsonBody(body), role });
  expect(res.status).toBe(400);
  const answer = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
  expect(answer.error).toBe("invalid");
  return answer.issues;
}

const csv = (rows: string[]) => ["id,kind,service,priority,opened_at,resolved_at,on_hold_minutes", ...rows].join("\n") + "\n";
const postCsv = (body: string) => t.request("/api/v1/tickets", { method: "POST", body, headers: { "content-type": "text/csv" }, role: "ingest" });

describe("on-hold minutes (point 14)", () => {
  it("refuses more on-hold minutes than the time from opening to resolution, or to now while unresolved", async () => {
    const before = await count("tickets");
    // the factory's ticket is resolved 90 minutes after opening
    const issues = await refused("/api/v1/tickets", {
      tickets: [
        ticket(1, { on_hold_minutes: 90 }),
        ticket(2, { on_hold_minutes: 90.5 }),
        ticket(3, { on_hold_minutes: 1e308 }),
        ticket(4, { opened_at: "2026-11-24T11:00:00Z", first_response_at: null, resolved_at: null, on_hold_minutes: 60 }),
        ticket(5, { opened_at: "2026-11-24T11:00:00Z", first_response_at: null, resolved_at: null, on_hold_minutes: 61 }),
        // resolved before it was opened: no on-hold time fits
        ticket(6, { resolved_at: "2026-09-30T00:00:00Z", on_hold_minutes: 1 }),
        ticket(7, { resolved_at: "2026-09-30T00:00:00Z", on_hold_minutes: 0 }),
      ],
    });
    expect(issues).toEqual([
      { path: "tickets.1.on_hold_minutes", message: "must be at most the 90 minutes from opened_at to resolved_at" },
      { path: "tickets.2.on_hold_minutes", message: "must be at most the 90 minutes from opened_at to resolved_at" },
      { path: "tickets.4.on_hold_minutes", message: "must be at most the 60 minutes from opened_at to now" },
      { path: "tickets.5.on_hold_minutes", message: "must be at most the 0 minutes from opened_at to resolved_at" },
    ]);
    expect(await count("tickets")).toBe(before);
  });

  it("refuses them in a CSV import too, naming the row", async () => {
    const res = await postCsv(csv(["CSV-2026-001,incident,mail,urgent,2026-10-01T08:00:00Z,2026-10-01T09:00:00Z,60", "CSV-2026-002,incident,mail,urgent,2026-10-01T08:00:00Z,2026-10-01T09:00:00Z,1e308"]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["tickets.1.on_hold_minutes"]);
  });
});

describe("impossible records in the rollups (point 14)", () => {
  it("count a response or resolution before opening as breached, and leave it out of the duration sums and histograms", async () => {
    const res = await t.request("/api/v1/tickets", {
      ...jsonBody({
        tickets: [
          ticket(100, { service: "rollups", priority: "urgent", opened_at: "2026-08-03T08:00:00Z", first_response_at: "2026-08-03T07:00:00Z", resolved_at: "2026-08-03T07:30:00Z" }),
          ticket(101, { service: "rollups", priority: "urgent", opened_at: "2026-08-03T09:00:00Z", first_response_at: "2026-08-03T09:10:00Z", resolved_at: "2026-08-03T10:00:00Z" }),
        ],
      }),
      role: "ingest",
    });
    expect(res.status).toBe(200);
    const read = async () => ({
      daily: await t.database.db.all(sql`SELECT response_met, response_breached, resolution_met, resolution_breached, resolved_count, resolution_minutes_sum, response_count, response_minutes_sum
        FROM ticket_daily_rollup JOIN services ON services.id = service_id WHERE key = 'rollups'`),
      hist: await t.database.db.all(sql`SELECT measure, bucket, count FROM ticket_duration_hist JOIN services ON services.id = service_id WHERE key = 'rollups' ORDER BY measure, bucket`),
    });
    const kept = await read();
    expect(kept).toEqual({
      daily: [{ response_met: 1, response_breached: 1, resolution_met: 1, resolution_breached: 1, resolved_count: 1, resolution_minutes_sum: 60, response_count: 1, response_minutes_sum: 10 }],
      hist: [
        { measure: "resolution", bucket: 24, count: 1 },
        { measure: "response", bucket: 14, count: 1 },
      ],
    });
    // the same from a rebuild in SQL
    await t.database.db.transaction((tx) => rebuildRollups(tx));
    expect(await read()).toEqual(kept);
  });
});

describe("instants between 1970-01-01 and 2100-01-01 (point 16)", () => {
  const range = "must lie between 1970-01-01 and 2100-01-01";

  it("bounds every ticket instant", async () => {
    const issues = await refused("/api/v1/tickets", {
      tickets: [
        ticket(200, { opened_at: "0001-01-01T00:00:00Z" }),
        ticket(201, { opened_at: "1969-12-31T23:59:59Z" }),
        ticket(202, { opened_at: "1970-01-01T00:00:00+00:01" }),
        ticket(203, { opened_at: "1970-01-01T00:00:00Z", first_response_at: "1970-01-01T00:30:00Z", resolved_at: "2099-12-31T23:59:59.999Z", closed_at: "2100-01-01T00:59:00+01:00" }),
        ticket(204, { resolved_at: "2100-01-01T00:00:00Z" }),
        ticket(205, { first_response_at: "9999-12-31T23:59:59Z", closed_at: "2100-01-01T00:00:00.000Z" }),
      ],
    });
    expect(issues).toEqual([
      { path: "tickets.0.opened_at", message: range },
      { path: "tickets.1.opened_at", message: range },
      { path: "tickets.2.opened_at", message: range },
      { path: "tickets.4.resolved_at", message: range },
      { path: "tickets.5.first_response_at", message: range },
      { path: "tickets.5.closed_at", message: range },
    ]);
  });

  it("bounds metric samples, activity dates and instants, plan periods and SLA policies", async () => {
    expect(await refused("/api/v1/metrics", { samples: [{ metric: "availability", at: "1969-12-31T00:00:00Z", value: 1 }, { metric: "availability", at: "2026-10-01T00:00:00Z", value: 1 }] })).toEqual([
      { path: "samples.0.at", message: range },
    ]);
    expect(
      await refused("/api/v1/activities", {
        activities: [
          { type: "training", date: "1969-12-31" },
          { type: "training", date: "2100-01-01" },
          { type: "training", date: "0001-01-01T00:00:00Z" },
          { type: "training", date: "2099-12-31" },
          { type: "training", date: "2026-02-30" },
        ],
      }),
    ).toEqual([
      { path: "activities.0.date", message: range },
      { path: "activities.1.date", message: range },
      { path: "activities.2.date", message: range },
      { path: "activities.4.date", message: "must be YYYY-MM-DD or an ISO 8601 instant" },
    ]);
    const plan = await refused("/api/v1/plans", { name: "far", period: { type: "custom", start: "1900-01-01T00:00:00Z", end: "2026-01-01T00:00:00Z" } }, "auditor");
    expect(plan).toContainEqual({ path: "period.start", message: range });
    const policy = await refused(
      "/api/v1/sla-policies",
      { service: "far", effective_from: "2100-01-01T00:00:00Z", targets: { incident: { urgent: { response: 1, resolution: 1 }, important: { response: 1, resolution: 1 }, general: { response: 1, resolution: 1 } }, request: { response: 1, urgent: 1, general: 1, complex: 1, feedback: 1 } } },
      "admin",
    );
    expect(policy).toEqual([{ path: "effective_from", message: range }]);
    expect(await count("metric_samples")).toBe(0);
    expect(await count("activities")).toBe(0);
    expect(await count("plans")).toBe(0);
    expect(await count("sla_policies")).toBe(1);
  });
});

describe("two items with the same key in one batch (point 17)", () => {
  it("refuses tickets with the same id, naming both positions", async () => {
    const before = await count("tickets");
    const items = [ticket(300), ticket(301), ticket(302), ticket(303), ticket(300, { assignee: "bob" }), ticket(301), ticket(300)];
    expect(await refused("/api/v1/tickets", { tickets: items })).toEqual([
      { path: "tickets.4.id", message: "duplicate of tickets.0.id" },
      { path: "tickets.5.id", message: "duplicate of tickets.1.id" },
      { path: "tickets.6.id", message: "duplicate of tickets.0.id" },
    ]);
    expect(await count("tickets")).toBe(before);
  });

  it("refuses a CSV import whose id repeats in a later chunk, writing nothing of it", async () => {
    const before = await count("tickets");
    const rows = Array.from({ length: 4500 }, (_, i) => `CSV-2026-${String(10_000 + (i === 4321 ? 7 : i))},incident,mail,general,2026-10-02T08:00:00Z,,`);
    const res = await postCsv(csv(rows));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "tickets.4321.id", message: "duplicate of tickets.7.id" }]);
    expect(await count("tickets")).toBe(before);
    // the same rows without the repeat go in whole
    const ok = await postCsv(csv(rows.map((r, i) => (i === 4321 ? r.replace("CSV-2026-10007", "CSV-2026-99999") : r))));
    expect(await ok.json()).toEqual({ received: 4500, inserted: 4500, updated: 0 });
    expect(await count("import_ids")).toBe(0);
  });

  it("refuses activities with the same id, and metric samples with the same metric, service and instant", async () => {
    expect(
      await refused("/api/v1/activities", {
        activities: [
          { id: "a-1", type: "training", date: "2026-10-01" },
          { id: "a-2", type: "training", date: "2026-10-02" },
          { id: "a-1", type: "training", date: "2026-10-03" },
        ],
      }),
    ).toEqual([{ path: "activities.2.id", message: "duplicate of activities.0.id" }]);
    expect(
      await refused("/api/v1/metrics", {
        samples: [
          { metric: "availability", service: "mail", at: "2026-10-01T08:00:00+08:00", value: 99.9 },
          { metric: "availability", service: "erp", at: "2026-10-01T00:00:00Z", value: 99.9 },
          { metric: "availability", service: "mail", at: "2026-10-01T00:00:00Z", value: 98 },
        ],
      }),
    ).toEqual([{ path: "samples.2.at", message: "same metric, service and at as samples.0" }]);
    expect(await count("activities")).toBe(0);
    expect(await count("metric_samples")).toBe(0);
  });
});
