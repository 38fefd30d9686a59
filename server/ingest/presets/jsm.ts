// Jira Service Management: the issue navigator's "Export CSV (all fields)".
import type { Preset } from "./preset.js";

export const jsm: Preset = {
  name: "jsm",
  title: "Jira Service Management CSV export",
  mapping: {
    name: "Jira Service Management CSV export",
    timezone: "UTC",
    // Jira's default date-time format (11/Mar/26 9:05 AM), then the ISO-like ones an admin may configure
    date_formats: ["dd/LLL/yy h:mm a", "d/LLL/yy h:mm a", "dd/LLL/yy HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy HH:mm"],
    empty_values: [],
    fields: {
      id: "Issue key",
      kind: {
        column: "Issue Type",
        values: { Incident: "incident", "Service Request": "request", "Service Request with Approvals": "request", "IT help": "request", Problem: "problem" },
      },
      priority: { column: "Priority", values: { Highest: "urgent", High: "important", Medium: "general", Low: "general", Lowest: "general" } },
      summary: "Summary",
      assignee: "Assignee",
      resolution: "Resolution",
      opened_at: "Created",
      first_response_at: ["Date of First Response", "Custom field (Date of First Response)"],
      resolved_at: "Resolved",
      satisfaction: ["Satisfaction rating", "Custom field (Satisfaction)"],
    },
  },
};
