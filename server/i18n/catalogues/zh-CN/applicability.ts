// 适用性声明（简体中文）：ISO/IEC 20000-1:2018 的每个条款、覆盖它的规则及其结果，或不适用的理由。
import type { applicability as en } from "../en/applicability.js";

export const applicability: Record<keyof typeof en, string> = {
  "applicability.title": "适用性声明",
  "applicability.help":
    "列出 ISO/IEC 20000-1:2018 的每个条款、本计划中引用该条款的规则及其最近一次审核运行的结果，以及没有规则覆盖的条款为何不适用。审核员和管理员可以用本组织自己的理由替换默认理由。",
  "applicability.summary": "适用条款 {applicable} 个，不适用条款 {notApplicable} 个。",
  "applicability.latestRun": "结果来自第 {run} 次运行，完成于 {when}。",
  "applicability.noRun": "尚无已完成的运行：本计划首次运行后将显示结果。",
  "applicability.clause": "条款",
  "applicability.clauseTitle": "标题",
  "applicability.status": "状态",
  "applicability.coverage": "规则及结果，或不适用理由",
  "applicability.status.applicable": "适用",
  "applicability.status.not_applicable": "不适用",
  "applicability.through": "{count, plural, other {通过其子条款 {clauses} 覆盖。}}",
  "applicability.notRun": "尚未运行",
  "applicability.reason.documented":
    "工单数据未覆盖：本条款的证据是审核员评审的成文信息（组织环境、方针、计划、程序），而非 Assay 所审核的工单、指标和活动记录。",
  "applicability.reason.records":
    "工单数据未覆盖：本计划没有规则引用本条款，且其记录不在 Assay 接收的工单、指标和活动数据之中；应依据该过程自身的记录进行审核。",
  "applicability.reason.parent": "工单数据未覆盖：本计划没有规则覆盖其任何子条款。",
  "applicability.byOrganisation": "本组织的理由，由 {who} 于 {when} 填写。",
  "applicability.justification": "不适用理由",
  "applicability.justificationHelp": "留空即恢复为默认理由。",
  "applicability.edit": "填写本组织的理由",
  "applicability.save": "保存理由",
  "applicability.saved": "条款 {clause} 的理由已保存。",
  "applicability.pdf.heading": "附录 A. 适用性声明",
  "applicability.pdf.intro": "本次运行的规则所引用的 ISO/IEC 20000-1:2018 条款，逐条列出其规则和结果；随后列出没有规则覆盖的条款及其排除理由。",
  "applicability.pdf.applicable": "本次运行覆盖的条款",
  "applicability.pdf.notApplicable": "不适用的条款",
  "applicability.pdf.rule": "规则",
  "applicability.pdf.requirement": "要求",
  "applicability.pdf.result": "结果",
  "applicability.pdf.organisation": "（本组织的理由，{who}，{when}）",
};
