// The built-in rulebook `iso20000-support` (../shared/domain/rulebook.md) as data: one declaration per rule.
import type { Rule, RuleParams, Rulebook, Severity } from "./types.js";

const hour = 60;

function sla(
  id: string,
  title: string,
  severity: Severity,
  params: RuleParams["sla_attainment"],
  clause: string,
  guide: string,
  remediation: string,
): Rule {
  return { id, title, kind: "sla_attainment", clause, guide, severity, threshold: 95, comparison: "gte", unit: "percent", params, remediation };
}

function recency(id: string, title: string, severity: Severity, activityTypes: string[], days: number, clause: string, guide: string, remediation: string, countsOtherPlanRuns = false): Rule {
  return {
    id,
    title,
    kind: "activity_recency",
    clause,
    guide,
    severity,
    threshold: days,
    comparison: "lt",
    unit: "days",
    params: countsOtherPlanRuns ? { activityTypes, days, countsOtherPlanRuns } : { activityTypes, days },
    remediation,
  };
}

function manual(id: string, question: string, clause: string, guide: string, severity: Severity, remediation: string): Rule {
  return { id, title: question, kind: "manual", clause, guide, severity, threshold: null, comparison: "gte", unit: null, params: { question }, remediation };
}

const slaRules: Rule[] = [
  sla("INC-RESP-URGENT", "Urgent incidents: first response within 1 h", "major",
    { ticketKind: "incident", priorities: ["urgent"], complex: null, measure: "response", targetMinutes: 1 * hour }, "8.6.1", "G4.2.2",
    "Review on-call coverage and alerting for urgent incidents; make sure a first response is logged within 1 hour."),
  sla("INC-RESOLVE-URGENT", "Urgent incidents: resolved within 2 h", "major",
    { ticketKind: "incident", priorities: ["urgent"], complex: null, measure: "resolution", targetMinutes: 2 * hour }, "8.6.1", "G4.2.2",
    "Analyse the breached urgent incidents, strengthen escalation to second-line and vendor support, and rehearse recovery procedures."),
  sla("INC-RESP-IMPORTANT", "Important incidents: first response within 2 h", "major",
    { ticketKind: "incident", priorities: ["important"], complex: null, measure: "response", targetMinutes: 2 * hour }, "8.6.1", "G4.2.2",
    "Check queue monitoring for important incidents and staff the service desk so that first responses are logged within 2 hours."),
  sla("INC-RESOLVE-IMPORTANT", "Important incidents: resolved within 4 h", "minor",
    { ticketKind: "incident", priorities: ["important"], complex: null, measure: "resolution", targetMinutes: 4 * hour }, "8.6.1", "G4.2.2",
    "Identify recurring causes of slow resolution of important incidents and add knowledge-base articles or escalation rules."),
  sla("INC-RESP-GENERAL", "General incidents: first response within 24 h", "minor",
    { ticketKind: "incident", priorities: ["general"], complex: null, measure: "response", targetMinutes: 24 * hour }, "8.6.1", "G4.2.2",
    "Review the handling of the general-incident queue so that every ticket is acknowledged within 24 hours."),
  sla("INC-RESOLVE-GENERAL", "General incidents: resolved within 48 h", "minor",
    { ticketKind: "incident", priorities: ["general"], complex: null, measure: "resolution", targetMinutes: 48 * hour }, "8.6.1", "G4.2.2",
    "Review ageing general incidents weekly and reassign or escalate those at risk of breaching 48 hours."),
  sla("REQ-RESP", "Service requests: first response within 24 h", "minor",
    { ticketKind: "request", priorities: null, complex: null, measure: "response", targetMinutes: 24 * hour }, "8.6.2", "G2.3",
    "Make sure every service request is acknowledged within 24 hours, e.g. with an automatic acknowledgement and daily queue review."),
  sla("REQ-RESOLVE-URGENT", "Emergency requests: fulfilled within 24 h", "major",
    { ticketKind: "request", priorities: ["urgent"], complex: false, measure: "resolution", targetMinutes: 24 * hour }, "8.6.2, 8.3.3", "G2.3",
    "Define a fast path for emergency requests with named approvers and fulfil them within 24 hours."),
  sla("REQ-RESOLVE-GENERAL", "Requests: fulfilled within 48 h", "minor",
    { ticketKind: "request", priorities: ["important", "general"], complex: false, measure: "resolution", targetMinutes: 48 * hour }, "8.6.2, 8.3.3", "G2.3",
    "Standardise fulfilment of common requests (templates, self-service) so that they complete within 48 hours."),
  sla("REQ-RESOLVE-COMPLEX", "Complex requests: fulfilled within 72 h", "minor",
    { ticketKind: "request", priorities: null, complex: true, measure: "resolution", targetMinutes: 72 * hour }, "8.6.2, 8.3.3", "G2.3",
    "Plan complex requests with milestones and agree a delivery date with the requester; escalate those at risk of 72 hours."),
  sla("REQ-FEEDBACK", "Requests: closed with feedback within 72 h", "observation",
    { ticketKind: "request", priorities: null, complex: null, measure: "closure", targetMinutes: 72 * hour }, "8.6.2", "G2.3",
    "Ask requesters for confirmation and close fulfilled requests within 72 hours."),
];

