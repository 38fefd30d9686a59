// Findings and improvement actions (English).
export const findings = {
  // findings
  "findings.title": "Findings and actions",
  "findings.status": "Status",
  "findings.severity": "Severity",
  "findings.plan": "Plan",
  "findings.owner": "Owner",
  "findings.due": "Due",
  "findings.overdue": "Overdue",
  "findings.overdueOnly": "overdue actions only",
  "findings.noOwner": "no owner",
  "findings.noDue": "no due date",
  "findings.ownerDue": "Owner {owner} · {due}",
  "findings.dueOn": "due {date}",
  "findings.mine": "yours",
  "findings.showAll": "← All findings",
  "findings.empty": "No findings match. Findings are raised when a rule fails in an audit run; change the filters or run a plan.",
  "findings.meta": "Plan {plan} · seen in {recurrence, plural, one {# run} other {# runs}} · {evidence, plural, one {# offending record} other {# offending records}}",
  "findings.firstRun": "first run #{id}",
  "findings.lastRun": "latest run #{id}",
  "findings.remediate": "Remediate {rule}",
} as const;
