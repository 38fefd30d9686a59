// Request Tracker: the ticket search's "Spreadsheet" download (Results.tsv, tab-separated).
// Checked against RT 5.0.3's own source (Debian's request-tracker5): html/Elements/TSVExport heads each column with
// its title, else its attribute ("#" becomes "id"); html/Elements/RT__Ticket/ColumnMap writes Priority as
// PriorityAsString (RT_Config.pm's default: Low 0, Medium 50, High 100), or the number when a queue disables it;
// RT::Date's DefaultFormat is "Tue Mar 03 09:00:00 2026" and an unset date reads "Not set"; RT::Ticket::_SetStatus
// sets Started when a ticket first leaves an initial status.
import type { Preset } from "./preset.js";

export const rt: Preset = {
  name: "rt",
  title: "Request Tracker ticket search export",
  mapping: {
    name: "Request Tracker ticket search (Spreadsheet download)",
    delimiter: "\t",
    timezone: "UTC",
    // ISO-like first (a user's "DateTimeFormat" preference), then RT's default display format
    date_formats: ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "EEE LLL dd HH:mm:ss yyyy"],
    empty_values: ["Not set", "Nobody"],
    fields: {
      id: "id",
      kind: { constant: "incident" },
      priority: { column: "Priority", values: { High: "urgent", Medium: "important", Low: "general", "100": "urgent", "50": "important", "0": "general" } },
      summary: "Subject",
      assignee: "Owner",
      opened_at: "Created",
      // RT sets Started when a ticket first leaves its initial status ("new")
      first_response_at: "Started",
      resolved_at: "Resolved",
    },
  },
};
