import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInTargets } from "../../server/ingest/sla-policies.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  const tickets = [
    ticket(1, { service: "erp", priority: "urgent", opened_at: "2026-09-01T08:00:00Z", first_response_at: "2026-09-01T09:30:00Z", resolved_at: "2026-09-01T11:00:00Z" }),
    ticket(2, { service: "erp", priority: "urgent", opened_at: "2026-10-02T08:00:00Z", first_response_at: "2026-10-02T09:30:00Z", resolved_at: "2026-10-02T11:00:00Z" }),
    // opened Friday 17:00 Shanghai, resolved Monday 10:00 Shanghai
    ticket(3, { service: "erp", priority: "general", opened_at: "2026-10-09T17:00:00+08:00", first_response_at: "2026-10-12T09:30:00+08:00", resolved_at: "2026-10-12T10:00:00+08:00" }),
  ];
  await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" });
});
afterAll(() => t.close());

const row = async (id: string) =>
  (await t.database.db.all<Record<string, number>>(sql`SELECT response_minutes AS resp, resolution_minutes AS res, response_target AS rt, resolution_target AS st, policy_id AS pid FROM tickets WHERE id = ${id}`))[0];

describe("SLA policy versions", () => {
  it("measures every ticket against the built-in policy by default", async () => {
    expect(await row("IT-2026-000002")).toMatchObject({ resp: 90, res: 180, rt: 60, st: 120, pid: 1 });
  });

  it("a service's new version with a business calendar recomputes the tickets it now governs", async () => {
    const targets = { ...builtInTargets, incident: { ...builtInTargets.incident, urgent: { response: 120, resolution: 240 } } };
    const res = await t.request("/api/v1/sla-policies", {
      ...jsonBody({
        service: "erp",
        effective_from: "2026-10-01T00:00:00+08:00",
        reason: "ERP support moved to office hours from October",
        calendar: { type: "business", timezone: "Asia/Shanghai", days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00", holidays: [] },
        targets,
      }),
      role: "admin",
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ version: 1, recomputed: 2 });
    // September ticket keeps the built-in policy
    expect(await row("IT-2026-000001")).toMatchObject({ rt: 60, pid: 1 });
    // 16:00-17:30 Shanghai on a Friday is inside business hours; resolution at 19:00 counts only until 18:00
    expect(await row("IT-2026-000002")).toMatchObject({ resp: 90, res: 120, rt: 120, st: 240, pid: body.id });
    // Friday 17:00-18:00 (60) + Monday 09:00-09:30 (30) = 90 business minutes; resolution 60 + 60 = 120
    expect(await row("IT-2026-000003")).toMatchObject({ resp: 90, res: 120 });
  });

  it("keeps the rollup equal to the tickets after the recompute", async () => {
    const [roll] = await t.database.db.all<{ met: number; breached: number }>(sql`SELECT sum(resolution_met) AS met, sum(resolution_breached) AS breached FROM ticket_daily_rollup`);
    const [raw] = await t.database.db.all<{ met: number; breached: number }>(
      sql`SELECT count(CASE WHEN resolution_minutes <= resolution_target THEN 1 END) AS met, count(CASE WHEN resolution_minutes > resolution_target THEN 1 END) AS breached FROM tickets`,
    );
    expect(roll).toEqual(raw);
  });

  it("names the bad field and lets only admins write", async () => {
    const bad = await t.request("/api/v1/sla-policies", { ...jsonBody({ service: "erp", effective_from: "2026-13-01T00:00:00Z", targets: builtInTargets }), role: "admin" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].path).toBe("effective_from");
    expect((await t.request("/api/v1/sla-policies", { ...jsonBody({}), role: "auditor" })).status).toBe(403);
    expect((await t.request("/api/v1/sla-policies", { role: "viewer" })).status).toBe(200);
  });
});
