// The Zammad preset: a ticket export with Zammad's three priorities and "-" for empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../support/app.js";
import { contractTicket, importPreset, storedTicket } from "./presets-support.js";

const csv = [
  "number,title,state,priority,group,owner,customer,organization,created_at,updated_at,first_response_at,close_at,article_count",
  "31001,Cannot print invoices,closed,3 high,Users,Max Mustermann,Erika Muster,Muster GmbH,2026-03-27 08:00:00,2026-03-27 12:00:00,2026-03-27 08:10:00,2026-03-27 12:00:00,4",
  "31002,Question about the VPN client,open,2 normal,Users,Max Mustermann,Hans Huber,Huber AG,2026-03-30 09:30:00,2026-03-30 10:00:00,2026-03-30 10:00:00,-,2",
  "31003,Newsletter unsubscribe,pending close,1 low,Sales,-,Lisa Klein,-,2026-03-31 17:45:00,2026-03-31 18:00:00,-,-,1",
].join("\n");

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("the zammad preset", () => {
  it("imports each ticket field by field, dates read in the given zone", async () => {
    const result = await importPreset(t, "zammad", csv, { timezone: "Europe/Berlin", service: "customer-support" });
    expect(result).toMatchObject({ received: 3, inserted: 3, unmapped_columns: ["state", "group", "customer", "organization", "updated_at", "article_count"], unmapped_values: [] });
    const base = { service: "customer-support" };
    expect(await storedTicket(t, "31001")).toEqual(
      contractTicket({ ...base, id: "31001", priority: "urgent", summary: "Cannot print invoices", assignee: "Max Mustermann", opened_at: "2026-03-27T07:00:00.000Z", first_response_at: "2026-03-27T07:10:00.000Z", resolved_at: "2026-03-27T11:00:00.000Z", closed_at: "2026-03-27T11:00:00.000Z" }),
    );
    expect(await storedTicket(t, "31002")).toEqual(
      contractTicket({ ...base, id: "31002", priority: "important", summary: "Question about the VPN client", assignee: "Max Mustermann", opened_at: "2026-03-30T07:30:00.000Z", first_response_at: "2026-03-30T08:00:00.000Z" }),
    );
    expect(await storedTicket(t, "31003")).toEqual(contractTicket({ ...base, id: "31003", priority: "general", summary: "Newsletter unsubscribe", opened_at: "2026-03-31T15:45:00.000Z" }));
  });
});
