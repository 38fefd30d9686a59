// Problem management and major incidents (issue 16), through the real HTTP API: the ticket fields problem_id,
// root_cause and major_incident in JSON and CSV ingest, re-posts, history and the ticket page; and the rules
// PROBLEM-RECORDS, RECURRING-NO-PROBLEM, PROBLEM-REVIEW-QUARTER, MAJOR-INC-INFORMED and MAJOR-INC-PLAN-REVIEW run
// by the engine over hand-made edge cases, compared with the independent computation of reference-rules.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityInput, TicketInput } from "../../server/contract/index.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { referenceProblemAndMajorIncidentRules, referenceResults } from "./reference-rules.js";

let t: TestApp;
const post = (path: string, body: unknown) => t.request(path, { ...jsonBody(body), role: "ingest" });

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-05T03:00:00Z" });
});
afterAll(() => t.close());

describe("debug", () => {
  it("runs", async () => {
    const tickets: TicketInput[] = [
      { id: "PRB-2026-001", kind: "problem", service: "mail", opened_at: "2026-10-02T00:00:00Z", resolved_at: "2026-10-10T00:00:00Z", root_cause: "disk" },
      { id: "IT-2026-001", kind: "incident", service: "mail", category: "x", opened_at: "2026-10-02T00:00:00Z", problem_id: "PRB-2026-001", major_incident: true },
    ];
    expect((await post("/api/v1/tickets", { tickets })).status).toBe(200);
    const plan = await t.request("/api/v1/plans", { ...jsonBody({ name: "p", period: { type: "previous_month" } }), role: "auditor" });
    const p = (await plan.json()) as { id: number };
    const run = await t.request(`/api/v1/plans/${p.id}/runs`, { method: "POST", role: "auditor" });
    const r = (await run.json()) as { id: number };
    for (let i = 0; i < 50; i++) {
      const res = (await (await t.request(`/api/v1/runs/${r.id}`, { role: "auditor" })).json()) as { status: string; results: { rule_id: string; status: string; message: string }[] };
      if (res.status === "completed") {
        console.log(res.results.filter((x) => /PROBLEM|RECURRING|MAJOR-INC/.test(x.rule_id)));
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
