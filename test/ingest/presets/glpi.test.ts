// The GLPI preset: the ticket search exported as CSV, semicolon-separated, GLPI's six priorities and two types.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../support/app.js";
import { contractTicket, importPreset, storedTicket } from "./presets-support.js";

const csv = [
  "ID;Title;Entity;Status;Last update;Opening date;Priority;Requester - Requester;Assigned to - Technician;Category;Type;Request source;Take into account date;Resolution date;Closing date;Time to own;Time to resolve",
  "101;Mail server unreachable;Root entity;Closed;2026-03-05 10:00;2026-03-02 09:00;Major;jdupont;tech1;Network > Mail;Incident;Phone;2026-03-02 09:05;2026-03-02 10:30;2026-03-05 10:00;2026-03-02 09:15;2026-03-02 13:00",
  "102;Install accounting software;Root entity;Solved;2026-03-04 16:00;2026-03-03 08:00;Very high;mmartin;tech2;Software;Request;Helpdesk;2026-03-03 08:30;2026-03-04 16:00;;2026-03-03 09:00;2026-03-05 08:00",
  "103;Screen flickers;Root entity;Processing (assigned);2026-03-04 11:00;2026-03-04 10:00;High;mmartin;tech1;Hardware;Incident;E-Mail;2026-03-04 11:00;;;;",
  "104;Change my desk phone;Root entity;New;04-03-2026 14:00;04-03-2026 14:00;Medium;jdupont;;Telephony;Request;Direct;;;;;",
  "105;Old printer toner;Root entity;Pending;2026-03-04 15:00;2026-03-04 15:00;Low;jdupont;tech2;Hardware;Incident;Helpdesk;2026-03-04 15:30;;;;",
  "106;Wallpaper request;Root entity;New;2026-03-04 16:00;2026-03-04 16:00;Very low;mmartin;;;Request;Helpdesk;;;;;",
].join("\n");

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("the glpi preset", () => {
  it("imports each ticket field by field from the semicolon-separated export", async () => {
    const result = await importPreset(t, "glpi", csv, { timezone: "Europe/Paris", service: "it-helpdesk" });
    expect(result).toMatchObject({ received: 6, inserted: 6, unmapped_columns: ["Entity", "Status", "Last update", "Requester - Requester", "Time to own", "Time to resolve"], unmapped_values: [] });
    const base = { service: "it-helpdesk" };
    expect(await storedTicket(t, "101")).toEqual(
      contractTicket({ ...base, id: "101", priority: "urgent", category: "Network > Mail", summary: "Mail server unreachable", assignee: "tech1", channel: "Phone", opened_at: "2026-03-02T08:00:00.000Z", first_response_at: "2026-03-02T08:05:00.000Z", resolved_at: "2026-03-02T09:30:00.000Z", closed_at: "2026-03-05T09:00:00.000Z" }),
    );
    expect(await storedTicket(t, "102")).toEqual(
      contractTicket({ ...base, id: "102", kind: "request", priority: "urgent", category: "Software", summary: "Install accounting software", assignee: "tech2", channel: "Helpdesk", opened_at: "2026-03-03T07:00:00.000Z", first_response_at: "2026-03-03T07:30:00.000Z", resolved_at: "2026-03-04T15:00:00.000Z" }),
    );
    expect(await storedTicket(t, "103")).toEqual(
      contractTicket({ ...base, id: "103", priority: "important", category: "Hardware", summary: "Screen flickers", assignee: "tech1", channel: "E-Mail", opened_at: "2026-03-04T09:00:00.000Z", first_response_at: "2026-03-04T10:00:00.000Z" }),
    );
    expect(await storedTicket(t, "104")).toEqual(contractTicket({ ...base, id: "104", kind: "request", priority: "general", category: "Telephony", summary: "Change my desk phone", channel: "Direct", opened_at: "2026-03-04T13:00:00.000Z" }));
    expect(await storedTicket(t, "105")).toMatchObject({ priority: "general", kind: "incident", first_response_at: "2026-03-04T14:30:00.000Z" });
    expect(await storedTicket(t, "106")).toMatchObject({ priority: "general", kind: "request", category: null, assignee: null });
  });
});
