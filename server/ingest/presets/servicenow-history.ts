// ServiceNow audit-history export (one row per update): the newest update of an incident gives its final values,
// the sequence of states its first response, on-hold time and resolution.
import type { Preset } from "./preset.js";
import { serviceNowDateFormats, serviceNowFields } from "./servicenow.js";

export const servicenowHistory: Preset = {
  name: "servicenow-history",
  title: "ServiceNow audit-history export",
  mapping: {
    name: "ServiceNow audit-history export (one row per update)",
    timezone: "UTC",
    date_formats: serviceNowDateFormats,
    empty_values: ["?"],
    fields: {
      ...serviceNowFields,
      first_response_at: { derived: "first_response_at" },
      resolved_at: ["resolved_at", { derived: "resolved_at" }],
      on_hold_minutes: { derived: "on_hold_minutes" },
    },
    history: {
      ticket: "number",
      sequence: "sys_mod_count",
      updated_at: "sys_updated_at",
      state: "incident_state",
      new_states: ["New"],
      hold_states: ["On Hold"],
      hold_state_prefixes: ["Awaiting"],
      resolved_states: ["Resolved"],
    },
  },
};