/** REC-COMPLETE's test; ingest derives each ticket's record_complete flag by it (server/ingest/record-completeness.ts). */
export const recordCompleteness: RuleParams["record_completeness"] = {
  requiredFields: ["summary", "category", "priority", "assignee"],
  requiredOnceResolved: ["resolution"],
  idPattern: "^[A-Z][A-Z0-9]*-\\d{4}-\\d{3,}$",
};

const recordRules: Rule[] = [
  {
    id: "REC-COMPLETE", title: "Records are complete", kind: "record_completeness", clause: "7.5, 8.6", guide: "G4.2.4, G8.1", severity: "minor",
    threshold: 99, comparison: "gte", unit: "percent", params: recordCompleteness,
    remediation: "Make summary, category, priority, assignee and (once resolved) resolution mandatory in the ticket tool, and use IDs like IT-2024-001.",
  },
  {
    id: "REC-CONSISTENT", title: "Records are consistent in time", kind: "record_consistency", clause: "7.5", guide: "G4.2.4", severity: "major",
    threshold: 0, comparison: "lte", unit: "count", params: {},
    remediation: "Correct the records whose response, resolution or closure precedes their opening, and check the clocks and import mappings of the ticket tool.",
  },
  {
    id: "REC-RETENTION", title: "Records are kept for 3 years", kind: "retention", clause: "7.5.3", guide: "G4.2.4", severity: "major",
    threshold: 0, comparison: "lte", unit: "count", params: { years: 3 },
    remediation: "Stop deleting records younger than 3 years; restore the deleted ones from backup and restrict delete rights.",
  },
];

const qualityRules: Rule[] = [
  {
    id: "CSAT-QUARTER", title: "Customer satisfaction of the last quarter", kind: "satisfaction", clause: "8.3.2, 9.1", guide: "G3.2", severity: "major",
    threshold: 90, comparison: "gte", unit: "percent", params: { minScore: 4 },
    remediation: "Analyse low satisfaction scores by service and category, follow up with dissatisfied customers and act on the main causes.",
  },
  {
    id: "CSAT-COVERAGE", title: "Resolved tickets carry a satisfaction score", kind: "satisfaction_coverage", clause: "9.1", guide: "G3.2", severity: "observation",
    threshold: 20, comparison: "gte", unit: "percent", params: {},
    remediation: "Send a satisfaction survey with every resolved ticket and remind non-respondents once.",
  },
  {
    id: "AVAIL-MONTHLY", title: "Monthly availability of each service", kind: "metric_threshold", clause: "8.7.1", guide: "G2.4", severity: "major",
    threshold: 99.5, comparison: "gte", unit: "percent", params: { metric: "availability" },
    remediation: "Analyse the outages of the services below target, remove single points of failure and review capacity.",
  },
  {
    id: "MTTR-URGENT", title: "Mean time to restore urgent incidents", kind: "metric_from_tickets", clause: "8.7.1", guide: "G4.4.3", severity: "minor",
    threshold: 120, comparison: "lte", unit: "minutes", params: { ticketKind: "incident", priority: "urgent" },
    remediation: "Shorten recovery of urgent incidents with tested runbooks, faster escalation and spare capacity.",
  },
];

