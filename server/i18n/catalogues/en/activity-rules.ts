// The rules on who did an activity and what it covered (issue 16: INTERNAL-AUDIT-YEAR's independence,
// MGMT-REVIEW-INPUTS, TRAINING-COVERAGE, CHANGE-CONTINUITY): their titles, remediations, the clause they
// add, and their result messages. The management review's inputs come as one value per input (`in_<input>`:
// first, next or no), so that each language writes the list of missing inputs in its own words.
const missingList =
  "{in_audit_results, select, first {audit results} next {, audit results} other {}}" +
  "{in_customer_satisfaction, select, first {customer satisfaction} next {, customer satisfaction} other {}}" +
  "{in_service_performance, select, first {service performance} next {, service performance} other {}}" +
  "{in_nonconformities_actions, select, first {nonconformities and actions} next {, nonconformities and actions} other {}}" +
  "{in_risks, select, first {risks} next {, risks} other {}}" +
  "{in_improvement_opportunities, select, first {improvement opportunities} next {, improvement opportunities} other {}}";

export const activityRules = {
  "clause.8.5.1": "8.5.1 Change management",
  "rule.MGMT-REVIEW-INPUTS.title": "The latest management review covers every required input",
  "rule.MGMT-REVIEW-INPUTS.remediation":
    "Put every required input on the management review's agenda (audit results, customer satisfaction, service performance, nonconformities and actions, risks, improvement opportunities) and record the inputs covered.",
  "rule.TRAINING-COVERAGE.title": "Ticket assignees trained in the last 366 days",
  "rule.TRAINING-COVERAGE.remediation": "Train every person who handles tickets at least once a year and record the attendees of each training by name.",
  "rule.CHANGE-CONTINUITY.title": "Continuity tested within 30 days of every major change",
  "rule.CHANGE-CONTINUITY.remediation":
    "After every major change, test the continuity plan of the service concerned within 30 days and record the test with its service.",
  // audit_independence
  "result.audit.none":
    "no {activityType} naming its auditor and area, by someone other than the area's owner; {flawed, number, ::group-off} in the window without an auditor or an area, or audited by the area's owner",
  "result.audit.latest":
    "latest independent {activityType} on {date}, {days, number, ::group-off} days before the end of the period (within {required, number, ::group-off} days required); next due by {nextDue}; {flawed, number, ::group-off} in the window not independent or incomplete",
  // review_inputs
  "result.reviewInputs.none": "no {activityType} in the {days, number, ::group-off} days up to the end of the period",
  "result.reviewInputs.complete": "the {activityType} of {date} covers all {required, number, ::group-off} required inputs",
  "result.reviewInputs.missing": `the {activityType} of {date} lacks {missing, number, ::group-off} of {required, number, ::group-off} required inputs: ${missingList}`,
  // training_coverage
  "result.training.none": "no ticket in the period names an assignee",
  "result.training.measured":
    "{trained, number, ::group-off} of {assignees, number, ::group-off} assignees trained in the {days, number, ::group-off} days up to the end of the period ({symbol} {threshold, number, ::group-off} % required; {value} %); {untrained, number, ::group-off} untrained",
  // continuity_after_change
  "result.continuity.none": "no major change of the period due a continuity test ({pending, number, ::group-off} pending)",
  "result.continuity.measured":
    "{followed, number, ::group-off} of {due, number, ::group-off} major changes followed by a continuity test within {withinDays, number, ::group-off} days ({symbol} {threshold, number, ::group-off} % required; {value} %); {missing, number, ::group-off} missing, {pending, number, ::group-off} pending",
  // an activity named as evidence on the run page
  "runs.activity.fact": "{label}: {value}",
  "runs.activity.auditor": "auditor",
  "runs.activity.area": "area",
  "runs.activity.areaOwner": "area owner",
  "runs.activity.participants": "participants",
  "runs.activity.inputs": "inputs covered",
  "runs.activity.major": "major change",
  "runs.activity.yes": "yes",
  "runs.activity.input.audit_results": "audit results",
  "runs.activity.input.customer_satisfaction": "customer satisfaction",
  "runs.activity.input.service_performance": "service performance",
  "runs.activity.input.nonconformities_actions": "nonconformities and actions",
  "runs.activity.input.risks": "risks",
  "runs.activity.input.improvement_opportunities": "improvement opportunities",
} as const;
