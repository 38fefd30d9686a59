// A running run's page shows how far it is: a progress bar of its steps (the ticket pass's slices, each rule judged
// on its own, the final write), in the reader's language; the steps are forgotten once the run has ended.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { progressOf } from "../../audits/run-progress.js";
import { scanSlices } from "../../audits/run-scope.js";
import { createRun } from "../../audits/runs.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import { evaluatorOf } from "../../audits/evaluators/registry.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { testCtx } from "../support/ctx.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-05T03:00:00Z" });
  const tickets = Array.from({ length: 300 }, (_, i) => ticket(i + 1));
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
});
afterAll(() => t.close());

describe("run progress", () => {
  it("shows every step but the final write done once the rules are judged, then forgets the run", async () => {
    // the period holds every ticket: the pass reads the table in slices of 50 rowids (6 slices of 300 tickets)
    const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "progress", timezone: "UTC", period: { type: "custom", start: "2026-09-01T00:00:00Z", end: "2026-11-01T00:00:00Z" } } });
    const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
    const own = iso20000Support.rules.filter((r) => evaluatorOf(r).mode === "own").length;
    const saved = scanSlices.rowids;
    scanSlices.rowids = 50;
    const seen: { en: string; zh: string; progress: ReturnType<typeof progressOf> } = { en: "", zh: "", progress: null };
    try {
      const outcome = await executeRun(t.database, t.clock, run.id, "test:1", {
        afterEvaluate: async (id) => {
          seen.progress = progressOf(id);
          seen.en = await (await t.request(`/runs/${id}/progress`, { role: "viewer", headers: { accept: "text/html" } })).text();
          seen.zh = await (await t.request(`/runs/${id}/progress`, { role: "viewer", headers: { accept: "text/html", "accept-language": "zh-CN" } })).text();
        },
      });
      expect(outcome?.status).toBe("completed");
    } finally {
      scanSlices.rowids = saved;
    }
    const total = 6 + own + 1;
    expect(seen.progress).toEqual({ done: total - 1, total });
    expect(seen.en).toContain(`<progress max="${total}" value="${total - 1}"`);
    expect(seen.en).toContain(`${Math.floor((100 * (total - 1)) / total)}% done (${total - 1} of ${total} steps`);
    expect(seen.zh).toContain(`已完成 ${Math.floor((100 * (total - 1)) / total)}%`);
    expect(progressOf(run.id)).toBeNull();
    // a finished run's progress answer reloads the page and shows no bar
    const after = await t.request(`/runs/${run.id}/progress`, { role: "viewer", headers: { accept: "text/html" } });
    expect(after.headers.get("hx-refresh")).toBe("true");
    expect(await after.text()).not.toContain("<progress");
  });
});