const activityRules: Rule[] = [
  recency("DRILL-HALFYEAR", "Emergency drill in the last 183 days", "major", ["emergency_drill"], 183, "8.7.2", "G7",
    "Schedule and hold an emergency drill, evaluate it, and plan the next one within six months."),
  recency("PLAN-REVIEW-HALFYEAR", "Emergency plan reviewed in the last 183 days", "major", ["emergency_plan_review"], 183, "8.7.2", "G7",
    "Review and update the emergency response plan and record the review."),
  recency("TRAINING-QUARTER", "Support training in the last 92 days", "minor", ["training"], 92, "7.2", "G6",
    "Hold the quarterly support training and record attendance and assessment scores."),
  recency("KB-UPDATE-MONTH", "Knowledge base updated in the last 31 days", "observation", ["kb_update"], 31, "7.6", "G6",
    "Review and update the knowledge base at least monthly, e.g. from resolved incidents."),
  recency("ACCESS-REVIEW-QUARTER", "Access rights reviewed in the last 92 days", "major", ["access_review"], 92, "8.7.3", "G5.4",
    "Review user access rights against least privilege and record the review."),
  recency("BACKUP-TEST-QUARTER", "Backup restore tested in the last 92 days", "major", ["backup_restore_test"], 92, "8.7.3", "G4.4",
    "Test restoring backups of the services in scope and record the outcome."),
  recency("SLA-REVIEW-YEAR", "SLAs reviewed in the last 366 days", "minor", ["sla_review"], 366, "8.3.3", "G2.3",
    "Review the service level agreements with the customers and record the review."),
  recency("MGMT-REVIEW-YEAR", "Management review in the last 366 days", "minor", ["management_review"], 366, "9.3", "G8",
    "Hold the annual management review of the service management system and record its outputs."),
  {
    id: "INTERNAL-AUDIT-YEAR", title: "Independent internal audit in the last 366 days", kind: "audit_independence", clause: "9.2", guide: "G8", severity: "minor",
    threshold: 366, comparison: "lt", unit: "days", params: { activityType: "internal_audit", days: 366 },
    remediation: "Carry out an internal audit of the support process at least once a year by an auditor who does not own the area audited, and record the auditor, the area and its owner.",
  },
  {
    id: "DRILL-EVALUATED", title: "Every drill of the period is evaluated", kind: "activity_followup", clause: "8.7.2", guide: "G7", severity: "minor",
    threshold: 100, comparison: "gte", unit: "percent", params: { activityType: "emergency_drill" },
    remediation: "Write an evaluation (outcome) for every emergency drill and track its improvement points.",
  },
  {
    id: "MAJOR-INCIDENT-REVIEW", title: "Urgent incidents reviewed within 5 days", kind: "incident_review", clause: "8.6.1, 10.1", guide: "G4.4", severity: "major",
    threshold: 100, comparison: "gte", unit: "percent", params: { ticketKind: "incident", priorities: ["urgent"], reviewType: "incident_review", withinDays: 5 },
    remediation: "Hold a post-incident review for every resolved urgent incident within 5 days and record it with the ticket id.",
  },
  {
    id: "TRAINING-SCORE", title: "Mean training assessment score", kind: "activity_score", clause: "7.2", guide: "G6", severity: "observation",
    threshold: 80, comparison: "gte", unit: "score", params: { activityType: "training" },
    remediation: "Refresh training content where scores are low and re-assess the staff concerned.",
  },
  {
    id: "MGMT-REVIEW-INPUTS", title: "The latest management review covers every required input", kind: "review_inputs", clause: "9.3", guide: "G8", severity: "minor",
    threshold: 0, comparison: "lte", unit: "count",
    params: { activityType: "management_review", days: 366, requiredInputs: ["audit_results", "customer_satisfaction", "service_performance", "nonconformities_actions", "risks", "improvement_opportunities"] },
    remediation: "Put every required input on the management review's agenda (audit results, customer satisfaction, service performance, nonconformities and actions, risks, improvement opportunities) and record the inputs covered.",
  },
  {
    id: "TRAINING-COVERAGE", title: "Ticket assignees trained in the last 366 days", kind: "training_coverage", clause: "7.2", guide: "G2.5, G6", severity: "minor",
    threshold: 90, comparison: "gte", unit: "percent", params: { activityType: "training", days: 366 },
    remediation: "Train every person who handles tickets at least once a year and record the attendees of each training by name.",
  },
  {
    id: "CHANGE-CONTINUITY", title: "Continuity tested within 30 days of every major change", kind: "continuity_after_change", clause: "8.7.2, 8.5.1", guide: "G7", severity: "major",
    threshold: 100, comparison: "gte", unit: "percent", params: { changeType: "change", testType: "continuity_test", withinDays: 30 },
    remediation: "After every major change, test the continuity plan of the service concerned within 30 days and record the test with its service.",
  },
];

