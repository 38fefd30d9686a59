// THE registry of rule kinds: every kind of RuleKind has exactly one evaluator here, or this file does not compile.
// A kind either contributes to the run's one aggregate scan of its tickets, or evaluates on its own.
import type { RuleKind, RuleOf } from "../rulebooks/types.js";
import { evaluateActionsOnTime } from "./actions-on-time.js";
import { evaluateActivityFollowup } from "./activity-followup.js";
import { evaluateActivityRecency } from "./activity-recency.js";
import { evaluateActivityScore } from "./activity-score.js";
import { evaluateAuditIndependence } from "./audit-independence.js";
import { evaluateContinuityAfterChange } from "./continuity-after-change.js";
import { evaluateReviewInputs } from "./review-inputs.js";
import { contributeTrainingCoverage } from "./training-coverage.js";
import { contributeIncidentReview } from "./incident-review.js";
import { manualOutcome, type ManualAnswer } from "./manual.js";
import { contributeMajorIncidentNotification } from "./major-incident-notification.js";
import { evaluateMajorIncidentPlanReview } from "./major-incident-plan-review.js";
import { contributeMetricFromTickets } from "./metric-from-tickets.js";
import { evaluateMetricThreshold } from "./metric-threshold.js";
import { evaluateProblemRecords } from "./problem-records.js";
import { contributeRecordCompleteness } from "./record-completeness.js";
import { contributeRecordConsistency } from "./record-consistency.js";
import { evaluateRecurringIncidents } from "./recurring-incidents.js";
import { evaluateRetention } from "./retention.js";
import { evaluateSatisfaction } from "./satisfaction.js";
import { contributeSatisfactionCoverage } from "./satisfaction-coverage.js";
import { contributeSlaAttainment } from "./sla-attainment.js";
import type { Finish, TicketScan } from "./ticket-scan.js";
import { contributeComplaintResponse, evaluateComplaintClosure, prepareComplaintResponse, type ResponseCutoffs } from "./complaints.js";
import { evaluateIncidentTrend } from "./incident-trend.js";
import { evaluateLowSatisfactionFollowup } from "./low-satisfaction-followup.js";
import { contributeUnprioritised } from "./unprioritised.js";
import type { EvalContext, Outcome } from "./types.js";

/** What a run hands every evaluator besides the context: the manual answers given so far. */
export interface EvalInputs {
  answers: Map<string, { answer: ManualAnswer; note: string | null }>;
}

export interface ScanEvaluator<K extends RuleKind> {
  mode: "ticket-scan";
  /** reads, before the scan is built, what the rule's per-ticket SQL needs (e.g. one instant per SLA policy); handed to contribute */
  prepare?(ctx: EvalContext, rule: RuleOf<K>): Promise<unknown>;
  contribute(rule: RuleOf<K>, scan: TicketScan, prepared?: unknown): Finish;
}

export interface OwnEvaluator<K extends RuleKind> {
  mode: "own";
  evaluate(ctx: EvalContext, rule: RuleOf<K>, inputs: EvalInputs): Promise<Outcome>;
}

export type Evaluator<K extends RuleKind> = ScanEvaluator<K> | OwnEvaluator<K>;

const scan = <K extends RuleKind>(contribute: ScanEvaluator<K>["contribute"]): ScanEvaluator<K> => ({ mode: "ticket-scan", contribute });
const own = <K extends RuleKind>(evaluate: (ctx: EvalContext, rule: RuleOf<K>) => Promise<Outcome>): OwnEvaluator<K> => ({ mode: "own", evaluate });

export const evaluators: { [K in RuleKind]: Evaluator<K> } = {
  sla_attainment: scan(contributeSlaAttainment),
  record_completeness: scan(contributeRecordCompleteness),
  record_consistency: scan(contributeRecordConsistency),
  satisfaction_coverage: scan(contributeSatisfactionCoverage),
  metric_from_tickets: scan(contributeMetricFromTickets),
  incident_review: scan(contributeIncidentReview),
  retention: own(evaluateRetention),
  satisfaction: own(evaluateSatisfaction),
  metric_threshold: own(evaluateMetricThreshold),
  activity_recency: own(evaluateActivityRecency),
  activity_followup: own(evaluateActivityFollowup),
  activity_score: own(evaluateActivityScore),
  actions_on_time: own(evaluateActionsOnTime),
  manual: { mode: "own", evaluate: async (_ctx, rule, { answers }) => manualOutcome(rule, answers.get(rule.id)) },
  complaint_response: { mode: "ticket-scan", prepare: prepareComplaintResponse, contribute: (rule, s, cutoffs) => contributeComplaintResponse(rule, s, cutoffs as ResponseCutoffs) },
  unprioritised: scan(contributeUnprioritised),
  complaint_closure: own(evaluateComplaintClosure),
  low_satisfaction_followup: own(evaluateLowSatisfactionFollowup),
  incident_trend: own(evaluateIncidentTrend),
  audit_independence: own(evaluateAuditIndependence),
  review_inputs: own(evaluateReviewInputs),
  training_coverage: scan(contributeTrainingCoverage),
  continuity_after_change: own(evaluateContinuityAfterChange),
  problem_records: own(evaluateProblemRecords),
  recurring_incidents: own(evaluateRecurringIncidents),
  major_incident_notification: scan(contributeMajorIncidentNotification),
  major_incident_plan_review: own(evaluateMajorIncidentPlanReview),
};

/** The evaluator of a rule's kind (the registry's type ties each kind to its own rule shape). */
export function evaluatorOf<K extends RuleKind>(rule: RuleOf<K>): Evaluator<K> {
  return evaluators[rule.kind as K] as Evaluator<K>;
}
