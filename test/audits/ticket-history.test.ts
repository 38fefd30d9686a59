// Ticket history and re-performable runs: every change keeps its before-image; `assay verify-run` re-performs a run
// on the data as it stood; a backdated SLA policy needs a reason, is in the trail with the tickets it recomputed,
// and leaves signed-off runs as they were.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrail, runResults } from "../../server/db/schema.js";
import { builtInTargets } from "../../server/ingest/sla-policies.js";
import { buildEngineApp, json } from "../api/engine-helpers.js";
import { runCli } from "../support/cli.js";
import { ticket } from "../support/factories.js";
import type { TestApp } from "../support/app.js";

let t: TestApp & { settled(): Promise<void> };
let planId: number;
let runA: number;

const late = (n: number) => new Date(Date.parse("2026-10-01T00:00:00Z") + n * 60_000 + 50 * 3600_000).toISOString();

async function startRun(plan = planId) {
  const res = await t.request(`/api/v1/plans/${plan}/runs`, { method: "POST", role: "auditor" });
  const { id } = await res.json();
  await t.settled();
  return id as number;
}
const html = async (path: string) => {
  const s = await t.session("viewer");
  return (await t.app.request(path, { headers: { accept: "text/html", cookie: s.cookie } })).text();
};

beforeAll(async () => {
  t = await buildEngineApp("2026-11-24T12:00:00Z");
  const tickets = Array.from({ length: 30 }, (_, i) => ticket(i + 1, i < 3 ? { resolved_at: late(i + 1) } : {}));
  expect((await t.request("/api/v1/tickets", { ...json({ tickets }), role: "ingest" })).status).toBe(200);
  const activities = [{ id: "drill-1", type: "emergency_drill", date: "2026-10-10T09:00:00Z", outcome: "evaluated" }];
  expect((await t.request("/api/v1/activities", { ...json({ activities }), role: "ingest" })).status).toBe(200);
  const samples = [
    { metric: "availability", service: "email", at: "2026-10-05T00:00:00Z", value: 99.9 },
    { metric: "availability", service: "email", at: "2026-10-06T00:00:00Z", value: 99.7 },
  ];
  expect((await t.request("/api/v1/metrics", { ...json({ samples }), role: "ingest" })).status).toBe(200);
  const plan = await t.request("/api/v1/plans", {
    ...json({ name: "October", rules: ["INC-RESOLVE-GENERAL", "INC-RESP-GENERAL", "REC-COMPLETE", "DRILL-HALFYEAR", "DRILL-EVALUATED", "AVAIL-MONTHLY"] }),
    role: "auditor",
  });
  planId = (await plan.json()).id;
  runA = await startRun();
});
afterAll(() => t.close());

