// Runs judge with exactly the rulebook version they recorded: when the built-in rulebook moves on (the next release
// bumps it), a run of 1.1.0 keeps being read and re-performed by the frozen 1.1.0, new runs record the new version,
// and a plan that names 1.1.0 keeps judging by it.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun } from "../../audits/runs.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import { rulebookOfRun } from "../../audits/rulebooks/store.js";
import type { Rulebook } from "../../audits/rulebooks/types.js";
import { currentBuiltIns } from "../../audits/rulebooks/versions.js";
import { verifyRun } from "../../audits/verify-run.js";
import { runResults } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const period = { type: "custom" as const, start: "2026-10-01T00:00:00Z", end: "2026-11-01T00:00:00Z" };

async function judged(planId: number) {
  const ctx = testCtx(t.database.db, t.clock.now());
  const run = await createRun({ ctx, input: { planId, trigger: "manual" } });
  expect((await executeRun(t.database, t.clock, run.id, "test:1"))?.status).toBe("completed");
  const [result] = await t.database.db.select().from(runResults).where(eq(runResults.runId, run.id));
  return { run, result };
}

describe("rulebook versions at run time", () => {
  it("keeps a run of 1.1.0 on the frozen 1.1.0 after the built-in rulebook changes", async () => {
    const ctx = testCtx(t.database.db, t.clock.now());
    const latest = await createPlan({ ctx, input: { name: "latest", rulebook: "iso20000-support", rules: ["INC-RESP-URGENT"], period } });
    const pinned = await createPlan({ ctx, input: { name: "pinned", rulebook: "iso20000-support", rulebook_version: "1.1.0", rules: ["INC-RESP-URGENT"], period } });
    expect((await judged(latest.id)).run.rulebookVersion).toBe(iso20000Support.version);
    const before = await judged(pinned.id);
    expect(before.run.rulebookVersion).toBe("iso20000-support@1.1.0");
    const original = currentBuiltIns[0];
    // what the next release does: a new version in code with a changed rule
    const next: Rulebook = { ...original, version: "iso20000-support@9.0.0", rules: original.rules.map((r) => (r.id === "INC-RESP-URGENT" ? { ...r, threshold: 99, severity: "minor" as const } : r)) };
    currentBuiltIns[0] = next;
    try {
      const old = await rulebookOfRun(t.database.db, before.run);
      expect(old.version).toBe("iso20000-support@1.1.0");
      expect(old.rules.find((r) => r.id === "INC-RESP-URGENT")).toMatchObject({ threshold: 95, severity: "major" });
      expect((await verifyRun(t.database, before.run.id)).differences).toEqual([]);
      const after = await judged(latest.id);
      expect(after.run.rulebookVersion).toBe("iso20000-support@9.0.0");
      expect(after.result.threshold).toBe(99);
      const kept = await judged(pinned.id);
      expect(kept.run.rulebookVersion).toBe("iso20000-support@1.1.0");
      expect(kept.result.threshold).toBe(95);
      // an unknown version is refused where the plan names it
      await expect(createPlan({ ctx, input: { name: "bad", rulebook: "iso20000-support", rulebook_version: "0.1.0", period } })).rejects.toMatchObject({ issues: [{ path: "rulebook_version" }] });
      const list = await (await t.request("/api/v1/rulebooks", { role: "viewer" })).json();
      const builtIn = list.rulebooks.find((b: { id: string }) => b.id === "iso20000-support");
      expect(builtIn.versions.map((v: { ref: string; runs: number }) => [v.ref, v.runs])).toEqual([["iso20000-support@1.1.0", 2], ["iso20000-support@2.0.0", 1], ["iso20000-support@9.0.0", 1]]);
    } finally {
      currentBuiltIns[0] = original;
    }
  });
});
