// The ServiceNow incident-table preset, field by field; and what every preset import shares: the dry run, --map,
// --service and --timezone, value maps and refused rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../support/app.js";
import { contractTicket, importPreset, storedTicket, ticketCount } from "./presets-support.js";

const header = "number,incident_state,active,priority,impact,urgency,opened_at,resolved_at,closed_at,sys_updated_at,sys_mod_count,assignment_group,assigned_to,category,subcategory,contact_type,cmdb_ci,made_sla,reopen_count,close_code,short_description,u_business_service";
// dates in the instance's zone, Europe/Berlin: CET (+01:00) before 29 March 2026, CEST (+02:00) after
const incidents = [
  "INC0020001,Closed,false,1 - Critical,1 - High,1 - High,27-03-2026 23:30,28-03-2026 02:10,31-03-2026 09:00,31-03-2026 09:00,9,Network,Anna Schmidt,Network,DNS,Phone,dns-01,false,0,Solved (Permanently),Name resolution fails company-wide,Network",
  "INC0020002,Resolved,true,2 - High,2 - Medium,1 - High,30-03-2026 08:15:00,30-03-2026 11:45:00,?,30-03-2026 11:45,4,Service Desk,Jonas Weber,Software,Email,Email,mail-01,true,1,Workaround provided,\"Shared mailbox \"\"Sales\"\" not syncing\",Email",
  "INC0020003,In Progress,true,3 - Moderate,3 - Low,2 - Medium,2026-04-01 10:00:00,?,?,2026-04-01 10:30:00,2,Service Desk,?,Inquiry / Help,?,Self-service,?,?,0,?,Password reset link expired,Identity",
  "INC0020004,On Hold,true,4 - Low,3 - Low,3 - Low,01-04-2026 16:00,,,01-04-2026 16:05,1,Service Desk,Jonas Weber,Hardware,Keyboard,Walk-in,,,0,,Keyboard missing keys,Workplace",
  "INC0020005,New,true,5 - Planning,3 - Low,3 - Low,02-04-2026 09:00,?,?,02-04-2026 09:00,0,Service Desk,?,Hardware,?,Email,?,?,0,?,Plan the monitor refresh,Workplace",
];
const csv = [header, ...incidents].join("\n") + "\n";
const withUnknownPriority = csv + "INC0020006,New,true,6 - Unknown,3 - Low,3 - Low,02-04-2026 10:00,?,?,02-04-2026 10:00,0,Service Desk,?,Hardware,?,Email,?,?,0,?,Odd priority,Workplace\n" + "INC0020007,New,true,3 - Moderate,3 - Low,3 - Low,31-02-2026 10:00,?,?,02-04-2026 10:00,0,Service Desk,?,Hardware,?,Email,?,?,0,?,Impossible date,Workplace\n";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("the servicenow preset", () => {
  it("a dry run writes nothing and reports rows, tickets, unmapped columns and values, refused rows with line and field", async () => {
    const report = await importPreset(t, "servicenow", withUnknownPriority, { timezone: "Europe/Berlin", service: "it-helpdesk", dryRun: true });
    expect(report).toEqual({
      dry_run: true,
      rows: 7,
      tickets: 7,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      refused: 2,
      unmapped_columns: ["incident_state", "active", "impact", "urgency", "sys_updated_at", "sys_mod_count", "assignment_group", "subcategory", "cmdb_ci", "made_sla", "reopen_count", "u_business_service"],
      missing_columns: ["closed_code"],
      unmapped_values: [{ field: "priority", column: "priority", value: "6 - Unknown", count: 1 }],
      refused_rows: [
        { line: 7, field: "priority", message: 'Invalid option: expected one of "urgent"|"important"|"general"' },
        { line: 8, field: "opened_at", message: 'cannot read "31-02-2026 10:00" as a date (formats dd-MM-yyyy HH:mm:ss, dd-MM-yyyy HH:mm, yyyy-MM-dd HH:mm:ss, yyyy-MM-dd HH:mm or ISO 8601, in Europe/Berlin)' },
      ],
      // the record rules on the five written tickets (test/data-quality/ covers the report itself); ServiceNow's
      // INC0020001 is not shaped like IT-2026-001, so every incident misses REC-COMPLETE's id test
      quality: expect.objectContaining({ tickets: 5, incomplete: 5, offending: 5 }),
    });
    expect(await ticketCount(t)).toBe(0);
  });

  it("a refused row's line counts the line breaks inside quoted cells", async () => {
    const multiLine = `number,priority,opened_at,short_description\nINC1,1 - Critical,02-03-2026 09:00,"Two lines:\nfirst, then second"\nINC2,0 - Urgent!,02-03-2026 09:00,One line\n`;
    const report = await importPreset(t, "servicenow", multiLine, { service: "it-helpdesk", dryRun: true });
    expect(report).toMatchObject({ rows: 2, refused: 1, refused_rows: [{ line: 4, field: "priority" }] });
  });

  it("a real import with a refused row writes nothing", async () => {
    await expect(importPreset(t, "servicenow", withUnknownPriority, { timezone: "Europe/Berlin", service: "it-helpdesk" })).rejects.toThrow(/line\.7\.priority.*\(line 7\)/);
    expect(await ticketCount(t)).toBe(0);
  });

  it("imports each incident field by field, dates read in the given zone across the change to summer time", async () => {
    const result = await importPreset(t, "servicenow", csv, { timezone: "Europe/Berlin", service: "it-helpdesk" });
    expect(result).toMatchObject({ dry_run: false, received: 5, inserted: 5, updated: 0 });
    const base = { service: "it-helpdesk" };
    expect(await storedTicket(t, "INC0020001")).toEqual(
      contractTicket({ ...base, id: "INC0020001", priority: "urgent", category: "Network", summary: "Name resolution fails company-wide", assignee: "Anna Schmidt", resolution: "Solved (Permanently)", channel: "Phone", opened_at: "2026-03-27T22:30:00.000Z", resolved_at: "2026-03-28T01:10:00.000Z", closed_at: "2026-03-31T07:00:00.000Z" }),
    );
    expect(await storedTicket(t, "INC0020002")).toEqual(
      contractTicket({ ...base, id: "INC0020002", priority: "important", category: "Software", summary: 'Shared mailbox "Sales" not syncing', assignee: "Jonas Weber", resolution: "Workaround provided", channel: "Email", opened_at: "2026-03-30T06:15:00.000Z", resolved_at: "2026-03-30T09:45:00.000Z" }),
    );
    expect(await storedTicket(t, "INC0020003")).toEqual(contractTicket({ ...base, id: "INC0020003", priority: "general", category: "Inquiry / Help", summary: "Password reset link expired", channel: "Self-service", opened_at: "2026-04-01T08:00:00.000Z" }));
    expect(await storedTicket(t, "INC0020004")).toEqual(contractTicket({ ...base, id: "INC0020004", priority: "general", category: "Hardware", summary: "Keyboard missing keys", assignee: "Jonas Weber", channel: "Walk-in", opened_at: "2026-04-01T14:00:00.000Z" }));
    expect(await storedTicket(t, "INC0020005")).toEqual(contractTicket({ ...base, id: "INC0020005", priority: "general", category: "Hardware", summary: "Plan the monitor refresh", channel: "Email", opened_at: "2026-04-02T07:00:00.000Z" }));
  });

  it("a dry run of the same file again reports updates only where --map changes a field", async () => {
    const same = await importPreset(t, "servicenow", csv, { timezone: "Europe/Berlin", service: "it-helpdesk", dryRun: true });
    expect(same).toMatchObject({ rows: 5, inserted: 0, updated: 0, unchanged: 5, refused: 0 });
    // --map category=subcategory: a different column fills category, of every incident ("?" and empty = null)
    const remapped = await importPreset(t, "servicenow", csv, { timezone: "Europe/Berlin", service: "it-helpdesk", dryRun: true, map: ["category=subcategory"] });
    expect(remapped).toMatchObject({ rows: 5, inserted: 0, updated: 5, unchanged: 0, refused: 0 });
    expect(await storedTicket(t, "INC0020001")).toMatchObject({ category: "Network" });
  });

  it("--map takes the service from a column and keeps the value map of a column it replaces", async () => {
    const result = await importPreset(t, "servicenow", csv.replace("priority,impact", "prio,impact"), { timezone: "Europe/Berlin", map: ["service=u_business_service", "priority=prio", "category=subcategory"] });
    expect(result).toMatchObject({ received: 5, inserted: 0, updated: 5 });
    expect(await storedTicket(t, "INC0020001")).toMatchObject({ service: "Network", priority: "urgent", category: "DNS" });
    expect(await storedTicket(t, "INC0020003")).toMatchObject({ service: "Identity", priority: "general", category: null });
  });

  it("without --service or a service column the header is refused, saying how to give one", async () => {
    await expect(importPreset(t, "servicenow", csv)).rejects.toThrow("service is not mapped; name its column with --map service=COLUMN or give --service NAME");
  });

  it("--map of a field the contract does not have is refused", async () => {
    await expect(importPreset(t, "servicenow", csv, { map: ["severity=impact"] })).rejects.toThrow("--map severity=impact: expected FIELD=COLUMN with FIELD one of id, kind");
  });
});
