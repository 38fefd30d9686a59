// 关于活动执行人与覆盖内容的规则（第 16 号议题：内部审核独立性、管理评审输入、培训覆盖率、重大变更后的连续性测试）：
// 标题、整改建议、新增条款与结果说明。管理评审的输入逐项以 in_<输入> 传入（first、next 或 no），以便用中文列出缺少的输入。
import type { activityRules as en } from "../en/activity-rules.js";

const missingList =
  "{in_audit_results, select, first {审核结果} next {、审核结果} other {}}" +
  "{in_customer_satisfaction, select, first {顾客满意度} next {、顾客满意度} other {}}" +
  "{in_service_performance, select, first {服务绩效} next {、服务绩效} other {}}" +
  "{in_nonconformities_actions, select, first {不符合及纠正措施} next {、不符合及纠正措施} other {}}" +
  "{in_risks, select, first {风险} next {、风险} other {}}" +
  "{in_improvement_opportunities, select, first {改进机会} next {、改进机会} other {}}";
const activity =
  "{activityType, select, internal_audit {内部审核} management_review {管理评审} training {支持培训} change {变更} continuity_test {连续性测试} other {{activityType}}}";

export const activityRules: Record<keyof typeof en, string> = {
  "clause.8.5.1": "8.5.1 变更管理",
  "rule.MGMT-REVIEW-INPUTS.title": "最近一次管理评审涵盖全部必需输入",
  "rule.MGMT-REVIEW-INPUTS.remediation": "将全部必需输入（审核结果、顾客满意度、服务绩效、不符合及纠正措施、风险、改进机会）列入管理评审议程，并记录已涵盖的输入。",
  "rule.TRAINING-COVERAGE.title": "工单处理人在最近 366 天内接受过培训",
  "rule.TRAINING-COVERAGE.remediation": "每年至少对每位处理工单的人员培训一次，并按姓名记录每次培训的参加人员。",
  "rule.CHANGE-CONTINUITY.title": "每项重大变更后 30 天内进行过连续性测试",
  "rule.CHANGE-CONTINUITY.remediation": "每项重大变更实施后 30 天内，对相关服务的连续性计划进行测试，并连同服务一并记录测试。",
  "result.audit.none": `没有注明审核员和受审核领域、且审核员不是该领域负责人的${activity}；期限内有 {flawed, number} 次缺少审核员或受审核领域，或由领域负责人自行审核`,
  "result.audit.latest": `最近一次独立的${activity}在 {date}，距审核期结束 {days, number} 天（要求在 {required, number} 天内）；下次应于 {nextDue} 前完成；期限内有 {flawed, number} 次不独立或信息不全`,
  "result.reviewInputs.none": `审核期结束前 {days, number} 天内没有${activity}`,
  "result.reviewInputs.complete": `{date} 的${activity}涵盖全部 {required, number} 项必需输入`,
  "result.reviewInputs.missing": `{date} 的${activity}缺少 {required, number} 项必需输入中的 {missing, number} 项：${missingList}`,
  "result.training.none": "审核期内没有注明处理人的工单",
  "result.training.measured":
    "{assignees, number} 名处理人中 {trained, number} 名在审核期结束前 {days, number} 天内接受过培训（要求 {symbol} {threshold, number}%；实际 {value}%）；{untrained, number} 名未培训",
  "result.continuity.none": "审核期内没有需要进行连续性测试的重大变更（{pending, number} 项待定）",
  "result.continuity.measured":
    "{due, number} 项重大变更中 {followed, number} 项在 {withinDays, number} 天内完成连续性测试（要求 {symbol} {threshold, number}%；实际 {value}%）；缺少 {missing, number} 项，待定 {pending, number} 项",
  "runs.activity.fact": "{label}：{value}",
  "runs.activity.auditor": "审核员",
  "runs.activity.area": "受审核领域",
  "runs.activity.areaOwner": "领域负责人",
  "runs.activity.participants": "参加人员",
  "runs.activity.inputs": "已涵盖的输入",
  "runs.activity.major": "重大变更",
  "runs.activity.yes": "是",
  "runs.activity.input.audit_results": "审核结果",
  "runs.activity.input.customer_satisfaction": "顾客满意度",
  "runs.activity.input.service_performance": "服务绩效",
  "runs.activity.input.nonconformities_actions": "不符合及纠正措施",
  "runs.activity.input.risks": "风险",
  "runs.activity.input.improvement_opportunities": "改进机会",
};
