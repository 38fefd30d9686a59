// Request Tracker: the ticket search's "Spreadsheet" download (Results.tsv, tab-separated).
import type { Preset } from "./preset.js";

export const rt: Preset = {
  name: "rt",
  title: "Request Tracker ticket search export",
  mapping: {
    name: "Request Tracker ticket search (Spreadsheet download)",
    delimiter: "\t",
    timezone: "UTC",
    date_formats: ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "EEE LLL dd HH:mm:ss yyyy"],
    empty_values: ["Not set", "Nobody"],
    fields: {
      id: "id",
      kind: { constant: "incident" },
      priority: { column: "Priority", values: { High: "urgent", Medium: "important", Low: "general" } },
      summary: "Subject",
      assignee: "Owner",
      opened_at: "Created",
      // RT sets Started when a ticket first leaves its initial status ("new")
      first_response_at: "Started",
      resolved_at: "Resolved",
    },
  },
};
