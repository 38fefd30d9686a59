// Rules are data: REC-COMPLETE's fields and id pattern and the post-incident review's population are the rule's
// parameters, read by their evaluators' SQL; with other parameters than ingest derived the stored flag by, the SQL
// test agrees with ingest's JavaScript test of the same parameters.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incompleteRecord, reviewPopulation } from "../../audits/evaluators/ticket-conditions.js";
import { findRule } from "../../audits/rulebooks/index.js";
import type { RuleParams } from "../../audits/rulebooks/types.js";
import type { TicketInput } from "../../server/contract/index.js";
import { completenessTest, derivedCompleteness, type CompletenessFields } from "../../server/ingest/record-completeness.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;

const records: TicketInput[] = [
  ticket(1),
  ticket(2, { id: "OPS-7" }),
  ticket(3, { summary: "\u3000 " }),
  ticket(4, { assignee: null }),
  ticket(5, { resolution: "\u00a0" }),
  ticket(6, { resolved_at: null, resolution: null }),
  ticket(7, { id: "OPS-8", category: null }),
  ticket(8, { priority: "urgent" }),
  ticket(9, { priority: "important", kind: "request" }),
  ticket(10, { priority: "urgent", resolved_at: null, resolution: null }),
  ticket(11, { id: "it-2026-000011", summary: "\u200b" }),
];

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets: records }), role: "ingest" });
  expect(res.status, await res.clone().text()).toBe(200);
});
afterAll(() => t.close());

const idsWhere = async (cond: ReturnType<typeof sql>) =>
  (await t.database.db.all<{ id: string }>(sql`SELECT id FROM tickets WHERE ${cond} ORDER BY id`)).map((r) => r.id);

const stored = async () =>
  t.database.db.all<CompletenessFields>(sql`SELECT id, summary, category, priority, assignee, resolved_at AS resolvedAt, resolution FROM tickets ORDER BY id`);

describe("REC-COMPLETE's parameters", () => {
  it("are the built-in rule's, and the flag ingest stored is their test", async () => {
    const rule = findRule("iso20000-support", "REC-COMPLETE")!;
    expect(rule.params).toEqual({ requiredFields: ["summary", "category", "priority", "assignee"], requiredOnceResolved: ["resolution"], idPattern: "^[A-Z][A-Z0-9]*-\\d{4}-\\d{3,}$" });
    expect(rule.params).toBe(derivedCompleteness);
    const incomplete = await idsWhere(incompleteRecord(derivedCompleteness));
    expect(incomplete).toEqual(["IT-2026-000003", "IT-2026-000004", "IT-2026-000005", "OPS-7", "OPS-8", "it-2026-000011"]);
  });

  it("other parameters are tested in SQL as ingest's JavaScript tests them", async () => {
    const variants: RuleParams["record_completeness"][] = [
      { requiredFields: ["summary"], requiredOnceResolved: [], idPattern: "^OPS-\\d+$" },
      { requiredFields: ["assignee", "category"], requiredOnceResolved: ["resolution", "summary"], idPattern: "^[A-Za-z]+-" },
      { ...derivedCompleteness, idPattern: "^[A-Z][A-Z0-9]*-\\d{4}-\\d{3,}$" + "" /* equal by value: the flag */ },
      { requiredFields: [], requiredOnceResolved: [], idPattern: "." },
    ];
    const rows = await stored();
    for (const p of variants) {
      const test = completenessTest(p);
      const expected = rows.filter((r) => !test(r)).map((r) => r.id);
      expect(await idsWhere(incompleteRecord(p)), JSON.stringify(p)).toEqual(expected);
    }
    // the first variant differs from the stored flag: the parameters are read, not the flag
    expect(await idsWhere(incompleteRecord(variants[0]))).toEqual(rows.filter((r) => !r.id.startsWith("OPS-") || r.summary!.trim() === "").map((r) => r.id));
  });
});

describe("the post-incident review's population", () => {
  it("is the rule's ticket kind and priorities among resolved tickets", async () => {
    const rule = findRule("iso20000-support", "MAJOR-INCIDENT-REVIEW")!;
    expect(rule.kind === "incident_review" && rule.params).toMatchObject({ ticketKind: "incident", priorities: ["urgent"] });
    if (rule.kind !== "incident_review") throw new Error("kind");
    expect(await idsWhere(reviewPopulation(rule.params))).toEqual(["IT-2026-000008"]);
    expect(await idsWhere(reviewPopulation({ ...rule.params, ticketKind: "request", priorities: ["important"] }))).toEqual(["IT-2026-000009"]);
    expect(await idsWhere(reviewPopulation({ ...rule.params, priorities: ["urgent", "general"] }))).toHaveLength(8);
  });
});
