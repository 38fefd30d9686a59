// The overview in real Chromium for a manager: "waiting for you" comes first, lists the manager's actions (the one due
// within 7 days in amber), a click lands on the action; the verdict says "Not conformant" in red with the failing rule.
import { testCtx } from "../support/ctx.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun } from "../../audits/runs.js";
import { fixedClock } from "../../server/clock.js";
import { actions } from "../../server/db/schema.js";
import { emailOf, startHarness, type Harness } from "./browser.js";

let h: Harness;
let actionId: number;
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const clock = fixedClock("2026-11-24T12:00:00Z");
  // October's urgent incidents: one resolved in 180 minutes breaches the resolution limit (test/pages/seed.ts)
  const plan = await createPlan({ ctx: testCtx(db, clock.now(), "e2e"), input: { name: "Urgent incidents", rules: ["INC-RESOLVE-URGENT", "INC-RESP-URGENT"], owner: emailOf("manager") } });
  const run = await createRun({ ctx: testCtx(db, clock.now(), "e2e"), input: { planId: plan.id, trigger: "manual" } });
  expect(await executeRun(h.database, clock, run.id, "e2e:1")).toEqual({ runId: run.id, status: "completed" });
  const [action] = await db.select().from(actions);
  actionId = action.id;
  await db.update(actions).set({ dueDate: "2026-11-27" }).where(eq(actions.id, actionId));
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe("the manager's overview", () => {
  it("starts with what waits for the manager, links to the action, and states the verdict in words and colour", async () => {
    const { page } = await h.signIn("manager");
    const first = await page.$eval("main h1 + section", (s) => s.id);
    expect(first).toBe("waiting");
    const item = page.locator("#queue-due-soon li a");
    await expect(item.textContent()).resolves.toBe("Remediate INC-RESOLVE-URGENT (Urgent incidents), due 27 Nov 2026");
    expect(await item.evaluate((a) => getComputedStyle(a).color)).toBe("rgb(154, 103, 0)");
    const verdict = page.locator(".verdict-bad");
    await expect(verdict.textContent()).resolves.toBe("Not conformant");
    expect(await verdict.evaluate((e) => getComputedStyle(e).color)).toBe("rgb(207, 34, 46)");
    await expect(page.textContent(".failing-rules")).resolves.toContain("INC-RESOLVE-URGENT");
    await expect(page.textContent("#score-legend")).resolves.toContain("Green: 90 % or more");
    await h.screenshot(page, "overview-manager-queues");
    await Promise.all([page.waitForURL(/\/findings\?finding=\d+#action-\d+$/), item.click()]);
    await expect(page.locator(`#action-${actionId}`).isVisible()).resolves.toBe(true);
    await h.screenshot(page, "findings-from-queue");
    expect(h.errors).toEqual([]);
  }, 120_000);
});
