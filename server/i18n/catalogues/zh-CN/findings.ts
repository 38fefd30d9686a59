// 不符合项与改进措施（简体中文）。
import type { findings as en } from "../en/findings.js";

export const findings: Record<keyof typeof en, string> = {
  "findings.title": "不符合项与改进措施",
  "findings.status": "状态",
  "findings.severity": "严重程度",
  "findings.plan": "审核计划",
  "findings.owner": "责任人",
  "findings.due": "完成期限",
  "findings.overdue": "已逾期",
  "findings.overdueOnly": "仅显示逾期的改进措施",
  "findings.noOwner": "未指定责任人",
  "findings.noDue": "未设完成期限",
  "findings.ownerDue": "责任人 {owner} · {due}",
  "findings.dueOn": "{date}到期",
  "findings.mine": "我负责的",
  "findings.showAll": "← 全部不符合项",
  "findings.empty": "没有符合条件的不符合项。审核执行中某条规则不符合时会产生不符合项；请更改筛选条件或执行审核计划。",
  "findings.meta": "审核计划 {plan} · 出现于 {recurrence} 次执行 · {evidence} 条不符合记录",
  "findings.firstRun": "首次执行 #{id}",
  "findings.lastRun": "最近执行 #{id}",
  "findings.remediate": "整改 {rule}",
};