const improvementRules: Rule[] = [
  {
    id: "ACTIONS-ON-TIME", title: "Improvement actions completed on time", kind: "actions_on_time", clause: "10.1, 10.2", guide: "G3.3, G8.2", severity: "minor",
    threshold: 90, comparison: "gte", unit: "percent", params: {},
    remediation: "Review open improvement actions monthly, re-plan realistic due dates and escalate overdue actions to management.",
  },
];

const manualRules: Rule[] = [
  manual("MAN-CATALOGUE", "Is the service catalogue documented, current and published to users?", "8.2.4", "G1", "minor",
    "Document the service catalogue, assign an owner, review it regularly and publish it to users."),
  manual("MAN-SLA-AGREED", "Is there an agreed SLA for every service in scope?", "8.3.3", "G2.3", "major",
    "Agree and sign an SLA for every service in scope, with targets matching the SLA policy."),
  manual("MAN-ROLES", "Are support roles and responsibilities (G1.2.3) defined and known?", "5.3", "G1.2.3", "minor",
    "Define support roles and responsibilities, publish them and brief the staff."),
  manual("MAN-COMMS-TEMPLATES", "Are emergency communication templates and contact lists current (G7.4)?", "8.7.2", "G7.4", "minor",
    "Update the emergency communication templates and contact lists and check them after every drill."),
  manual("MAN-CLASSIFICATION", "Is information classified and access granted by least privilege (G5.4)?", "8.7.3", "G5.4", "major",
    "Classify information, grant access by least privilege and review access regularly."),
];

/** Complaints, low satisfaction follow-up, unprioritised tickets and the incident trend (issue 16; README "Complaints and trends"). */
const complaintTrendRules: Rule[] = [
  {
    id: "COMPLAINT-RESPONSE", title: "Complaints: first response within 24 h", kind: "complaint_response", clause: "8.3.2", guide: "G2.4", severity: "major",
    threshold: 95, comparison: "gte", unit: "percent", params: { complaintCategories: ["complaint"], targetMinutes: 24 * hour },
    remediation: "Route every complaint to a named owner on arrival, acknowledge it within 24 hours and review unanswered complaints daily.",
  },
  {
    id: "COMPLAINT-ANSWERED", title: "Complaints closed with the response given", kind: "complaint_closure", clause: "8.3.2", guide: "G2.4", severity: "minor",
    threshold: 100, comparison: "gte", unit: "percent", params: { complaintCategories: ["complaint"] },
    remediation: "Record the response given to the complainant in the resolution of every complaint before closing it.",
  },
  {
    id: "LOW-CSAT-FOLLOWUP", title: "Low satisfaction scores followed up within 5 days", kind: "low_satisfaction_followup", clause: "8.3.2, 9.1", guide: "G2.4, G3.2", severity: "minor",
    threshold: 100, comparison: "gte", unit: "percent", params: { maxScore: 2, withinDays: 5 },
    remediation: "Contact every customer who scored 2 or less within 5 days of the resolution and record the follow-up as an activity naming the ticket.",
  },
  {
    id: "UNPRIORITISED", title: "Incidents and requests carry a priority", kind: "unprioritised", clause: "8.6.1, 7.5", guide: "G4.1.2", severity: "minor",
    threshold: 0, comparison: "lte", unit: "count", params: { ticketKinds: ["incident", "request"] },
    remediation: "Make the priority mandatory when incidents and requests are logged, and set it on the listed tickets so that their time limits can be judged.",
  },
  {
    id: "INCIDENT-RATE-TREND", title: "Incidents per service not rising", kind: "incident_trend", clause: "9.1, 10.1", guide: "G4.4.3", severity: "observation",
    threshold: 0, comparison: "lte", unit: "count", params: { ticketKind: "incident", risePercent: 20, minIncidents: 10 },
    remediation: "Analyse the incidents of the rising services for common causes, open problem records for them and act on the main causes.",
  },
];

