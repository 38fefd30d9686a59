// GLPI ticket list exported as CSV from the search page (semicolon-separated, English interface).
import type { Preset } from "./preset.js";

export const glpi: Preset = {
  name: "glpi",
  title: "GLPI ticket CSV export",
  mapping: {
    name: "GLPI ticket CSV export",
    delimiter: ";",
    timezone: "UTC",
    date_formats: ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "dd-MM-yyyy HH:mm", "dd-MM-yyyy HH:mm:ss"],
    empty_values: [],
    fields: {
      id: "ID",
      kind: [{ column: "Type", values: { Incident: "incident", Request: "request" } }, { constant: "incident" }],
      priority: { column: "Priority", values: { Major: "urgent", "Very high": "urgent", High: "important", Medium: "general", Low: "general", "Very low": "general" } },
      category: "Category",
      summary: "Title",
      assignee: ["Assigned to - Technician", "Technician"],
      channel: "Request source",
      opened_at: "Opening date",
      first_response_at: "Take into account date",
      resolved_at: "Resolution date",
      closed_at: "Closing date",
    },
  },
};
