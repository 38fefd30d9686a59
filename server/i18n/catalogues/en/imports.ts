// The Data page's import of another ticketing system's export: format, service, time zone, preview.
export const imports = {
  "imports.format": "Export format",
  "imports.format.assay": "Assay ticket fields",
  "imports.format.servicenow": "ServiceNow incident table",
  "imports.format.servicenow-history": "ServiceNow audit history",
  "imports.format.jsm": "Jira Service Management",
  "imports.format.zammad": "Zammad",
  "imports.format.glpi": "GLPI",
  "imports.format.rt": "Request Tracker",
  "imports.service": "Service of every ticket",
  "imports.timezone": "Time zone of the dates",
  "imports.preview": "Preview only (writes nothing)",
  "imports.previewDone": "Preview: {rows} rows read, {tickets} tickets; {inserted} would be new, {updated} updated; {refused} refused.",
  "imports.previewUnmapped": "Columns not used: {columns}",
  "imports.previewRefused": "Refused:",
  "imports.help": "An export of another ticketing system: choose its format (the README lists the columns each format reads); preview first.",
} as const;
