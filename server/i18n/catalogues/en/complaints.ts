// Complaints, low satisfaction follow-up, unprioritised tickets and the incident trend (issue 16): the rules' titles
// and remediation advice (equal to audits/rulebooks/iso20000-support.ts) and their result messages (see results.ts).
export const complaints = {
  "rule.COMPLAINT-RESPONSE.title": "Complaints: first response within 24 h",
  "rule.COMPLAINT-RESPONSE.remediation": "Route every complaint to a named owner on arrival, acknowledge it within 24 hours and review unanswered complaints daily.",
  "rule.COMPLAINT-ANSWERED.title": "Complaints closed with the response given",
  "rule.COMPLAINT-ANSWERED.remediation": "Record the response given to the complainant in the resolution of every complaint before closing it.",
  "rule.LOW-CSAT-FOLLOWUP.title": "Low satisfaction scores followed up within 5 days",
  "rule.LOW-CSAT-FOLLOWUP.remediation":
    "Contact every customer who scored 2 or less within 5 days of the resolution and record the follow-up as an activity naming the ticket.",
  "rule.UNPRIORITISED.title": "Incidents and requests carry a priority",
  "rule.UNPRIORITISED.remediation":
    "Make the priority mandatory when incidents and requests are logged, and set it on the listed tickets so that their time limits can be judged.",
  "rule.INCIDENT-RATE-TREND.title": "Incidents per service not rising",
  "rule.INCIDENT-RATE-TREND.remediation": "Analyse the incidents of the rising services for common causes, open problem records for them and act on the main causes.",

  // complaint_response: answered within target / judged (pending left out)
  "result.complaint.responseNone": "no complaint to judge{pending, plural, =0 {} other { ({pending, number, ::group-off} pending)}}",
  "result.complaint.response":
    "{value} % of {judged, number, ::group-off} complaints answered within {targetHours, number, ::group-off} h ({symbol} {threshold, number, ::group-off} % required); {breached, number, ::group-off} late, {pending, number, ::group-off} pending",
  // complaint_closure
  "result.complaint.closedNone": "no complaint closed in the period",
  "result.complaint.closed":
    "{answered, number, ::group-off} of {closed, number, ::group-off} complaints closed with a response ({symbol} {threshold, number, ::group-off} % required; {value} %); {bad, number, ::group-off} without",
  // low_satisfaction_followup: followed up / due (pending left out)
  "result.lowCsat.none":
    "no ticket scored {maxScore, number, ::group-off} or less due for follow-up{pending, plural, =0 {} other { ({pending, number, ::group-off} pending)}}",
  "result.lowCsat.measured":
    "{followed, number, ::group-off} of {due, number, ::group-off} tickets scored {maxScore, number, ::group-off} or less followed up within {withinDays, number, ::group-off} days ({symbol} {threshold, number, ::group-off} % required; {value} %); {missing, number, ::group-off} missing, {pending, number, ::group-off} pending",
  // unprioritised
  "result.unprioritised.measured":
    "{bad, number, ::group-off} of {population, number, ::group-off} tickets without a priority (at most {threshold, number, ::group-off} allowed)",
  // incident_trend: the two periods' counts of the services compared, and the largest rise
  "result.trend.noBaseline": "no ticket opened from {previousFrom} to {previousTo}, the previous period, to compare with",
  "result.trend.none": "no service with at least {minIncidents, number, ::group-off} {ticketKind}s in the period or the one before",
  "result.trend.measured":
    "{rising, number, ::group-off} of {compared, number, ::group-off} services rose by more than {risePercent, number, ::group-off} % against {previousFrom} to {previousTo} (at most {threshold, number, ::group-off} allowed): {previous, number, ::group-off} {ticketKind}s before, {current, number, ::group-off} in the period{rising, plural, =0 {} other {; largest rise {from, number, ::group-off} → {to, number, ::group-off}}}",
} as const;