describe("ticket history", () => {
  it("keeps the before-image of a re-posted ticket, with the change that wrote each version and the fields it changed", async () => {
    t.clock.set("2026-11-24T13:00:00Z");
    const changed = ticket(5, { resolved_at: late(5), summary: "mail queue stuck" });
    expect(await (await t.request("/api/v1/tickets", { ...json({ tickets: [changed] }), role: "ingest" })).json()).toEqual({ received: 1, inserted: 0, updated: 1 });
    const res = await t.request("/api/v1/tickets/IT-2026-000005", { role: "viewer" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: "IT-2026-000005", summary: "mail queue stuck", resolved_at: late(5) });
    expect(body.derived).toMatchObject({ resolution_minutes: 3000, targets: { response: 1440, resolution: 2880 }, policy: { version: 1, service_specific: false }, calendar: { type: "24x7" } });
    expect(body.sla.rules).toEqual([
      { rule_id: "INC-RESP-GENERAL", measure: "response", standing: "met" },
      { rule_id: "INC-RESOLVE-GENERAL", measure: "resolution", standing: "breached" },
    ]);
    expect(body.history).toHaveLength(2);
    expect(body.history[0]).toMatchObject({ kind: "ingest", actor: "token:test-ingest", source: "api", changed: null, ticket: { summary: "ticket 5" } });
    expect(body.history[0].batch_id).toBeGreaterThan(0);
    expect(body.history[1]).toMatchObject({ kind: "ingest", at: "2026-11-24T13:00:00.000Z", ticket: { summary: "mail queue stuck" } });
    expect(body.history[1].changed).toEqual(["summary", "resolved_at", "resolution_minutes"]);
    expect((await t.request("/api/v1/tickets/NO-SUCH", { role: "viewer" })).status).toBe(404);
    expect((await t.request("/api/v1/tickets/IT-2026-000005", { role: "ingest" })).status).toBe(403);
  });

  it("lists tickets by service and change time, paged", async () => {
    const first = await (await t.request("/api/v1/tickets?service=email&limit=20", { role: "viewer" })).json();
    expect(first.tickets).toHaveLength(20);
    expect(first.next_after).toBe("IT-2026-000020");
    const rest = await (await t.request(`/api/v1/tickets?service=email&limit=20&after=${first.next_after}`, { role: "viewer" })).json();
    expect(rest.tickets.map((x: { id: string }) => x.id)).toEqual(Array.from({ length: 10 }, (_, i) => `IT-2026-${String(i + 21).padStart(6, "0")}`));
    expect(rest.next_after).toBeNull();
    const since = await (await t.request("/api/v1/tickets?since=2026-11-24T12:30:00Z", { role: "viewer" })).json();
    expect(since.tickets.map((x: { id: string }) => x.id)).toEqual(["IT-2026-000005"]);
    const bad = await t.request("/api/v1/tickets?since=yesterday", { role: "viewer" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].path).toBe("since");
  });

  it("keeps the before-image of a soft delete, and links evidence to the ticket page", async () => {
    const del = await t.request("/api/v1/tickets/IT-2026-000002?reason=duplicate", { method: "DELETE", role: "ingest" });
    expect(del.status).toBe(200);
    const body = await (await t.request("/api/v1/tickets/IT-2026-000002", { role: "viewer" })).json();
    expect(body.history.map((v: { kind: string; deleted: boolean }) => [v.kind, v.deleted])).toEqual([
      ["ingest", false],
      ["delete", true],
    ]);
    expect(body.history[1]).toMatchObject({ reason: "duplicate", changed: ["deleted"] });
    const evidence = await html(`/runs/${runA}/evidence/INC-RESOLVE-GENERAL`);
    expect(evidence).toContain('<a href="/tickets/IT-2026-000001"><code>IT-2026-000001</code></a>');
    const page = await html("/tickets/IT-2026-000002");
    expect(page).toContain("Ticket IT-2026-000002");
    expect(page).toContain("Versions (2)");
    expect(page).toContain('<code class="changed-field">deleted</code>');
  });

  it("the run page says how many tickets in its scope changed since it ran", async () => {
    expect(await html(`/runs/${runA}`)).toContain("2 tickets in this run&#39;s scope changed since it ran");
  });
});