/** Problem management (ISO 8.6.3; G4.5, G5.3) and major incidents (ISO 8.6.1, 8.7.2; G4.3.1, G7.5). */
const problemAndMajorIncidentRules: Rule[] = [
  {
    id: "PROBLEM-RECORDS", title: "Resolved problems carry a root cause and linked incidents", kind: "problem_records", clause: "8.6.3", guide: "G4.5", severity: "minor",
    threshold: 100, comparison: "gte", unit: "percent", params: { minLinkedIncidents: 1 },
    remediation: "Record the root cause of every problem before resolving it, and link the incidents it caused to the problem record.",
  },
  {
    id: "RECURRING-NO-PROBLEM", title: "Recurring incidents are handled as problems", kind: "recurring_incidents", clause: "8.6.3", guide: "G4.5, G5.3", severity: "minor",
    threshold: 0, comparison: "lte", unit: "count", params: { minIncidents: 3 },
    remediation: "Open a problem record for incidents that recur in the same service and category, link those incidents to it and find the root cause.",
  },
  recency("PROBLEM-REVIEW-QUARTER", "Problem review in the last 92 days", "observation", ["problem_review"], 92, "8.6.3", "G4.5",
    "Review open problems, recurring incidents and their root causes at least quarterly and record the review."),
  {
    id: "MAJOR-INC-INFORMED", title: "Management informed of major incidents within 1 h", kind: "major_incident_notification", clause: "8.6.1", guide: "G4.3.1, G7.5", severity: "major",
    threshold: 100, comparison: "gte", unit: "percent", params: { activityType: "management_notification", withinHours: 1 },
    remediation: "Inform management of every major incident within 1 hour of its opening and record the notification with the ticket id.",
  },
  {
    id: "MAJOR-INC-PLAN-REVIEW", title: "Emergency plan reviewed within 30 days after a major incident", kind: "major_incident_plan_review", clause: "8.7.2", guide: "G7.5.1", severity: "major",
    threshold: 100, comparison: "gte", unit: "percent", params: { activityType: "emergency_plan_review", withinDays: 30 },
    remediation: "Review and update the emergency plan within 30 days after every major incident is resolved, and record the review.",
  },
];

export const iso20000Support: Rulebook = {
  id: "iso20000-support",
  title: "ISO 20000-style service support checklist",
  // 1.1.0: rulebook.md's sharpened common semantics (business-time pending, impossible records, bare dates in
  // the plan's time zone, reviews from the resolution instant, Unicode blanks); runs record which reading judged them.
  // 2.0.0: ISO 20000 coverage (issue 16): problem management, complaints, major incidents, an independent internal
  // audit (a run of the tool no longer counts), management review inputs, competence per person, continuity after
  // major change, unprioritised tickets, the incident trend. Runs judged by 1.1.0 keep its frozen rules (frozen/).
  version: "iso20000-support@2.0.0",
  rules: [...slaRules, ...recordRules, ...qualityRules, ...activityRules, ...improvementRules, ...manualRules, ...complaintTrendRules, ...problemAndMajorIncidentRules],
};
