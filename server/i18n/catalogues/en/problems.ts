// Problem management and major incidents (English): the rules PROBLEM-RECORDS, RECURRING-NO-PROBLEM,
// PROBLEM-REVIEW-QUARTER, MAJOR-INC-INFORMED and MAJOR-INC-PLAN-REVIEW (titles, remediations, result messages),
// and the ticket page's problem links. Counts print without grouping, as the other result messages do.
export const problems = {
  "rule.PROBLEM-RECORDS.title": "Resolved problems carry a root cause and linked incidents",
  "rule.PROBLEM-RECORDS.remediation": "Record the root cause of every problem before resolving it, and link the incidents it caused to the problem record.",
  "rule.RECURRING-NO-PROBLEM.title": "Recurring incidents are handled as problems",
  "rule.RECURRING-NO-PROBLEM.remediation": "Open a problem record for incidents that recur in the same service and category, link those incidents to it and find the root cause.",
  "rule.PROBLEM-REVIEW-QUARTER.title": "Problem review in the last 92 days",
  "rule.PROBLEM-REVIEW-QUARTER.remediation": "Review open problems, recurring incidents and their root causes at least quarterly and record the review.",
  "rule.MAJOR-INC-INFORMED.title": "Management informed of major incidents within 1 h",
  "rule.MAJOR-INC-INFORMED.remediation": "Inform management of every major incident within 1 hour of its opening and record the notification with the ticket id.",
  "rule.MAJOR-INC-PLAN-REVIEW.title": "Emergency plan reviewed within 30 days after a major incident",
  "rule.MAJOR-INC-PLAN-REVIEW.remediation": "Review and update the emergency plan within 30 days after every major incident is resolved, and record the review.",
  // problem_records
  "result.problems.none": "no problem resolved in the period",
  "result.problems.measured":
    "{documented, number, ::group-off} of {resolved, number, ::group-off} problems resolved in the period carry a root cause and a linked incident ({symbol} {threshold, number, ::group-off} % required; {value} %); {noCause, number, ::group-off} without a root cause, {unlinked, number, ::group-off} without a linked incident, {impossible, number, ::group-off} resolved before opened",
  // recurring_incidents
  "result.recurring.none": "no categorised incident opened in the period",
  "result.recurring.measured":
    "{groups, number, ::group-off} service and category pairs with at least {minIncidents, number, ::group-off} incidents, none linked to a problem record ({incidents, number, ::group-off} of {population, number, ::group-off} incidents; at most {threshold, number, ::group-off} allowed)",
  // major_incident_notification
  "result.informed.none": "no major incident due for notification{pending, plural, =0 {} other { ({pending, number, ::group-off} pending)}}",
  "result.informed.measured":
    "{informed, number, ::group-off} of {due, number, ::group-off} major incidents with management informed within {withinHours, number, ::group-off} h ({symbol} {threshold, number, ::group-off} % required); {missing, number, ::group-off} not informed, {pending, number, ::group-off} pending",
  // major_incident_plan_review
  "result.planReview.none": "no major incident resolved in the period due for a plan review{pending, plural, =0 {} other { ({pending, number, ::group-off} pending)}}",
  "result.planReview.measured":
    "{reviewed, number, ::group-off} of {due, number, ::group-off} major incidents resolved in the period followed by an emergency plan review within {withinDays, number, ::group-off} days ({symbol} {threshold, number, ::group-off} % required); {missing, number, ::group-off} missing, {pending, number, ::group-off} pending",
  // the ticket page
  "ticket.major.yes": "Yes: declared a major incident",
  "ticket.major.no": "No",
  "ticket.problem.open": "Open the problem record",
  "ticket.problem.linked": "Tickets linked to this problem ({n})",
  "ticket.problem.none": "No ticket names this ticket as its problem record.",
  "ticket.problem.more": "Only the first {n} are listed.",
} as const;