describe("assay verify-run", () => {
  it("re-performs the run on the data as it stood, although tickets, an activity and a metric sample changed since", async () => {
    // more changes after the run: the drill moves out of the period, a sample drops below the threshold
    await t.request("/api/v1/activities", { ...json({ activities: [{ id: "drill-1", type: "emergency_drill", date: "2026-11-10T09:00:00Z", outcome: null }] }), role: "ingest" });
    await t.request("/api/v1/metrics", { ...json({ samples: [{ metric: "availability", service: "email", at: "2026-10-05T00:00:00Z", value: 90 }] }), role: "ingest" });
    const now = await (await t.request(`/api/v1/runs/${await startRun()}`, { role: "viewer" })).json();
    // a run today sees the new data: different results
    expect(now.results.find((r: { rule_id: string }) => r.rule_id === "AVAIL-MONTHLY").status).toBe("fail");
    const out = runCli(["verify-run", String(runA)], { databaseUrl: t.url });
    expect(out.stderr).toBe("");
    expect(out.stdout).toMatch(new RegExp(`^run ${runA} reproduced: 6 results identical \\(data revision \\d+\\)\\n$`));
    expect(out.status).toBe(0);
  });

  it("lists every difference and exits 2 when a stored result no longer matches its data", async () => {
    await t.database.db.update(runResults).set({ value: 99 }).where(and(eq(runResults.runId, runA), eq(runResults.ruleId, "INC-RESOLVE-GENERAL")));
    const out = runCli(["verify-run", String(runA)], { databaseUrl: t.url });
    expect(out.status).toBe(2);
    expect(out.stdout).toContain(`run ${runA} NOT reproduced`);
    expect(out.stdout).toContain("5 of 6 results identical; 1 difference\n");
    expect(out.stdout).toContain("INC-RESOLVE-GENERAL value: stored 99, re-performed 90");
    await t.database.db.update(runResults).set({ value: 90 }).where(and(eq(runResults.runId, runA), eq(runResults.ruleId, "INC-RESOLVE-GENERAL")));
  });

  it("refuses an unknown run and a malformed id", () => {
    expect(runCli(["verify-run", "9999"], { databaseUrl: t.url }).status).not.toBe(0);
    expect(runCli(["verify-run", "abc"], { databaseUrl: t.url }).status).not.toBe(0);
  });
});

describe("backdated SLA policy versions", () => {
  const policy = (extra: Record<string, unknown>) =>
    json({ service: "email", effective_from: "2026-10-01T00:00:00Z", targets: { ...builtInTargets, incident: { ...builtInTargets.incident, general: { response: 1440, resolution: 60 } } }, ...extra });

  it("need a reason, named in a 400", async () => {
    const res = await t.request("/api/v1/sla-policies", { ...policy({}), role: "admin" });
    expect(res.status).toBe(400);
    expect((await res.json()).issues).toEqual([{ path: "reason", message: "required when effective_from is in the past: it recomputes tickets already opened" }]);
  });

  it("are in the audit trail with the tickets they recomputed, leave a signed-off run as it was, and mark unsigned runs", async () => {
    const signed = await t.request(`/api/v1/runs/${runA}/signoff`, { ...json({ comment: "October closed" }), role: "compliance_officer" });
    expect(signed.status).toBe(201);
    const unsigned = (await (await t.request(`/api/v1/runs?plan_id=${planId}`, { role: "viewer" })).json()).runs[0].id as number;
    const before = await (await t.request(`/api/v1/runs/${runA}`, { role: "viewer" })).json();
    t.clock.set("2026-11-25T08:00:00Z");
    const res = await t.request("/api/v1/sla-policies", { ...policy({ reason: "contract amendment signed 20 Nov applies from October" }), role: "admin" });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ backdated: true, recomputed: 29 });
    const [entry] = await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "sla_policy.create"));
    const after = JSON.parse(entry.after!);
    expect(after).toMatchObject({ backdated: true, reason: "contract amendment signed 20 Nov applies from October", recomputed: 29, recomputedIdsOmitted: 0 });
    expect(after.recomputedIds).toHaveLength(29);
    expect(after.recomputedIds[0]).toBe("IT-2026-000001");
    // the ticket's history names the recompute
    const t1 = await (await t.request("/api/v1/tickets/IT-2026-000001", { role: "viewer" })).json();
    expect(t1.history.at(-1)).toMatchObject({ kind: "policy", reason: "contract amendment signed 20 Nov applies from October", changed: ["resolution_target", "policy"] });
    // the signed run says what it said; it is re-performable on its own data still
    expect(await (await t.request(`/api/v1/runs/${runA}`, { role: "viewer" })).json()).toEqual(before);
    expect(runCli(["verify-run", String(runA)], { databaseUrl: t.url }).status).toBe(0);
    expect(await html(`/runs/${runA}`)).not.toContain("policy changed since this run");
    expect(await html(`/runs/${unsigned}`)).toContain("policy changed since this run");
  });
});
