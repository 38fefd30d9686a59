// What a Request Tracker ticket's history says, read without a server: the requestor's own replies are no response,
// on-hold time runs to now while still stalled, a reopened ticket has no resolution, priorities go through the map.
import { describe, expect, it } from "vitest";
import type { RtTicket, RtTransaction } from "../../server/connectors/rt/client.js";
import { historyFacts, rtInstant, ticketSqlDate } from "../../server/connectors/rt/derive.js";
import { mapPriority, resolveMapping } from "../../server/connectors/rt/mapping.js";
import { searchQuery } from "../../server/connectors/rt/sync.js";

const user = (id: string) => ({ id, type: "user" });
const ticket = (over: Partial<RtTicket> = {}): RtTicket => ({
  id: "7",
  Status: "open",
  Created: "2026-03-06T10:00:00Z",
  LastUpdated: "2026-03-06T12:00:00Z",
  Resolved: "1970-01-01T00:00:00Z",
  Requestor: [user("alice@example.com")],
  ...over,
});
const tx = (Type: string, Created: string, extra: Partial<RtTransaction> = {}): RtTransaction => ({ Type, Created, Creator: user("root"), ...extra });

describe("history facts", () => {
  it("the first Correspond by someone other than a requestor is the first response", () => {
    const facts = historyFacts(
      ticket(),
      [
        tx("Create", "2026-03-06T10:00:00Z", { Creator: user("alice@example.com") }),
        tx("Correspond", "2026-03-06T10:20:00Z", { Creator: user("ALICE@example.com") }),
        tx("Comment", "2026-03-06T10:30:00Z"),
        tx("Correspond", "2026-03-06T11:00:00Z"),
      ],
      Date.parse("2026-03-07T00:00:00Z"),
    );
    expect(facts.firstResponseAt).toBe("2026-03-06T11:00:00.000Z");
  });

  it("on-hold time sums every stalled stretch, the last one up to now while the ticket is still stalled", () => {
    const facts = historyFacts(
      ticket({ Status: "stalled" }),
      [
        tx("Status", "2026-03-06T10:00:00Z", { OldValue: "new", NewValue: "stalled", Field: "Status" }),
        tx("Status", "2026-03-06T10:30:00Z", { OldValue: "stalled", NewValue: "open", Field: "Status" }),
        tx("Status", "2026-03-06T11:00:00Z", { OldValue: "open", NewValue: "stalled", Field: "Status" }),
      ],
      Date.parse("2026-03-06T11:45:00Z"),
    );
    expect(facts.onHoldMinutes).toBe(75);
  });

  it("the last transition to resolved is the resolution, and a ticket reopened since has none", () => {
    const history = [
      tx("Status", "2026-03-06T11:00:00Z", { OldValue: "open", NewValue: "resolved", Field: "Status" }),
      tx("Status", "2026-03-06T12:00:00Z", { OldValue: "resolved", NewValue: "open", Field: "Status" }),
      tx("Status", "2026-03-06T13:00:00Z", { OldValue: "open", NewValue: "resolved", Field: "Status" }),
    ];
    expect(historyFacts(ticket({ Status: "resolved" }), history, 0).resolvedAt).toBe("2026-03-06T13:00:00.000Z");
    expect(historyFacts(ticket({ Status: "open" }), history.slice(0, 2), 0).resolvedAt).toBeNull();
  });
});

describe("values", () => {
  it("maps RT's numeric priorities and names with the default map, and a connector's own map first", () => {
    const defaults = resolveMapping({}).priority;
    expect([100, 67, 66, 34, 33, 0].map((p) => mapPriority(String(p), defaults))).toEqual(["urgent", "urgent", "important", "important", "general", "general"]);
    expect(mapPriority("High", defaults)).toBe("urgent");
    expect(mapPriority("", defaults)).toBeNull();
    const own = resolveMapping({ priority: { values: { "5": "urgent" }, ranges: [{ min: 10, priority: "important" }] } }).priority;
    expect([mapPriority("5", own), mapPriority("50", own), mapPriority("1", own)]).toEqual(["urgent", "important", null]);
  });

  it("reads RT's unset dates as null and writes TicketSQL dates as 'YYYY-MM-DD HH:MM:SS' UTC", () => {
    expect(rtInstant("1970-01-01T00:00:00Z")).toBeNull();
    expect(rtInstant("2026-03-06 16:05:00")).toBe("2026-03-06T16:05:00.000Z");
    expect(ticketSqlDate(Date.parse("2026-03-06T16:05:09.900Z"))).toBe("2026-03-06 16:05:09");
  });

  it("searches the queue, quoted, from five minutes before the cursor", () => {
    expect(searchQuery("Support", null)).toBe("Queue = 'Support'");
    expect(searchQuery("Bob's \\ desk", "2026-03-07 13:00:00")).toBe("Queue = 'Bob\\'s \\\\ desk' AND LastUpdated >= '2026-03-07 12:55:00'");
  });
});
