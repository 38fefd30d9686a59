// ServiceNow incident table export (one row per incident), the list's CSV export with display values.
import type { ImportMappingInput } from "./mapping.js";
import type { Preset } from "./preset.js";

/** ServiceNow's five priorities (display value or number): 1 urgent, 2 important, 3 to 5 general. */
export const serviceNowPriorities = {
  "1 - Critical": "urgent",
  "1": "urgent",
  "2 - High": "important",
  "2": "important",
  "3 - Moderate": "general",
  "3": "general",
  "4 - Low": "general",
  "4": "general",
  "5 - Planning": "general",
  "5": "general",
};

/** Both of ServiceNow's date settings: dd-mm-yyyy (the default) and yyyy-mm-dd, with or without seconds. */
export const serviceNowDateFormats = ["dd-MM-yyyy HH:mm:ss", "dd-MM-yyyy HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];

export const serviceNowFields: ImportMappingInput["fields"] = {
  id: "number",
  kind: { constant: "incident" },
  priority: { column: "priority", values: serviceNowPriorities },
  category: "category",
  summary: "short_description",
  assignee: "assigned_to",
  resolution: ["close_code", "closed_code"],
  channel: "contact_type",
  opened_at: "opened_at",
  resolved_at: "resolved_at",
  closed_at: "closed_at",
};

export const servicenow: Preset = {
  name: "servicenow",
  title: "ServiceNow incident table export",
  mapping: {
    name: "ServiceNow incident table export (one row per incident)",
    timezone: "UTC",
    date_formats: serviceNowDateFormats,
    empty_values: ["?"],
    fields: serviceNowFields,
  },
};
