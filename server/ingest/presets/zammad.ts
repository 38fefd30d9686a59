// Zammad ticket export (the reporting profile's download, or the tickets API's fields as columns).
import type { Preset } from "./preset.js";

export const zammad: Preset = {
  name: "zammad",
  title: "Zammad ticket export",
  mapping: {
    name: "Zammad ticket export",
    timezone: "UTC",
    date_formats: ["yyyy-MM-dd HH:mm:ss 'UTC'", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "dd.MM.yyyy HH:mm"],
    empty_values: ["-"],
    fields: {
      id: "number",
      kind: { constant: "incident" },
      priority: { column: "priority", values: { "3 high": "urgent", "2 normal": "important", "1 low": "general" } },
      summary: "title",
      assignee: "owner",
      opened_at: "created_at",
      first_response_at: "first_response_at",
      // Zammad has no resolved state: a ticket is done when it is closed
      resolved_at: "close_at",
      closed_at: "close_at",
    },
  },
};
