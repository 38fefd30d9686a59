// The shape of a rulebook: rules are declarations (data); evaluators by kind turn them into results.
import type { ManagementReviewInput } from "../../server/contract/activities.js";
export type Severity = "major" | "minor" | "observation";
/** How the measured value is compared with the threshold for a pass. */
export type Comparison = "gte" | "lte" | "lt";
export type Unit = "percent" | "count" | "minutes" | "days" | "score" | null;

export type TicketMeasure = "response" | "resolution" | "closure";
/** The fields of a ticket record that REC-COMPLETE may require. */
export type RecordField = "summary" | "category" | "priority" | "assignee" | "resolution";
export type TicketPriority = "urgent" | "important" | "general";

export interface RuleParams {
  sla_attainment: {
    ticketKind: "incident" | "request";
    /** priorities counted; null = any (including none) */
    priorities: TicketPriority[] | null;
    /** true = complex requests only, false = not complex, null = both */
    complex: boolean | null;
    measure: TicketMeasure;
    /** the built-in policy's target in minutes (the stored per-ticket target is what is compared) */
    targetMinutes: number;
  };
  record_completeness: {
    /** fields that must hold content (not blank: nothing left once Unicode white space is trimmed) */
    requiredFields: RecordField[];
    /** fields that must hold content once the ticket is resolved */
    requiredOnceResolved: RecordField[];
    /** the whole id matches this regular expression; keep to the syntax JavaScript and SQLite's REGEXP share */
    idPattern: string;
  };
  record_consistency: Record<string, never>;
  retention: { years: number };
  satisfaction: { minScore: number };
  satisfaction_coverage: Record<string, never>;
  metric_threshold: { metric: string };
  metric_from_tickets: { ticketKind: "incident" | "request"; priority: TicketPriority };
  activity_recency: { activityTypes: string[]; days: number; countsOtherPlanRuns?: boolean };
  activity_followup: { activityType: string };
  /** the resolved tickets of `ticketKind` and `priorities` each want a review of `reviewType` within `withinDays` */
  incident_review: { ticketKind: "incident" | "request"; priorities: TicketPriority[]; reviewType: string; withinDays: number };
  activity_score: { activityType: string };
  actions_on_time: Record<string, never>;
  manual: { question: string };
  /** complaints (tickets whose category is one of `complaintCategories`) opened in the period answered within `targetMinutes` */
  complaint_response: { complaintCategories: string[]; targetMinutes: number };
  /** complaints closed in the period carry a non-blank resolution (the response given) */
  complaint_closure: { complaintCategories: string[] };
  /** tickets scored at most `maxScore` resolved in the period followed up by an activity naming them within `withinDays` */
  low_satisfaction_followup: { maxScore: number; withinDays: number };
  /** tickets of `ticketKinds` in scope without a priority */
  unprioritised: { ticketKinds: ("incident" | "request")[] };
  /** services whose count of `ticketKind` tickets rose by more than `risePercent` against the previous period of equal length */
  incident_trend: { ticketKind: "incident" | "request"; risePercent: number; minIncidents: number };
  /** the latest `activityType` naming its auditor and area, the auditor not the area's owner, within `days` (ISO 9.2) */
  audit_independence: { activityType: string; days: number };
  /** the latest `activityType` within `days` lists every required input (ISO 9.3) */
  review_inputs: { activityType: string; days: number; requiredInputs: ManagementReviewInput[] };
  /** the share of the period's ticket assignees among the participants of an `activityType` within `days` (ISO 7.2) */
  training_coverage: { activityType: string; days: number };
  /** every major `changeType` of the period followed by a `testType` of its service (or the whole organisation) within `withinDays` */
  continuity_after_change: { changeType: string; testType: string; withinDays: number };
  /** problems resolved in the period: a non-blank root cause and at least `minLinkedIncidents` incidents naming them */
  problem_records: { minLinkedIncidents: number };
  /** incidents in scope grouped by (service, category): a group of at least `minIncidents` with none linked to a problem record */
  recurring_incidents: { minIncidents: number };
  /** major incidents in scope: an activity of `activityType` naming the ticket within `withinHours` after opening */
  major_incident_notification: { activityType: string; withinHours: number };
  /** major incidents resolved in the period: an activity of `activityType` (the incident's service or organisation-wide) within `withinDays` after resolution */
  major_incident_plan_review: { activityType: string; withinDays: number };
}

export type RuleKind = keyof RuleParams;

interface RuleCommon {
  id: string;
  title: string;
  /** ISO/IEC 20000-1:2018 clause(s) */
  clause: string;
  /** section(s) of the guide */
  guide: string;
  severity: Severity;
  /** default threshold; null for manual questions */
  threshold: number | null;
  comparison: Comparison;
  unit: Unit;
  remediation: string;
  /** a rule an organisation's rulebook file wrote or changed: its texts in other languages (built-in rules have catalogue entries instead) */
  i18n?: { "zh-CN"?: { title?: string; remediation?: string } };
}

export type Rule = { [K in RuleKind]: RuleCommon & { kind: K; params: RuleParams[K] } }[RuleKind];
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;

export interface Rulebook {
  id: string;
  title: string;
  version: string;
  rules: Rule[];
  /** an organisation's rulebook: its title in other languages */
  i18n?: { "zh-CN"?: { title?: string } };
}
