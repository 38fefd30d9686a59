// The ServiceNow audit-history preset: one row per update, grouped per incident; first response, on-hold time and
// resolution derived from the states; dd-mm-yyyy dates read in the zone given on the command line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../support/app.js";
import { contractTicket, importPreset, storedTicket, ticketCount } from "./presets-support.js";

const header = "number,sys_mod_count,sys_updated_at,incident_state,active,priority,impact,urgency,opened_at,resolved_at,closed_at,assignment_group,assigned_to,category,subcategory,contact_type,cmdb_ci,made_sla,reopen_count,closed_code,short_description";

// INC0010001: critical, waits for the user then goes on hold (10:00 → 12:00), resolved, reopened, resolved again, closed;
// its updates 1 and 2 come out of order. INC0010002: resolved_at never filled ("?"), so the Resolved update gives it.
// INC0010003: still New (no first response), yyyy-mm-dd dates. INC0010004: 4 - Low, created directly In Progress.
const rows = [
  "INC0010001,0,02-03-2026 09:00,New,true,1 - Critical,1 - High,1 - High,02-03-2026 09:00,?,?,Service Desk,?,Network,VPN,Phone,vpn-gw-01,true,0,?,VPN down for the Shanghai office",
  "INC0010001,2,02-03-2026 10:00,Awaiting User Info,true,1 - Critical,1 - High,1 - High,02-03-2026 09:00,?,?,Network,Li Wei,Network,VPN,Phone,vpn-gw-01,true,0,?,VPN down for the Shanghai office",
  "INC0010001,1,02-03-2026 09:10,In Progress,true,1 - Critical,1 - High,1 - High,02-03-2026 09:00,?,?,Network,Li Wei,Network,VPN,Phone,vpn-gw-01,true,0,?,VPN down for the Shanghai office",
  "INC0010001,3,02-03-2026 11:30,On Hold,true,1 - Critical,1 - High,1 - High,02-03-2026 09:00,?,?,Network,Li Wei,Network,VPN,Phone,vpn-gw-01,true,0,?,VPN down for the Shanghai office",
  "INC0010001,4,02-03-2026 12:00,In Progress,true,1 - Critical,1 - High,1 - High,02-03-2026 09:00,?,?,Network,Li Wei,Network,VPN,Phone,vpn-gw-01,true,0,?,VPN down for the Shanghai office",
  "INC0010001,5,02-03-2026 14:00,Resolved,true,1 - Critical,1 - High,1 - High,02-03-2026 09:00,02-03-2026 14:00,?,Network,Li Wei,Network,VPN,Phone,vpn-gw-01,true,0,Solved (Permanently),VPN down for the Shanghai office",
  "INC0010001,6,03-03-2026 09:00,In Progress,true,1 - Critical,1 - High,1 - High,02-03-2026 09:00,?,?,Network,Li Wei,Network,VPN,Phone,vpn-gw-01,true,1,?,VPN down for the Shanghai office",
  "INC0010001,7,03-03-2026 10:00,Resolved,true,1 - Critical,1 - High,1 - High,02-03-2026 09:00,03-03-2026 10:00,?,Network,Li Wei,Network,VPN,Phone,vpn-gw-01,false,1,Solved (Permanently),VPN down for the Shanghai office",
  "INC0010001,8,06-03-2026 10:00,Closed,false,1 - Critical,1 - High,1 - High,02-03-2026 09:00,03-03-2026 10:00,06-03-2026 10:00,Network,Li Wei,Network,VPN,Phone,vpn-gw-01,false,1,Solved (Permanently),VPN down for the Shanghai office",
  "INC0010002,0,05-03-2026 08:00,New,true,2 - High,2 - Medium,1 - High,05-03-2026 08:00,?,?,Service Desk,?,Software,Email,Self-service,mail-01,?,0,?,\"Outlook asks for the password, again\"",
  "INC0010002,1,05-03-2026 08:45,In Progress,true,2 - High,2 - Medium,1 - High,05-03-2026 08:00,?,?,Service Desk,Zhang Min,Software,Email,Self-service,mail-01,?,0,?,\"Outlook asks for the password, again\"",
  "INC0010002,2,05-03-2026 16:15,Resolved,true,2 - High,2 - Medium,1 - High,05-03-2026 08:00,?,?,Service Desk,Zhang Min,Software,Email,Self-service,mail-01,true,0,Workaround provided,\"Outlook asks for the password, again\"",
  "INC0010003,0,2026-03-09 17:20:00,New,true,3 - Moderate,3 - Low,2 - Medium,2026-03-09 17:20:00,,,Service Desk,,Inquiry / Help,,Email,,,0,,Printer on floor 3 prints blank pages",
  "INC0010004,0,10-03-2026 07:00,In Progress,true,4 - Low,3 - Low,3 - Low,10-03-2026 07:00,?,?,Service Desk,Li Wei,Hardware,Monitor,Walk-in,?,?,0,?,Second monitor flickers",
];
const csv = [header, ...rows].join("\r\n") + "\r\n";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("the servicenow-history preset", () => {
  it("imports one ticket per incident, field by field, with values derived from its updates", async () => {
    const result = await importPreset(t, "servicenow-history", csv, { timezone: "Asia/Shanghai", service: "it-helpdesk" });
    expect(result).toMatchObject({ dry_run: false, received: 4, inserted: 4, updated: 0 });
    expect(await ticketCount(t)).toBe(4);
    expect(await storedTicket(t, "INC0010001")).toEqual(
      contractTicket({
        id: "INC0010001",
        service: "it-helpdesk",
        priority: "urgent",
        category: "Network",
        summary: "VPN down for the Shanghai office",
        assignee: "Li Wei",
        resolution: "Solved (Permanently)",
        channel: "Phone",
        opened_at: "2026-03-02T01:00:00.000Z",
        first_response_at: "2026-03-02T01:10:00.000Z",
        // the final resolution, after the reopening
        resolved_at: "2026-03-03T02:00:00.000Z",
        closed_at: "2026-03-06T02:00:00.000Z",
        // Awaiting User Info 10:00, On Hold 11:30, back In Progress 12:00
        on_hold_minutes: 120,
      }),
    );
    expect(await storedTicket(t, "INC0010002")).toEqual(
      contractTicket({
        id: "INC0010002",
        service: "it-helpdesk",
        priority: "important",
        category: "Software",
        summary: "Outlook asks for the password, again",
        assignee: "Zhang Min",
        resolution: "Workaround provided",
        channel: "Self-service",
        opened_at: "2026-03-05T00:00:00.000Z",
        first_response_at: "2026-03-05T00:45:00.000Z",
        resolved_at: "2026-03-05T08:15:00.000Z",
        on_hold_minutes: 0,
      }),
    );
    expect(await storedTicket(t, "INC0010003")).toEqual(
      contractTicket({
        id: "INC0010003",
        service: "it-helpdesk",
        priority: "general",
        category: "Inquiry / Help",
        summary: "Printer on floor 3 prints blank pages",
        channel: "Email",
        opened_at: "2026-03-09T09:20:00.000Z",
        on_hold_minutes: 0,
      }),
    );
    expect(await storedTicket(t, "INC0010004")).toEqual(
      contractTicket({
        id: "INC0010004",
        service: "it-helpdesk",
        priority: "general",
        category: "Hardware",
        summary: "Second monitor flickers",
        assignee: "Li Wei",
        channel: "Walk-in",
        opened_at: "2026-03-09T23:00:00.000Z",
        first_response_at: "2026-03-09T23:00:00.000Z",
        on_hold_minutes: 0,
      }),
    );
  });

  it("refuses a file whose incident's rows are not together, writing nothing", async () => {
    const before = await ticketCount(t);
    const scattered = [header, rows[9], rows[0], rows[10]].join("\n");
    await expect(importPreset(t, "servicenow-history", scattered, { service: "it-helpdesk" })).rejects.toThrow("the updates of one ticket must be together in the file (sort the export by number); ticket 3 repeats the id of ticket 1; nothing was written");
    expect(await ticketCount(t)).toBe(before);
  });

  it("refuses an export without the history columns, naming them", async () => {
    const incidentOnly = "number,priority,opened_at,incident_state\nINC1,1 - Critical,02-03-2026 09:00,New\n";
    await expect(importPreset(t, "servicenow-history", incidentOnly, { service: "it-helpdesk" })).rejects.toThrow(/"sys_updated_at", "sys_mod_count"/);
  });
});
