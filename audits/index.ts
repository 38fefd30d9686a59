// The audit engine's public surface: what routes, pages, the scheduler and the demo loader call.
export { rulebooks, findRulebook, getRulebook, findRule } from "./rulebooks/index.js";
export type { Rule, Rulebook, Severity } from "./rulebooks/types.js";
export { listPlans, getPlan, findPlan, createPlan, updatePlan, deletePlan, planJson } from "./plans.js";
export { createRun, listRuns, getRunDetail, findRun, listEvidence, markInterruptedRuns, thisWorker, activeRunsOf } from "./runs.js";
export { executeRun, type RunHooks } from "./run-executor.js";
export { listFindings } from "./findings.js";
export { getAction, updateAction, isOverdue } from "./actions.js";
export { answerManualQuestion, addAttachment, listAttachments, getAttachment } from "./manual-answers.js";
export { requestWaiver, approveWaiver, listWaivers } from "./waivers.js";
export { scheduleInWords, nextRunTime, isValidCron } from "./schedule.js";
export { periodFor } from "./period.js";
