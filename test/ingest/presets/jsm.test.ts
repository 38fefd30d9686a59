// The Jira Service Management preset: the issue navigator's "Export CSV (all fields)", Jira's default dates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../support/app.js";
import { contractTicket, importPreset, storedTicket, ticketCount } from "./presets-support.js";

const header = "Summary,Issue key,Issue id,Issue Type,Status,Project key,Priority,Resolution,Assignee,Reporter,Created,Updated,Resolved,Components,Custom field (Date of First Response),Custom field (Satisfaction),Custom field (Time to first response),Custom field (Time to resolution)";
const issues = [
  "VPN drops every hour,SD-101,10101,Incident,Closed,SD,Highest,Done,Wang Fang,Chen Jie,02/Mar/26 9:05 AM,02/Mar/26 1:30 PM,02/Mar/26 1:30 PM,Network,02/Mar/26 9:20 AM,5,-15m,2h 35m",
  "\"New laptop, 16 GB\",SD-102,10102,Service Request,Waiting for support,SD,Medium,,,Chen Jie,03/Mar/26 10:00 AM,03/Mar/26 10:00 AM,,Workplace,,,,",
  "Recurring disk alerts on db-02,SD-103,10103,Problem,Under investigation,SD,High,,Wang Fang,Wang Fang,04/Mar/26 12:00 PM,05/Mar/26 8:00 AM,,Database,04/Mar/26 12:40 PM,,,",
  "Typo on the intranet page,SD-104,10104,Incident,Resolved,SD,Lowest,Won't Do,Li Na,Chen Jie,05/Mar/26 11:59 PM,06/Mar/26 12:10 AM,06/Mar/26 12:10 AM,Intranet,06/Mar/26 12:05 AM,2,,",
  "Firewall rule for the new office,SD-105,10105,Change,Open,SD,Low,,,Chen Jie,06/Mar/26 9:00 AM,06/Mar/26 9:00 AM,,Network,,,,",
];

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe("the jsm preset", () => {
  it("a dry run reports the issue type missing from the value map and refuses its row", async () => {
    const report = await importPreset(t, "jsm", [header, ...issues].join("\n"), { timezone: "Asia/Shanghai", service: "it-helpdesk", dryRun: true });
    expect(report).toMatchObject({
      dry_run: true, rows: 5, tickets: 5, inserted: 4, refused: 1,
      unmapped_columns: ["Issue id", "Status", "Project key", "Reporter", "Updated", "Components", "Custom field (Time to first response)", "Custom field (Time to resolution)"],
      missing_columns: ["Date of First Response", "Satisfaction rating"],
      unmapped_values: [{ field: "kind", column: "Issue Type", value: "Change", count: 1 }],
      refused_rows: [{ line: 6, field: "kind", message: 'Invalid option: expected one of "incident"|"request"|"problem"' }],
    });
    expect(await ticketCount(t)).toBe(0);
  });

  it("imports each issue field by field, Jira's 12-hour dates read in the given zone", async () => {
    const result = await importPreset(t, "jsm", [header, ...issues.slice(0, 4)].join("\n"), { timezone: "Asia/Shanghai", map: ["service=Components"] });
    expect(result).toMatchObject({ received: 4, inserted: 4 });
    expect(await storedTicket(t, "SD-101")).toEqual(
      contractTicket({ id: "SD-101", service: "Network", priority: "urgent", summary: "VPN drops every hour", assignee: "Wang Fang", resolution: "Done", opened_at: "2026-03-02T01:05:00.000Z", first_response_at: "2026-03-02T01:20:00.000Z", resolved_at: "2026-03-02T05:30:00.000Z", satisfaction: 5 }),
    );
    expect(await storedTicket(t, "SD-102")).toEqual(contractTicket({ id: "SD-102", kind: "request", service: "Workplace", priority: "general", summary: "New laptop, 16 GB", opened_at: "2026-03-03T02:00:00.000Z" }));
    expect(await storedTicket(t, "SD-103")).toEqual(
      contractTicket({ id: "SD-103", kind: "problem", service: "Database", priority: "important", summary: "Recurring disk alerts on db-02", assignee: "Wang Fang", opened_at: "2026-03-04T04:00:00.000Z", first_response_at: "2026-03-04T04:40:00.000Z" }),
    );
    expect(await storedTicket(t, "SD-104")).toEqual(
      contractTicket({ id: "SD-104", service: "Intranet", priority: "general", summary: "Typo on the intranet page", assignee: "Li Na", resolution: "Won't Do", opened_at: "2026-03-05T15:59:00.000Z", first_response_at: "2026-03-05T16:05:00.000Z", resolved_at: "2026-03-05T16:10:00.000Z", satisfaction: 2 }),
    );
  });
});
