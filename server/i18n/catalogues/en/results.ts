// What a run's result says (English), one message per evaluator outcome: the evaluators store the key and its values
// (run_results.message_args) and the English text formatted from them (run_results.message, kept for the API and
// for `assay verify-run`, which compares it). Counts print without grouping and measured values arrive rounded as
// text ("95.3"), exactly as the stored English always read; `symbol` is ≥, ≤ or <.
export const results = {
  // sla_attainment: met / (met + breached) of one measure
  "result.sla.none": "no {measure} to judge{pending, plural, =0 {} other { ({pending, number, ::group-off} pending)}}",
  "result.sla.measured":
    "{value} % of {judged, number, ::group-off} within target ({symbol} {threshold, number, ::group-off} % required; built-in target {targetHours, number, ::group-off} h); {breached, number, ::group-off} breached, {pending, number, ::group-off} pending",
  // record_completeness, record_consistency, retention
  "result.records.complete":
    "{value} % of {population, number, ::group-off} records complete ({symbol} {threshold, number, ::group-off} % required); {bad, number, ::group-off} incomplete",
  "result.records.consistent":
    "{bad, number, ::group-off} of {population, number, ::group-off} records with times out of order (at most {threshold, number, ::group-off} allowed)",
  "result.records.retention": "{deleted, number, ::group-off} records deleted before the end of their {years, number, ::group-off}-year retention",
  // satisfaction, satisfaction_coverage
  "result.satisfaction.none": "no rated ticket resolved in the quarter",
  "result.satisfaction.measured":
    "{value} % of {rated, number, ::group-off} scores ≥ {minScore, number, ::group-off} ({symbol} {threshold, number, ::group-off} % required)",
  "result.coverage.measured":
    "{value} % of {resolved, number, ::group-off} resolved tickets carry a satisfaction score ({symbol} {threshold, number, ::group-off} % required)",
  // metric_threshold, metric_from_tickets
  "result.metric.emptyPeriod": "empty period",
  "result.metric.none": "no {metric} samples in the period",
  "result.metric.lowest":
    "lowest monthly mean {lowest} % over {serviceMonths, number, ::group-off} service-months ({symbol} {threshold, number, ::group-off} required)",
  "result.mttr.measured":
    "mean resolution of {resolved, number, ::group-off} {priority} {ticketKind}s: {value} min ({symbol} {threshold, number, ::group-off} min required)",
  // activity_recency, activity_followup, activity_score, incident_review
  "result.recency.none": "no {activityType} recorded",
  "result.recency.latest":
    "latest {activityType} on {date}, {days, number, ::group-off} days before the end of the period (within {required, number, ::group-off} days required); next due by {nextDue}",
  "result.followup.none": "no {activityType} in the period",
  "result.followup.measured":
    "{evaluated, number, ::group-off} of {held, number, ::group-off} evaluated ({symbol} {threshold, number, ::group-off} % required; {value} %)",
  "result.score.none": "no scored {activityType} in the period",
  "result.score.measured": "mean score {value} of {scored, number, ::group-off} ({symbol} {threshold, number, ::group-off} required)",
  "result.review.measured":
    "{reviewed, number, ::group-off} of {due, number, ::group-off} resolved urgent incidents reviewed within {withinDays, number, ::group-off} days; {missing, number, ::group-off} missing",
  // actions_on_time
  "result.actions.none": "no improvement action due in the period",
  "result.actions.measured":
    "{onTime, number, ::group-off} of {due, number, ::group-off} actions done on time ({symbol} {threshold, number, ::group-off} % required; {value} %)",
  // manual questions: `noted` is yes when the auditor wrote a note
  "result.manual.awaiting": "awaiting an auditor's answer: {question}",
  "result.manual.answered":
    "{answer, select, conformant {answered conformant} nonconformant {answered nonconformant} not_applicable {answered not applicable} other {deferred}}{noted, select, yes {: {note}} other {}}",
  // a rule whose evaluation threw
  "result.error": "could not be evaluated: {error}",
  // appended to the message of a waived result
  "result.waived": "{message} — waived until {until}: {reason}",
} as const;
