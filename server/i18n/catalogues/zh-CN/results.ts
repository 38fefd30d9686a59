// 审核结果说明（简体中文）：与英文逐键对应，取值相同（测度值为已取整的文本，symbol 为 ≥、≤ 或 <）。
import type { results as en } from "../en/results.js";

const measure = "{measure, select, response {首次响应} resolution {解决} closure {关闭} other {{measure}}}";
const activity =
  "{activityType, select, emergency_drill {应急演练} emergency_plan_review {应急预案评审} training {支持培训} kb_update {知识库更新} access_review {访问权限评审} backup_restore_test {备份恢复测试} sla_review {服务级别协议评审} management_review {管理评审} internal_audit {内部审核} incident_review {事件复盘} problem_review {问题评审} other {{activityType}}}";
const priority = "{priority, select, urgent {紧急} important {重要} general {一般} other {{priority}}}";
const ticketKind = "{ticketKind, select, incident {事件} request {服务请求} problem {问题} other {{ticketKind}}}";
const metric = "{metric, select, availability {可用性} other {{metric}}}";

export const results: Record<keyof typeof en, string> = {
  "result.sla.none": `没有可判定${measure}时限的工单{pending, plural, =0 {} other {（{pending, number} 张待定）}}`,
  "result.sla.measured":
    "{judged, number} 张工单中 {value}% 在时限内（要求 {symbol} {threshold, number}%；内置时限 {targetHours, number} 小时）；超时 {breached, number} 张，待定 {pending, number} 张",
  "result.records.complete": "{population, number} 条记录中 {value}% 完整（要求 {symbol} {threshold, number}%）；{bad, number} 条不完整",
  "result.records.consistent": "{population, number} 条记录中有 {bad, number} 条时间顺序错乱（最多允许 {threshold, number} 条）",
  "result.records.retention": "{deleted, number} 条记录在 {years, number} 年保存期届满前被删除",
  "result.satisfaction.none": "本季度没有已解决且有评分的工单",
  "result.satisfaction.measured": "{rated, number} 个评分中 {value}% 不低于 {minScore, number} 分（要求 {symbol} {threshold, number}%）",
  "result.coverage.measured": "{resolved, number} 张已解决工单中 {value}% 有客户满意度评分（要求 {symbol} {threshold, number}%）",
  "result.metric.emptyPeriod": "审核期为空",
  "result.metric.none": `审核期内没有${metric}样本`,
  "result.metric.lowest": "{serviceMonths, number} 个服务月中最低月均值为 {lowest}%（要求 {symbol} {threshold, number}）",
  "result.mttr.measured": `{resolved, number} 个已解决的${priority}${ticketKind}平均解决时间 {value} 分钟（要求 {symbol} {threshold, number} 分钟）`,
  "result.recency.none": `没有${activity}记录`,
  "result.recency.latest": `最近一次${activity}在 {date}，距审核期结束 {days, number} 天（要求在 {required, number} 天内）；下次应于 {nextDue} 前完成`,
  "result.followup.none": `审核期内没有${activity}`,
  "result.followup.measured": "{held, number} 次中已评估 {evaluated, number} 次（要求 {symbol} {threshold, number}%；实际 {value}%）",
  "result.score.none": `审核期内没有带评分的${activity}`,
  "result.score.measured": "{scored, number} 项的平均分为 {value}（要求 {symbol} {threshold, number}）",
  "result.review.measured":
    "{due, number} 个已解决的紧急事件中 {reviewed, number} 个在 {withinDays, number} 天内完成事后复盘；{missing, number} 个缺少复盘",
  "result.actions.none": "审核期内没有到期的改进措施",
  "result.actions.measured": "{due, number} 项改进措施中 {onTime, number} 项按期完成（要求 {symbol} {threshold, number}%；实际 {value}%）",
  "result.manual.awaiting": "等待审核员回答：{question}",
  "result.manual.answered":
    "{answer, select, conformant {已答复：符合} nonconformant {已答复：不符合} not_applicable {已答复：不适用} other {已推迟}}{noted, select, yes {：{note}} other {}}",
  "result.error": "无法评估：{error}",
  "result.waived": "{message}——已豁免至 {until}：{reason}",
};
