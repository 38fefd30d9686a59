// 投诉、低满意度回访、未设优先级的工单和事件趋势（议题 16）：规则标题、整改建议和审核结果说明（简体中文）。
import type { complaints as en } from "../en/complaints.js";

const ticketKind = "{ticketKind, select, incident {事件} request {服务请求} problem {问题} other {{ticketKind}}}";

export const complaints: Record<keyof typeof en, string> = {
  "rule.COMPLAINT-RESPONSE.title": "投诉：24 小时内首次响应",
  "rule.COMPLAINT-RESPONSE.remediation": "每件投诉到达时即指定负责人，在 24 小时内确认受理，并每天检查尚未答复的投诉。",
  "rule.COMPLAINT-ANSWERED.title": "投诉关闭时记录了给出的答复",
  "rule.COMPLAINT-ANSWERED.remediation": "每件投诉关闭前，在解决说明中记录给投诉人的答复。",
  "rule.LOW-CSAT-FOLLOWUP.title": "低满意度评分在 5 天内得到回访",
  "rule.LOW-CSAT-FOLLOWUP.remediation": "对评分为 2 分及以下的每位客户，在工单解决后 5 天内进行回访，并以注明该工单编号的活动记录回访。",
  "rule.UNPRIORITISED.title": "事件和服务请求均设定了优先级",
  "rule.UNPRIORITISED.remediation": "登记事件和服务请求时将优先级设为必填项，并为所列工单补设优先级，以便判定其处理时限。",
  "rule.INCIDENT-RATE-TREND.title": "各服务的事件数量没有上升",
  "rule.INCIDENT-RATE-TREND.remediation": "分析事件数量上升的服务，找出事件的共性原因，为其建立问题记录，并针对主要原因采取措施。",

  "result.complaint.responseNone": "没有可判定首次响应时限的投诉{pending, plural, =0 {} other {（{pending, number} 件待定）}}",
  "result.complaint.response":
    "{judged, number} 件投诉中 {value}% 在 {targetHours, number} 小时内得到首次响应（要求 {symbol} {threshold, number}%）；超时 {breached, number} 件，待定 {pending, number} 件",
  "result.complaint.closedNone": "审核期内没有关闭的投诉",
  "result.complaint.closed": "{closed, number} 件已关闭的投诉中 {answered, number} 件记录了答复（要求 {symbol} {threshold, number}%；实际 {value}%）；{bad, number} 件未记录",
  "result.lowCsat.none": "没有到期需回访的 {maxScore, number} 分及以下评分工单{pending, plural, =0 {} other {（{pending, number} 张待定）}}",
  "result.lowCsat.measured":
    "{due, number} 张评分不高于 {maxScore, number} 分的工单中 {followed, number} 张在 {withinDays, number} 天内完成回访（要求 {symbol} {threshold, number}%；实际 {value}%）；缺少回访 {missing, number} 张，待定 {pending, number} 张",
  "result.unprioritised.measured": "{population, number} 张工单中有 {bad, number} 张没有优先级（最多允许 {threshold, number} 张）",
  "result.trend.noBaseline": "上一期（{previousFrom} 至 {previousTo}）没有可供比较的工单",
  "result.trend.none": `本期和上一期都没有哪项服务的${ticketKind}达到 {minIncidents, number} 个`,
  "result.trend.measured": `{compared, number} 项服务中有 {rising, number} 项的${ticketKind}数量比上一期（{previousFrom} 至 {previousTo}）增长超过 {risePercent, number}%（最多允许 {threshold, number} 项）：上一期共 {previous, number} 个，本期 {current, number} 个{rising, plural, =0 {} other {；增幅最大者由 {from, number} 个增至 {to, number} 个}}`,
};
