// 问题管理与重大事件（简体中文）：与英文逐键对应，取值相同。
import type { problems as en } from "../en/problems.js";

export const problems: Record<keyof typeof en, string> = {
  "rule.PROBLEM-RECORDS.title": "已解决的问题记录载明根本原因并关联事件",
  "rule.PROBLEM-RECORDS.remediation": "每个问题在解决前记录其根本原因，并将由其引发的事件关联到该问题记录。",
  "rule.RECURRING-NO-PROBLEM.title": "重复发生的事件按问题进行管理",
  "rule.RECURRING-NO-PROBLEM.remediation": "对同一服务、同一类别中重复发生的事件建立问题记录，将这些事件关联到该记录，并查明根本原因。",
  "rule.PROBLEM-REVIEW-QUARTER.title": "最近 92 天内进行过问题评审",
  "rule.PROBLEM-REVIEW-QUARTER.remediation": "至少每季度评审一次未关闭的问题、重复发生的事件及其根本原因，并记录评审情况。",
  "rule.MAJOR-INC-INFORMED.title": "重大事件在 1 小时内通报管理层",
  "rule.MAJOR-INC-INFORMED.remediation": "每个重大事件在登记后 1 小时内通报管理层，并连同工单编号记录该次通报。",
  "rule.MAJOR-INC-PLAN-REVIEW.title": "重大事件后 30 天内评审应急预案",
  "rule.MAJOR-INC-PLAN-REVIEW.remediation": "每个重大事件解决后 30 天内评审并更新应急预案，并记录评审情况。",
  "result.problems.none": "审核期内没有已解决的问题",
  "result.problems.measured":
    "审核期内解决的 {resolved, number} 个问题中，{documented, number} 个载明根本原因并关联了事件（要求 {symbol} {threshold, number}%；实际 {value}%）；{noCause, number} 个缺少根本原因，{unlinked, number} 个没有关联事件，{impossible, number} 个的解决时间早于登记时间",
  "result.recurring.none": "审核期内没有已分类的事件",
  "result.recurring.measured":
    "有 {groups, number} 个“服务 + 类别”组合发生了至少 {minIncidents, number} 起事件且均未关联问题记录（{population, number} 起事件中涉及 {incidents, number} 起；最多允许 {threshold, number} 个）",
  "result.informed.none": "没有到期应通报的重大事件{pending, plural, =0 {} other {（{pending, number} 个待定）}}",
  "result.informed.measured":
    "{due, number} 个重大事件中 {informed, number} 个在 {withinHours, number} 小时内通报了管理层（要求 {symbol} {threshold, number}%）；{missing, number} 个未通报，{pending, number} 个待定",
  "result.planReview.none": "审核期内解决的重大事件中没有到期应评审应急预案的{pending, plural, =0 {} other {（{pending, number} 个待定）}}",
  "result.planReview.measured":
    "审核期内解决的 {due, number} 个重大事件中，{reviewed, number} 个在 {withinDays, number} 天内评审了应急预案（要求 {symbol} {threshold, number}%）；{missing, number} 个缺少评审，{pending, number} 个待定",
  "ticket.major.yes": "是：已认定为重大事件",
  "ticket.major.no": "否",
  "ticket.problem.open": "打开问题记录",
  "ticket.problem.linked": "关联到此问题的工单（{n}）",
  "ticket.problem.none": "没有工单将此工单指定为其问题记录。",
  "ticket.problem.more": "仅列出前 {n} 张。",
};
