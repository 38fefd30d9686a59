// Which events enqueue what, for whom: a run's completion (assignment, nonconformities, sign-off), an owner
// change, a waiver request, and the periodic scan (due soon, overdue, waiver expiring, periodic obligation),
// each once; a change that rolls back enqueues nothing.
import { testCtx } from "../support/ctx.js";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateAction } from "../../audits/actions.js";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun } from "../../audits/runs.js";
import { approveWaiver, requestWaiver } from "../../audits/waivers.js";
import { createUser } from "../../server/auth/users.js";
import { actions, notifications } from "../../server/db/schema.js";
import { scanTimeBasedEvents } from "../../server/notifications/periodic-scan.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
let planId: number;
let actionId: number;
let seen = 0;

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-02T00:00:00Z" });
  for (const [email, role] of [
    ["owner@example.test", "manager"],
    ["next@example.test", "manager"],
    ["aud@example.test", "auditor"],
    ["co@example.test", "compliance_officer"],
    ["viewer@example.test", "viewer"],
  ] as const) {
    await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email, role, password: "correct horse battery" } });
  }
  const tickets = Array.from({ length: 120 }, (_, i) => ticket(i + 1, { assignee: null }));
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
  const activities = [{ id: "drill-1", type: "emergency_drill", date: "2026-10-20", outcome: "evaluated" }];
  expect((await t.request("/api/v1/activities", { ...jsonBody({ activities }), role: "ingest" })).status).toBe(200);
  planId = (await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "ops", rules: ["REC-COMPLETE", "DRILL-HALFYEAR"], thresholds: { "DRILL-HALFYEAR": 60 }, owner: "Owner@Example.test" } })).id;
});
afterAll(() => t.close());

/** The rows enqueued since the last call: event and recipient. */
async function fresh() {
  const rows = await t.database.db.select().from(notifications).orderBy(asc(notifications.id));
  const out = rows.slice(seen).map((r) => `${r.event} → ${r.address ?? `channel ${r.channelId}`}`);
  seen = rows.length;
  return out.sort();
}

const today = () => new Date(t.clock.now()).toISOString().slice(0, 10);
const scan = () => scanTimeBasedEvents(t.database.db, t.clock.now(), today());

describe("events that enqueue notifications", () => {
  it("a completed run: the action's owner, the nonconformities, the report to sign off", async () => {
    const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "aud@example.test"), input: { planId, trigger: "manual" } });
    expect(await executeRun(t.database, t.clock, run.id, "test:1")).toEqual({ runId: run.id, status: "completed" });
    [{ id: actionId }] = await t.database.db.select({ id: actions.id }).from(actions);
    expect(await fresh()).toEqual([
      "action.assigned → owner@example.test",
      "report.awaiting_signoff → co@example.test",
      "run.nonconformities → aud@example.test",
      "run.nonconformities → owner@example.test",
    ]);
  });

  it("an owner change tells the new owner, in the change's transaction", async () => {
    const caller = { actor: "aud@example.test", anyOwner: true };
    await updateAction({ ctx: testCtx(t.database.db, t.clock.now(), caller.actor, { role: "auditor" }), input: { id: actionId, data: { owner: "next@example.test" } } });
    expect(await fresh()).toEqual(["action.assigned → next@example.test"]);
    await updateAction({ ctx: testCtx(t.database.db, t.clock.now(), caller.actor, { role: "auditor" }), input: { id: actionId, data: { title: "Fill in the assignees" } } });
    expect(await fresh()).toEqual([]);
    // an owner change refused with the rest of its update: neither the change nor its notification
    await expect(updateAction({ ctx: testCtx(t.database.db, t.clock.now(), caller.actor, { role: "auditor" }), input: { id: actionId, data: { owner: "owner@example.test", status: "verified" } } })).rejects.toThrow();
    expect(await fresh()).toEqual([]);
    await updateAction({ ctx: testCtx(t.database.db, t.clock.now(), caller.actor, { role: "auditor" }), input: { id: actionId, data: { owner: "someone.without.account@example.test", due_date: "2026-11-15" } } });
    expect(await fresh()).toEqual(["action.assigned → someone.without.account@example.test"]);
  });

  it("a waiver request waits for a compliance officer", async () => {
    const w = await requestWaiver({ ctx: testCtx(t.database.db, t.clock.now(), "aud@example.test"), input: { planId, data: { rule_id: "REC-COMPLETE", reason: "tool migration", expires_on: "2026-11-20" } } });
    expect(await fresh()).toEqual(["waiver.awaiting_approval → co@example.test"]);
    await approveWaiver({ ctx: testCtx(t.database.db, t.clock.now(), "co@example.test"), input: { waiverId: w.id } });
    expect(await fresh()).toEqual([]);
  });

  it("the scan: a waiver expiring within 14 days, an action due within 7, each once", async () => {
    t.clock.set("2026-11-07T06:00:00Z"); // the waiver ends 11-20 (13 days), the action is due 11-15 (8 days)
    expect(await scan()).toBe(2);
    expect(await fresh()).toEqual(["waiver.expiring → aud@example.test", "waiver.expiring → co@example.test"]);
    t.clock.set("2026-11-08T06:00:00Z");
    expect(await scan()).toBe(1);
    expect(await fresh()).toEqual(["action.due_soon → someone.without.account@example.test"]);
    expect(await scan()).toBe(0);
  });

  it("the scan: overdue, and a periodic obligation due within 14 days", async () => {
    t.clock.set("2026-12-04T06:00:00Z"); // the drill is next due 2026-12-19: 15 days ahead
    expect(await scan()).toBe(1);
    expect(await fresh()).toEqual(["action.overdue → someone.without.account@example.test"]);
    t.clock.set("2026-12-05T06:00:00Z");
    expect(await scan()).toBe(2);
    expect(await fresh()).toEqual(["obligation.due → aud@example.test", "obligation.due → owner@example.test"]);
    expect(await scan()).toBe(0);
  });
});
