// "Overdue" is one rule judged on the organisation's local date: the overview, the findings page and the API agree,
// even in the hours when that date differs from the UTC date.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions, findings, plans } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  // 20:00 UTC on 24 November is already 25 November in Shanghai
  t = await buildTestApp({ now: "2026-11-24T20:00:00Z", config: { timezone: "Asia/Shanghai" } });
  const [plan] = await t.database.db.insert(plans).values({ name: "P", rulebook: "iso20000-support", thresholds: {}, period: { type: "previous_month" }, updatedAt: t.clock.now() }).returning();
  const [finding] = await t.database.db
    .insert(findings)
    .values({ planId: plan.id, ruleId: "INC-RESOLVE-URGENT", severity: "major", grade: "major_nonconformity", status: "open", title: "Urgent incidents late", description: "d", firstRunId: 1, lastRunId: 1, evidenceIds: [], updatedAt: t.clock.now() })
    .returning();
  await t.database.db.insert(actions).values({ findingId: finding.id, title: "Escalation review", description: "d", owner: "o@example.test", dueDate: "2026-11-24", status: "open", updatedAt: t.clock.now() });
});
afterAll(() => t.close());

describe("an action due yesterday in the organisation's time zone", () => {
  it("is overdue on the overview, as in the API", async () => {
    const api = await (await t.request("/api/v1/findings", { role: "viewer" })).json();
    expect(api.findings[0].actions[0].overdue).toBe(true);
    const { cookie } = await t.session("viewer");
    const page = await (await t.app.request("/", { headers: { accept: "text/html", cookie } })).text();
    expect(page).toContain("Overdue actions (1)");
    expect(page).toContain("Escalation review");
  });
});
