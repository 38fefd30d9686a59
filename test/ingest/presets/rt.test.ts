// The Request Tracker preset: the ticket search's Spreadsheet download (tab-separated), "Not set" and "Nobody" for empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../support/app.js";
import { contractTicket, importPreset, storedTicket } from "./presets-support.js";

const tsv = [
  ["id", "Subject", "Status", "Queue", "Owner", "Priority", "Requestors", "Created", "Started", "Resolved", "Told", "LastUpdated", "TimeWorked"],
  ["1201", "Wiki is slow", "resolved", "General", "alice", "High", "bob@example.com", "2026-03-02 09:00:00", "2026-03-02 09:12:00", "2026-03-02 11:00:00", "2026-03-02 11:00:00", "2026-03-02 11:00:00", "45 min"],
  ["1202", "Request: access to the finance share", "open", "General", "carol", "Medium", "dave@example.com", "2026-03-03 14:00:00", "2026-03-03 15:00:00", "Not set", "2026-03-03 15:00:00", "2026-03-03 15:00:00", "0"],
  ["1203", "Spam in the support queue", "new", "General", "Nobody", "Low", "eve@example.com", "2026-03-04 08:00:00", "Not set", "Not set", "Not set", "2026-03-04 08:00:00", "0"],
].map((r) => r.join("\t")).join("\n");

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("the rt preset", () => {
  it("imports each ticket field by field from the tab-separated search export", async () => {
    const result = await importPreset(t, "rt", tsv, { timezone: "America/New_York", service: "it-helpdesk" });
    expect(result).toMatchObject({ received: 3, inserted: 3, unmapped_columns: ["Status", "Queue", "Requestors", "Told", "LastUpdated", "TimeWorked"], unmapped_values: [] });
    const base = { service: "it-helpdesk" };
    expect(await storedTicket(t, "1201")).toEqual(
      contractTicket({ ...base, id: "1201", priority: "urgent", summary: "Wiki is slow", assignee: "alice", opened_at: "2026-03-02T14:00:00.000Z", first_response_at: "2026-03-02T14:12:00.000Z", resolved_at: "2026-03-02T16:00:00.000Z" }),
    );
    expect(await storedTicket(t, "1202")).toEqual(
      contractTicket({ ...base, id: "1202", priority: "important", summary: "Request: access to the finance share", assignee: "carol", opened_at: "2026-03-03T19:00:00.000Z", first_response_at: "2026-03-03T20:00:00.000Z" }),
    );
    expect(await storedTicket(t, "1203")).toEqual(contractTicket({ ...base, id: "1203", priority: "general", summary: "Spam in the support queue", opened_at: "2026-03-04T13:00:00.000Z" }));
  });
});
