// Re-ingest reads the stored tickets of a batch as one JSON array per row (storedTickets): exactly what a plain
// SELECT of the same columns gives, doubles to the bit (the rollups subtract these values), nulls and text.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedTickets } from "../../server/ingest/tickets.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const tricky = [0.1 + 0.2, 1 / 3, 123456.78901234567, 5e-324, 1.7976931348623157e308, 2 ** -40, 120, -0.5, 59.99999999999999];

describe("storedTickets", () => {
  it("gives what a plain SELECT gives, every double to the bit", async () => {
    const items = tricky.map((_, i) =>
      ticket(i + 1, { category: i % 2 ? null : `категория «${i}» \u2028 "q"`, priority: i % 3 ? "general" : null, ...(i % 4 === 1 ? { problem_id: `PRB-${i}`, major_incident: true } : {}) }),
    );
    expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets: items }), role: "ingest" })).status).toBe(200);
    for (const [i, v] of tricky.entries()) {
      const id = items[i].id;
      // the REAL columns set to doubles that 15 digits would not carry, and one of each left null
      await t.database.db.run(sql`UPDATE tickets SET response_minutes = ${v}, resolution_minutes = ${i === 2 ? null : -v}, response_target = ${v / 3}, resolution_target = ${i === 4 ? null : v / 7},
        on_hold_minutes = ${i === 3 ? null : v / 5}, closure_minutes = ${v / 11}, closure_target = ${i === 5 ? null : -v / 13} WHERE id = ${id}`);
    }
    await t.database.db.run(sql`UPDATE tickets SET deleted_at = 1234 WHERE id = ${items[1].id}`);
    const ids = [...items.map((x) => x.id), "no-such-ticket"];
    const plain = await t.database.db.all<Record<string, unknown>>(sql`SELECT id, service_id AS serviceId, kind, priority, category, opened_at AS openedAt,
      resolved_at AS resolvedAt, satisfaction, response_minutes AS responseMinutes, resolution_minutes AS resolutionMinutes, response_target AS responseTarget,
      resolution_target AS resolutionTarget, deleted_at AS deletedAt, content_hash AS contentHash, problem_id AS problemId,
      major_incident AS majorIncident, complex, summary, assignee, resolution, channel, first_response_at AS firstResponseAt, closed_at AS closedAt,
      on_hold_minutes AS onHoldMinutes, closure_minutes AS closureMinutes, closure_target AS closureTarget, policy_id AS policyId,
      root_cause AS rootCause FROM tickets WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
    const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const viaJson = await storedTickets(t.database.db, ids);
    expect(viaJson).toHaveLength(tricky.length);
    expect(byId(viaJson as unknown as Record<string, unknown>[])).toEqual(byId(plain));
    // and by Object.is, number by number
    for (const row of viaJson) {
      const other = plain.find((p) => p.id === row.id)!;
      for (const k of ["responseMinutes", "resolutionMinutes", "responseTarget", "resolutionTarget", "onHoldMinutes", "closureMinutes", "closureTarget"] as const) expect(Object.is(row[k], other[k])).toBe(true);
    }
  });
});
