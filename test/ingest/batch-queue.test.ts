// JSON ticket batches are read, validated and written one at a time (server/routes/api/ingest.ts): a batch is
// written under the write lock anyway, and reading the next one meanwhile only held two batches' objects at once.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { takeMostBatchesHeld } from "../../server/routes/api/ingest.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
});
afterAll(() => t.close());

describe("JSON ticket batches posted together", () => {
  it("are taken one at a time, every one of them written, a refused one in between changing nothing", async () => {
    takeMostBatchesHeld();
    const batch = (k: number) => ({ tickets: Array.from({ length: 2000 }, (_, i) => ticket(k * 2000 + i + 1)) });
    const bad = { tickets: [ticket(99_999), { ...ticket(99_998), opened_at: "not a date" }] };
    const answers = await Promise.all([batch(0), batch(1), bad, batch(2)].map((body) => t.request("/api/v1/tickets", { ...jsonBody(body), role: "ingest" })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 400, 200]);
    expect(takeMostBatchesHeld()).toBe(1);
    const [{ n }] = await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets`);
    expect(n).toBe(6000);
  });
});
