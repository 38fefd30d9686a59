import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(1, { opened_at: "2026-11-02T08:00:00Z", first_response_at: null, resolved_at: null })] }), role: "ingest" });
});
afterAll(() => t.close());

const volumeCsv = async () => (await t.request("/kpis/volume.csv", { role: "viewer" })).text();

describe("memoised KPI answers", () => {
  it("serve the same answer until the data changes, then the new one", async () => {
    const first = await volumeCsv();
    expect(first).toBe("Category,General\r\nSystem failure,1\r\n");
    expect(await volumeCsv()).toBe(first);
    await t.request("/api/v1/tickets", { ...jsonBody({ tickets: [ticket(2, { opened_at: "2026-11-03T08:00:00Z" })] }), role: "ingest" });
    const after = await volumeCsv();
    expect(after).toBe("Category,General\r\nSystem failure,2\r\n");
  });

  it("follow a soft delete too", async () => {
    expect(await volumeCsv()).toBe("Category,General\r\nSystem failure,2\r\n");
    const res = await t.request("/api/v1/tickets/IT-2026-000002?reason=duplicate", { method: "DELETE", role: "ingest" });
    expect(res.status).toBe(200);
    expect(await volumeCsv()).toBe("Category,General\r\nSystem failure,1\r\n");
  });
});
